/**
 * Running a plan (utilities/mtv_migration.py execute_migration + wait_for_migration_complate):
 * create the Migration CR (warm: with spec.cutover), then watch the Plan until its Advisory
 * condition Succeeded or Failed appears, logging each VM's progress as it happens (pipeline steps,
 * warm precopies, cutover). A failure or a timeout raises MigrationPlanExecError with each VM's
 * failed step and reasons from status.migration.vms[].pipeline. A Critical plan condition before
 * the run starts ends the wait at once (ForkliftCriticalConditionError): Forklift does not start a
 * blocked plan. Once executing, a blocker is Forklift's to judge: it fails the run (Failed) when the
 * blocker outlasts its grace period, since one that clears (a provider re-test) must not.
 */
import { liveVmProgress } from '../../lib/report/live-view';
import type { V1beta1Migration, V1beta1Plan, V1beta1PlanStatusMigrationVms } from '@kubev2v/types';
import { createAndTrack } from '../../lib/resources/create';
import { criticalCondition, hasTrueCondition, type ConditionLike } from '../../lib/k8s/conditions';
import { waitOn } from '../../lib/k8s/watch';
import { WaitTimeoutError } from '../../exceptions/k8s';
import { MigrationPlanExecError, type VmFailure } from '../../exceptions/migration';
import type { MigrationContext } from './context';
import { asCriticalConditionError } from './critical-waits';

export interface ExecuteOptions {
  warm: boolean;
  /** Warm: the cutover time (ISO 8601). */
  cutover?: string;
  timeoutMs: number;
}

export interface MigrationOutcome {
  migration: V1beta1Migration;
  plan: V1beta1Plan;
}

/** get_cutover_value: UTC now + minutes, in the RFC 3339 form Kubernetes stores. */
export function cutoverTime(minutesFromNow: number, now = Date.now()): string {
  return new Date(now + minutesFromNow * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** _get_failed_migration_step per VM: the first pipeline step that carries an error. */
export function vmFailures(plan: V1beta1Plan | undefined): VmFailure[] {
  const vms = plan?.status?.migration?.vms ?? [];
  return vms
    .filter((vm) => vm.error || vm.pipeline?.some((s) => s.error) || vm.conditions?.some((c) => c.type === 'Failed' && c.status === 'True'))
    .map((vm) => {
      const step = vm.pipeline?.find((s) => s.error);
      const reasons = [...new Set([...(step?.error?.reasons ?? []), ...(vm.error?.reasons ?? [])])];
      return { vm: vm.name ?? vm.id ?? '?', phase: vm.phase, failedStep: step?.name, reasons };
    });
}

function vmStates(plan: V1beta1Plan | undefined): VmFailure[] {
  return (plan?.status?.migration?.vms ?? []).map((vm) => {
    const running = vm.pipeline?.find((s) => s.phase === 'Running');
    return { vm: vm.name ?? vm.id ?? '?', phase: vm.phase, reasons: running ? [`step ${running.name} running`] : [] };
  });
}

/** Logs what changed in each VM's migration since the last Plan event. */
export class ProgressLogger {
  private seen = new Map<string, string>();

  constructor(private readonly log: { info(m: string): void }) {}

  observe(plan: V1beta1Plan): void {
    for (const vm of plan.status?.migration?.vms ?? []) this.observeVm(vm);
  }

  /** Logs the message when the value changed; says whether it did. */
  private once(key: string, value: string, message: string): boolean {
    if (this.seen.get(key) === value) return false;
    this.seen.set(key, value);
    this.log.info(message);
    return true;
  }

  private observeVm(vm: V1beta1PlanStatusMigrationVms): void {
    const name = vm.name ?? vm.id ?? '?';
    if (vm.phase) this.once(`${name}/phase`, vm.phase, `VM ${name}: phase ${vm.phase}`);
    (vm.warm?.precopies ?? []).forEach((p, i) => {
      if (p.start) this.once(`${name}/precopy/${i}/start`, p.start, `VM ${name}: precopy #${i + 1} started`);
      if (p.end) this.once(`${name}/precopy/${i}/end`, p.end, `VM ${name}: precopy #${i + 1} finished (snapshot ${p.snapshot ?? '?'})`);
    });
    for (const step of vm.pipeline ?? []) this.observeStep(name, step);
    if (vm.warm?.nextPrecopyAt) this.once(`${name}/next`, vm.warm.nextPrecopyAt, `VM ${name}: next precopy at ${vm.warm.nextPrecopyAt}`);
  }

  private observeStep(name: string, step: PipelineStep): void {
    if (step.phase) {
      const changed = this.once(
        `${name}/step/${step.name}`,
        step.phase,
        `VM ${name}: step ${step.name} ${step.phase}${step.phase === 'Completed' ? progressOf(step) : ''}`,
      );
      if (changed) liveVmProgress(name, step.name, step.phase, step.progress);
    }
    if (step.error)
      this.once(
        `${name}/error/${step.name}`,
        JSON.stringify(step.error),
        `VM ${name}: step ${step.name} error: ${step.error.reasons?.join('; ') ?? ''}`,
      );
    if (step.name === 'Cutover' && step.phase === 'Running') this.once(`${name}/cutover`, 'started', `VM ${name}: cutover started`);
  }
}

type PipelineStep = NonNullable<V1beta1PlanStatusMigrationVms['pipeline']>[number];

/** " (3/5 GiB)" for a step with more than one unit of progress, else "". */
function progressOf(step: PipelineStep): string {
  if (!step.progress || step.progress.total <= 1) return '';
  const unit = step.annotations?.unit ? ` ${step.annotations.unit}` : '';
  return ` (${step.progress.completed}/${step.progress.total}${unit})`;
}

export async function executeMigration(ctx: MigrationContext, plan: V1beta1Plan, opts: ExecuteOptions): Promise<MigrationOutcome> {
  const migration = await startMigration(ctx, plan, opts);
  const finished = await waitForPlanOutcome(ctx, plan.metadata!.name!, opts.timeoutMs);
  return { migration, plan: finished };
}

/** Creates the plan's Migration CR (warm: with spec.cutover); tracked the moment it exists. */
export async function startMigration(
  ctx: MigrationContext,
  plan: V1beta1Plan,
  opts: Omit<ExecuteOptions, 'timeoutMs'>,
): Promise<V1beta1Migration> {
  const planName = plan.metadata!.name!;
  const migration = await createAndTrack(
    ctx,
    'Migration',
    {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Migration',
      metadata: { namespace: ctx.namespace },
      spec: { plan: { name: planName, namespace: ctx.namespace }, ...(opts.warm && opts.cutover ? { cutover: opts.cutover } : {}) },
    },
    { warm: opts.warm },
  );
  if (opts.warm && opts.cutover) ctx.client.log.info(`warm migration ${migration.metadata?.name}: cutover scheduled at ${opts.cutover}`);
  return migration;
}

interface PlanOutcome {
  plan: V1beta1Plan;
  result: 'Succeeded' | 'Failed' | 'Canceled';
}

/** A Critical plan condition while the run has not started (no Executing): Forklift will not start it. */
export function blockedBeforeStart(plan: V1beta1Plan): ConditionLike | undefined {
  return hasTrueCondition(plan, 'Executing') ? undefined : criticalCondition(plan);
}

/**
 * Watches the Plan until Succeeded (returned) or Failed/Canceled (MigrationPlanExecError); a plan
 * blocked before its run starts fails at once (ForkliftCriticalConditionError).
 */
export async function waitForPlanOutcome(ctx: MigrationContext, planName: string, timeoutMs: number): Promise<V1beta1Plan> {
  const progress = new ProgressLogger(ctx.client.log);
  let last: V1beta1Plan | undefined;
  let outcome: PlanOutcome;
  try {
    outcome = await waitOn<'Plan', PlanOutcome>(ctx.client, {
      kind: 'Plan',
      name: planName,
      namespace: ctx.namespace,
      what: `Plan ${ctx.namespace}/${planName} migration to finish (Succeeded or Failed)`,
      timeoutMs,
      signal: ctx.signal,
      check: (items) => {
        const p = items[0];
        if (!p) return undefined;
        last = p;
        progress.observe(p);
        for (const result of ['Succeeded', 'Failed', 'Canceled'] as const)
          if (hasTrueCondition(p, result)) return { done: { plan: p, result } };
        const blocker = blockedBeforeStart(p);
        return blocker ? { terminal: blocker } : undefined;
      },
    });
  } catch (error) {
    throw asCriticalConditionError(
      await timeoutAsExecError(ctx, planName, timeoutMs, error, last),
      { kind: 'Plan', namespace: ctx.namespace, name: planName },
      'its migration to start and finish (Succeeded or Failed)',
    );
  }
  if (outcome.result === 'Succeeded') return outcome.plan;
  throw new MigrationPlanExecError(planName, outcome.result, vmFailures(outcome.plan));
}

/** A wait timeout restated as MigrationPlanExecError with each VM's state; any other error as it is. */
async function timeoutAsExecError(
  ctx: MigrationContext,
  planName: string,
  timeoutMs: number,
  error: unknown,
  last: V1beta1Plan | undefined,
): Promise<unknown> {
  if (!(error instanceof WaitTimeoutError)) return error;
  const now = (await ctx.client.tryGet('Plan', planName, ctx.namespace)) ?? last;
  return new MigrationPlanExecError(planName, 'Timeout', vmStates(now), `waited ${Math.round(timeoutMs / 1000)} s`);
}
