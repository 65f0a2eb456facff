/**
 * Guest conversion (reference §2.4 ImageConversion / VirtV2V steps): the virt-v2v pod is not run
 * in the lab (see lab/forklift/README.md), so conversion, inspection and reboot phases take lab
 * time only; CopyDisksVirtV2V, where virt-v2v copies the disks while converting, reports
 * per-disk progress at the lab's network copy rate.
 */
import type { Step } from '../plan-types';
import { DEFAULT_PHASE_MINUTES, GIB_PER_MINUTE, PHASE_MINUTES, type RunContext, type VmRun } from './context';
import type { DiskTransferExecutor } from './disk-transfer';

export const CONVERSION_PHASES = [
  'PreflightInspection',
  'CreateGuestConversionPod',
  'ConvertGuest',
  'CopyDisksVirtV2V',
  'WaitForGuestReboots',
] as const;

export class ConversionExecutor {
  constructor(
    private readonly ctx: RunContext,
    private readonly disks: DiskTransferExecutor,
  ) {}

  async run(r: VmRun, phase: string, step: Step | undefined, signal: AbortSignal): Promise<void> {
    if (phase === 'CopyDisksVirtV2V') {
      await this.disks.progressTasks(step, signal, 1 / GIB_PER_MINUTE);
      r.status.disksCopied = true;
      return;
    }
    await this.ctx.deps.clock.sleep(PHASE_MINUTES[phase] ?? DEFAULT_PHASE_MINUTES, signal);
  }
}
