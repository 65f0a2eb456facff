/**
 * Migration hooks as Forklift Hook CRs (utilities/hooks.py): a scenario hook is exactly one of
 * expectedResult (a built-in playbook that succeeds or fails), playbookBase64 (a custom playbook,
 * checked to be base64 of UTF-8 YAML holding a non-empty list of plays) or aapJobTemplateId (an AAP
 * job template). Local hooks run the hook-runner image with the playbook; AAP hooks carry
 * spec.aap. Every VM of the plan references the hooks in vms[].hooks with step PreHook / PostHook.
 */
import type { V1beta1Hook, V1beta1PlanSpecVms } from '@kubev2v/types';
import type * as Yaml from 'yaml';
import { bundledPackage } from '../../lib/runtime/package-bundle';
import { HookConfigError } from '../../exceptions/hooks';
import { createAndTrack, type ResourceContext } from '../../lib/resources/create';
import type { ScenarioHook } from '../../lib/runner/scenario-types';
import type { ObjectRef } from './context';

const yaml = bundledPackage<typeof Yaml>('yaml');

export const HOOK_RUNNER_IMAGE = 'quay.io/konveyor/hook-runner:latest';

export type HookStep = 'PreHook' | 'PostHook';
export type HookKey = 'preHook' | 'postHook';

export const HOOK_STEP: Readonly<Record<HookKey, HookStep>> = { preHook: 'PreHook', postHook: 'PostHook' };

/** The suite's built-in playbooks: one debug task that succeeds, one `fail` task. */
export const HOOK_PLAYBOOKS: Readonly<Record<'succeed' | 'fail', string>> = {
  succeed: [
    '- name: mtv-tests succeeding hook',
    '  hosts: localhost',
    '  gather_facts: false',
    '  tasks:',
    '    - name: Report success',
    '      ansible.builtin.debug:',
    '        msg: "mtv-tests hook ran and succeeded"',
    '',
  ].join('\n'),
  fail: [
    '- name: mtv-tests failing hook',
    '  hosts: localhost',
    '  gather_facts: false',
    '  tasks:',
    '    - name: Fail on purpose',
    '      ansible.builtin.fail:',
    '        msg: "mtv-tests hook fails on purpose to test expected hook failures"',
    '',
  ].join('\n'),
};

export const toBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** A hook the suite will create: a local playbook, or an AAP job template. */
export type HookSource = { kind: 'playbook'; playbookBase64: string } | { kind: 'aap'; jobTemplateId: number };

/** A validated scenario hook: a HookSource, or an AAP job template still to be looked up by name. */
export type HookConfig = HookSource | { kind: 'aapTemplateName'; name: string };

const HOOK_KEYS = ['expectedResult', 'playbookBase64', 'aapJobTemplateId', 'aapJobTemplateName'] as const;

/** validate_custom_playbook: strict base64 → UTF-8 → YAML → a non-empty list of plays. Returns the problem, or undefined. */
export function customPlaybookProblem(playbookBase64: string): string | undefined {
  const compact = playbookBase64.replace(/[\r\n]/g, '');
  if (!compact.trim()) return 'playbookBase64 is empty';
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return 'playbookBase64 is not valid base64';
  const bytes = Buffer.from(compact, 'base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'playbookBase64 does not decode to UTF-8 text';
  }
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (e) {
    return `playbookBase64 is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  if (!Array.isArray(doc) || doc.length === 0) return 'playbookBase64 must be an Ansible playbook: a non-empty list of plays';
  return undefined;
}

/** validate_hook_config: exactly one of expectedResult / playbookBase64 / aapJobTemplateId (an integer > 0) / aapJobTemplateName. */
export function validateHookConfig(scenario: string, key: HookKey, hook: ScenarioHook): HookConfig {
  const given = HOOK_KEYS.filter((k) => hook[k] !== undefined);
  if (given.length !== 1) {
    throw new HookConfigError(
      scenario,
      key,
      `must set exactly one of ${HOOK_KEYS.join(', ')} (has ${given.length ? given.join(', ') : 'none'})`,
    );
  }
  if (hook.aapJobTemplateName !== undefined) {
    if (!hook.aapJobTemplateName.trim()) throw new HookConfigError(scenario, key, 'aapJobTemplateName is empty');
    return { kind: 'aapTemplateName', name: hook.aapJobTemplateName };
  }
  if (hook.expectedResult !== undefined) {
    if (hook.expectedResult !== 'succeed' && hook.expectedResult !== 'fail')
      throw new HookConfigError(scenario, key, `expectedResult must be "succeed" or "fail", not ${JSON.stringify(hook.expectedResult)}`);
    return { kind: 'playbook', playbookBase64: toBase64(HOOK_PLAYBOOKS[hook.expectedResult]) };
  }
  if (hook.playbookBase64 !== undefined) {
    const problem = customPlaybookProblem(hook.playbookBase64);
    if (problem) throw new HookConfigError(scenario, key, problem);
    return { kind: 'playbook', playbookBase64: hook.playbookBase64.replace(/[\r\n]/g, '') };
  }
  const id = hook.aapJobTemplateId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0)
    throw new HookConfigError(scenario, key, `aapJobTemplateId must be an integer > 0, not ${JSON.stringify(id)}`);
  return { kind: 'aap', jobTemplateId: id };
}

/** Where an AAP hook connects when it does not use the ForkliftController's aap_url / aap_token_secret_name. */
export interface AapHookConnection {
  url: string;
  tokenSecret: ObjectRef;
}

/** The Hook CR body (create_hook_for_plan). */
export function hookBody(
  namespace: string,
  step: HookStep,
  source: HookSource,
  aap?: { connection?: AapHookConnection; templateName?: string },
): V1beta1Hook {
  const spec: Record<string, unknown> =
    source.kind === 'aap'
      ? {
          aap: {
            jobTemplateId: source.jobTemplateId,
            ...(aap?.connection ? { url: aap.connection.url, tokenSecret: { ...aap.connection.tokenSecret } } : {}),
          },
        }
      : { image: HOOK_RUNNER_IMAGE, playbook: source.playbookBase64 };
  return {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Hook',
    metadata: {
      namespace,
      labels: { 'mtv-tests/hook-step': step },
      ...(aap?.templateName ? { annotations: { 'forklift.konveyor.io/aap-job-template-name': aap.templateName } } : {}),
    },
    spec: spec as unknown as V1beta1Hook['spec'],
  } as V1beta1Hook;
}

/** The hooks a plan's VMs reference, by step. */
export type PlanHookRefs = Partial<Record<HookStep, ObjectRef>>;

/** Creates one Hook CR (tracked in the resources file the moment it exists) and returns its reference. */
export async function createHook(
  ctx: ResourceContext,
  namespace: string,
  step: HookStep,
  source: HookSource,
  aap?: { connection?: AapHookConnection; templateName?: string },
): Promise<ObjectRef> {
  const hook = await createAndTrack(ctx, 'Hook', hookBody(namespace, step, source, aap));
  return { name: hook.metadata!.name!, namespace: hook.metadata!.namespace ?? namespace };
}

/** vms[].hooks of a Plan VM: PreHook before PostHook (Forklift's step names). */
export function vmHooks(refs: PlanHookRefs): NonNullable<V1beta1PlanSpecVms['hooks']> {
  return (['PreHook', 'PostHook'] as const)
    .filter((step) => refs[step])
    .map((step) => ({ step, hook: { name: refs[step]!.name, namespace: refs[step]!.namespace } }));
}
