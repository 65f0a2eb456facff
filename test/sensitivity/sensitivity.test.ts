/**
 * Sensitivity matrix (issue #5): every post-migration check fails when the lab commits the defect
 * it exists for, blames exactly the expected checks, and the same scenarios pass without the fault.
 * Each run is the real CLI in a child process against its own embedded lab, two at a time (CI has
 * 2 cores). The matrix is printed and written to .data-collector/sensitivity/MATRIX.md; with
 * MTV_WRITE_MATRIX=1 also to the committed test/sensitivity/MATRIX.md (see matrix-output.ts).
 *
 *   npx jest -c test/jest.selftest.config.ts test/sensitivity
 *   MTV_WRITE_MATRIX=1 npx jest -c test/jest.selftest.config.ts test/sensitivity/sensitivity.test.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_CATALOG } from '../../lab/faults-catalog';
import { REPO_ROOT } from '../e2e/support/cli';
import {
  FAULT_ROWS,
  LOCAL_SCENARIOS,
  SCENARIO_SOURCE,
  SCENARIO_VM,
  SENSITIVITY_SCENARIOS_DIR,
  UNCOVERED,
  cleanScenarios,
  type FaultRow,
} from './matrix';
import { matrixOutputs, WRITE_MATRIX_ENV } from './matrix-output';
import { MATRIX_TC, runScenario, withConcurrency, type ScenarioRunResult } from './run-scenario';

const CONCURRENCY = 2;
const RUN_TIMEOUT_MS = 180_000;
/** Runs with 15 s guest waits go first so they overlap with the quick ones. */
const SLOW_FAULTS = new Set(['no-guest-agent', 'static-ip-lost', 'mac-changed']);

jest.setTimeout(20 * 60_000);

interface Job {
  scenario: string;
  fault?: string;
  sourceProvider?: string;
}

const jobs: Job[] = [
  ...[...FAULT_ROWS]
    .sort((a, b) => Number(SLOW_FAULTS.has(b.fault)) - Number(SLOW_FAULTS.has(a.fault)))
    .map((row) => ({ scenario: row.scenario, fault: row.fault, ...(row.sourceProvider ? { sourceProvider: row.sourceProvider } : {}) })),
  ...cleanScenarios().map((scenario) => ({
    scenario,
    ...(SCENARIO_SOURCE[scenario] ? { sourceProvider: SCENARIO_SOURCE[scenario] } : {}),
  })),
];
const results = new Map<string, ScenarioRunResult>();
const keyOf = (scenario: string, fault: string | undefined): string => `${scenario}/${fault ?? 'clean'}`;
let matrixSeconds = 0;
let workDir = '';

/** The step shape of a caught run: five steps, the four before "check VMs" passed, "check VMs" failed. */
function stepProblems(r: ScenarioRunResult): string[] {
  // "check VMs" is the last step of every matrix scenario; a scenario may add steps before it
  // (copy-offload's "check xcopy used"), never after.
  const problems: string[] = [];
  const [before, check] = [r.steps.slice(0, -1), r.steps.at(-1)];
  if (r.steps.length < 5) problems.push(`expected at least the 5 standard steps, got ${r.steps.length}`);
  const notPassed = before.filter((s) => s.status !== 'passed');
  if (notPassed.length) problems.push(`steps before check VMs not passed: ${notPassed.map((s) => `${s.title} (${s.status})`).join(', ')}`);
  if (!check?.title.startsWith('check VMs') || check.status !== 'failed')
    problems.push(`last step ${check ? `${check.title} ${check.status}` : 'missing'}, expected check VMs failed`);
  return problems;
}

/** The failure message: every entry has expected and actual lines, and it names the VM (or the provider). */
function messageProblems(row: FaultRow, message: string): string[] {
  const problems: string[] = [];
  const entries = (message.match(/^ {2}- [a-z][a-z-]*: /gm) ?? []).length;
  const withExpected = (message.match(/^ {6}expected: /gm) ?? []).length;
  const withActual = (message.match(/^ {6}actual: {3}/gm) ?? []).length;
  if (entries === 0 || withExpected !== entries || withActual !== entries)
    problems.push(`${entries} failure entries but ${withExpected} expected / ${withActual} actual lines`);
  const vm = SCENARIO_VM[row.scenario] ?? '';
  const names = row.providerLevel
    ? /^Source provider \S+:$/m.test(message)
    : new RegExp(`^VM \\S*${vm}\\S* \\(migrated as \\S+/\\S+\\):$`, 'm').test(message);
  if (!names) problems.push(row.providerLevel ? 'the failure does not name the source provider' : `the failure does not name VM ${vm}`);
  return problems;
}

/** Why a faulty run does not count as caught (empty when it does). */
function problemsOf(row: FaultRow, r: ScenarioRunResult): string[] {
  const problems: string[] = [];
  if (r.exitCode === 0) problems.push('the run exited 0');
  problems.push(...stepProblems(r));
  const expected = [...row.blamed].sort();
  if (JSON.stringify(r.blamed) !== JSON.stringify(expected))
    problems.push(`blamed [${r.blamed.join(', ')}], expected exactly [${expected.join(', ')}]`);
  problems.push(...messageProblems(row, r.checkMessage));
  if (!r.nothingLeft) problems.push('teardown/sweep did not report nothing left');
  return problems;
}

function faultRowMarkdown(row: FaultRow): string {
  const r = results.get(keyOf(row.scenario, row.fault));
  if (!r) return `| ${row.check} | ${row.fault} | ${row.scenario} | not run | - | - |`;
  const caught = problemsOf(row, r).length === 0 ? 'yes' : 'no';
  return `| ${row.check} | ${row.fault} | ${row.scenario} | ${caught} | ${r.blamed.join(', ') || '(none)'} | ${r.seconds.toFixed(1)} |`;
}

function cleanRowMarkdown(scenario: string): string {
  const r = results.get(keyOf(scenario, undefined));
  if (!r) return `| ${scenario} | not run | - |`;
  const ok = r.exitCode === 0 && r.steps.length >= 5 && r.steps.every((s) => s.status === 'passed') && r.nothingLeft;
  return `| ${scenario} | ${ok ? 'yes' : 'no'} | ${r.seconds.toFixed(1)} |`;
}

function matrixMarkdown(): string {
  const lines = [
    '# Sensitivity matrix',
    '',
    `Generated by \`${WRITE_MATRIX_ENV}=1 npx jest -c test/jest.selftest.config.ts test/sensitivity/sensitivity.test.ts\` (do not edit;`,
    'a plain self-test run writes its matrix to .data-collector/sensitivity/MATRIX.md): each row is one run of the real CLI',
    `(\`npx tsx bin/mtv-tests.ts --scenario <scenario> --lab-fault <fault> ${MATRIX_TC.map((tc) => `--tc ${tc}`).join(' ')}\`) against the embedded lab.`,
    '"Caught" means: non-zero exit, every step before "check VMs" passed, "check VMs" (the last step) failed naming the VM',
    '(or the source provider) with expected and actual for each failure, the failure blamed exactly the',
    'listed checks, and the teardown left nothing.',
    '',
    '| check | fault | scenario | caught | checks blamed | run (s) |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of FAULT_ROWS) lines.push(faultRowMarkdown(row));
  lines.push('', '## Several checks blamed by one fault', '');
  for (const row of FAULT_ROWS.filter((r) => r.why)) lines.push(`- **${row.fault}** → ${row.blamed.join(', ')}: ${row.why ?? ''}.`);
  lines.push('', '## Clean runs (no fault)', '', '| scenario | passed | run (s) |', '|---|---|---|');
  for (const scenario of cleanScenarios()) lines.push(cleanRowMarkdown(scenario));
  lines.push('', '## Checks without a fault run here', '');
  for (const row of UNCOVERED) lines.push(`- **${row.check}**: ${row.reason}`);
  lines.push(
    '',
    `Whole matrix: ${results.size} runs, ${CONCURRENCY} at a time, ${matrixSeconds.toFixed(0)} s wall time on this machine.`,
    '',
  );
  return lines.join('\n');
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-sensitivity-'));
  const started = Date.now();
  const done = await withConcurrency(jobs, CONCURRENCY, (job) =>
    runScenario({
      scenario: job.scenario,
      ...(job.fault ? { fault: job.fault } : {}),
      ...(job.sourceProvider ? { sourceProvider: job.sourceProvider } : {}),
      ...(LOCAL_SCENARIOS.has(job.scenario) ? { scenariosDir: SENSITIVITY_SCENARIOS_DIR } : {}),
      workDir,
      timeoutMs: RUN_TIMEOUT_MS,
    }),
  );
  matrixSeconds = (Date.now() - started) / 1000;
  for (const r of done) results.set(keyOf(r.scenario, r.fault), r);
});

afterAll(() => {
  if (results.size === 0) return;
  const markdown = matrixMarkdown();
  for (const file of matrixOutputs(process.env)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, markdown);
  }
  process.stdout.write(`\n${markdown}\n`);
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('sensitivity matrix', () => {
  it('covers every catalog fault whose caughtBy is a post-migration check, and nothing unknown', () => {
    const catalog = new Map(FAULT_CATALOG.map((f) => [f.name, f]));
    for (const row of FAULT_ROWS) {
      expect(catalog.has(row.fault)).toBe(true);
      // caughtBy may name several checks ("storage, disk-count"): the row blames one of them.
      const caughtBy = catalog.get(row.fault)!.caughtBy.split(', ');
      expect({ fault: row.fault, blamesCaughtBy: caughtBy.some((check) => row.blamed.includes(check)) }).toEqual({
        fault: row.fault,
        blamesCaughtBy: true,
      });
    }
    const matrixChecks = new Set([...FAULT_ROWS.map((r) => r.check), ...UNCOVERED.map((r) => r.check)]);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'utilities/post-migration/README.md'), 'utf8');
    const readmeChecks = [...readme.matchAll(/^\| ([a-z][a-z-]*(?:, [a-z][a-z-]*)*) \| /gm)]
      .flatMap((m) => m[1]!.split(', '))
      .filter((c) => c !== 'check');
    expect(readmeChecks.length).toBeGreaterThan(10);
    expect(readmeChecks.filter((c) => !matrixChecks.has(c))).toEqual([]);
  });

  it.each(FAULT_ROWS.map((row) => [row.fault, row] as const))('fault %s is caught by exactly its checks', (_fault, row) => {
    const r = results.get(keyOf(row.scenario, row.fault));
    expect(r).toBeDefined();
    const problems = problemsOf(row, r!);
    if (problems.length)
      throw new Error(
        `${row.fault} on ${row.scenario}: ${problems.join('; ')}\n--- check VMs message ---\n${r!.checkMessage || '(none)'}\n--- last output ---\n${r!.tail}`,
      );
  });

  it.each(cleanScenarios().map((s) => [s]))('scenario %s passes without a fault and leaves nothing', (scenario) => {
    const r = results.get(keyOf(scenario, undefined));
    expect(r).toBeDefined();
    const failed = r!.steps.filter((s) => s.status !== 'passed');
    if (r!.exitCode !== 0 || r!.steps.length < 5 || failed.length) {
      throw new Error(
        `clean ${scenario}: exit ${String(r!.exitCode)}, steps ${r!.steps.map((s) => `${s.title}=${s.status}`).join(', ')}\n${failed.map((s) => s.message).join('\n')}\n${r!.tail}`,
      );
    }
    expect(r!.nothingLeft).toBe(true);
  });
});
