/**
 * Warm migration (reference §2.4 warm itinerary): the precopy loop {CopyDisks, CopyingPaused,
 * snapshot phases} repeated every controller_precopy_interval until the cutover instant, each
 * source snapshot opening a precopy and each checkpoint handed to the DataVolumes.
 */
import crypto from 'node:crypto';
import { nowTimestamp } from '../../apiserver/objects';
import { PRECOPY_LOOP, stepOf } from '../pipeline';
import type { Step, VmStatus } from '../plan-types';
import { DEFAULT_PHASE_MINUTES, PHASE_MINUTES, vsphereInv, type RunContext, type VmRun } from './context';
import type { DiskTransferExecutor } from './disk-transfer';
import type { RemoteSourceExecutor } from './remote-source';
import { enterPhase, findStep, type CurrentStep } from './vm-status';

type WarmStatus = NonNullable<VmStatus['warm']>;

export class PrecopyExecutor {
  constructor(
    private readonly ctx: RunContext,
    private readonly disks: DiskTransferExecutor,
    /** oVirt warm: real engine snapshots (vSphere snapshots are the lab's own names). */
    private readonly remote: RemoteSourceExecutor,
  ) {}

  /**
   * Runs the loop from the itinerary's CopyDisks (at copyIndex) until the cutover; returns the
   * itinerary index of the last loop phase so the caller continues at StorePowerState.
   */
  async loop(r: VmRun, step: Step | undefined, current: CurrentStep, phases: string[], copyIndex: number): Promise<number> {
    const vm = r.status;
    const { clock } = this.ctx.deps;
    const signal = r.abort.signal;
    const warm = vm.warm ?? { successes: 0, failures: 0, consecutiveFailures: 0 };
    vm.warm = warm;
    const loop = phases.slice(copyIndex).filter((p) => (PRECOPY_LOOP as readonly string[]).includes(p));
    const lastLoopIndex = copyIndex + loop.length - 1;
    for (let round = 0; ; round++) {
      // CopyDisks: the first precopy copies everything, later ones only the deltas.
      if (round > 0) enterPhase(this.ctx, r, 'CopyDisks', current);
      await this.precopy(r, findStep(vm, stepOf('CopyDisks', r.flags)) ?? step, warm, signal);
      enterPhase(this.ctx, r, 'CopyingPaused', current);
      if (await this.pausedUntilCutover(vm, warm, signal)) return lastLoopIndex;
      for (const p of loop.slice(2)) {
        enterPhase(this.ctx, r, p, current);
        if (p === 'CreateSnapshot') await this.newPrecopy(r);
        if (p === 'WaitForSnapshot' && r.src.type === 'ovirt') await this.remote.waitSnapshot(r, signal);
        if (p === 'AddCheckpoint') this.addCheckpoint(r, false);
        await clock.sleep(PHASE_MINUTES[p] ?? DEFAULT_PHASE_MINUTES, signal);
      }
    }
  }

  /** One precopy: the DataVolumes reach Paused at the current checkpoint; the next precopy is scheduled. */
  private async precopy(r: VmRun, copyStep: Step | undefined, warm: WarmStatus, signal: AbortSignal): Promise<void> {
    // Copy-offload: the populators make the first copy (XCOPY); later precopies move the deltas.
    if (r.offloadPvcs.length > 0 && warm.successes === 0) await this.disks.populate(r, copyStep, signal);
    else if (r.offloadPvcs.length > 0) await this.disks.offloadDelta(r, copyStep, signal);
    else await this.disks.waitDataVolumes(r, copyStep, 'Paused', signal, warm.successes + 1);
    const last = warm.precopies?.[warm.precopies.length - 1];
    if (last) last.end = nowTimestamp();
    warm.successes += 1;
    warm.consecutiveFailures = 0;
    const interval = this.ctx.deps.settings().precopyIntervalMinutes;
    warm.nextPrecopyAt = new Date(Date.now() + this.ctx.deps.clock.ms(interval)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** CopyingPaused until the next precopy or the cutover; true when the cutover has come. */
  private async pausedUntilCutover(vm: VmStatus, warm: WarmStatus, signal: AbortSignal): Promise<boolean> {
    const nextAt = Date.parse(warm.nextPrecopyAt ?? '');
    const cutoverAt = () => this.cutoverInstant(vm.id);
    await this.ctx.deps.clock.until(() => {
      const c = cutoverAt();
      return c === undefined ? nextAt : Math.min(c, nextAt);
    }, signal);
    const c = cutoverAt();
    if (c === undefined || c > Date.now()) return false;
    delete warm.nextPrecopyAt;
    return true;
  }

  /** The lab instant of this VM's cutover (vmCutover[id] overrides spec.cutover), if set. */
  private cutoverInstant(vmId: string): number | undefined {
    const spec = this.ctx.migrationSpec();
    const at = spec.vmCutover?.find((c) => c.id === vmId)?.cutover ?? spec.cutover;
    if (!at) return undefined;
    const t = Date.parse(at);
    return Number.isNaN(t) ? undefined : this.ctx.deps.clock.scaledInstant(this.ctx.startedMs, t);
  }

  /** Finalize (after the cutover): the final checkpoint's copy completes the DataVolumes. */
  async finalize(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const vm = r.status;
    if (r.offloadPvcs.length > 0) await this.disks.offloadDelta(r, step, signal);
    else await this.disks.waitDataVolumes(r, step, 'Succeeded', signal);
    const last = vm.warm?.precopies?.[vm.warm.precopies.length - 1];
    if (last) last.end = nowTimestamp();
    vm.disksCopied = true;
  }

  /** A new source snapshot opens a precopy (CreateInitialSnapshot, CreateSnapshot, CreateFinalSnapshot). */
  async newPrecopy(r: VmRun): Promise<void> {
    const warm = (r.status.warm ??= { successes: 0, failures: 0, consecutiveFailures: 0 });
    if (r.src.type === 'ovirt') {
      const created = await this.remote.createSnapshot(r);
      warm.precopies = [...(warm.precopies ?? []), { start: nowTimestamp(), ...created }];
      return;
    }
    const n = (warm.precopies?.length ?? 0) + 1;
    const snapshot = `snapshot-${r.src.id.replace(/^vm-/, '')}${String(n).padStart(2, '0')}`;
    const deltas = vsphereInv(r).disks.map((d) => ({
      disk: d.file,
      deltaId: `52 ${(crypto.randomBytes(8).toString('hex').match(/.{2}/g) ?? []).join(' ')}/${d.key}`,
    }));
    warm.precopies = [
      ...(warm.precopies ?? []),
      { start: nowTimestamp(), snapshot, createTaskId: `task-${crypto.randomInt(1000, 99999)}`, deltas },
    ];
  }

  /** AddCheckpoint / AddFinalCheckpoint: the DataVolumes get the next checkpoint (previous -> current snapshot). */
  addCheckpoint(r: VmRun, final: boolean): void {
    const kinds = this.ctx.target;
    const pre = r.status.warm?.precopies ?? [];
    const current = pre[pre.length - 1]?.snapshot ?? '';
    const previous = pre[pre.length - 2]?.snapshot ?? '';
    for (const dv of r.dataVolumes) {
      kinds.store.mutate(kinds.rt('dataVolume'), dv.metadata.namespace, dv.metadata.name ?? '', (o) => {
        const spec = (o.spec ?? {}) as { checkpoints?: Array<{ previous: string; current: string }>; finalCheckpoint?: boolean };
        if (!(spec.checkpoints ?? []).some((c) => c.current === current))
          spec.checkpoints = [...(spec.checkpoints ?? []), { previous, current }];
        if (final) spec.finalCheckpoint = true;
        o.spec = spec;
      });
    }
  }
}
