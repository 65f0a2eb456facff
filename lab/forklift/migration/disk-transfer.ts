/**
 * Disk transfer (reference §2.4 DiskTransfer / DiskAllocation steps): virt-v2v and allocation
 * progress on the lab clock, the CDI path's DataVolumes watched until Paused at a checkpoint (warm
 * precopy) or Succeeded, and copy-offload populators played by the lab. Each disk's progress is
 * mirrored into the step's task for that disk, as Forklift reports it.
 */
import type { KubeObject } from '../../apiserver/contract';
import { nowTimestamp } from '../../apiserver/objects';
import { AbortedError } from '../lab-clock';
import { copyPvcData, populate, PopulatorFailed } from '../populator/populate';
import type { Step } from '../plan-types';
import { StepError, vsphereInv, type RunContext, type VmRun } from './context';

/** How long the CDI path waits for DataVolumes before the step fails. */
const DV_WAIT_MINUTES = 120;
const DISK_SOURCE = 'forklift.konveyor.io/disk-source';

type Task = NonNullable<Step['tasks']>[number];

function completeTask(task: Task): void {
  task.phase = 'Completed';
  task.reason = 'Transfer completed.';
  task.completed = nowTimestamp();
}

function sumTasks(step: Step | undefined): void {
  if (step?.tasks) step.progress = { ...step.progress, completed: step.tasks.reduce((a, t) => a + t.progress.completed, 0) };
}

export class DiskTransferExecutor {
  constructor(private readonly ctx: RunContext) {}

  /** Lab-time progress over the step's tasks (virt-v2v copy, disk allocation): two updates per disk. */
  async progressTasks(step: Step | undefined, signal: AbortSignal, minutesPerGiB: number): Promise<void> {
    const { clock } = this.ctx.deps;
    if (!step?.tasks) return clock.sleep(0.5, signal);
    for (const t of step.tasks) {
      t.phase = 'Running';
      t.started ??= nowTimestamp();
      this.ctx.flush();
      const gib = t.progress.total / 1024;
      const minutes = Math.max(0.2, gib * minutesPerGiB);
      await clock.sleep(minutes / 2, signal);
      t.progress = { ...t.progress, completed: Math.floor(t.progress.total / 2) };
      sumTasks(step);
      this.ctx.flush();
      await clock.sleep(minutes / 2, signal);
      t.progress = { ...t.progress, completed: t.progress.total };
      completeTask(t);
      sumTasks(step);
      this.ctx.flush();
    }
  }

  /**
   * Waits (store events, bounded) until every DataVolume of the VM is `want` — 'Paused' at the
   * current checkpoint (warm precopy) or 'Succeeded'.
   */
  waitDataVolumes(r: VmRun, step: Step | undefined, want: 'Paused' | 'Succeeded', signal: AbortSignal, precopy?: number): Promise<void> {
    const { clock } = this.ctx.deps;
    const kinds = this.ctx.target;
    for (const t of step?.tasks ?? []) {
      t.phase = 'Running';
      t.started ??= nowTimestamp();
      t.progress = { ...t.progress, completed: 0 };
      if (precopy !== undefined) t.annotations = { ...(t.annotations ?? {}), Precopy: String(precopy) };
    }
    const check = () => this.dataVolumesReached(r, step, want);
    return new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const names = new Set(r.dataVolumes.map((d) => `${d.metadata.namespace}/${d.metadata.name}`));
      const timer = setTimeout(
        () => finish(new StepError(`DataVolumes did not reach ${want} within ${DV_WAIT_MINUTES} minutes: ${[...names].join(', ')}`)),
        clock.ms(DV_WAIT_MINUTES),
      );
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

  /** One look at the DataVolumes: tasks updated from their progress; true when all are `want`. */
  private dataVolumesReached(r: VmRun, step: Step | undefined, want: 'Paused' | 'Succeeded'): boolean {
    const pre = r.status.warm?.precopies ?? [];
    const stage = pre[pre.length - 1]?.snapshot ?? '';
    const taskFor = (ref: KubeObject) => {
      const file = ref.metadata.annotations?.[DISK_SOURCE] ?? '';
      return step?.tasks?.find((t) => t.name === (r.flags.warm ? file.replace(/-\d{6}\.vmdk$/, '.vmdk') : file));
    };
    let done = true;
    for (const ref of r.dataVolumes) {
      const ok = this.dataVolumeReached(ref, want, stage);
      const task = taskFor(ref);
      if (task) this.mirrorProgress(ref, task, ok);
      if (!ok) done = false;
    }
    sumTasks(step);
    // Disks without a DataVolume (fault disk-missing) have nothing to wait for.
    for (const t of step?.tasks ?? []) if (!r.dataVolumes.some((d) => taskFor(d) === t)) t.phase = 'Completed';
    this.ctx.flush();
    return done;
  }

  /** The disk's task follows its DataVolume's progress (100% once it reached the wanted phase). */
  private mirrorProgress(ref: KubeObject, task: Task, reached: boolean): void {
    const st = (this.ctx.target.get('dataVolume', ref.metadata.namespace, ref.metadata.name ?? '')?.status ?? {}) as {
      progress?: string;
    };
    const pct = reached ? 100 : Number.parseFloat(st.progress ?? '0') || 0;
    task.progress = { ...task.progress, completed: Math.floor((task.progress.total * pct) / 100) };
    if (reached && task.phase !== 'Completed') completeTask(task);
  }

  private dataVolumeReached(ref: KubeObject, want: 'Paused' | 'Succeeded', stage: string): boolean {
    const kinds = this.ctx.target;
    const dv = kinds.get('dataVolume', ref.metadata.namespace, ref.metadata.name ?? '');
    const pvc = kinds.get('pvc', ref.metadata.namespace, ref.metadata.name ?? '');
    const phase = ((dv?.status ?? {}) as { phase?: string }).phase;
    const copied = pvc?.metadata.annotations?.['cdi.kubevirt.io/storage.checkpoint.copied'];
    return phase === 'Succeeded' || (want === 'Paused' && phase === 'Paused' && copied === stage);
  }

  /**
   * Warm copy-offload after the first precopy: the populated PVCs take the changed blocks of
   * the source disks (a delta precopy, or the final one at the cutover).
   */
  async offloadDelta(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    for (const t of step?.tasks ?? []) t.phase = 'Running';
    await this.ctx.deps.clock.sleep(0.2, signal);
    for (const pvc of r.offloadPvcs) copyPvcData(this.ctx.deps, pvc);
    for (const t of step?.tasks ?? []) {
      t.progress = { ...t.progress, completed: t.progress.total };
      completeTask(t);
    }
    sumTasks(step);
    this.ctx.flush();
  }

  /** Cold CDI path CopyDisks: the populators (copy-offload) or the DataVolume imports complete. */
  async copyCold(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    if (r.offloadPvcs.length > 0) await this.populate(r, step, signal);
    else await this.waitDataVolumes(r, step, 'Succeeded', signal);
    r.status.disksCopied = true;
  }

  /**
   * Copy-offload: every disk's populator runs at once (lab/forklift/populator: per-host in-flight
   * limit, vendor secret, XCOPY or fallback, bytes into the PVC); the step's task of each disk
   * follows its populator's progress. A populator that exits with an error fails the step.
   */
  async populate(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const { deps } = this.ctx;
    const vmHasSnapshots = Boolean(vsphereInv(r).snapshot.id);
    await Promise.all(
      r.offloadPvcs.map(async (pvc) => {
        const task = step?.tasks?.find((t) => t.name === pvc.metadata.annotations?.['copy-offload']);
        if (task) {
          task.phase = 'Running';
          task.started ??= nowTimestamp();
        }
        try {
          await populate(deps, {
            pvc,
            source: { name: this.ctx.input.source.metadata.name ?? '', namespace: this.ctx.input.source.metadata.namespace ?? '' },
            migrationUid: this.ctx.migrationUid,
            vmHasSnapshots,
            signal,
            onProgress: (pct) => {
              if (task) task.progress = { ...task.progress, completed: Math.floor((task.progress.total * pct) / 100) };
              if (task && pct === 100) completeTask(task);
              sumTasks(step);
              this.ctx.flush();
            },
          });
        } catch (e) {
          if (e instanceof PopulatorFailed)
            throw new StepError(`copy-offload populator of PVC ${pvc.metadata.name ?? ''} failed: ${e.message}`);
          throw e;
        }
      }),
    );
  }
}
