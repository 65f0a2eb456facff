/**
 * Hook configs (validate_hook_config / validate_custom_playbook), the Hook CR and vms[].hooks the
 * suite builds, the expected-failure rule of a scenario plan, and the failed-step judgement of a
 * migration that must fail (validate_all_vms_same_step, validate_expected_hook_failure,
 * validate_hook_failure_and_check_vms).
 */
import type { V1beta1Plan } from '@kubev2v/types';
import YAML from 'yaml';
import { expectedFailureOf, expectedFailureProblem } from '../../../lib/runner/expected-failure';
import type { ScenarioPlan } from '../../../lib/runner/scenario-types';
import { MigrationPlanExecError } from '../../../exceptions/migration';
import {
  checkVmsSkipReason,
  failedStepsOf,
  migrateExpectingFailure,
  verifyExpectedFailure,
} from '../../../utilities/mtv-migration/expected-failure';
import { HOOK_PLAYBOOKS, HOOK_RUNNER_IMAGE, hookBody, toBase64, validateHookConfig, vmHooks } from '../../../utilities/mtv-migration/hooks';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('validateHookConfig', () => {
  it('expectedResult picks the built-in playbook', () => {
    const ok = validateHookConfig('s', 'preHook', { expectedResult: 'succeed' });
    const bad = validateHookConfig('s', 'postHook', { expectedResult: 'fail' });
    expect(ok).toEqual({ kind: 'playbook', playbookBase64: toBase64(HOOK_PLAYBOOKS.succeed) });
    expect(bad).toEqual({ kind: 'playbook', playbookBase64: toBase64(HOOK_PLAYBOOKS.fail) });
  });

  it('the built-in playbooks are plays: one debug task, one fail task', () => {
    const succeed = YAML.parse(HOOK_PLAYBOOKS.succeed) as Array<{ hosts: string; tasks: Array<Record<string, unknown>> }>;
    const fail = YAML.parse(HOOK_PLAYBOOKS.fail) as Array<{ hosts: string; tasks: Array<Record<string, unknown>> }>;
    expect(succeed[0]!.hosts).toBe('localhost');
    expect(Object.keys(succeed[0]!.tasks[0]!)).toContain('ansible.builtin.debug');
    expect(Object.keys(fail[0]!.tasks[0]!)).toContain('ansible.builtin.fail');
  });

  it('needs exactly one source', () => {
    expect(() => validateHookConfig('s', 'preHook', {})).toThrow(/plan.preHook must set exactly one of .* \(has none\)/);
    expect(() => validateHookConfig('s', 'preHook', { expectedResult: 'fail', aapJobTemplateId: 3 })).toThrow(
      /has expectedResult, aapJobTemplateId/,
    );
  });

  it('checks a custom playbook: base64, UTF-8, YAML, a non-empty list of plays', () => {
    const good = b64('- hosts: localhost\n  tasks: []\n');
    expect(validateHookConfig('s', 'preHook', { playbookBase64: good })).toEqual({ kind: 'playbook', playbookBase64: good });
    expect(() => validateHookConfig('s', 'preHook', { playbookBase64: 'not base64!' })).toThrow(/not valid base64/);
    expect(() => validateHookConfig('s', 'preHook', { playbookBase64: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64') })).toThrow(
      /UTF-8/,
    );
    expect(() => validateHookConfig('s', 'preHook', { playbookBase64: b64('a: [1, 2') })).toThrow(/not valid YAML/);
    expect(() => validateHookConfig('s', 'preHook', { playbookBase64: b64('hosts: localhost\n') })).toThrow(/non-empty list of plays/);
    expect(() => validateHookConfig('s', 'preHook', { playbookBase64: b64('[]') })).toThrow(/non-empty list of plays/);
  });

  it('AAP: a positive integer id, or a template name to look up', () => {
    expect(validateHookConfig('s', 'preHook', { aapJobTemplateId: 7 })).toEqual({ kind: 'aap', jobTemplateId: 7 });
    expect(() => validateHookConfig('s', 'preHook', { aapJobTemplateId: 0 })).toThrow(/integer > 0/);
    expect(() => validateHookConfig('s', 'preHook', { aapJobTemplateId: 1.5 })).toThrow(/integer > 0/);
    expect(validateHookConfig('s', 'postHook', { aapJobTemplateName: 'mtv-post-hook' })).toEqual({
      kind: 'aapTemplateName',
      name: 'mtv-post-hook',
    });
  });
});

describe('Hook CRs and vms[].hooks', () => {
  it('a local hook runs the hook-runner image with the playbook; an AAP hook carries only spec.aap', () => {
    const local = hookBody('ns', 'PreHook', { kind: 'playbook', playbookBase64: 'eA==' });
    expect(local.spec).toEqual({ image: HOOK_RUNNER_IMAGE, playbook: 'eA==' });
    const aap = hookBody('ns', 'PostHook', { kind: 'aap', jobTemplateId: 4 }, { templateName: 'mtv-post-hook' });
    expect(aap.spec).toEqual({ aap: { jobTemplateId: 4 } });
    expect(aap.metadata?.annotations).toEqual({ 'forklift.konveyor.io/aap-job-template-name': 'mtv-post-hook' });
  });

  it('PreHook comes before PostHook; no hooks, no entries', () => {
    const refs = { PostHook: { name: 'post', namespace: 'n' }, PreHook: { name: 'pre', namespace: 'n' } };
    expect(vmHooks(refs)).toEqual([
      { step: 'PreHook', hook: { name: 'pre', namespace: 'n' } },
      { step: 'PostHook', hook: { name: 'post', namespace: 'n' } },
    ]);
    expect(vmHooks({})).toEqual([]);
  });
});

const plan = (p: Partial<ScenarioPlan>): ScenarioPlan => ({ virtualMachines: [{ name: 'vm' }], ...p });

describe('the expected failure of a scenario plan', () => {
  it('PreHook runs first, then PostHook, then expectedFailedStep', () => {
    const both = plan({ expectedMigrationResult: 'fail', preHook: { expectedResult: 'fail' }, postHook: { expectedResult: 'fail' } });
    expect(expectedFailureOf(both)?.step).toBe('PreHook');
    expect(expectedFailureOf(plan({ expectedMigrationResult: 'fail', postHook: { expectedResult: 'fail' } }))?.step).toBe('PostHook');
    expect(expectedFailureOf(plan({ expectedMigrationResult: 'fail', expectedFailedStep: 'DiskTransfer' }))?.step).toBe('DiskTransfer');
    expect(expectedFailureOf(plan({ postHook: { expectedResult: 'fail' } }))).toBeUndefined();
  });

  it('the loader rule refuses plans that cannot say where the migration fails', () => {
    expect(expectedFailureProblem(plan({ expectedMigrationResult: 'fail' }))?.key).toBe('expectedMigrationResult');
    expect(expectedFailureProblem(plan({ expectedFailedStep: 'DiskTransfer' }))?.key).toBe('expectedFailedStep');
    expect(
      expectedFailureProblem(plan({ expectedMigrationResult: 'fail', expectedFailedStep: 'PreHook', postHook: { expectedResult: 'fail' } }))
        ?.key,
    ).toBe('expectedFailedStep');
    expect(expectedFailureProblem(plan({ preHook: { expectedResult: 'fail' } }))?.key).toBe('expectedMigrationResult');
    expect(expectedFailureProblem(plan({ expectedMigrationResult: 'fail', postHook: { expectedResult: 'fail' } }))).toBeUndefined();
  });
});

type Step = { name: string; error?: { phase: string; reasons: string[] } };
const failedPlan = (vms: Array<{ name: string; pipeline?: Step[] }>): V1beta1Plan =>
  ({ metadata: { name: 'p' }, status: { migration: { vms } } }) as unknown as V1beta1Plan;
const step = (name: string, reason?: string): Step => (reason ? { name, error: { phase: 'Running', reasons: [reason] } } : { name });
const POST = { step: 'PostHook', because: 'postHook.expectedResult is "fail"' };

describe('the failed step of a migration that must fail', () => {
  it('is the first pipeline step with an error, per VM', () => {
    const p = failedPlan([{ name: 'a', pipeline: [step('Initialize'), step('PreHook'), step('PostHook', 'backoff')] }]);
    expect(failedStepsOf('p', p)).toEqual([{ vm: 'a', step: 'PostHook', reasons: ['backoff'] }]);
    expect(verifyExpectedFailure('p', p, POST)).toBe('PostHook');
  });

  it('names the VM, the expected and the actual step when a VM failed elsewhere', () => {
    const p = failedPlan([
      { name: 'a', pipeline: [step('PostHook', 'backoff')] },
      { name: 'b', pipeline: [step('PreHook', 'Job has reached the specified backoff limit')] },
    ]);
    expect(() => verifyExpectedFailure('p', p, POST)).toThrow(
      "plan p: VM b failed at step 'PreHook' but the scenario expects it to fail at step 'PostHook' (step PreHook error: Job has reached the specified backoff limit)",
    );
  });

  it('a VM without a failed step is a pipeline error naming it', () => {
    const p = failedPlan([
      { name: 'a', pipeline: [step('PostHook', 'x')] },
      { name: 'b', pipeline: [step('Initialize')] },
    ]);
    expect(() => verifyExpectedFailure('p', p, POST)).toThrow(
      "plan p: VM 'b' pipeline is missing or has no failed step (expected it to fail at step PostHook)",
    );
    expect(() => failedStepsOf('p', failedPlan([]))).toThrow(/no VM in status.migration.vms/);
  });

  it('a migration that succeeds fails the step, naming the expected step per VM', async () => {
    const ok = failedPlan([{ name: 'a', pipeline: [step('PostHook')] }]);
    await expect(
      migrateExpectingFailure(
        'p',
        POST,
        async () => ok,
        async () => ok,
      ),
    ).rejects.toThrow(
      'migration of plan p Succeeded, but the scenario expects it to fail at step PostHook for every VM (VM a: expected failed step PostHook, actual: none (succeeded))',
    );
  });

  it('a Failed migration is judged on the Plan read back; other errors pass through', async () => {
    const failed = failedPlan([{ name: 'a', pipeline: [step('PostHook', 'x')] }]);
    const exec = new MigrationPlanExecError('p', 'Failed', []);
    await expect(
      migrateExpectingFailure(
        'p',
        POST,
        () => Promise.reject(exec),
        async () => failed,
      ),
    ).resolves.toEqual({
      plan: failed,
      failedStep: 'PostHook',
    });
    const timeout = new MigrationPlanExecError('p', 'Timeout', []);
    await expect(
      migrateExpectingFailure(
        'p',
        POST,
        () => Promise.reject(timeout),
        async () => failed,
      ),
    ).rejects.toBe(timeout);
  });

  it('check VMs runs after a PostHook failure and is skipped, with the reason, after an earlier one', () => {
    expect(checkVmsSkipReason('PostHook')).toBeUndefined();
    expect(checkVmsSkipReason('PreHook')).toMatch(/PreHook failed .* before any VM was migrated/);
    expect(checkVmsSkipReason('DiskTransfer')).toMatch(/failed at step DiskTransfer/);
  });
});
