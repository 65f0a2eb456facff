/**
 * check clone method: the VSphereXcopyVolumePopulator of every disk of a copy-offload plan reports
 * in status.cloneMethod the ESXi clone method the providers entry configures (esxi_clone_method:
 * vib by default, or ssh) — the populator ran vmkfstools the way the run set up.
 */
import { groupByVm, type VmFailures } from '../../exceptions/post-migration';

/** The check's name in findings (and the lab fault catalog's caughtBy). */
export const CLONE_METHOD_CHECK = 'check clone method';

export interface PopulatorCloneMethod {
  vm: string;
  disk: string;
  /** namespace/name of the disk's PVC (its populator has the same name). */
  pvc: string;
  /** status.cloneMethod as reported; undefined when absent. */
  reported: string | undefined;
}

/** Per VM, the disks whose populator reports another clone method than `configured`. */
export function cloneMethodFindings(configured: 'vib' | 'ssh', populators: readonly PopulatorCloneMethod[]): VmFailures[] {
  return groupByVm(
    populators
      .filter((p) => p.reported !== configured)
      .map((p) => ({
        vm: p.vm,
        failure: {
          check: CLONE_METHOD_CHECK,
          subject: `disk ${p.disk} (PVC ${p.pvc})`,
          expected: `cloneMethod ${configured} (esxi_clone_method)`,
          actual: p.reported === undefined ? 'cloneMethod not reported by its VSphereXcopyVolumePopulator' : `cloneMethod ${p.reported}`,
        },
      })),
  );
}
