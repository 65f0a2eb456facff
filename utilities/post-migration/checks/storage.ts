import type { V1beta1StorageMap } from '@kubev2v/types';
import type { DestinationDisk, DestinationVmFacts, SourceDisk, SourceVmFacts } from '../facts';
import { compare, failure, type CheckFailure } from './failure';

/** vSphere disk order Forklift uses for DiskIndex: by controller key, then unit number. */
export function orderedSourceDisks(source: SourceVmFacts): SourceDisk[] {
  return [...source.disks].sort((a, b) => a.controllerKey - b.controllerKey || a.unitNumber - b.unitNumber);
}

/** "[datastore1] vm/vm_1.vmdk" → "vm_1.vmdk" (the template's .FileName). */
export function diskFileBaseName(fileName: string): string {
  const path = fileName.replace(/^\[[^\]]*\]\s*/, '');
  return path.split('/').pop() ?? path;
}

/**
 * The disk file Forklift names a disk by (baseVolume): for warm migrations the snapshot delta
 * suffix is dropped ("vm/disk-000015.vmdk" → "vm/disk.vmdk") because CBT copies from the base
 * disk; cold migrations use the current file as it is.
 */
export function baseVolume(fileName: string, warm: boolean): string {
  return warm ? fileName.replace(/-\d{6}\.vmdk/, '.vmdk') : fileName;
}

function storageMapEntryFor(disk: SourceDisk, storageMap: V1beta1StorageMap) {
  return (storageMap.spec?.map ?? []).find((entry) => {
    const source = entry.source;
    return (
      (source.id !== undefined && source.id === disk.datastore.id) ||
      (source.name !== undefined && (source.name === disk.datastore.name || source.name.split('/').pop() === disk.datastore.name))
    );
  });
}

/**
 * The source disk a destination disk came from: Forklift's disk-source annotation (the disk file,
 * snapshot suffix dropped for warm), else the position.
 */
function sourceDiskOf(disk: DestinationDisk, ordered: readonly SourceDisk[]): SourceDisk | undefined {
  const annotated = disk.pvc?.diskSource;
  if (annotated !== undefined) {
    const base = baseVolume(annotated, true);
    const match = ordered.find((candidate) => candidate.fileName === annotated || baseVolume(candidate.fileName, true) === base);
    if (match !== undefined) return match;
  }
  return ordered[disk.index];
}

/** The Python suite checks access modes only for this storage class. */
export const CEPH_RBD_STORAGE_CLASS = 'ocs-storagecluster-ceph-rbd';

/**
 * Same number of disks; each PVC exists and has the storage class the StorageMap gives its
 * source datastore; the access mode the map asks for (and, for ceph-rbd, ReadWriteMany unless the
 * map asks for ReadWriteOnce, as the Python suite checks).
 */
export function checkStorage(source: SourceVmFacts, destination: DestinationVmFacts, storageMap: V1beta1StorageMap): CheckFailure[] {
  const failures = compare('storage', 'number of disks', source.disks.length, destination.disks.length);
  const ordered = orderedSourceDisks(source);
  for (const disk of destination.disks) {
    const subject = `disk ${disk.index} (PVC ${disk.pvcName})`;
    if (disk.pvc === undefined) {
      failures.push(failure('storage', subject, 'the PVC exists', 'PVC not found'));
      continue;
    }
    const sourceDisk = sourceDiskOf(disk, ordered);
    const entry = sourceDisk === undefined ? undefined : storageMapEntryFor(sourceDisk, storageMap);
    if (sourceDisk === undefined || entry === undefined) {
      failures.push(
        failure(
          'storage',
          `${subject} storage class`,
          `a StorageMap entry for ${sourceDisk === undefined ? 'its source disk' : `datastore ${sourceDisk.datastore.name}`}`,
          sourceDisk === undefined ? 'no matching source disk' : 'no entry maps it',
        ),
      );
      continue;
    }
    const expectedClass = entry.destination.storageClass;
    failures.push(...compare('storage', `${subject} storage class (source ${sourceDisk.fileName})`, expectedClass, disk.pvc.storageClass));
    const mapMode = entry.destination.accessMode;
    const expectedMode =
      expectedClass === CEPH_RBD_STORAGE_CLASS ? (mapMode === 'ReadWriteOnce' ? 'ReadWriteOnce' : 'ReadWriteMany') : mapMode;
    if (expectedMode !== undefined && !disk.pvc.accessModes.includes(expectedMode)) {
      failures.push(failure('storage', `${subject} access mode`, expectedMode, disk.pvc.accessModes.join(', ') || '(none)'));
    }
  }
  return failures;
}

/** Copy-offload: the VM has its template disk plus every added disk. */
export function checkCopyOffloadDiskCount(destination: DestinationVmFacts, addedDisks: number): CheckFailure[] {
  return compare('copy-offload-disk-count', 'number of disks (1 + added disks)', 1 + addedDisks, destination.disks.length);
}

/**
 * RDM disks as LUNs (verify_rdm_disk_bus_types; Plan rdmAsLun): the VM has at least one LUN device,
 * one per source RDM disk, each on the SCSI bus; every other disk stays a virtio disk.
 */
export function checkRdmDiskBusTypes(source: SourceVmFacts, destination: DestinationVmFacts): CheckFailure[] {
  const rdms = source.disks.filter((d) => d.rdm !== undefined).length;
  const luns = destination.disks.filter((d) => d.device?.type === 'lun');
  const failures = compare('rdm-disk-bus-types', 'LUN devices (one per source RDM disk, at least one)', Math.max(rdms, 1), luns.length);
  for (const disk of destination.disks) {
    const subject = `${disk.device?.type ?? 'device'} ${disk.volumeName} (PVC ${disk.pvcName}) bus`;
    const expected = disk.device?.type === 'lun' ? 'scsi' : 'virtio';
    failures.push(...compare('rdm-disk-bus-types', subject, expected, disk.device?.bus ?? '(none)'));
  }
  return failures;
}
