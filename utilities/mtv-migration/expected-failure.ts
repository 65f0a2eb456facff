/**
 * Expected migration failures (utilities/hooks.py validate_all_vms_same_step,
 * validate_expected_hook_failure, validate_hook_failure_and_check_vms; mtv_migration.py
 * _get_failed_migration_step). A scenario with expectedMigrationResult "fail" names the step every
 * VM must fail at: PreHook when its preHook expects to fail, else PostHook when its postHook does,
 * else the plan's expectedFailedStep (a Forklift pipeline step, for failures hooks do not cause).
 * The migrate step passes only when the migration ended Failed with every VM's first erroring
 * pipeline step being that step; the check step then checks the retained VMs (PostHook: they were
 * created) or is skipped with the reason (any earlier step: no migrated VM to check).
 */
import type { V1beta1Plan } from '@kubev2v/types';
import {
  MigrationFailedAtWrongStepError,
  UnexpectedMigrationSuccessError,
  VmMigrationStepMismatchError,
  VmPipelineError,
} from '../../exceptions/hooks';
import { MigrationPlanExecError } from '../../exceptions/migration';
import type { ExpectedFailure } from '../../lib/runner/expected-failure';

export { expectedFailureOf, type ExpectedFailure } from '../../lib/runner/expected-failure';

/** One VM's failure as the Plan's status.migration reports it. */
export interface VmFailedStep {
  vm: string;
  step: string;
  reasons: string[];
}

type PlanVmStatus = NonNullable<NonNullable<NonNullable<V1beta1Plan['status']>['migration']>['vms']>[number];

/** _get_failed_migration_step for every VM of the plan: the first pipeline step that carries an error. */
export function failedStepsOf(planName: string, plan: V1beta1Plan, expectedStep?: string): VmFailedStep[] {
  const vms: PlanVmStatus[] = plan.status?.migration?.vms ?? [];
  if (!vms.length) throw new VmPipelineError(planName, '(no VM in status.migration.vms)', expectedStep);
  return vms.map((vm) => {
    const name = vm.name ?? vm.id ?? '?';
    const step = vm.pipeline?.find((s) => s.error);
    if (!step?.name) throw new VmPipelineError(planName, name, expectedStep);
    return { vm: name, step: step.name, reasons: step.error?.reasons ?? [] };
  });
}

/** validate_all_vms_same_step: every VM failed at one step, which is returned. */
export function sameFailedStep(planName: string, failures: readonly VmFailedStep[], expectedStep?: string): string {
  const steps = new Set(failures.map((f) => f.step));
  if (steps.size !== 1) {
    throw new VmMigrationStepMismatchError(planName, Object.fromEntries(failures.map((f) => [f.vm, f.step])), expectedStep);
  }
  return failures[0]!.step;
}

/**
 * The migration ended Failed: every VM must have failed at `expected.step`. Returns that step;
 * throws naming the first VM that failed elsewhere (expected vs actual step).
 */
export function verifyExpectedFailure(planName: string, plan: V1beta1Plan, expected: ExpectedFailure): string {
  const failures = failedStepsOf(planName, plan, expected.step);
  const wrong = failures.find((f) => f.step !== expected.step);
  if (wrong) throw new MigrationFailedAtWrongStepError(planName, wrong.vm, expected.step, wrong.step, wrong.reasons);
  return sameFailedStep(planName, failures, expected.step);
}

/** The migration Succeeded although the scenario expects it to fail. */
export function unexpectedSuccess(planName: string, plan: V1beta1Plan, expected: ExpectedFailure): UnexpectedMigrationSuccessError {
  const vms = (plan.status?.migration?.vms ?? []).map((vm) => vm.name ?? vm.id ?? '?');
  return new UnexpectedMigrationSuccessError(planName, expected.step, vms);
}

/**
 * validate_hook_failure_and_check_vms: after a PostHook failure the VMs exist and are checked
 * (undefined); after a failure at any earlier step there is nothing migrated to check: the reason.
 */
export function checkVmsSkipReason(failedStep: string): string | undefined {
  if (failedStep === 'PostHook') return undefined;
  if (failedStep === 'PreHook') return 'skipping VM checks: the PreHook failed (as the scenario expects) before any VM was migrated';
  return `skipping VM checks: the migration failed at step ${failedStep} (as the scenario expects), before the VMs were created`;
}

/** What an expected failure left: the Plan as it ended and the step every VM failed at. */
export interface ExpectedFailureOutcome {
  plan: V1beta1Plan;
  failedStep: string;
}

/**
 * Runs the migration (`run`, which throws MigrationPlanExecError when it ends Failed) and passes
 * only when it failed the way the scenario expects; the Plan is read back for its VMs' pipelines.
 */
export async function migrateExpectingFailure(
  planName: string,
  expected: ExpectedFailure,
  run: () => Promise<V1beta1Plan>,
  readPlan: () => Promise<V1beta1Plan>,
): Promise<ExpectedFailureOutcome> {
  let succeeded: V1beta1Plan;
  try {
    succeeded = await run();
  } catch (error) {
    if (!(error instanceof MigrationPlanExecError) || error.outcome !== 'Failed') throw error;
    const plan = await readPlan();
    return { plan, failedStep: verifyExpectedFailure(planName, plan, expected) };
  }
  throw unexpectedSuccess(planName, succeeded, expected);
}
