/**
 * The generated reference pages (npm run gen:docs, tools/docs/reference.ts) are what the code
 * says now: a config key, scenario, marker or lab fault added without regenerating fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { FAULT_CATALOG } from '../../../lab/faults-catalog';
import { CONFIG_KEYS } from '../../../lib/config/keys';
import { KNOWN_MARKERS, loadScenarios } from '../../../lib/runner/scenario-file';
import { REPO_ROOT, referenceFiles } from '../../../tools/docs/reference';

const generated = referenceFiles();
const committed = (rel: string): string =>
  fs.existsSync(path.join(REPO_ROOT, rel)) ? fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8') : '';

test.each(Object.keys(generated))('%s is up to date (else: npm run gen:docs)', (rel) => {
  expect(committed(rel)).toBe(generated[rel]);
});

test('the reference names every config key (each with a meaning), scenario, marker and lab fault', () => {
  const keys = committed('docs/reference/config-keys.md');
  for (const k of CONFIG_KEYS) expect(keys).toMatch(new RegExp(`^\\| \`${k}\` \\|.*\\| [^|]+\\S \\|$`, 'm'));
  const scenarios = committed('docs/reference/scenarios.md');
  for (const s of loadScenarios([], path.join(REPO_ROOT, 'scenarios'))) expect(scenarios).toContain(`| \`${s.name}\` |`);
  const markers = committed('docs/reference/markers.md');
  for (const m of KNOWN_MARKERS) expect(markers).toContain(`| \`${m}\` |`);
  const faults = committed('docs/reference/lab-faults.md');
  for (const f of FAULT_CATALOG) expect(faults).toContain(`| \`${f.name}\` |`);
});

test.each(['docs/providers-file.md', 'docs/copy-offload.md'])(
  'docs/providers.schema.json accepts the example providers file of %s, and refuses a wrong type or a missing field',
  (pageFile) => {
    const schema = JSON.parse(committed('docs/providers.schema.json')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    const example = /```json\n([\s\S]*?)\n```/.exec(committed(pageFile))?.[1];
    expect(example).toBeDefined();
    const parsed = JSON.parse(example!) as Record<string, unknown>;
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
    expect(validate({ vc: { type: 'vmware' } })).toBe(false);
    expect(validate({ vc: { type: 'vsphere', fqdn: 'vc', username: 'u', password: 'p' } })).toBe(false); // no api_url
  },
);
