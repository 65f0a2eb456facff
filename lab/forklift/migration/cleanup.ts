/**
 * Cancel and failure cleanup (reference §2.6): a canceled VM loses its target objects when
 * deleteVmOnFailMigration holds and gets its source power back; a VM that failed in an earlier run
 * is cleaned up at the next run's Started phase, unless its disks were already copied.
 */
import { nowTimestamp } from '../../apiserver/objects';
import { setCondition } from '../conditions';
import type { RunContext, VmRun } from './context';

export class CleanupExecutor {
  constructor(
    private readonly ctx: RunContext,
    /** oVirt / OpenStack: the source VM started again over its API. */
    private readonly restoreRemote: (r: VmRun) => Promise<void>,
  ) {}

  private deleteOnFail(r: VmRun): boolean {
    return r.planVm.deleteVmOnFailMigration ?? this.ctx.spec.deleteVmOnFailMigration ?? true;
  }

  /** The VM was canceled (spec.cancel, or the Migration deleted): condition Canceled, then cleanup. */
  cancel(r: VmRun, reason: string): void {
    const vm = r.status;
    const message = reason === 'Deleted' ? 'The migration has been deleted.' : 'The migration has been canceled.';
    vm.conditions = setCondition(vm.conditions ?? [], { type: 'Canceled', category: 'Advisory', reason, message, durable: true });
    if (this.deleteOnFail(r)) this.deleteTargets(r);
    if (vm.restorePowerState === 'On' && r.src.type === 'vsphere') this.ctx.deps.model.setPowerState(vm.id, 'poweredOn');
    else if (vm.restorePowerState === 'On')
      void this.restoreRemote(r).catch((e: unknown) => this.ctx.deps.log(`restoring the power of ${vm.name}: ${String(e)}`));
    vm.phase = 'Completed';
    vm.completed = nowTimestamp();
  }

  /** Started phase: what an earlier failed run of this VM left behind. */
  previousFailure(r: VmRun): void {
    const prev = this.ctx.input.previous.find((p) => p.id === r.src.id);
    if (!prev?.conditions?.some((c) => c.type === 'Failed')) return;
    if (this.deleteOnFail(r) && !prev.disksCopied) this.deleteTargets(r);
  }

  /** Deletes the target VM and its DataVolumes/PVCs. */
  private deleteTargets(r: VmRun): void {
    if (typeof this.ctx.destination === 'string') return; // nothing was created on an unreachable destination
    const kinds = this.ctx.target;
    const ns = this.ctx.targetNamespace;
    const selector = this.ctx.ownedSelector(r.src.id);
    for (const vmObj of kinds.list('vm', ns, selector)) kinds.store.delete(kinds.rt('vm'), ns, vmObj.metadata.name ?? '');
    for (const dv of kinds.list('dataVolume', ns, selector)) kinds.store.delete(kinds.rt('dataVolume'), ns, dv.metadata.name ?? '');
    for (const pvc of kinds.list('pvc', ns, selector)) kinds.store.delete(kinds.rt('pvc'), ns, pvc.metadata.name ?? '');
  }
}
