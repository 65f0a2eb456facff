/**
 * Guest conversion (reference §2.4 ImageConversion / VirtV2V steps): the virt-v2v pod is not run
 * in the lab (see lab/forklift/README.md), so conversion, inspection and reboot phases take lab
 * time only; CopyDisksVirtV2V, where virt-v2v copies the disks while converting, reports
 * per-disk progress at the lab's network copy rate.
 */
import { secretData } from '../kinds';
import type { Step } from '../plan-types';
import { DEFAULT_PHASE_MINUTES, GIB_PER_MINUTE, PHASE_MINUTES, StepError, type RunContext, type VmRun } from './context';
import type { DiskTransferExecutor } from './disk-transfer';
import { inspectionError } from './virt-v2v-inspection';

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
    if (phase === 'CreateGuestConversionPod') this.admitPod(r);
    await this.ctx.deps.clock.sleep(PHASE_MINUTES[phase] ?? DEFAULT_PHASE_MINUTES, signal);
    if (phase === 'ConvertGuest') this.inspect(r);
  }

  /** The virt-v2v pod runs in the target namespace of the destination cluster: its SCC admission must pass. */
  private admitPod(r: VmRun): void {
    const { destination } = this.ctx;
    if (typeof destination === 'string') throw new StepError(destination);
    const error = destination.podAdmissionError(this.ctx.targetNamespace, `${this.ctx.input.plan.metadata.name ?? ''}-${r.src.id}-`);
    if (error) throw new StepError(`Error creating pod: ${error}`);
  }

  /**
   * virt-v2v inspects the guest before converting it; when it cannot, the conversion pod fails
   * and Forklift fails the ImageConversion step with the pod's error.
   */
  private inspect(r: VmRun): void {
    const storage = this.ctx.deps.model.vm(r.status.id)?.guestStorage;
    if (!storage) return;
    const ref = r.planVm.luks as { name?: string; namespace?: string } | undefined;
    let luksKeys: string[] = [];
    if (ref?.name) {
      const ns = ref.namespace || this.ctx.input.plan.metadata.namespace;
      const secret = this.ctx.deps.kinds.get('secret', ns, ref.name);
      if (!secret) throw new StepError(`Guest conversion failed: secrets "${ref.name}" not found`);
      luksKeys = Object.values(secretData(secret));
    }
    const error = inspectionError({ storage, luksKeys, xfsCompatibility: this.ctx.spec.xfsCompatibility === true });
    if (error) throw new StepError(`Guest conversion failed. ${error}`);
  }
}
