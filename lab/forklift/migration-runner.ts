/**
 * One execution of a Plan for one Migration (pkg/controller/plan/migration.go): every VM walks its
 * itinerary (lab/forklift/pipeline.ts) phase by phase; the pipeline steps, tasks and progress,
 * vm.phase, warm precopies, hooks, source power handling and the target objects are written to
 * plan.status.migration.vms and copied to migration.status.vms. All durations are MTV minutes on
 * the lab clock. The runner ends by reporting which VMs succeeded, failed or were canceled; the
 * plan controller turns that into the plan/migration conditions (lab/forklift/execution.ts).
 */
import crypto from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import type { LabFaults } from '../faults-catalog';
import type { InventoryService } from '../inventory/service';
import type { InvVm } from '../inventory/types';
import type { VSphereModel } from '../vsphere/model';
import { workloadOf } from '../inventory/vsphere-collections';
import { deleteCondition, setCondition } from './conditions';
import { runAapHook } from './aap-hook';
import { createHookJob, finishHookJob, hookJobOutcome } from './hook-runner';
import { secretData, type Kinds } from './kinds';
import { AbortedError, type LabClock } from './lab-clock';
import { buildPipeline, itinerary, PRECOPY_LOOP, stepOf, type PipelineFlags } from './pipeline';
import { isWarmPlan } from './plan-validation';
import type { MigrationSpec, PlanSpec, PlanVm, Step, VmStatus } from './plan-types';
import type { ForkliftSettings } from './settings';
import { startedPhaseVmName } from './naming';
import { buildTarget, orderedDisks, pvcNames, vmLabels, type MapEntries, type TargetInput } from './target-vm';
import { createOffloadVolumes, entryFor, offloadFor, planUsesOffload, bindPopulatedPvc, reportProgress } from './copy-offload';

export interface RunnerDeps {
  kinds: Kinds;
  inventory: InventoryService;
  model: VSphereModel;
  faults: LabFaults;
  clock: LabClock;
  settings: () => ForkliftSettings;
  log: (m: string) => void;
}

export interface RunInput {
  plan: KubeObject;
  migration: KubeObject;
  source: KubeObject;
  networkMap: KubeObject;
  storageMap: KubeObject;
  /** Source VMs resolved by the plan's validation, by index of spec.vms. */
  vms: Array<InvVm | undefined>;
  /** VM statuses of earlier runs (Succeeded ones are kept as they are). */
  previous: VmStatus[];
  /** Called when a queued VM gets its in-flight slot. */
  onQueueChange?: () => void;
}

export type RunOutcome = 'Succeeded' | 'Failed' | 'Canceled';

/** Minutes each phase takes in the lab (disk copies scale with size: 40 GiB per minute). */
const PHASE_MINUTES: Record<string, number> = {
  Started: 0.5,
  StorePowerState: 0.1,
  PowerOffSource: 0.3,
  WaitForPowerOff: 0.5,
  CreateDataVolumes: 0.5,
  AllocateDisks: 0.5,
  CreateGuestConversionPod: 0.5,
  ConvertGuest: 2,
  CreateVM: 0.5,
  WaitForGuestReboots: 1,
  PreflightInspection: 1,
  CreateInitialSnapshot: 0.2,
  WaitForInitialSnapshot: 0.3,
  StoreInitialSnapshotDeltas: 0.1,
  RemovePreviousSnapshot: 0.1,
  WaitForPreviousSnapshotRemoval: 0.2,
  CreateSnapshot: 0.2,
  WaitForSnapshot: 0.3,
  StoreSnapshotDeltas: 0.1,
  AddCheckpoint: 0.1,
  RemovePenultimateSnapshot: 0.1,
  WaitForPenultimateSnapshotRemoval: 0.2,
  CreateFinalSnapshot: 0.2,
  WaitForFinalSnapshot: 0.3,
  AddFinalCheckpoint: 0.1,
  RemoveFinalSnapshot: 0.1,
  WaitForFinalSnapshotRemoval: 0.5,
  HookRun: 1,
};
const GIB_PER_MINUTE = 40;
/** How long the CDI path waits for DataVolumes before the step fails. */
const DV_WAIT_MINUTES = 120;

class StepError extends Error {}

function snapRef(o: KubeObject) {
  return { namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '', uid: o.metadata.uid ?? '', generation: o.metadata.generation ?? 1 };
}

/** Does a spec.cancel entry name this VM (by id, or by name)? */
function cancels(spec: MigrationSpec, vm: VmStatus): boolean {
  return (spec.cancel ?? []).some((r) => (r.id && r.id === vm.id) || (!r.id && r.name && r.name === vm.name));
}

interface VmRun {
  status: VmStatus;
  planVm: PlanVm;
  inv: InvVm;
  flags: PipelineFlags;
  abort: AbortController;
  dataVolumes: KubeObject[];
  offloadPvcs: KubeObject[];
}

export class MigrationRunner {
  private readonly runs: VmRun[] = [];
  private readonly statuses: VmStatus[] = [];
  private flushPending = false;
  private closed = false;
  private queued = 0;
  private inFlightLimit = 0;
  private readonly startedMs = Date.now();
  readonly planUid: string;
  readonly migrationUid: string;
  private readonly maps: MapEntries;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly input: RunInput,
  ) {
    this.planUid = input.plan.metadata.uid ?? '';
    this.migrationUid = input.migration.metadata.uid ?? '';
    this.maps = {
      network: ((input.networkMap.spec as { map?: MapEntries['network'] } | undefined)?.map ?? []) as MapEntries['network'],
      storage: ((input.storageMap.spec as { map?: MapEntries['storage'] } | undefined)?.map ?? []) as MapEntries['storage'],
    };
  }

  private get spec(): PlanSpec {
    return (this.input.plan.spec ?? {}) as PlanSpec;
  }

  private migrationSpec(): MigrationSpec {
    const m = this.deps.kinds.get('migration', this.input.migration.metadata.namespace, this.input.migration.metadata.name ?? '');
    return ((m ?? this.input.migration).spec ?? {}) as MigrationSpec;
  }

  private flagsFor(planVm: PlanVm, inv: InvVm): PipelineFlags {
    const spec = this.spec;
    const s = this.deps.settings();
    const warm = isWarmPlan(spec);
    const target = planVm.targetPowerState || spec.targetPowerState || '';
    const windows = /^win/i.test(inv.guestId);
    const destination = this.deps.kinds.get('provider', spec.provider?.destination?.namespace, spec.provider?.destination?.name ?? '');
    const hostDestination = !(destination?.spec as { url?: string } | undefined)?.url;
    const offload = this.maps.storage.some((e) => (e as { offloadPlugin?: unknown }).offloadPlugin);
    const skipConversion = spec.skipGuestConversion === true;
    return {
      warm,
      hasPreHook: (planVm.hooks ?? []).some((h) => h.step === 'PreHook'),
      hasPostHook: (planVm.hooks ?? []).some((h) => h.step === 'PostHook'),
      requiresConversion: !skipConversion,
      useV2vForTransfer: !warm && hostDestination && spec.migrateSharedDisks !== false && !skipConversion && spec.type !== 'conversion' && !offload,
      runPreflightInspection: warm && !skipConversion && spec.runPreflightInspection !== false,
      windowsWaitForReboot: s.windowsWaitForReboot && windows && target !== 'off' && !skipConversion,
      waitForFinalSnapshotConsolidation: s.waitForFinalSnapshotConsolidation,
      vsphere: true,
    };
  }

  /** Builds the VM statuses and starts every VM; resolves when all are done. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** VMs waiting for an in-flight slot, and the limit (the plan's Ready message reports them). */
  get queue(): { queued: number; limit: number } {
    return { queued: this.queued, limit: this.inFlightLimit };
  }

  async run(): Promise<{ statuses: VmStatus[]; outcome: RunOutcome }> {
    this.ensureNamespace();
    const specVms = this.spec.vms ?? [];
    specVms.forEach((planVm, i) => {
      const inv = this.input.vms[i];
      const prev = this.input.previous.find((p) => (planVm.id && p.id === planVm.id) || (inv && p.id === inv.id));
      if (prev && prev.conditions?.some((c) => c.type === 'Succeeded')) {
        this.statuses.push(prev);
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
        luks: {},
      } as VmStatus;
      if (flags.warm) status.warm = { successes: 0, failures: 0, consecutiveFailures: 0 };
      this.statuses.push(status);
      this.runs.push({ status, planVm, inv, flags, abort: new AbortController(), dataVolumes: [], offloadPvcs: [] });
    });
    this.flush();
    const inFlight = Math.max(1, this.deps.settings().maxVmInFlight);
    const queue = [...this.runs];
    this.inFlightLimit = inFlight;
    // VMs beyond controller_max_vm_inflight wait with a Pending condition (markSchedulerQueuedVMs).
    for (const r of queue.slice(inFlight)) {
      r.status.conditions = setCondition(r.status.conditions ?? [], { type: 'Pending', category: 'Advisory', message: `Waiting to start migration: in-flight limit reached (max ${inFlight}).`, durable: true });
    }
    this.queued = Math.max(0, queue.length - inFlight);
    const workers = Array.from({ length: Math.min(inFlight, queue.length) }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        if (r.status.conditions?.some((c) => c.type === 'Pending')) {
          r.status.conditions = deleteCondition(r.status.conditions ?? [], 'Pending');
          this.queued = Math.max(0, this.queued - 1);
          this.input.onQueueChange?.();
        }
        await this.runVm(r);
      }
    });
    await Promise.all(workers);
    this.flushNow();
    const failed = this.statuses.some((s) => s.conditions?.some((c) => c.type === 'Failed'));
    const succeeded = this.statuses.some((s) => s.conditions?.some((c) => c.type === 'Succeeded'));
    return { statuses: this.statuses, outcome: failed ? 'Failed' : succeeded ? 'Succeeded' : 'Canceled' };
  }

  /** Re-reads spec.cancel and aborts the VMs it names; wakes cutover waits. */
  migrationChanged(): void {
    const spec = this.migrationSpec();
    for (const r of this.runs) if (!r.status.completed && cancels(spec, r.status)) r.abort.abort('UserRequested');
    this.deps.clock.wake();
  }

  /** The Migration was deleted (or the plan swapped): every unfinished VM is canceled. */
  /** The lab is stopping: abandon every VM without touching the (closing) store. */
  shutdown(): void {
    this.closed = true;
    for (const r of this.runs) if (!r.status.completed) r.abort.abort('Shutdown');
  }

  abortAll(reason: 'Deleted' | 'Modified'): void {
    for (const r of this.runs) if (!r.status.completed) r.abort.abort(reason);
  }

  /** kubevirt.EnsureNamespace: the run creates the target namespace when it does not exist. */
  private ensureNamespace(): void {
    const { kinds } = this.deps;
    const ns = this.spec.targetNamespace ?? '';
    if (ns && !kinds.get('namespace', undefined, ns)) kinds.store.create(kinds.rt('namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }

  // ---- status --------------------------------------------------------------------------------

  private flush(): void {
    if (this.flushPending || this.closed) return;
    this.flushPending = true;
    setImmediate(() => this.flushNow());
  }

  private flushNow(): void {
    this.flushPending = false;
    if (this.closed) return;
    const { kinds } = this.deps;
    const vms = JSON.parse(JSON.stringify(this.statuses)) as VmStatus[];
    const p = this.input.plan;
    kinds.store.mutate(
      kinds.rt('plan'),
      p.metadata.namespace,
      p.metadata.name ?? '',
      (o) => {
        const st = (o.status ?? {}) as { migration?: Record<string, unknown> };
        st.migration = { ...(st.migration ?? {}), vms };
        o.status = st;
      },
      { status: true },
    );
    const m = this.input.migration;
    kinds.store.mutate(kinds.rt('migration'), m.metadata.namespace, m.metadata.name ?? '', (o) => (o.status = { ...((o.status ?? {}) as object), vms }), { status: true });
  }

  // ---- one VM --------------------------------------------------------------------------------

  private findStep(vm: VmStatus, name: string): Step | undefined {
    return vm.pipeline.find((s) => s.name === name);
  }

  private enterPhase(r: VmRun, phase: string, currentStep: { name?: string }): Step | undefined {
    const vm = r.status;
    vm.phase = phase;
    const name = stepOf(phase, r.flags);
    if (currentStep.name && currentStep.name !== name) {
      const prev = this.findStep(vm, currentStep.name);
      if (prev && !prev.error) {
        prev.phase = 'Completed';
        prev.completed = nowTimestamp();
        prev.progress = { ...prev.progress, completed: prev.progress.total };
      }
    }
    currentStep.name = name;
    const step = this.findStep(vm, name);
    if (step) {
      step.started ??= nowTimestamp();
      step.phase = 'Running';
      delete step.completed;
    }
    this.flush();
    return step;
  }

  private async runVm(r: VmRun): Promise<void> {
    const vm = r.status;
    const signal = r.abort.signal;
    vm.started = nowTimestamp();
    if (cancels(this.migrationSpec(), vm)) r.abort.abort('UserRequested');
    const phases = itinerary(r.flags);
    const current: { name?: string } = {};
    try {
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i] as string;
        if (phase === 'Completed') break;
        const step = this.enterPhase(r, phase, current);
        if (phase === 'CopyDisks' && r.flags.warm) {
          i = await this.precopyLoop(r, step, current, phases, i);
          continue;
        }
        await this.execute(r, phase, step, signal);
      }
      // Completed.
      const last = current.name ? this.findStep(vm, current.name) : undefined;
      if (last && !last.error) {
        last.phase = 'Completed';
        last.completed = nowTimestamp();
        last.progress = { ...last.progress, completed: last.progress.total };
      }
      vm.phase = 'Completed';
      vm.completed = nowTimestamp();
      vm.conditions = setCondition(vm.conditions ?? [], { type: 'Succeeded', category: 'Advisory', message: 'The VM migration has SUCCEEDED.', durable: true });
    } catch (e) {
      if (this.closed) return;
      if (e instanceof AbortedError || signal.aborted) {
        await this.cancelVm(r, String(signal.reason ?? 'UserRequested'));
      } else {
        this.failVm(r, current.name, e instanceof Error ? e.message : String(e));
      }
    }
    this.flush();
  }

  private failVm(r: VmRun, stepName: string | undefined, reason: string): void {
    const vm = r.status;
    let where = stepName ?? 'Initialize';
    // Fault: a failing PostHook is reported at the PreHook step instead.
    if (where === 'PostHook' && this.deps.faults.isOn('hook-fails-at-wrong-step')) {
      where = 'PreHook';
      const post = this.findStep(vm, 'PostHook');
      if (post) {
        post.phase = 'Completed';
        post.completed = nowTimestamp();
      }
      if (!this.findStep(vm, 'PreHook')) {
        const at = Math.max(1, vm.pipeline.findIndex((s) => s.name === 'Initialize') + 1);
        vm.pipeline.splice(at, 0, { name: 'PreHook', description: 'Run pre-migration hook.', progress: { total: 1, completed: 0 }, phase: 'Pending' });
      }
    }
    const step = this.findStep(vm, where);
    if (step) {
      step.error = { phase: step.phase ?? 'Running', reasons: [...new Set([...(step.error?.reasons ?? []), reason])] };
      step.phase = 'Completed';
      step.started ??= nowTimestamp();
      step.completed = nowTimestamp();
    }
    vm.error = { phase: vm.phase, reasons: [...new Set([...(vm.error?.reasons ?? []), reason])] };
    vm.phase = 'Completed';
    vm.completed = nowTimestamp();
    vm.conditions = setCondition(vm.conditions ?? [], { type: 'Failed', category: 'Advisory', message: 'The VM migration has FAILED.', durable: true });
  }

  private async cancelVm(r: VmRun, reason: string): Promise<void> {
    const vm = r.status;
    const message = reason === 'Deleted' ? 'The migration has been deleted.' : 'The migration has been canceled.';
    vm.conditions = setCondition(vm.conditions ?? [], { type: 'Canceled', category: 'Advisory', reason, message, durable: true });
    const spec = this.spec;
    const deleteOnFail = r.planVm.deleteVmOnFailMigration ?? spec.deleteVmOnFailMigration ?? true;
    if (deleteOnFail) this.deleteTargets(r);
    if (vm.restorePowerState === 'On') this.deps.model.setPowerState(vm.id, 'poweredOn');
    vm.phase = 'Completed';
    vm.completed = nowTimestamp();
  }

  /** Deletes the target VM and its DataVolumes/PVCs (cancel cleanup, §2.6). */
  private deleteTargets(r: VmRun): void {
    const { kinds } = this.deps;
    const ns = this.spec.targetNamespace ?? '';
    const selector = `plan=${this.planUid},vmID=${r.inv.id}`;
    for (const vmObj of kinds.list('vm', ns, selector)) kinds.store.delete(kinds.rt('vm'), ns, vmObj.metadata.name ?? '');
    for (const dv of kinds.list('dataVolume', ns, selector)) kinds.store.delete(kinds.rt('dataVolume'), ns, dv.metadata.name ?? '');
    for (const pvc of kinds.list('pvc', ns, selector)) kinds.store.delete(kinds.rt('pvc'), ns, pvc.metadata.name ?? '');
  }

  private async progressTasks(step: Step | undefined, signal: AbortSignal, minutesPerGiB: number): Promise<void> {
    if (!step?.tasks) return this.deps.clock.sleep(0.5, signal);
    for (const t of step.tasks) {
      t.phase = 'Running';
      t.started ??= nowTimestamp();
      this.flush();
      const gib = t.progress.total / 1024;
      const minutes = Math.max(0.2, gib * minutesPerGiB);
      // Two visible progress updates per disk.
      await this.deps.clock.sleep(minutes / 2, signal);
      t.progress = { ...t.progress, completed: Math.floor(t.progress.total / 2) };
      step.progress = { ...step.progress, completed: step.tasks.reduce((s, x) => s + x.progress.completed, 0) };
      this.flush();
      await this.deps.clock.sleep(minutes / 2, signal);
      t.progress = { ...t.progress, completed: t.progress.total };
      t.phase = 'Completed';
      t.reason = 'Transfer completed.';
      t.completed = nowTimestamp();
      step.progress = { ...step.progress, completed: step.tasks.reduce((s, x) => s + x.progress.completed, 0) };
      this.flush();
    }
  }

  private async execute(r: VmRun, phase: string, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const { clock, model, faults } = this.deps;
    const vm = r.status;
    switch (phase) {
      case 'Started': {
        this.resolveNewName(r);
        this.cleanupPreviousFailure(r);
        // Fault: the migration never leaves its first step.
        while (faults.isOn('migration-stuck')) await clock.sleep(1, signal);
        await clock.sleep(PHASE_MINUTES.Started ?? 0, signal);
        return;
      }
      case 'PreHook':
      case 'PostHook':
        return this.runHook(r, phase, step, signal);
      case 'StorePowerState': {
        const src = model.vm(vm.id);
        vm.restorePowerState = src?.powerState === 'poweredOn' ? 'On' : src ? 'Off' : 'Unknown';
        break;
      }
      case 'PowerOffSource':
        if (model.vm(vm.id)?.powerState !== 'poweredOff') model.setPowerState(vm.id, 'poweredOff');
        if (faults.isOn('source-snapshots-removed')) model.removeSnapshots(vm.id);
        break;
      case 'CreateDataVolumes':
        this.createDataVolumes(r);
        break;
      case 'CopyDisksVirtV2V':
        await this.progressTasks(step, signal, 1 / GIB_PER_MINUTE);
        vm.disksCopied = true;
        return;
      case 'CopyDisks': // cold CDI path (warm copies run in precopyLoop)
        if (r.offloadPvcs.length > 0) await this.populate(r, step, signal);
        else await this.waitDataVolumes(r, step, 'Succeeded', signal);
        vm.disksCopied = true;
        return;
      case 'AllocateDisks':
        await this.progressTasks(step, signal, 0.01);
        return;
      case 'CreateInitialSnapshot':
      case 'CreateFinalSnapshot':
        this.newPrecopy(r);
        break;
      case 'AddFinalCheckpoint':
        this.addCheckpoint(r, true);
        break;
      case 'Finalize': {
        await this.waitDataVolumes(r, step, 'Succeeded', signal);
        const last = vm.warm?.precopies?.[vm.warm.precopies.length - 1];
        if (last) last.end = nowTimestamp();
        vm.disksCopied = true;
        return;
      }
      case 'CreateVM':
        this.createVm(r);
        break;
      default:
        break;
    }
    await clock.sleep(PHASE_MINUTES[phase] ?? 0.2, signal);
  }

  /**
   * Warm: the precopy loop {CopyDisks, CopyingPaused, [snapshot phases]} until the cutover time;
   * returns the itinerary index of the last loop phase so the caller continues at StorePowerState.
   */
  private async precopyLoop(r: VmRun, step: Step | undefined, current: { name?: string }, phases: string[], copyIndex: number): Promise<number> {
    const vm = r.status;
    const { clock } = this.deps;
    const signal = r.abort.signal;
    const warm = vm.warm ?? { successes: 0, failures: 0, consecutiveFailures: 0 };
    vm.warm = warm;
    const loop = phases.slice(copyIndex).filter((p) => (PRECOPY_LOOP as readonly string[]).includes(p));
    const lastLoopIndex = copyIndex + loop.length - 1;
    for (let round = 0; ; round++) {
      // CopyDisks: the first precopy copies everything, later ones only the deltas.
      if (round > 0) this.enterPhase(r, 'CopyDisks', current);
      const copyStep = this.findStep(vm, stepOf('CopyDisks', r.flags)) ?? step;
      await this.waitDataVolumes(r, copyStep, 'Paused', signal, warm.successes + 1);
      const last = warm.precopies?.[warm.precopies.length - 1];
      if (last) last.end = nowTimestamp();
      warm.successes += 1;
      warm.consecutiveFailures = 0;
      const interval = this.deps.settings().precopyIntervalMinutes;
      warm.nextPrecopyAt = new Date(Date.now() + clock.ms(interval)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      this.enterPhase(r, 'CopyingPaused', current);
      const nextAt = Date.parse(warm.nextPrecopyAt);
      const cutoverAt = () => this.cutoverInstant(vm.id);
      await clock.until(() => {
        const c = cutoverAt();
        return c === undefined ? nextAt : Math.min(c, nextAt);
      }, signal);
      const c = cutoverAt();
      if (c !== undefined && c <= Date.now()) {
        delete warm.nextPrecopyAt;
        return lastLoopIndex;
      }
      for (const p of loop.slice(2)) {
        this.enterPhase(r, p, current);
        if (p === 'CreateSnapshot') this.newPrecopy(r);
        if (p === 'AddCheckpoint') this.addCheckpoint(r, false);
        await clock.sleep(PHASE_MINUTES[p] ?? 0.2, signal);
      }
    }
  }

  /** A new source snapshot opens a precopy (CreateInitialSnapshot, CreateSnapshot, CreateFinalSnapshot). */
  private newPrecopy(r: VmRun): void {
    const warm = (r.status.warm ??= { successes: 0, failures: 0, consecutiveFailures: 0 });
    const n = (warm.precopies?.length ?? 0) + 1;
    const snapshot = `snapshot-${r.inv.id.replace(/^vm-/, '')}${String(n).padStart(2, '0')}`;
    const deltas = r.inv.disks.map((d) => ({ disk: d.file, deltaId: `52 ${(crypto.randomBytes(8).toString('hex').match(/.{2}/g) ?? []).join(' ')}/${d.key}` }));
    warm.precopies = [...(warm.precopies ?? []), { start: nowTimestamp(), snapshot, createTaskId: `task-${crypto.randomInt(1000, 99999)}`, deltas }];
  }

  /** AddCheckpoint / AddFinalCheckpoint: the DataVolumes get the next checkpoint (previous -> current snapshot). */
  private addCheckpoint(r: VmRun, final: boolean): void {
    const { kinds } = this.deps;
    const pre = r.status.warm?.precopies ?? [];
    const current = pre[pre.length - 1]?.snapshot ?? '';
    const previous = pre[pre.length - 2]?.snapshot ?? '';
    for (const dv of r.dataVolumes) {
      kinds.store.mutate(kinds.rt('dataVolume'), dv.metadata.namespace, dv.metadata.name ?? '', (o) => {
        const spec = (o.spec ?? {}) as { checkpoints?: Array<{ previous: string; current: string }>; finalCheckpoint?: boolean };
        if (!(spec.checkpoints ?? []).some((c) => c.current === current)) spec.checkpoints = [...(spec.checkpoints ?? []), { previous, current }];
        if (final) spec.finalCheckpoint = true;
        o.spec = spec;
      });
    }
  }

  /**
   * Waits (store events, bounded) until every DataVolume of the VM is `want` — 'Paused' at the
   * current checkpoint (warm precopy) or 'Succeeded' — mirroring each DV's progress into the
   * step's task for its disk, as Forklift's CDI path reports it.
   */
  private waitDataVolumes(r: VmRun, step: Step | undefined, want: 'Paused' | 'Succeeded', signal: AbortSignal, precopy?: number): Promise<void> {
    const { kinds, clock } = this.deps;
    const warm = r.flags.warm;
    const pre = r.status.warm?.precopies ?? [];
    const stage = pre[pre.length - 1]?.snapshot ?? '';
    const taskFor = (file: string) => step?.tasks?.find((t) => t.name === (warm ? file.replace(/-\d{6}\.vmdk$/, '.vmdk') : file));
    for (const t of step?.tasks ?? []) {
      t.phase = 'Running';
      t.started ??= nowTimestamp();
      t.progress = { ...t.progress, completed: 0 };
      if (precopy !== undefined) t.annotations = { ...(t.annotations ?? {}), Precopy: String(precopy) };
    }
    const check = (): boolean => {
      let done = true;
      for (const ref of r.dataVolumes) {
        const dv = kinds.get('dataVolume', ref.metadata.namespace, ref.metadata.name ?? '');
        const pvc = kinds.get('pvc', ref.metadata.namespace, ref.metadata.name ?? '');
        const st = (dv?.status ?? {}) as { phase?: string; progress?: string };
        const copied = pvc?.metadata.annotations?.['cdi.kubevirt.io/storage.checkpoint.copied'];
        const ok = st.phase === 'Succeeded' || (want === 'Paused' && st.phase === 'Paused' && copied === stage);
        const task = taskFor(ref.metadata.annotations?.['forklift.konveyor.io/disk-source'] ?? '');
        if (task) {
          const pct = ok ? 100 : Number.parseFloat(st.progress ?? '0') || 0;
          task.progress = { ...task.progress, completed: Math.floor((task.progress.total * pct) / 100) };
          if (ok && task.phase !== 'Completed') {
            task.phase = 'Completed';
            task.reason = 'Transfer completed.';
            task.completed = nowTimestamp();
          }
        }
        if (!ok) done = false;
      }
      if (step?.tasks) step.progress = { ...step.progress, completed: step.tasks.reduce((a, t) => a + t.progress.completed, 0) };
      // Disks without a DataVolume (fault disk-missing) have nothing to wait for.
      for (const t of step?.tasks ?? []) if (!r.dataVolumes.some((d) => taskFor(d.metadata.annotations?.['forklift.konveyor.io/disk-source'] ?? '') === t)) t.phase = 'Completed';
      this.flush();
      return done;
    };
    return new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const names = new Set(r.dataVolumes.map((d) => `${d.metadata.namespace}/${d.metadata.name}`));
      const timer = setTimeout(() => finish(new StepError(`DataVolumes did not reach ${want} within ${DV_WAIT_MINUTES} minutes: ${[...names].join(', ')}`)), clock.ms(DV_WAIT_MINUTES));
      const unsubscribe = kinds.store.subscribe((e) => {
        if (!(kinds.is('dataVolume', e.resource) || kinds.is('pvc', e.resource))) return;
        if (!names.has(`${e.object.metadata.namespace}/${e.object.metadata.name}`)) return;
        if (check()) finish();
      });
      const onAbort = () => finish(new AbortedError(String(signal.reason ?? 'aborted')));
      signal.addEventListener('abort', onAbort);
      function finish(err?: Error) {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      }
    });
  }

  /**
   * Copy-offload: the lab plays each disk's populator (progress on the CR, xcopyUsed — 0 when the
   * source VM has snapshots, as the clone then falls back to a host copy — and the PVC bound),
   * mirroring the progress into the DiskTransfer task of the disk.
   */
  private async populate(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const { kinds, clock } = this.deps;
    const xcopyUsed = r.inv.snapshot.id ? 0 : 1;
    for (const pvc of r.offloadPvcs) {
      const file = pvc.metadata.annotations?.['copy-offload'] ?? '';
      const task = step?.tasks?.find((t) => t.name === file);
      const gib = (task?.progress.total ?? 1024) / 1024;
      const vendor = ((kinds.get('populator', pvc.metadata.namespace, pvc.metadata.name ?? '')?.spec ?? {}) as { storageVendorProduct?: string }).storageVendorProduct ?? '';
      if (task) {
        task.phase = 'Running';
        task.started ??= nowTimestamp();
      }
      for (const pct of [0, 50]) {
        reportProgress(kinds, pvc, pct, undefined);
        if (task) task.progress = { ...task.progress, completed: Math.floor((task.progress.total * pct) / 100) };
        this.flush();
        await clock.sleep(Math.max(0.1, gib / (4 * GIB_PER_MINUTE)), signal); // XCOPY: 4x the network copy rate
      }
      reportProgress(kinds, pvc, 100, { vendor, xcopyUsed, bytes: Math.round(gib * 1024 ** 3) });
      bindPopulatedPvc(kinds, pvc);
      if (task) {
        task.progress = { ...task.progress, completed: task.progress.total };
        task.phase = 'Completed';
        task.reason = 'Transfer completed.';
        task.completed = nowTimestamp();
      }
      if (step?.tasks) step.progress = { ...step.progress, completed: step.tasks.reduce((a, t) => a + t.progress.completed, 0) };
      this.flush();
    }
  }

  /** The lab instant of this VM's cutover (vmCutover[id] overrides spec.cutover), if set. */
  private cutoverInstant(vmId: string): number | undefined {
    const spec = this.migrationSpec();
    const at = spec.vmCutover?.find((c) => c.id === vmId)?.cutover ?? spec.cutover;
    if (!at) return undefined;
    const t = Date.parse(at);
    return Number.isNaN(t) ? undefined : this.deps.clock.scaledInstant(this.startedMs, t);
  }

  /** Started phase: the target VM name (targetName verbatim, the source name, or ChangeVmName -> newName). */
  private resolveNewName(r: VmRun): void {
    const { planVm, inv, status } = r;
    const ns = this.spec.targetNamespace ?? '';
    const mine = (n: string) => {
      const o = this.deps.kinds.get('vm', ns, n);
      return o?.metadata.labels?.plan === this.planUid && o.metadata.labels?.vmID === inv.id;
    };
    const exists = (n: string) => (this.deps.kinds.get('vm', ns, n) !== undefined && !mine(n)) || this.statuses.some((s) => s !== status && (s.newName === n || (!s.newName && s.name === n)));
    // migration.go: vm.NewName = targetName (checked, not renamed: TargetVmNameError fails the VM),
    // else ChangeVmName when the source name is not a DNS-1123 subdomain.
    const res = startedPhaseVmName({ sourceName: inv.name, targetName: planVm.targetName, taken: exists });
    if (res.newName) status.newName = res.newName;
  }

  /** §2.6: a VM that failed in an earlier run is cleaned up at the next run's Started phase. */
  private cleanupPreviousFailure(r: VmRun): void {
    const prev = this.input.previous.find((p) => p.id === r.inv.id);
    if (!prev?.conditions?.some((c) => c.type === 'Failed')) return;
    const deleteOnFail = r.planVm.deleteVmOnFailMigration ?? this.spec.deleteVmOnFailMigration ?? true;
    if (deleteOnFail && !prev.disksCopied) this.deleteTargets(r);
  }

  private async runHook(r: VmRun, phase: 'PreHook' | 'PostHook', step: Step | undefined, signal: AbortSignal): Promise<void> {
    const { kinds, clock } = this.deps;
    const ref = (r.planVm.hooks ?? []).find((h) => h.step === phase)?.hook;
    const hook = ref?.name ? kinds.get('hook', ref.namespace, ref.name) : undefined;
    if (!hook) throw new StepError('Hook not found.');
    if ((hook.spec as { aap?: unknown } | undefined)?.aap) {
      try {
        await runAapHook({
          kinds,
          hook,
          settings: this.deps.settings(),
          clock,
          signal,
          extraVars: { vm_id: r.inv.id, vm_name: r.inv.name, plan_name: this.input.plan.metadata.name ?? '', plan_namespace: this.input.plan.metadata.namespace ?? '', migration_phase: phase },
        });
      } catch (e) {
        if (e instanceof AbortedError) throw e;
        throw new StepError(e instanceof Error ? e.message : String(e));
      }
      if (step) step.progress = { ...step.progress, completed: 1 };
      return;
    }
    const collections = this.deps.inventory.collector(this.input.source.metadata.uid ?? '')?.vsphere;
    const workload = collections ? (workloadOf(collections, r.inv) ?? r.inv) : r.inv;
    const { job, willFail } = createHookJob(kinds, {
      plan: this.input.plan,
      migrationUid: this.migrationUid,
      vmId: r.inv.id,
      step: phase,
      hook,
      workload,
      ...(this.spec.serviceAccount ? { serviceAccount: this.spec.serviceAccount } : {}),
    });
    await clock.sleep(PHASE_MINUTES.HookRun ?? 1, signal);
    finishHookJob(kinds, job, willFail);
    const outcome = hookJobOutcome(kinds, job);
    if (outcome.error) throw new StepError(outcome.error);
    if (step) step.progress = { ...step.progress, completed: 1 };
  }

  private targetObjects(r: VmRun, extra: Partial<TargetInput> = {}) {
    return buildTarget(this.targetInput(r, extra));
  }

  private targetInput(r: VmRun, extra: Partial<TargetInput> = {}): TargetInput {
    const { kinds, faults } = this.deps;
    const s = this.deps.settings();
    const collections = this.deps.inventory.collector(this.input.source.metadata.uid ?? '')?.vsphere;
    const cv = kinds.get('clusterVersion', undefined, 'version');
    const clusterVersion = (cv?.status as { desired?: { version?: string } } | undefined)?.desired?.version;
    const mapped = new Set(this.maps.storage.map((e) => e.destination?.storageClass));
    const other = kinds.list('storageClass').find((sc) => !mapped.has(sc.metadata.name))?.metadata.name;
    return {
      plan: this.input.plan,
      planVm: r.planVm,
      status: r.status,
      inv: r.inv,
      maps: this.maps,
      networkNames: Object.fromEntries((collections?.networks ?? []).map((n) => [n.id, n.name])),
      datastoreNames: Object.fromEntries((collections?.datastores ?? []).map((d) => [d.id, d.name])),
      migrationUid: this.migrationUid,
      ...(s.pvcNameTemplate ? { controllerPvcTemplate: s.pvcNameTemplate } : {}),
      ...(clusterVersion ? { clusterVersion } : {}),
      vmwareSerialFeature: s.vmwareSystemSerialNumber,
      windowsWaitForReboot: s.windowsWaitForReboot,
      ...(other ? { otherStorageClass: other } : {}),
      faults,
      ...extra,
    };
  }

  /** Objects of this plan and VM from any run (vmAllButMigrationLabels): what Ensure* reuses. */
  private ownedSelector(r: VmRun): string {
    return `plan=${this.planUid},vmID=${r.inv.id}`;
  }

  private createDataVolumes(r: VmRun): void {
    const { kinds } = this.deps;
    // A re-run reuses the DataVolumes an earlier run of this plan made for the VM (EnsureDataVolumes).
    const existing = kinds.list('dataVolume', this.spec.targetNamespace, this.ownedSelector(r));
    if (existing.length > 0) {
      const index = (o: KubeObject) => Number(o.metadata.annotations?.['forklift.konveyor.io/disk-index'] ?? 0);
      r.dataVolumes = existing.sort((a, b) => index(a) - index(b));
      return;
    }
    if (planUsesOffload(this.maps.storage)) {
      const collections = this.deps.inventory.collector(this.input.source.metadata.uid ?? '')?.vsphere;
      const dsName = (id: string) => collections?.datastores.find((d) => d.id === id)?.name;
      const disks = orderedDisks(r.inv);
      const names = pvcNames(this.targetInput(r), disks);
      r.offloadPvcs = createOffloadVolumes({
        kinds,
        plan: this.input.plan,
        source: this.input.source,
        migrationUid: this.migrationUid,
        namespace: this.spec.targetNamespace ?? '',
        vmId: r.inv.id,
        vmHost: r.inv.host,
        vmLabels: vmLabels(this.input.plan, this.migrationUid, r.inv.id),
        disks: disks.map((disk, index) => {
          const offload = offloadFor(entryFor(this.maps.storage, disk.datastore.id, dsName(disk.datastore.id)));
          if (!offload) throw new StepError(`disk ${disk.file} is not on a copy-offload datastore`);
          const naa = collections?.datastores.find((d) => d.id === disk.datastore.id)?.backingDevicesNames[0];
          const rendered = names[index];
          if (!rendered) throw new StepError(`no PVC name for disk ${disk.file}`);
          return { disk, index, offload, rendered, ...(naa ? { naa } : {}) };
        }),
      });
      return;
    }
    const extra: Partial<TargetInput> = {};
    if (!r.flags.useV2vForTransfer) {
      // CDI path: DataVolumes import over VDDK with a per-VM secret (labels vmLabels + isDV).
      const src = this.input.source;
      const sspec = (src.spec ?? {}) as { url?: string; secret?: { name?: string; namespace?: string }; settings?: Record<string, string> };
      const creds = secretData(kinds.get('secret', sspec.secret?.namespace, sspec.secret?.name ?? ''));
      const secret = kinds.store.create(kinds.rt('secret'), {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { generateName: `${this.input.plan.metadata.name}-${r.inv.id}-`, namespace: this.spec.targetNamespace, labels: { ...vmLabels(this.input.plan, this.migrationUid, r.inv.id), isDV: 'true' } },
        type: 'Opaque',
        data: { accessKeyId: Buffer.from(creds.user ?? '').toString('base64'), secretKey: Buffer.from(creds.password ?? '').toString('base64') },
      });
      extra.vddk = {
        url: sspec.url ?? '',
        uuid: r.inv.uuid,
        thumbprint: ((src.status ?? {}) as { fingerprint?: string }).fingerprint ?? '',
        secretRef: secret.metadata.name ?? '',
        ...(sspec.settings?.vddkInitImage ? { initImageURL: sspec.settings.vddkInitImage } : {}),
      };
      const first = r.status.warm?.precopies?.[0]?.snapshot;
      if (r.flags.warm && first) extra.firstCheckpoint = first;
    }
    const { dataVolumes } = this.targetObjects(r, extra);
    r.dataVolumes = dataVolumes.map((dv) => kinds.store.create(kinds.rt('dataVolume'), dv));
  }

  private createVm(r: VmRun): void {
    const { kinds } = this.deps;
    const { vm } = this.targetObjects(r);
    const volumes = ((vm.spec?.template.spec?.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName: string } }>);
    const claims = r.offloadPvcs.length > 0 ? r.offloadPvcs : r.dataVolumes;
    volumes.forEach((v, i) => {
      if (v.persistentVolumeClaim) v.persistentVolumeClaim.claimName = claims[i]?.metadata.name ?? '';
    });
    // A re-run finds the VM an earlier run created (EnsureVM looks it up by the plan/vmID labels).
    const created = kinds.list('vm', this.spec.targetNamespace, this.ownedSelector(r))[0] ?? kinds.store.create(kinds.rt('vm'), vm);
    const owner = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: created.metadata.name ?? '', uid: created.metadata.uid ?? '', blockOwnerDeletion: true };
    for (const pvc of r.offloadPvcs) {
      kinds.store.mutate(kinds.rt('pvc'), pvc.metadata.namespace, pvc.metadata.name ?? '', (o) => (o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []).filter((x) => x.kind !== 'VirtualMachine'), owner]));
    }
    for (const dv of r.dataVolumes) {
      kinds.store.mutate(kinds.rt('dataVolume'), dv.metadata.namespace, dv.metadata.name ?? '', (o) => (o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []).filter((x) => x.uid !== owner.uid), owner]));
      kinds.store.mutate(kinds.rt('pvc'), dv.metadata.namespace, dv.metadata.name ?? '', (o) => (o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []).filter((x) => x.kind !== 'VirtualMachine'), owner]));
    }
  }

  /** The history snapshot refs of this run (plan.status.migration.history[]). */
  historyRefs() {
    const destination = this.deps.kinds.get('provider', this.spec.provider?.destination?.namespace, this.spec.provider?.destination?.name ?? '');
    return {
      provider: { source: snapRef(this.input.source), destination: destination ? snapRef(destination) : { namespace: '', name: '', uid: '', generation: 0 } },
      plan: snapRef(this.input.plan),
      map: { network: snapRef(this.input.networkMap), storage: snapRef(this.input.storageMap) },
      migration: snapRef(this.input.migration),
    };
  }
}

