/**
 * The source VM's power (reference §2.4 Initialize step, §2.6): its state is stored for the
 * target power state and for a cancel to restore, then it is powered off for the copy.
 */
import type { RunContext, VmRun } from './context';

export class SourcePowerExecutor {
  constructor(private readonly ctx: RunContext) {}

  /** StorePowerState: On, Off, or Unknown when the simulator no longer has the VM. */
  storePowerState(r: VmRun): void {
    const src = this.ctx.deps.model.vm(r.status.id);
    r.status.restorePowerState = src?.powerState === 'poweredOn' ? 'On' : src ? 'Off' : 'Unknown';
  }

  /** PowerOffSource; fault source-snapshots-removed also deletes the source VM's snapshots. */
  powerOff(r: VmRun): void {
    const { model, faults } = this.ctx.deps;
    const id = r.status.id;
    if (model.vm(id)?.powerState !== 'poweredOff') model.setPowerState(id, 'poweredOff');
    if (faults.isOn('source-snapshots-removed')) model.removeSnapshots(id);
  }
}
