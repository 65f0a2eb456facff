/**
 * Disk transfer (reference §2.4 DiskTransfer / DiskAllocation steps): virt-v2v and allocation
 * progress on the lab clock, the CDI path's DataVolumes watched until Paused at a checkpoint (warm
 * precopy) or Succeeded, and copy-offload populators played by the lab. Each disk's progress is
 * mirrored into the step's task for that disk, as Forklift reports it.
 */
import type { KubeObject } from '../../apiserver/contract';
import { nowTimestamp } from '../../apiserver/objects';
import { bindPopulatedPvc, reportProgress } from '../copy-offload';
import { AbortedError } from '../lab-clock';
import type { Step } from '../plan-types';
import { GIB_PER_MINUTE, StepError, vsphereInv, type RunContext, type VmRun } from './context';

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
    const { kinds, clock } = this.ctx.deps;
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
    const st = (this.ctx.deps.kinds.get('dataVolume', ref.metadata.namespace, ref.metadata.name ?? '')?.status ?? {}) as {
      progress?: string;
    };
    const pct = reached ? 100 : Number.parseFloat(st.progress ?? '0') || 0;
    task.progress = { ...task.progress, completed: Math.floor((task.progress.total * pct) / 100) };
    if (reached && task.phase !== 'Completed') completeTask(task);
  }

  private dataVolumeReached(ref: KubeObject, want: 'Paused' | 'Succeeded', stage: string): boolean {
    const { kinds } = this.ctx.deps;
    const dv = kinds.get('dataVolume', ref.metadata.namespace, ref.metadata.name ?? '');
    const pvc = kinds.get('pvc', ref.metadata.namespace, ref.metadata.name ?? '');
    const phase = ((dv?.status ?? {}) as { phase?: string }).phase;
    const copied = pvc?.metadata.annotations?.['cdi.kubevirt.io/storage.checkpoint.copied'];
    return phase === 'Succeeded' || (want === 'Paused' && phase === 'Paused' && copied === stage);
  }

  /** Cold CDI path CopyDisks: the populators (copy-offload) or the DataVolume imports complete. */
  async copyCold(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    if (r.offloadPvcs.length > 0) await this.populate(r, step, signal);
    else await this.waitDataVolumes(r, step, 'Succeeded', signal);
    r.status.disksCopied = true;
  }

  /**
   * Copy-offload: the lab plays each disk's populator (progress on the CR, xcopyUsed — 0 when the
   * source VM has snapshots, as the clone then falls back to a host copy — and the PVC bound).
   */
  private async populate(r: VmRun, step: Step | undefined, signal: AbortSignal): Promise<void> {
    const xcopyUsed = vsphereInv(r).snapshot.id ? 0 : 1;
    for (const pvc of r.offloadPvcs) {
      const file = pvc.metadata.annotations?.['copy-offload'] ?? '';
      await this.populateOne(
        pvc,
        step?.tasks?.find((t) => t.name === file),
        xcopyUsed,
        signal,
      );
      sumTasks(step);
      this.ctx.flush();
    }
  }

  /** One disk's populator: 0 %, 50 %, then done with the vendor and xcopyUsed, and the PVC bound; the disk's task follows it. */
  private async populateOne(pvc: KubeObject, task: Task | undefined, xcopyUsed: number, signal: AbortSignal): Promise<void> {
    const { kinds, clock } = this.ctx.deps;
    const gib = (task?.progress.total ?? 1024) / 1024;
    const vendor =
      ((kinds.get('populator', pvc.metadata.namespace, pvc.metadata.name ?? '')?.spec ?? {}) as { storageVendorProduct?: string })
        .storageVendorProduct ?? '';
    if (task) {
      task.phase = 'Running';
      task.started ??= nowTimestamp();
    }
    for (const pct of [0, 50]) {
      reportProgress(kinds, pvc, pct, undefined);
      if (task) task.progress = { ...task.progress, completed: Math.floor((task.progress.total * pct) / 100) };
      this.ctx.flush();
      await clock.sleep(Math.max(0.1, gib / (4 * GIB_PER_MINUTE)), signal); // XCOPY: 4x the network copy rate
    }
    reportProgress(kinds, pvc, 100, { vendor, xcopyUsed, bytes: Math.round(gib * 1024 ** 3) });
    bindPopulatedPvc(kinds, pvc);
    if (task) {
      task.progress = { ...task.progress, completed: task.progress.total };
      completeTask(task);
    }
  }
}
