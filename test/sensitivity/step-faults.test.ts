/**
 * Step faults of the sensitivity matrix (STEP_FAULT_ROWS): a lab fault that a step before
 * "check VMs" must catch. The step fails with the typed error naming the Forklift condition, the
 * failure comes from the wait ending on that condition (the error type and its "stopped at once"
 * wording; never a timeout), every later step is skipped, and the teardown leaves nothing. Each run
 * is the real CLI in a child process against its own embedded lab.
 *
 *   npx jest -c test/jest.selftest.config.ts test/sensitivity/step-faults.test.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_CATALOG } from '../../lab/faults-catalog';
import { STEP_FAULT_ROWS, type StepFaultRow } from './matrix';
import { failedAtStep, runScenario, withConcurrency, type ScenarioRunResult } from './run-scenario';

const CONCURRENCY = 2;
const RUN_TIMEOUT_MS = 180_000;

jest.setTimeout(10 * 60_000);

const results = new Map<string, ScenarioRunResult>();
let workDir = '';

/** Why a run does not count as caught by its step (empty when it does). */
function problemsOf(row: StepFaultRow, r: ScenarioRunResult): string[] {
  const { problems, step } = failedAtStep(r, row.step);
  if (!step) return problems;
  const named = new RegExp(`^${row.error}: ${row.kind} \\S+/\\S+ has Critical condition ${row.condition} \\(reason \\w+\\): "[^"]+"`);
  if (!named.test(step.message)) problems.push(`the failure is not a ${row.error} naming ${row.kind} and ${row.condition}`);
  if (!/so the wait stopped at once instead of running to its timeout/.test(step.message) || /timed out after/.test(step.message))
    problems.push('the failure does not come from the terminal condition');
  return problems;
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-step-faults-'));
  const done = await withConcurrency(STEP_FAULT_ROWS, CONCURRENCY, (row) =>
    runScenario({ scenario: row.scenario, fault: row.fault, workDir, timeoutMs: RUN_TIMEOUT_MS }),
  );
  for (const r of done) results.set(r.fault ?? '', r);
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('sensitivity matrix: step faults', () => {
  it('every row is a catalog fault caught by a wait', () => {
    const catalog = new Map(FAULT_CATALOG.map((f) => [f.name, f]));
    for (const row of STEP_FAULT_ROWS) expect(catalog.get(row.fault)?.caughtBy).toMatch(new RegExp(`^${row.kind} .*wait$`));
  });

  it.each(STEP_FAULT_ROWS.map((row) => [row.fault, row.step, row] as const))(
    'fault %s fails step "%s" naming its condition',
    (fault, _step, row) => {
      const r = results.get(fault);
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
