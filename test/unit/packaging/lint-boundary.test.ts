import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The lab/suite boundary lives in eslint.config.mjs (eslint.boundaries.mjs). A resolver or plugin
// change can make import-x/no-restricted-paths silently see nothing, so lint a probe file, given on
// stdin under a path inside the tree (nothing is written), and expect each kind of import reported.
const root = path.resolve(__dirname, '../../..');
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

function lintProbe(relativePath: string, lines: string[]): LintMessage[] {
  assertTargetsExist(relativePath, lines);
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', relativePath], {
    cwd: root,
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
  });
  if (run.stdout.trim() === '') throw new Error(`eslint printed no report (exit ${run.status}): ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as Array<{ messages: LintMessage[] }>;
  return result?.messages ?? [];
}

/** An import of a missing file is not resolved and so not reported: a probe must import real files. */
function assertTargetsExist(relativePath: string, lines: string[]): void {
  for (const [, specifier] of lines.join('\n').matchAll(/'(\.{1,2}\/[^']+)'/g)) {
    const target = path.resolve(root, path.dirname(relativePath), specifier!);
    if (!['.ts', '.js', '/index.ts'].some((ext) => fs.existsSync(target + ext))) {
      throw new Error(`boundary probe imports ${specifier}, which no longer exists: point the probe at a file that does`);
    }
  }
}

/** Line numbers (1-based) that a rule reported. */
function linesReportedBy(messages: LintMessage[], ruleId: string): number[] {
  return messages.filter((m) => m.ruleId === ruleId).map((m) => m.line);
}

test('the lab may not import suite code, whatever the import form', () => {
  const probe = [
    "import type { Logger } from '../lib/log/logger';",
    "import { redact } from '../lib/log/redact';",
    "export { LabError } from '../exceptions/base';",
    "import nmcli = require('../utilities/guest-parsers/nmcli');",
    "const session = require('../fixtures/session');",
    "export const bench = (): Promise<unknown> => import('../tools/bench');",
    "import { launchLabProcess } from './launch';",
    "import fs from 'node:fs';",
    "import YAML from 'yaml';",
    'export type Uses = [Logger, typeof redact, typeof nmcli, typeof session, typeof launchLabProcess, typeof fs, typeof YAML];',
  ];
  const messages = lintProbe('lab/boundary-probe.ts', probe);
  expect(linesReportedBy(messages, 'import-x/no-restricted-paths')).toEqual([1, 2, 3, 4, 5, 6]);
  expect(messages.find((m) => m.ruleId === 'import-x/no-restricted-paths')?.message).toContain('The lab may import only lab/');
});

test('an import() type reference is refused, so no import escapes the boundary check', () => {
  const messages = lintProbe('lab/boundary-probe.ts', ["export type Logger = import('../lib/log/logger').Logger;"]);
  expect(linesReportedBy(messages, 'no-restricted-syntax')).toEqual([1]);
});

test('suite code may import from lab/ only lab/launch.ts', () => {
  const probe = [
    "import { launchLabProcess, type LaunchedLab } from '../lab/launch';",
    "import type { FaultSpec } from '../lab/faults-catalog';",
    "const certs = require('../lab/certs');",
    "export const main = (): Promise<unknown> => import('../lab/main');",
    'export type Uses = [typeof launchLabProcess, LaunchedLab, FaultSpec, typeof certs];',
  ];
  const messages = lintProbe('lib/boundary-probe.ts', probe);
  expect(linesReportedBy(messages, 'import-x/no-restricted-paths')).toEqual([2, 3, 4]);
});

test('a package under packages/ imports neither the lab nor the suite', () => {
  const probe = [
    "import { FAULT_CATALOG } from '../../lab/faults-catalog';",
    "import { redact } from '../../lib/log/redact';",
    "import YAML from 'yaml';",
    'export const uses = [FAULT_CATALOG, redact, YAML];',
  ];
  const messages = lintProbe('packages/boundary-probe/index.ts', probe);
  expect(linesReportedBy(messages, 'import-x/no-restricted-paths')).toEqual([1, 2]);
});

test('tests may import both sides', () => {
  const probe = [
    "import { FAULT_CATALOG } from '../../lab/faults-catalog';",
    "import { redact } from '../../lib/log/redact';",
    'export const uses = [FAULT_CATALOG, redact];',
  ];
  const messages = lintProbe('test/unit/boundary-probe.test.ts', probe);
  expect(linesReportedBy(messages, 'import-x/no-restricted-paths')).toEqual([]);
});
