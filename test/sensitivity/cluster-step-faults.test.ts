/**
 * Cluster-side step faults of the sensitivity matrix (CLUSTER_STEP_FAULT_ROWS): the standalone
 * deep inspection and MTV upgrade scenarios run green without a fault, and under each fault the
 * step it exists for fails with its typed error naming the object, expected and actual; every step
 * before it passed, every later one is skipped, and the teardown leaves nothing. Each run is the
 * real CLI in a child process against its own embedded lab.
 *
 *   npx jest -c test/jest.selftest.config.ts test/sensitivity/cluster-step-faults.test.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_CATALOG } from '../../lab/faults-catalog';
import { CLUSTER_STEP_FAULT_ROWS, type ClusterStepFaultRow } from './matrix';
import { runScenario, withConcurrency, type ScenarioRunResult } from './run-scenario';

const CONCURRENCY = 2;
// The snapshot faults wait out the Python suite's fixed 120 s / 180 s snapshot waits.
const RUN_TIMEOUT_MS = 300_000;

jest.setTimeout(20 * 60_000);

const faulty = new Map<string, ScenarioRunResult>();
const clean = new Map<string, ScenarioRunResult>();
let workDir = '';

function problemsOf(row: ClusterStepFaultRow, r: ScenarioRunResult): string[] {
  const problems: string[] = [];
  if (r.exitCode === 0) problems.push('the run exited 0');
  const at = r.steps.findIndex((s) => s.title.startsWith(row.step));
  if (at < 0) return [...problems, `no step "${row.step}"`];
  const before = r.steps.slice(0, at).filter((s) => s.status !== 'passed');
  if (before.length) problems.push(`steps before ${row.step} not passed: ${before.map((s) => s.title).join(', ')}`);
  const after = r.steps.slice(at + 1).filter((s) => s.status !== 'pending');
  if (after.length) problems.push(`steps after ${row.step} not skipped: ${after.map((s) => s.title).join(', ')}`);
  const message = r.steps[at]!.message;
  if (!message.includes(`${row.error}: `)) problems.push(`the failure is not a ${row.error}`);
  for (const name of row.names) if (!message.includes(name)) problems.push(`the failure does not say "${name}"`);
  if (!r.nothingLeft) problems.push('teardown/sweep did not report nothing left');
  return problems;
}

/** A clean run: the scenario, from the row's providers entry when it names one. */
const cleanKey = (row: Pick<ClusterStepFaultRow, 'scenario' | 'sourceProvider'>): string =>
  row.sourceProvider ? `${row.scenario} (source_provider ${row.sourceProvider})` : row.scenario;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-cluster-step-faults-'));
  const cleanRuns = new Map(
    CLUSTER_STEP_FAULT_ROWS.map((row) => [cleanKey(row), { scenario: row.scenario, sourceProvider: row.sourceProvider }]),
  );
  const runs = [
    ...CLUSTER_STEP_FAULT_ROWS.map((row) => ({
      key: row.fault,
      scenario: row.scenario,
      sourceProvider: row.sourceProvider,
      fault: row.fault,
    })),
    ...[...cleanRuns].map(([key, run]) => ({ key, ...run, fault: undefined })),
  ];
  const done = await withConcurrency(runs, CONCURRENCY, async ({ key, scenario, sourceProvider, fault }) => ({
    key,
    result: await runScenario({
      scenario,
      ...(fault ? { fault } : {}),
      ...(sourceProvider ? { sourceProvider } : {}),
      workDir: path.join(workDir, sourceProvider ?? 'default'),
      timeoutMs: RUN_TIMEOUT_MS,
    }),
  }));
  for (const { key, result } of done) (result.fault ? faulty : clean).set(key, result);
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('sensitivity matrix: cluster-side step faults', () => {
  it('every row is a catalog fault caught by its step', () => {
    const catalog = new Map(FAULT_CATALOG.map((f) => [f.name, f]));
    for (const row of CLUSTER_STEP_FAULT_ROWS) expect(catalog.get(row.fault)?.caughtBy).toBe(row.step);
  });

  it.each([...new Set(CLUSTER_STEP_FAULT_ROWS.map(cleanKey))])('%s passes without a fault', (scenario) => {
    const r = clean.get(scenario);
    expect(r).toBeDefined();
    if (r!.exitCode !== 0 || r!.steps.some((s) => s.status !== 'passed'))
      throw new Error(`${scenario} without a fault: exit ${String(r!.exitCode)}\n${r!.tail}`);
  });

  it.each(CLUSTER_STEP_FAULT_ROWS.map((row) => [row.fault, row.step, row] as const))(
    'fault %s fails step "%s" with its typed error',
    (fault, _step, row) => {
      const r = faulty.get(fault);
      expect(r).toBeDefined();
      const problems = problemsOf(row, r!);
      if (problems.length) throw new Error(`${fault} on ${row.scenario}: ${problems.join('; ')}\n--- last output ---\n${r!.tail}`);
    },
  );
});
