/**
 * Expected-failure faults of the sensitivity matrix (EXPECTED_FAILURE_FAULT_ROWS): a scenario that
 * expects its migration to fail at a named step passes clean, and under the fault (the VMs fail at
 * another step) its migrate step fails with the typed error naming the VM, the expected and the
 * actual step; the steps before it pass, check VMs is skipped and the teardown leaves nothing. Each
 * run is the real CLI in a child process against its own embedded lab.
 *
 *   npx jest -c test/jest.selftest.config.ts test/sensitivity/expected-failure-faults.test.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_CATALOG } from '../../lab/faults-catalog';
import { EXPECTED_FAILURE_FAULT_ROWS, type ExpectedFailureFaultRow } from './matrix';
import { failedAtStep, runScenario, withConcurrency, type ScenarioRunResult } from './run-scenario';

const CONCURRENCY = 2;
const RUN_TIMEOUT_MS = 180_000;

jest.setTimeout(10 * 60_000);

const results = new Map<string, ScenarioRunResult>();
let workDir = '';

const key = (scenario: string, fault: string | undefined): string => `${scenario}--${fault ?? 'clean'}`;

/** Why a faulted run does not count as caught by its step (empty when it does). */
function problemsOf(row: ExpectedFailureFaultRow, r: ScenarioRunResult): string[] {
  const { problems, step } = failedAtStep(r, row.step);
  const named = new RegExp(
    `^${row.error}: plan \\S+: VM \\S+ failed at step '${row.actualStep}' but the scenario expects it to fail at step '${row.expectedStep}'`,
  );
  if (step && !named.test(step.message))
    problems.push(`the failure is not a ${row.error} naming ${row.expectedStep} (expected) and ${row.actualStep}`);
  return problems;
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-expected-failure-faults-'));
  const runs = [
    ...[...new Set(EXPECTED_FAILURE_FAULT_ROWS.map((row) => row.scenario))].map((scenario) => ({ scenario, fault: undefined })),
    ...EXPECTED_FAILURE_FAULT_ROWS.map((row) => ({ scenario: row.scenario, fault: row.fault })),
  ];
  const done = await withConcurrency(runs, CONCURRENCY, (run) =>
    runScenario({ scenario: run.scenario, ...(run.fault ? { fault: run.fault } : {}), workDir, timeoutMs: RUN_TIMEOUT_MS }),
  );
  for (const r of done) results.set(key(r.scenario, r.fault), r);
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('sensitivity matrix: expected-failure faults', () => {
  it('every row is a catalog fault', () => {
    const catalog = new Set(FAULT_CATALOG.map((f) => f.name));
    for (const row of EXPECTED_FAILURE_FAULT_ROWS) expect(catalog.has(row.fault)).toBe(true);
  });

  it.each([...new Set(EXPECTED_FAILURE_FAULT_ROWS.map((row) => row.scenario))])('%s passes without a fault', (scenario) => {
    const r = results.get(key(scenario, undefined))!;
    const notPassed = r.steps.filter((s) => s.status !== 'passed');
    if (r.exitCode !== 0 || notPassed.length || !r.steps.length)
      throw new Error(
        `${scenario} clean: exit ${r.exitCode}; not passed: ${notPassed.map((s) => `${s.title} (${s.status})`).join(', ')}\n${r.tail}`,
      );
  });

  it.each(EXPECTED_FAILURE_FAULT_ROWS.map((row) => [row.fault, row.step, row] as const))(
    'fault %s fails step "%s" naming the expected and the actual step',
    (fault, _step, row) => {
      const r = results.get(key(row.scenario, fault));
      expect(r).toBeDefined();
      const problems = problemsOf(row, r!);
      const message = r!.steps.find((s) => s.title.startsWith(row.step))?.message ?? '(none)';
      if (problems.length)
        throw new Error(
          `${fault} on ${row.scenario}: ${problems.join('; ')}\n--- ${row.step} message ---\n${message}\n--- last output ---\n${r!.tail}`,
        );
    },
  );
});
