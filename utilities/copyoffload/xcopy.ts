/**
 * check xcopy used (copyoffload_migration.py verify_xcopy_used / verify_xcopy_used_per_datastore):
 * each disk of a copy-offload plan was copied by its VSphereXcopyVolumePopulator, which reports
 * whether the storage array did the copy (xcopyUsed "1") or the populator fell back to a host copy
 * ("0"). The class decides what to expect: XCOPY for a disk on an XCOPY datastore; the fallback copy
 * when the source VM has snapshots (the snapshot classes) and for a disk on the non-XCOPY datastore
 * (mixed-datastore: per datastore; fallback-large: every disk).
 */
import { groupByVm, type VmFailures, type VmFinding } from '../../exceptions/post-migration';

/** The check's name in findings (and the lab fault catalog's caughtBy). */
export const XCOPY_CHECK = 'check xcopy used';

export interface DiskExpectation {
  vm: string;
  /** The disk's backing file, "[datastore] vm/vm.vmdk" (the populator's spec.vmdkPath). */
  disk: string;
  datastoreId: string;
  datastoreName: string;
  expectXcopy: boolean;
}

/** What the class expects for one disk. */
export function expectsXcopy(disk: { datastoreId: string }, vm: { snapshots: number }, nonXcopyDatastoreId: string | undefined): boolean {
  return vm.snapshots === 0 && disk.datastoreId !== nonXcopyDatastoreId;
}

const outcome = (xcopy: boolean): string => (xcopy ? 'xcopyUsed=1 (copied by the storage array)' : 'xcopyUsed=0 (fallback host copy)');

/** Per VM, the disks whose populator reported the other outcome (xcopyUsed by disk file; undefined = not reported). */
export function xcopyFindings(expected: readonly DiskExpectation[], reported: ReadonlyMap<string, string | undefined>): VmFailures[] {
  const findings: VmFinding[] = [];
  for (const e of expected) {
    const actual = reported.get(e.disk);
    if (actual === (e.expectXcopy ? '1' : '0')) continue;
    findings.push({
      vm: e.vm,
      failure: {
        check: XCOPY_CHECK,
        subject: `disk ${e.disk} on datastore ${e.datastoreName} (${e.datastoreId})`,
        expected: outcome(e.expectXcopy),
        actual:
          actual === undefined
            ? 'xcopyUsed not reported by its VSphereXcopyVolumePopulator'
            : actual === '1' || actual === '0'
              ? outcome(actual === '1')
              : `xcopyUsed=${actual}`,
      },
    });
  }
  return groupByVm(findings);
}
