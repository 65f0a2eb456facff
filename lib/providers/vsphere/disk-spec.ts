/**
 * The VirtualDeviceConfigSpec fragments the client's disk reconfigures send (vim25, fields in WSDL
 * order): a new flat VMDK, a new raw device mapping of a SAN LUN, and an edit of an existing disk's
 * mode. Pure functions of the VM's device list; the client runs them through ReconfigVM_Task.
 */
import type { DiskProvisioning } from './client';
import { VSphereFaultError, type ObjectRef } from './errors';
import { backingXml } from './spec-xml';
import { boolOf, child, el, path, textOf, type XmlNode } from './xml';

export type DiskMode = 'persistent' | 'independent_persistent' | 'independent_nonpersistent';

/** A raw device mapping: the LUN by its canonical name (naa.*), in virtual or physical compatibility mode. */
export interface RdmDiskOptions {
  /** The LUN's canonical name, e.g. naa.600a0980383139544924583130323051 (copyoffload.rdm_lun_uuid). */
  lun: string;
  compatibility: 'virtual' | 'physical';
  /** Disk mode; physical mode RDMs are always independent (vSphere snapshots cannot cover them). */
  mode?: DiskMode;
  timeoutMs?: number;
}

export const isVirtualDisk = (device: XmlNode): boolean => device.xsiType?.replace(/^.*:/, '') === 'VirtualDisk';

/** The lowest SCSI unit number free on controller `ck` (7 is the controller's own), or undefined past 15. */
function freeScsiUnit(devices: XmlNode[], ck: string): number | undefined {
  const used = new Set(devices.filter((d) => textOf(d, 'controllerKey') === ck).map((d) => Number(textOf(d, 'unitNumber'))));
  let unit = 0;
  while (unit === 7 || used.has(unit)) unit += 1;
  return unit > 15 ? undefined : unit;
}

/** The first SCSI controller and its next free unit, or the vim25 fault vSphere would answer. */
export function scsiSlot(vm: ObjectRef, devices: XmlNode[]): { controllerKey: string; unit: number } {
  const controller = devices.find((d) => /SCSIController$|LsiLogic|BusLogic/.test(d.xsiType ?? ''));
  if (!controller)
    throw new VSphereFaultError('ReconfigVM_Task', vm, 'InvalidDeviceSpec', 'the VM has no SCSI controller to attach a disk to');
  const controllerKey = textOf(controller, 'key') ?? '';
  const unit = freeScsiUnit(devices, controllerKey);
  if (unit === undefined)
    throw new VSphereFaultError('ReconfigVM_Task', vm, 'InvalidDeviceSpec', `SCSI controller ${controllerKey} has no free unit`);
  return { controllerKey, unit };
}

/** The datastore (MoRef) of the VM's first disk: where a new disk's file goes by default. */
export function firstDiskDatastore(devices: XmlNode[]): string | undefined {
  return path(devices.find(isVirtualDisk), 'backing.datastore')?.text.trim();
}

/** A ConfigSpec adding one new VirtualDisk (key < 0: vSphere assigns it) with that backing. */
function addDiskChange(
  key: number,
  backing: { type: string; fields: string[] },
  slot: { controllerKey: string; unit: number },
  capacity: string[],
): string {
  const device = el(
    'device',
    [
      el('key', key),
      el('backing', backing.fields, { 'xsi:type': backing.type }),
      el('controllerKey', slot.controllerKey),
      el('unitNumber', slot.unit),
      ...capacity,
    ],
    { 'xsi:type': 'VirtualDisk' },
  );
  return el('spec', [el('deviceChange', [el('operation', 'add'), el('fileOperation', 'create'), device])]);
}

/** A new flat VMDK of `sizeGb` on `datastore` (file name given, or "[ds]" for vSphere to choose). */
export function flatDiskSpec(
  slot: { controllerKey: string; unit: number },
  disk: { fileName: string; datastore: string; provisioning: DiskProvisioning; mode: DiskMode; sizeGb: number },
): string {
  const kb = Math.round(disk.sizeGb * 1024 * 1024);
  const backing = backingXml(disk.provisioning, [
    el('fileName', disk.fileName),
    el('datastore', disk.datastore, { type: 'Datastore' }),
    el('diskMode', disk.mode),
  ]);
  return addDiskChange(-101, { type: 'VirtualDiskFlatVer2BackingInfo', fields: backing }, slot, [
    el('capacityInKB', kb),
    el('capacityInBytes', kb * 1024),
  ]);
}

/**
 * A new RDM of a LUN: the mapping file goes next to the VM on `datastore` ("[ds]"), the LUN is
 * named by its device path; the size is the LUN's (vSphere ignores capacity for a mapping).
 */
export function rdmDiskSpec(slot: { controllerKey: string; unit: number }, datastore: string, dsName: string, rdm: RdmDiskOptions): string {
  const backing = [
    el('fileName', `[${dsName}]`),
    el('datastore', datastore, { type: 'Datastore' }),
    el('deviceName', `/vmfs/devices/disks/${rdm.lun}`),
    el('compatibilityMode', rdm.compatibility === 'physical' ? 'physicalMode' : 'virtualMode'),
    el('diskMode', rdm.mode ?? (rdm.compatibility === 'physical' ? 'independent_persistent' : 'persistent')),
  ];
  return addDiskChange(-102, { type: 'VirtualDiskRawDiskMappingVer1BackingInfo', fields: backing }, slot, [el('capacityInKB', 0)]);
}

/** An edit of an existing disk that changes only its backing's diskMode (the rest as read). */
export function diskModeEditSpec(disk: XmlNode, mode: DiskMode): string {
  const backing = child(disk, 'backing');
  const flags = ['thinProvisioned', 'eagerlyScrub'].flatMap((k) => {
    const v = boolOf(backing, k);
    return v === undefined ? [] : [el(k, v)];
  });
  const device = el(
    'device',
    [
      el('key', textOf(disk, 'key') ?? ''),
      el(
        'backing',
        [
          el('fileName', textOf(backing, 'fileName') ?? ''),
          el('datastore', child(backing, 'datastore')?.text.trim() ?? '', { type: 'Datastore' }),
          el('diskMode', mode),
          ...flags,
        ],
        { 'xsi:type': backing?.xsiType?.replace(/^.*:/, '') ?? 'VirtualDiskFlatVer2BackingInfo' },
      ),
      el('controllerKey', textOf(disk, 'controllerKey') ?? ''),
      el('unitNumber', textOf(disk, 'unitNumber') ?? ''),
      el('capacityInKB', textOf(disk, 'capacityInKB') ?? '0'),
    ],
    { 'xsi:type': 'VirtualDisk' },
  );
  return el('spec', [el('deviceChange', [el('operation', 'edit'), device])]);
}
