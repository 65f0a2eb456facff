/**
 * PreHook / PostHook steps (reference §8): an AAP job template over the AAP REST API, or a local
 * hook Job whose outcome the lab decides from the playbook. A failure becomes the step's error.
 */
import type { KubeObject } from '../../apiserver/contract';
import { workloadOf } from '../../inventory/vsphere-collections';
import { runAapHook } from '../aap-hook';
import { createHookJob, finishHookJob, hookJobOutcome } from '../hook-runner';
import { AbortedError } from '../lab-clock';
import type { Step } from '../plan-types';
import { PHASE_MINUTES, StepError, type RunContext, type VmRun } from './context';

export type HookPhase = 'PreHook' | 'PostHook';

export class HookExecutor {
  constructor(private readonly ctx: RunContext) {}

  async run(r: VmRun, phase: HookPhase, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const { kinds } = this.ctx.deps;
    const ref = (r.planVm.hooks ?? []).find((h) => h.step === phase)?.hook;
    const hook = ref?.name ? kinds.get('hook', ref.namespace, ref.name) : undefined;
    if (!hook) throw new StepError('Hook not found.');
    if ((hook.spec as { aap?: unknown } | undefined)?.aap) await this.runAap(r, phase, hook, signal);
    else await this.runJob(r, phase, hook, signal);
    if (step) step.progress = { ...step.progress, completed: 1 };
  }

  private async runAap(r: VmRun, phase: HookPhase, hook: KubeObject, signal: AbortSignal): Promise<void> {
    const { kinds, clock } = this.ctx.deps;
    const plan = this.ctx.input.plan;
    try {
      await runAapHook({
        kinds,
        hook,
        settings: this.ctx.deps.settings(),
        clock,
        signal,
        extraVars: {
          vm_id: r.src.id,
          vm_name: r.src.name,
          plan_name: plan.metadata.name ?? '',
          plan_namespace: plan.metadata.namespace ?? '',
          migration_phase: phase,
        },
      });
    } catch (e) {
      if (e instanceof AbortedError) throw e;
      throw new StepError(e instanceof Error ? e.message : String(e));
    }
  }

  private async runJob(r: VmRun, phase: HookPhase, hook: KubeObject, signal: AbortSignal): Promise<void> {
    const { kinds, clock } = this.ctx.deps;
    const collections = this.ctx.sourceCollections();
    const inv = r.src.vsphere;
    // The inventory Workload of the VM: vSphere's with its host tree, else the type's inventory VM.
    const workload = inv ? (collections ? (workloadOf(collections, inv) ?? inv) : inv) : (r.src.ovirt?.vm ?? r.src.openstack?.vm ?? {});
    const { job, willFail } = createHookJob(kinds, {
      plan: this.ctx.input.plan,
      migrationUid: this.ctx.migrationUid,
      vmId: r.src.id,
      step: phase,
      hook,
      workload,
      ...(this.ctx.spec.serviceAccount ? { serviceAccount: this.ctx.spec.serviceAccount } : {}),
    });
    await clock.sleep(PHASE_MINUTES.HookRun ?? 1, signal);
    finishHookJob(kinds, job, willFail);
    const outcome = hookJobOutcome(kinds, job);
    if (outcome.error) throw new StepError(outcome.error);
  }
}
