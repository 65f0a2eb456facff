/**
 * Bad input: every error is one line naming the fix, the exit code is non-zero and nothing is
 * created. Two cases go through the real bin (exit code, stderr, cwd untouched); the rest call
 * the same functions in-process to stay fast.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCli } from '../../../bin/cli/options';
import { parseLabFaults } from '../../../bin/cli/lab-faults';
import { selectScenarios } from '../../../bin/cli/select';
import { CliUsageError, LabFaultError } from '../../../exceptions/cli';
import { MarkerExpressionError, UnknownMarkerError, UnknownScenarioError } from '../../../exceptions/scenarios';
import type { Target } from '../../../lib/config/target';
import { SCENARIOS_DIR } from '../../../lib/runner/scenario';
import { scenarioNames } from '../../../lib/runner/scenario-file';
import { listFiles, runBin } from './run-bin';

const oneLine = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected an error');
};

describe('bad input through the real bin', () => {
  test('an unknown scenario lists the available names; exit 2; nothing created', () => {
    const r = runBin(['--scenario', 'sanity-colt']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`mtv-tests: unknown scenario "sanity-colt"; available scenarios: ${scenarioNames().join(', ')}\n`);
    expect(listFiles(r.cwd)).toEqual([]);
  });

  // Found on a fresh clone (issue #16): each once ran (or crashed inside Jest) instead of stopping here.
  test('--shard with the index past the count: one line, exit 2, nothing created (not a Jest stack trace)', () => {
    const r = runBin(['--shard', '3/2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('mtv-tests: --shard 3/2: the index must be 1 to the count (1 <= i <= n), e.g. --shard 1/2\n');
    expect(listFiles(r.cwd)).toEqual([]);
  });

  test('--scenario "" is an error, not "every scenario"', () => {
    const r = runBin(['--scenario', '']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'mtv-tests: --scenario got an empty name; pass scenario names (--scenario sanity-cold,sanity-warm), or leave --scenario out to run every scenario\n',
    );
    expect(listFiles(r.cwd)).toEqual([]);
  });

  test('-w 0 is an error: every run needs a worker', () => {
    const r = runBin(['--scenario', 'sanity-cold', '-w', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('mtv-tests: --maxWorkers must be at least 1 (each worker runs its own session); got "0"\n');
    expect(listFiles(r.cwd)).toEqual([]);
  });

  test('--lab-fault with --target cluster is an error before anything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-bin-'));
    fs.writeFileSync(path.join(dir, 'kubeconfig'), 'apiVersion: v1\n');
    const r = runBin(['--target', 'cluster', '--kubeconfig', path.join(dir, 'kubeconfig'), '--lab-fault', 'cpu-mismatch'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^mtv-tests: --lab-fault only works with the embedded lab, but the target is a real cluster \(--kubeconfig\); drop --lab-fault or the cluster settings\n$/,
    );
    expect(listFiles(dir)).toEqual(['kubeconfig']);
  });
});

describe('bad input, in-process', () => {
  test('an unknown flag names the closest flag', () => {
    expect(oneLine(() => parseCli(['--scenarios', 'x']))).toBe(
      'unknown flag --scenarios (did you mean --scenario?); see npm test -- --help',
    );
    expect(oneLine(() => parseCli(['--skip-teardwn']))).toBe(
      'unknown flag --skip-teardwn (did you mean --skip-teardown?); see npm test -- --help',
    );
    expect(() => parseCli(['--frobnicate'])).toThrow(CliUsageError);
    expect(oneLine(() => parseCli(['sanity-cold']))).toContain('scenarios are chosen with --scenario <name>');
    expect(oneLine(() => parseCli(['--shard', '2']))).toContain('--shard expects <index>/<count>');
    expect(oneLine(() => parseCli(['--target', 'moon']))).toContain('moon');
  });

  test('--shard i/n needs 1 <= i <= n; -w at least 1; no empty scenario name', () => {
    expect(oneLine(() => parseCli(['--shard', '0/2']))).toBe(
      '--shard 0/2: the index must be 1 to the count (1 <= i <= n), e.g. --shard 1/2',
    );
    expect(oneLine(() => parseCli(['--shard', '1/0']))).toBe(
      '--shard 1/0: the index must be 1 to the count (1 <= i <= n), e.g. --shard 1/1',
    );
    expect(parseCli(['--shard', '2/2'])).toMatchObject({ jest: { shard: '2/2' } });
    expect(oneLine(() => parseCli(['-w', '0%']))).toBe('--maxWorkers must be at least 1 (each worker runs its own session); got "0%"');
    expect(parseCli(['-w', '50%'])).toMatchObject({ jest: { maxWorkers: '50%' } });
    expect(oneLine(() => parseCli(['--scenario', 'sanity-cold,,sanity-warm']))).toContain('--scenario got an empty name');
    expect(oneLine(() => parseCli(['--scenario', ' ']))).toContain('--scenario got an empty name');
    expect(parseCli([])).toMatchObject({ scenarios: [] });
  });

  test('flags parse: repeatable --tc and --scenario lists, Jest pass-through', () => {
    const o = parseCli([
      '--scenario',
      'sanity-cold,sanity-warm',
      '--scenario',
      'comprehensive-cold',
      '--tc',
      'a:1',
      '--tc',
      'b:2',
      '-m',
      'tier0',
      '-t',
      'create',
      '--shard',
      '1/2',
      '-w',
      '2',
      '--bail',
    ]);
    expect(o).toMatchObject({
      scenarios: ['sanity-cold', 'sanity-warm', 'comprehensive-cold'],
      tc: ['a:1', 'b:2'],
      markers: 'tier0',
      jest: { testNamePattern: 'create', shard: '1/2', maxWorkers: '2', bail: 1 },
    });
  });

  test('unknown scenario, unknown marker, broken expression', () => {
    expect(() => selectScenarios(['nope'], undefined, SCENARIOS_DIR)).toThrow(UnknownScenarioError);
    expect(oneLine(() => selectScenarios([], 'tier0 and wram', SCENARIOS_DIR))).toMatch(
      /^unknown marker "wram" in -m expression; known markers: tier0, tier1, remote, warm/,
    );
    expect(() => selectScenarios([], 'tier0 and', SCENARIOS_DIR)).toThrow(MarkerExpressionError);
    expect(() => selectScenarios([], 'wram', SCENARIOS_DIR)).toThrow(UnknownMarkerError);
    expect(oneLine(() => selectScenarios([], 'tier0 and not tier0', SCENARIOS_DIR))).toBe(
      'no scenario matches -m "tier0 and not tier0"; check the markers with --list',
    );
  });

  test('a missing scenarios directory is an input error', () => {
    expect(oneLine(() => selectScenarios([], undefined, '/no/such/dir'))).toBe(
      '/no/such/dir: $ is not a directory of *.scenario.json files; fix: pass an existing directory to --scenarios-dir',
    );
  });

  test('lab faults are checked against the catalog', () => {
    const lab: Target = { kind: 'lab', why: 'test' };
    expect(parseLabFaults(['cpu-mismatch', 'api-latency=50'], lab)).toEqual([{ name: 'cpu-mismatch' }, { name: 'api-latency', value: 50 }]);
    expect(oneLine(() => parseLabFaults(['cpu-mismatc'], lab))).toMatch(/^unknown lab fault "cpu-mismatc" \(did you mean cpu-mismatch\?\)/);
    expect(() => parseLabFaults(['api-latency'], lab)).toThrow('lab fault "api-latency" needs a number: --lab-fault api-latency=<number>');
    expect(() => parseLabFaults(['cpu-mismatch=1'], lab)).toThrow(LabFaultError);
  });
});

describe('--help describes what the flags do now', () => {
  test('--skip-data-collector says it skips the gathers and keeps the other outputs', () => {
    let text = '';
    expect(parseCli(['--help'], { write: (s: string) => void (text += s) })).toBe('help');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toMatch(
      /--skip-data-collector take no gathers \(must-gather\) on failures; logs, results, the run report and resources.json are still written/,
    );
  });
});
