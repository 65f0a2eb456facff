/**
 * A VM's pipeline bookkeeping (plan.VMStatus, reference §2.3-2.4): which step a phase belongs to,
 * steps entered and completed, and the VM's end as Succeeded or Failed.
 */
import { nowTimestamp } from '../../apiserver/objects';
import { setCondition } from '../conditions';
import { stepOf } from '../pipeline';
import type { Step, VmStatus } from '../plan-types';
import type { RunContext, VmRun } from './context';

/** The name of the step the VM is in, carried across phases. */
export interface CurrentStep {
  name?: string;
}

export function findStep(vm: VmStatus, name: string): Step | undefined {
  return vm.pipeline.find((s) => s.name === name);
}

function completeStep(step: Step): void {
  step.phase = 'Completed';
  step.completed = nowTimestamp();
  step.progress = { ...step.progress, completed: step.progress.total };
}

/** vm.phase = phase; the previous step completes when the phase belongs to another step. */
export function enterPhase(ctx: RunContext, r: VmRun, phase: string, current: CurrentStep): Step | undefined {
  const vm = r.status;
  vm.phase = phase;
  const name = stepOf(phase, r.flags);
  ctx.deps.log(`${migrationOf(ctx)}: VM ${vm.name ?? vm.id} phase ${phase} (step ${name})`);
  if (current.name && current.name !== name) {
    const prev = findStep(vm, current.name);
    if (prev && !prev.error) completeStep(prev);
  }
  current.name = name;
  const step = findStep(vm, name);
  if (step) {
    step.started ??= nowTimestamp();
    step.phase = 'Running';
    delete step.completed;
  }
  ctx.flush();
  return step;
}

/** "migration <ns>/<name>", the subject of the controller's log lines about a run. */
function migrationOf(ctx: RunContext): string {
  const m = ctx.input.migration.metadata;
  return `migration ${m.namespace ?? ''}/${m.name ?? ''}`;
}

/** The itinerary ran to its end: the last step completes and the VM has Succeeded. */
export function succeedVm(ctx: RunContext, r: VmRun, current: CurrentStep): void {
  const vm = r.status;
  ctx.deps.log(`${migrationOf(ctx)}: VM ${vm.name ?? vm.id} migration SUCCEEDED`);
  const last = current.name ? findStep(vm, current.name) : undefined;
  if (last && !last.error) completeStep(last);
  vm.phase = 'Completed';
  vm.completed = nowTimestamp();
  vm.conditions = setCondition(vm.conditions ?? [], {
    type: 'Succeeded',
    category: 'Advisory',
    message: 'The VM migration has SUCCEEDED.',
    durable: true,
  });
}

/** Fault hook-fails-at-wrong-step: a failing PostHook is reported at the PreHook step instead. */
function misplacePostHookFailure(vm: VmStatus): string {
  const post = findStep(vm, 'PostHook');
  if (post) {
    post.phase = 'Completed';
    post.completed = nowTimestamp();
  }
  if (!findStep(vm, 'PreHook')) {
    const at = Math.max(1, vm.pipeline.findIndex((s) => s.name === 'Initialize') + 1);
    vm.pipeline.splice(at, 0, {
      name: 'PreHook',
      description: 'Run pre-migration hook.',
      progress: { total: 1, completed: 0 },
      phase: 'Pending',
    });
  }
  return 'PreHook';
}

/** A step error propagates to vm.error; the VM completes with condition Failed (reference §8). */
export function failVm(ctx: RunContext, r: VmRun, stepName: string | undefined, reason: string): void {
  const vm = r.status;
  ctx.deps.log(`${migrationOf(ctx)}: VM ${vm.name ?? vm.id} migration FAILED at ${stepName ?? 'Initialize'}: ${reason}`);
  let where = stepName ?? 'Initialize';
  if (where === 'PostHook' && ctx.deps.faults.isOn('hook-fails-at-wrong-step')) where = misplacePostHookFailure(vm);
  const step = findStep(vm, where);
  if (step) {
    step.error = { phase: step.phase ?? 'Running', reasons: [...new Set([...(step.error?.reasons ?? []), reason])] };
    step.phase = 'Completed';
    step.started ??= nowTimestamp();
    step.completed = nowTimestamp();
  }
  vm.error = { phase: vm.phase, reasons: [...new Set([...(vm.error?.reasons ?? []), reason])] };
  vm.phase = 'Completed';
  vm.completed = nowTimestamp();
  vm.conditions = setCondition(vm.conditions ?? [], {
    type: 'Failed',
    category: 'Advisory',
    message: 'The VM migration has FAILED.',
    durable: true,
  });
}
