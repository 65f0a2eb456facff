import fs from 'node:fs';
import path from 'node:path';
import { FAULT_CATALOG } from '../../../lab/faults-catalog';

// lab/README.md documents every fault with the check it must trip (issue #3); keep it in step.
const readme = fs.readFileSync(path.resolve(__dirname, '../../../lab/README.md'), 'utf8');
const documented = new Map(
  [...readme.matchAll(/^\| `([a-z0-9-]+)(?:=<n>)?` \| (.+?) \| (.+?) \|$/gm)].map((m) => [m[1]!, { effect: m[2]!, caughtBy: m[3]! }]),
);

test.each(FAULT_CATALOG.map((f) => [f.name, f] as const))('lab/README.md documents fault %s', (_name, fault) => {
  expect(documented.get(fault.name)).toEqual({ effect: fault.effect, caughtBy: fault.caughtBy });
});

test('lab/README.md documents no fault the catalog lacks', () => {
  const known = new Set(FAULT_CATALOG.map((f) => f.name));
  expect([...documented.keys()].filter((name) => !known.has(name))).toEqual([]);
});
