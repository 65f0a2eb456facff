/**
 * Hooks and expected migration failures (the Python suite's utilities/hooks.py and the
 * exceptions it raises: VmPipelineError, VmMigrationStepMismatchError, the step-mismatch
 * AssertionError), plus the AAP settings a scenario with AAP hooks needs.
 */
import { InputError, MtvTestsError } from './base';

/** A scenario's preHook/postHook is not one valid hook (validate_hook_config / validate_custom_playbook). */
export class HookConfigError extends InputError {
  constructor(
    readonly scenario: string,
    readonly hookKey: string,
    readonly problem: string,
  ) {
    super(`scenario ${scenario}: plan.${hookKey} ${problem}`);
  }
}

/** The scenario expected the migration to fail (at `expectedStep`), but it Succeeded. */
export class UnexpectedMigrationSuccessError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly expectedStep: string,
    readonly vms: readonly string[],
  ) {
    super(
      `migration of plan ${plan} Succeeded, but the scenario expects it to fail at step ${expectedStep} for every VM` +
        ` (${vms.map((vm) => `VM ${vm}: expected failed step ${expectedStep}, actual: none (succeeded)`).join('; ')})`,
    );
  }
}

/** A VM of a migration that ended Failed has no pipeline step carrying an error (Python VmPipelineError). */
export class VmPipelineError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly vm: string,
    readonly expectedStep: string | undefined,
  ) {
    super(
      `plan ${plan}: VM '${vm}' pipeline is missing or has no failed step` +
        (expectedStep ? ` (expected it to fail at step ${expectedStep})` : ''),
    );
  }
}

/** The VMs of one plan failed at different pipeline steps (Python VmMigrationStepMismatchError). */
export class VmMigrationStepMismatchError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly failedSteps: Readonly<Record<string, string>>,
    readonly expectedStep: string | undefined,
  ) {
    super(
      `VMs in plan '${plan}' failed at different steps: ${Object.entries(failedSteps)
        .map(([vm, step]) => `VM ${vm}: ${step}`)
        .join(', ')}${expectedStep ? `; expected every VM to fail at step ${expectedStep}` : ''}`,
    );
  }
}

/** The migration failed, as expected, but at another step than the scenario says (validate_expected_hook_failure). */
export class MigrationFailedAtWrongStepError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly vm: string,
    readonly expectedStep: string,
    readonly actualStep: string,
    readonly reasons: readonly string[],
  ) {
    super(
      `plan ${plan}: VM ${vm} failed at step '${actualStep}' but the scenario expects it to fail at step '${expectedStep}'` +
        (reasons.length ? ` (step ${actualStep} error: ${reasons.join('; ')})` : ''),
    );
  }
}

/** A scenario needs AAP on a real cluster, but the run config lacks a setting (one line, names it). */
export class AapSettingMissingError extends InputError {
  constructor(
    readonly scenario: string,
    readonly setting: string,
  ) {
    super(`scenario ${scenario} needs AAP: the run config has no ${setting} (set it with --tc ${setting}:<value> or in the config file)`);
  }
}

/** The AAP (AWX) REST API answered a request with an error, or not in the shape the suite expects. */
export class AapApiError extends MtvTestsError {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`AAP API ${request} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`);
  }
}

/** An AAP job template the scenario names does not exist on the AAP server. */
export class AapJobTemplateNotFoundError extends MtvTestsError {
  constructor(
    readonly url: string,
    readonly template: string,
  ) {
    super(`AAP at ${url} has no job template named '${template}' (looked up with GET /api/v2/job_templates/?name=)`);
  }
}

/** An expected migration failure in a case the suite does not judge yet (several plans migrated at once). */
export class ExpectedFailureNotSupportedError extends MtvTestsError {}
