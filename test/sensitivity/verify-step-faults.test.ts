/**
 * Verification-step faults of the sensitivity matrix (VERIFY_STEP_FAULT_ROWS): the scenario runs
 * green without the fault, and under it the verification step fails with its check's finding
 * naming the VM (or the source provider), expected and actual, every step before it passed and
 * every later one skipped. Each run is the real CLI in a child process against its own lab.
 *
 *   npx jest -c test/jest.selftest.config.ts test/sensitivity/verify-step-faults.test.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_CATALOG } from '../../lab/faults-catalog';
import { VERIFY_STEP_FAULT_ROWS, type VerifyStepFaultRow } from './matrix';
import { failedAtStep, runScenario, withConcurrency, type ScenarioRunResult } from './run-scenario';

const CONCURRENCY = 2;
const RUN_TIMEOUT_MS = 180_000;

jest.setTimeout(10 * 60_000);

const faulty = new Map<string, ScenarioRunResult>();
const clean = new Map<string, ScenarioRunResult>();
let workDir = '';

function problemsOf(row: VerifyStepFaultRow, r: ScenarioRunResult): string[] {
  const { problems, step } = failedAtStep(r, row.step);
  if (!step) return problems;
  const message = step.message;
  if (!message.includes(row.subject)) problems.push(`the failure does not name ${row.subject}`);
  if (!message.includes(`  - ${row.check}: `)) problems.push(`the failure is not a ${row.check} finding`);
  if (!message.includes(`expected: ${row.expected}`)) problems.push(`the finding does not expect ${row.expected}`);
  if (!row.actual.test(message)) problems.push(`the finding's actual does not match ${String(row.actual)}`);
  return problems;
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-verify-step-faults-'));
  const runs = VERIFY_STEP_FAULT_ROWS.flatMap((row) => [
    { row, fault: row.fault },
    { row, fault: undefined },
  ]);
  const done = await withConcurrency(runs, CONCURRENCY, ({ row, fault }) =>
    runScenario({ scenario: row.scenario, ...(fault ? { fault } : {}), workDir, timeoutMs: RUN_TIMEOUT_MS }),
  );
  for (const r of done) (r.fault ? faulty : clean).set(r.fault ?? r.scenario, r);
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('sensitivity matrix: verification-step faults', () => {
  it('every row is a catalog fault caught by its check', () => {
    const catalog = new Map(FAULT_CATALOG.map((f) => [f.name, f]));
    for (const row of VERIFY_STEP_FAULT_ROWS) expect(catalog.get(row.fault)?.caughtBy).toBe(row.check);
  });

  it.each(VERIFY_STEP_FAULT_ROWS.map((row) => [row.scenario, row] as const))('%s passes without a fault', (scenario) => {
    const r = clean.get(scenario);
    expect(r).toBeDefined();
    if (r!.exitCode !== 0 || r!.steps.some((s) => s.status !== 'passed'))
      throw new Error(`${scenario} without a fault: exit ${String(r!.exitCode)}\n${r!.tail}`);
  });

  it.each(VERIFY_STEP_FAULT_ROWS.map((row) => [row.fault, row.step, row] as const))(
    'fault %s fails step "%s" with a finding naming the VM, expected and actual',
    (fault, _step, row) => {
      const r = faulty.get(fault);
      expect(r).toBeDefined();
      const problems = problemsOf(row, r!);
      if (problems.length) throw new Error(`${fault} on ${row.scenario}: ${problems.join('; ')}\n--- last output ---\n${r!.tail}`);
    },
  );
});
