/**
 * check xcopy used (copyoffload_migration.py verify_xcopy_used / verify_xcopy_used_per_datastore):
 * each disk of a copy-offload plan was copied by its VSphereXcopyVolumePopulator, which reports
 * whether the storage array did the copy (xcopyUsed "1") or the populator fell back to a host copy
 * ("0"). The class decides what to expect: XCOPY for a disk on an XCOPY datastore; the fallback copy
 * when the source VM has snapshots (the snapshot classes) and for a disk on the non-XCOPY datastore
 * (mixed-datastore: per datastore; fallback-large: every disk).
 */
import type { XcopyFinding } from '../../exceptions/copy-offload';

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

/** The disks whose populator reported the other outcome (xcopyUsed by disk file; undefined = not reported). */
export function xcopyFindings(expected: readonly DiskExpectation[], reported: ReadonlyMap<string, string | undefined>): XcopyFinding[] {
  const out: XcopyFinding[] = [];
  for (const e of expected) {
    const actual = reported.get(e.disk);
    const want = e.expectXcopy ? '1' : '0';
    if (actual !== want)
      out.push({
        vm: e.vm,
        disk: e.disk,
        datastore: `${e.datastoreName} (${e.datastoreId})`,
        expected: e.expectXcopy,
        actual: actual === undefined ? 'not reported' : `xcopyUsed=${actual}`,
      });
  }
  return out;
}
