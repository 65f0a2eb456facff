/**
 * What a scenario plan expects of its migration's failure (said once: the scenario loader checks
 * the rule, the migrate step applies it). expectedMigrationResult "fail" names the pipeline step
 * every VM must fail at: PreHook when the preHook expects to fail (it runs first), else PostHook
 * when the postHook does, else expectedFailedStep (a failure hooks do not cause, e.g. a wrong LUKS
 * key).
 */
import type { ScenarioPlan } from './scenario-types';

export interface ExpectedFailure {
  /** Forklift pipeline step (status.migration.vms[].pipeline[].name) every VM must fail at. */
  step: string;
  /** Which scenario key says so, for messages. */
  because: string;
}

export function expectedFailureOf(plan: ScenarioPlan): ExpectedFailure | undefined {
  if (plan.expectedMigrationResult !== 'fail') return undefined;
  if (plan.preHook?.expectedResult === 'fail') return { step: 'PreHook', because: 'preHook.expectedResult is "fail"' };
  if (plan.postHook?.expectedResult === 'fail') return { step: 'PostHook', because: 'postHook.expectedResult is "fail"' };
  if (plan.expectedFailedStep) return { step: plan.expectedFailedStep, because: `expectedFailedStep is "${plan.expectedFailedStep}"` };
  return undefined;
}

/** A broken expected-failure rule of one plan: the key (relative to the plan), the problem and the fix; undefined when sound. */
export function expectedFailureProblem(plan: ScenarioPlan): { key: string; problem: string; fix: string } | undefined {
  const failingHook = plan.preHook?.expectedResult === 'fail' || plan.postHook?.expectedResult === 'fail';
  if (plan.expectedMigrationResult === 'fail' && !failingHook && !plan.expectedFailedStep)
    return {
      key: 'expectedMigrationResult',
      problem: 'is "fail" but no step is named: no hook has expectedResult "fail" and expectedFailedStep is not set',
      fix: 'set expectedFailedStep to the Forklift pipeline step the migration fails at, or give a hook "expectedResult": "fail"',
    };
  if (plan.expectedFailedStep && plan.expectedMigrationResult !== 'fail')
    return {
      key: 'expectedFailedStep',
      problem: 'is set but expectedMigrationResult is not "fail"',
      fix: 'set "expectedMigrationResult": "fail"',
    };
  if (plan.expectedFailedStep && failingHook)
    return {
      key: 'expectedFailedStep',
      problem: 'is set together with a hook whose expectedResult is "fail" (the failing hook already names the step)',
      fix: 'remove expectedFailedStep',
    };
  if (failingHook && plan.expectedMigrationResult !== 'fail')
    return {
      key: 'expectedMigrationResult',
      problem: 'is not "fail" but a hook has expectedResult "fail", so the migration cannot succeed',
      fix: 'set "expectedMigrationResult": "fail"',
    };
  return undefined;
}
