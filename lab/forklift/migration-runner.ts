/**
 * One execution of a Plan for one Migration (pkg/controller/plan/migration.go): the coordinator.
 * Every VM walks its itinerary (lab/forklift/pipeline.ts) phase by phase, up to
 * controller_max_vm_inflight at a time; each phase is carried out by the executor of its concern
 * (lab/forklift/migration/: disk transfer, warm precopy/cutover, hooks, conversion, source power,
 * target objects, cancel/cleanup) and the VM statuses are written to plan.status.migration.vms and
 * migration.status.vms. All durations are MTV minutes on the lab clock. The run ends by reporting
 * which VMs succeeded, failed or were canceled; the plan controller (plan-controller.ts) turns
 * that into the plan and migration conditions.
 */
import type { KubeObject } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import type { SourceVm } from './source-vm';
import { deleteCondition, setCondition } from './conditions';
import { AbortedError } from './lab-clock';
import { buildPipeline, itinerary, type PipelineFlags } from './pipeline';
import { isWarmPlan } from './plan-validation';
import type { PlanVm, Step, VmStatus } from './plan-types';
import { CleanupExecutor } from './migration/cleanup';
import {
  DEFAULT_PHASE_MINUTES,
  PHASE_MINUTES,
  RunContext,
  cancels,
  type RunInput,
  type RunOutcome,
  type RunnerDeps,
  type VmRun,
} from './migration/context';
import { CONVERSION_PHASES, ConversionExecutor } from './migration/conversion';
import { DiskTransferExecutor } from './migration/disk-transfer';
import { HookExecutor } from './migration/hooks';
import { OpenshiftSourceExecutor } from './migration/openshift-source';
import { PrecopyExecutor } from './migration/precopy';
import { RemoteSourceExecutor } from './migration/remote-source';
import { SourceTargetExecutor } from './migration/source-target';
import { SourcePowerExecutor } from './migration/source-power';
import { TargetObjectsExecutor } from './migration/target-objects';
import { enterPhase, failVm, succeedVm, type CurrentStep } from './migration/vm-status';

export type { RunInput, RunOutcome, RunnerDeps } from './migration/context';

const hasHook = (planVm: PlanVm, step: 'PreHook' | 'PostHook'): boolean => (planVm.hooks ?? []).some((h) => h.step === step);

function snapRef(o: KubeObject) {
  return {
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    uid: o.metadata.uid ?? '',
    generation: o.metadata.generation ?? 1,
  };
}

/** What a phase does beyond taking its lab time: 'done' when the handler also took the time. */
type PhaseHandler = (r: VmRun, step: Step | undefined, signal: AbortSignal) => void | 'done' | Promise<void | 'done'>;

export class MigrationRunner {
  private readonly ctx: RunContext;
  private readonly runs: VmRun[] = [];
  private queued = 0;
  private inFlightLimit = 0;
  private readonly disks: DiskTransferExecutor;
  private readonly precopy: PrecopyExecutor;
  private readonly hooks: HookExecutor;
  private readonly conversion: ConversionExecutor;
  private readonly source: SourcePowerExecutor;
  private readonly target: TargetObjectsExecutor;
  private readonly cleanup: CleanupExecutor;
  private readonly remote: RemoteSourceExecutor;
  private readonly sourceTarget: SourceTargetExecutor;
  private readonly ocp: OpenshiftSourceExecutor;
  private readonly handlers: ReadonlyMap<string, PhaseHandler>;

  constructor(deps: RunnerDeps, input: RunInput) {
    this.ctx = new RunContext(deps, input);
    this.disks = new DiskTransferExecutor(this.ctx);
    this.remote = new RemoteSourceExecutor(this.ctx);
    this.precopy = new PrecopyExecutor(this.ctx, this.disks, this.remote);
    this.hooks = new HookExecutor(this.ctx);
    this.conversion = new ConversionExecutor(this.ctx, this.disks);
    this.source = new SourcePowerExecutor(this.ctx);
    this.target = new TargetObjectsExecutor(this.ctx);
    this.sourceTarget = new SourceTargetExecutor(this.ctx, this.remote, this.target);
    this.ocp = new OpenshiftSourceExecutor(this.ctx, this.sourceTarget, this.target);
    this.cleanup = new CleanupExecutor(this.ctx, async (r) => (r.src.openshift ? this.ocp.restorePower(r) : this.remote.restorePower(r)));
    this.handlers = this.phaseHandlers();
  }

  get planUid(): string {
    return this.ctx.planUid;
  }

  get migrationUid(): string {
    return this.ctx.migrationUid;
  }

  get isClosed(): boolean {
    return this.ctx.closed;
  }

  /** VMs waiting for an in-flight slot, and the limit (the plan's Ready message reports them). */
  get queue(): { queued: number; limit: number } {
    return { queued: this.queued, limit: this.inFlightLimit };
  }

  /** Builds the VM statuses and starts every VM; resolves when all are done. */
  async run(): Promise<{ statuses: VmStatus[]; outcome: RunOutcome }> {
    this.ensureNamespace();
    this.prepareVms();
    this.ctx.flush();
    await this.runQueue().finally(() => this.remote.close());
    this.ctx.flushNow();
    const statuses = this.ctx.statuses;
    const failed = statuses.some((s) => s.conditions?.some((c) => c.type === 'Failed'));
    const succeeded = statuses.some((s) => s.conditions?.some((c) => c.type === 'Succeeded'));
    return { statuses, outcome: failed ? 'Failed' : succeeded ? 'Succeeded' : 'Canceled' };
  }

  /** Re-reads spec.cancel and aborts the VMs it names; wakes cutover waits. */
  migrationChanged(): void {
    const spec = this.ctx.migrationSpec();
    for (const r of this.runs) if (!r.status.completed && cancels(spec, r.status)) r.abort.abort('UserRequested');
    this.ctx.deps.clock.wake();
  }

  /** The lab is stopping: abandon every VM without touching the (closing) store. */
  shutdown(): void {
    this.ctx.closed = true;
    for (const r of this.runs) if (!r.status.completed) r.abort.abort('Shutdown');
  }

  /** The Migration was deleted (or the plan swapped): every unfinished VM is canceled. */
  abortAll(reason: 'Deleted' | 'Modified'): void {
    for (const r of this.runs) if (!r.status.completed) r.abort.abort(reason);
  }

  /** The history snapshot refs of this run (plan.status.migration.history[]). */
  historyRefs() {
    const { spec, input } = this.ctx;
    const destination = this.ctx.deps.kinds.get('provider', spec.provider?.destination?.namespace, spec.provider?.destination?.name ?? '');
    return {
      provider: {
        source: snapRef(input.source),
        destination: destination ? snapRef(destination) : { namespace: '', name: '', uid: '', generation: 0 },
      },
      plan: snapRef(input.plan),
      map: { network: snapRef(input.networkMap), storage: snapRef(input.storageMap) },
      migration: snapRef(input.migration),
    };
  }

  /** kubevirt.EnsureNamespace: the run creates the target namespace when it does not exist. */
  private ensureNamespace(): void {
    if (typeof this.ctx.destination === 'string') return; // every VM fails at its first step on the destination
    const kinds = this.ctx.target;
    const ns = this.ctx.targetNamespace;
    if (ns && !kinds.get('namespace', undefined, ns))
      kinds.store.create(kinds.rt('namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }

  /** One status per plan VM: Succeeded ones of earlier runs are kept, the others start afresh. */
  private prepareVms(): void {
    (this.ctx.spec.vms ?? []).forEach((planVm, i) => {
      const inv = this.ctx.input.vms[i];
      const prev = this.ctx.input.previous.find((p) => (planVm.id && p.id === planVm.id) || (inv && p.id === inv.id));
      if (prev && prev.conditions?.some((c) => c.type === 'Succeeded')) {
        this.ctx.statuses.push(prev);
        return;
      }
      if (!inv) return;
      const flags = this.flagsFor(planVm, inv);
      const status: VmStatus = {
        ...(planVm as Omit<PlanVm, 'hooks'>),
        ...(planVm.hooks ? { hooks: planVm.hooks } : {}),
        id: inv.id,
        name: inv.name,
        phase: 'Started',
        pipeline: buildPipeline(flags, inv),
        luks: planVm.luks ?? {},
      } as VmStatus;
      if (flags.warm) status.warm = { successes: 0, failures: 0, consecutiveFailures: 0 };
      this.ctx.statuses.push(status);
      this.runs.push({ status, planVm, src: inv, flags, abort: new AbortController(), dataVolumes: [], offloadPvcs: [] });
    });
  }

  /** The itinerary flags of one VM (migrator/base: which optional phases it has). */
  private flagsFor(planVm: PlanVm, src: SourceVm): PipelineFlags {
    const spec = this.ctx.spec;
    const warm = isWarmPlan(spec);
    const vsphere = src.type === 'vsphere';
    const ova = src.type === 'ova';
    // Guest conversion (virt-v2v) only for sources that need it: of the lab's, vSphere and OVA.
    const skipConversion = spec.skipGuestConversion === true || !(vsphere || ova);
    return {
      warm,
      hasPreHook: hasHook(planVm, 'PreHook'),
      hasPostHook: hasHook(planVm, 'PostHook'),
      requiresConversion: !skipConversion,
      // OVA disks are always copied by virt-v2v (ShouldUseV2vForTransfer).
      useV2vForTransfer: ova || (vsphere && this.useV2vForTransfer()),
      runPreflightInspection: warm && !skipConversion && spec.runPreflightInspection !== false,
      windowsWaitForReboot: !skipConversion && this.windowsWaitForReboot(planVm, src),
      waitForFinalSnapshotConsolidation: this.ctx.deps.settings().waitForFinalSnapshotConsolidation,
      vsphere,
      openstack: src.type === 'openstack',
    };
  }

  /** ShouldUseV2vForTransfer: cold, conversion on, shared disks migrated, no copy offload, to the host cluster. */
  private useV2vForTransfer(): boolean {
    const spec = this.ctx.spec;
    if (isWarmPlan(spec) || spec.skipGuestConversion === true || spec.type === 'conversion' || spec.migrateSharedDisks === false)
      return false;
    const offload = this.ctx.maps.storage.some((e) => (e as { offloadPlugin?: unknown }).offloadPlugin);
    if (offload) return false;
    const destination = this.ctx.deps.kinds.get('provider', spec.provider?.destination?.namespace, spec.provider?.destination?.name ?? '');
    return !(destination?.spec as { url?: string } | undefined)?.url;
  }

  /** The feature is on, the guest is Windows, it is converted and its target power state is not off. */
  private windowsWaitForReboot(planVm: PlanVm, src: SourceVm): boolean {
    const spec = this.ctx.spec;
    const windows = src.vsphere ? /^win/i.test(src.vsphere.guestId) : src.type === 'ova' && src.windows;
    if (!windows || !this.ctx.deps.settings().windowsWaitForReboot || spec.skipGuestConversion === true) return false;
    return (planVm.targetPowerState || spec.targetPowerState || '') !== 'off';
  }

  /** VMs beyond controller_max_vm_inflight wait with a Pending condition (markSchedulerQueuedVMs). */
  private async runQueue(): Promise<void> {
    // Fault vm-inflight-limit-ignored: every VM of the plan starts at once, none is queued.
    const ignored = this.ctx.deps.faults.isOn('vm-inflight-limit-ignored');
    const inFlight = ignored ? Math.max(1, this.runs.length) : Math.max(1, this.ctx.deps.settings().maxVmInFlight);
    const queue = [...this.runs];
    this.inFlightLimit = inFlight;
    for (const r of queue.slice(inFlight)) {
      r.status.conditions = setCondition(r.status.conditions ?? [], {
        type: 'Pending',
        category: 'Advisory',
        message: `Waiting to start migration: in-flight limit reached (max ${inFlight}).`,
        durable: true,
      });
    }
    this.queued = Math.max(0, queue.length - inFlight);
    const workers = Array.from({ length: Math.min(inFlight, queue.length) }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        if (r.status.conditions?.some((c) => c.type === 'Pending')) {
          r.status.conditions = deleteCondition(r.status.conditions ?? [], 'Pending');
          this.queued = Math.max(0, this.queued - 1);
          this.ctx.input.onQueueChange?.();
        }
        await this.runVm(r);
      }
    });
    await Promise.all(workers);
  }

  private async runVm(r: VmRun): Promise<void> {
    const signal = r.abort.signal;
    r.status.started = nowTimestamp();
    if (cancels(this.ctx.migrationSpec(), r.status)) r.abort.abort('UserRequested');
    const phases = itinerary(r.flags);
    const current: CurrentStep = {};
    try {
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i] as string;
        if (phase === 'Completed') break;
        const step = enterPhase(this.ctx, r, phase, current);
        if (phase === 'CopyDisks' && r.flags.warm) {
          i = await this.precopy.loop(r, step, current, phases, i);
          continue;
        }
        await this.execute(r, phase, step, signal);
      }
      succeedVm(this.ctx, r, current);
    } catch (e) {
      if (this.ctx.closed) return;
      if (e instanceof AbortedError || signal.aborted) this.cleanup.cancel(r, String(signal.reason ?? 'UserRequested'));
      else failVm(this.ctx, r, current.name, e instanceof Error ? e.message : String(e));
    }
    this.ctx.flush();
  }

  /** Runs one phase: its handler, then the phase's lab time unless the handler took it. */
  private async execute(r: VmRun, phase: string, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const handler = this.handlers.get(phase);
    if ((await handler?.(r, step, signal)) === 'done') return;
    await this.ctx.deps.clock.sleep(PHASE_MINUTES[phase] ?? DEFAULT_PHASE_MINUTES, signal);
  }

  private phaseHandlers(): Map<string, PhaseHandler> {
    const { clock, faults } = this.ctx.deps;
    const handlers = new Map<string, PhaseHandler>([
      [
        'Started',
        async (r, _step, signal) => {
          this.target.resolveName(r);
          this.cleanup.previousFailure(r);
          // Fault: the migration never leaves its first step.
          while (faults.isOn('migration-stuck')) await clock.sleep(1, signal);
        },
      ],
      ['PreHook', (r, step, signal) => this.done(this.hooks.run(r, 'PreHook', step, signal))],
      ['PostHook', (r, step, signal) => this.done(this.hooks.run(r, 'PostHook', step, signal))],
      ['StorePowerState', (r) => this.storePowerState(r)],
      ['PowerOffSource', (r) => this.powerOff(r)],
      ['WaitForPowerOff', (r, _step, signal) => this.waitForPowerOff(r, signal)],
      ['CreateDataVolumes', (r, _step, signal) => this.createDataVolumes(r, signal)],
      ['ConvertOpenstackSnapshot', (r) => this.remote.convertOpenstackSnapshot(r)],
      ['WaitForInitialSnapshot', (r, _step, signal) => (r.src.type === 'ovirt' ? this.remote.waitSnapshot(r, signal) : undefined)],
      ['WaitForFinalSnapshot', (r, _step, signal) => (r.src.type === 'ovirt' ? this.remote.waitSnapshot(r, signal) : undefined)],
      ['AllocateDisks', (_r, step, signal) => this.done(this.disks.progressTasks(step, signal, 0.01))],
      // Cold CDI path; warm copies run in the precopy loop.
      ['CopyDisks', (r, step, signal) => this.done(this.disks.copyCold(r, step, signal))],
      ['CreateInitialSnapshot', (r) => this.precopy.newPrecopy(r)],
      ['CreateFinalSnapshot', (r) => this.precopy.newPrecopy(r)],
      ['AddFinalCheckpoint', (r) => this.precopy.addCheckpoint(r, true)],
      ['Finalize', (r, step, signal) => this.done(this.precopy.finalize(r, step, signal))],
      [
        'CreateVM',
        (r) => (r.src.vsphere ? this.target.createVm(r) : r.src.openshift ? this.ocp.createVm(r) : this.sourceTarget.createVm(r)),
      ],
    ]);
    for (const phase of CONVERSION_PHASES) handlers.set(phase, (r, step, signal) => this.done(this.conversion.run(r, phase, step, signal)));
    return handlers;
  }

  private powerOff(r: VmRun): void | Promise<void> {
    if (r.src.vsphere) return this.source.powerOff(r);
    if (r.src.openshift) return this.ocp.powerOff(r);
    return r.src.ova ? undefined : this.remote.powerOff(r);
  }

  private waitForPowerOff(r: VmRun, signal: AbortSignal): void | Promise<void> {
    if (r.src.openshift) return this.ocp.waitForPowerOff(r);
    return r.src.vsphere || r.src.ova ? undefined : this.remote.waitForPowerOff(r, signal);
  }

  private createDataVolumes(r: VmRun, signal: AbortSignal): void | Promise<void> {
    if (r.src.vsphere) return this.target.createDataVolumes(r);
    return r.src.openshift ? this.ocp.createDataVolumes(r, signal) : this.sourceTarget.createDataVolumes(r);
  }

  /** An OVA has no power state: Forklift's OVA client reports it off (nothing to stop or restore). */
  private storePowerState(r: VmRun): void | Promise<void> {
    if (r.src.vsphere) return this.source.storePowerState(r);
    if (r.src.openshift) return this.ocp.storePowerState(r);
    if (r.src.ova) {
      r.status.restorePowerState = 'Off';
      return;
    }
    return this.remote.storePowerState(r);
  }

  private async done(work: Promise<void>): Promise<'done'> {
    await work;
    return 'done';
  }
}
