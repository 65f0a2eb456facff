/**
 * Shared disks (Forklift's migrateSharedDisks, VM value first, then the plan's, default true): a
 * VM that migrates them creates their DataVolumes with label `shareable=true`; a VM that does not
 * skips them in the transfer and, at VirtualMachineCreation, attaches the shareable PVC already in
 * the target namespace whose disk-source annotation is that VMDK (a PVC of the same plan first,
 * findSharedPVCs / getDiskSharedPVC); a disk with no such PVC is left off the VM. The VM's disk
 * for a shared VMDK is `shareable: true` with cache none (mapDisks). The transfer copies each
 * VMDK's data into its PVC (lab/disk-data.ts).
 * Lab fault shared-disk-not-shared: the VM that should attach the shared PVC gets a DataVolume of
 * its own for the shared disk, and nothing is copied into it (an empty copy).
 */
import type { KubeObject } from '../../apiserver/contract';
import { pvcKey, vmdkKey, type DiskDataStore } from '../../disk-data';
import type { InvDisk, InvVm } from '../../inventory/types';
import type { PlanSpec, PlanVm } from '../plan-types';
import { orderedDisks } from '../target-vm';
import type { Kinds } from '../kinds';

const DISK_SOURCE = 'forklift.konveyor.io/disk-source';

export function migratesSharedDisks(planVm: PlanVm, spec: PlanSpec): boolean {
  return (planVm as { migrateSharedDisks?: boolean }).migrateSharedDisks ?? spec.migrateSharedDisks ?? true;
}

/** The VM as the transfer sees it: without its shared disks when another VM's PVC carries them. */
export function transferredVm(inv: InvVm, attachShared: boolean): InvVm {
  return attachShared ? { ...inv, disks: inv.disks.filter((d) => !d.shared) } : inv;
}

/** The snapshot suffix dropped: "[ds] vm/disk-000012.vmdk" is "[ds] vm/disk.vmdk" (baseVolume). */
const baseVolume = (file: string): string => file.replace(/-\d{6}\.vmdk$/, '.vmdk');

/** getDiskSharedPVC: a shareable PVC in the namespace for the disk, one of the plan first. */
export function findSharedPvc(kinds: Kinds, namespace: string, disk: InvDisk, planUid: string): KubeObject | undefined {
  const candidates = kinds
    .list('pvc', namespace, 'shareable=true')
    .filter((p) => !p.metadata.deletionTimestamp && p.metadata.annotations?.[DISK_SOURCE] === baseVolume(disk.file));
  return candidates.find((p) => p.metadata.labels?.plan === planUid) ?? candidates[0];
}

/** Copies every DataVolume's source VMDK data into its PVC; `skip` names disk files left empty. */
export function copyDiskData(store: DiskDataStore | undefined, dataVolumes: KubeObject[], skip: ReadonlySet<string> = new Set()): void {
  if (!store) return;
  for (const dv of dataVolumes) {
    const file = dv.metadata.annotations?.[DISK_SOURCE];
    if (!file || skip.has(file)) continue;
    store.copy(vmdkKey(file), pvcKey(dv.metadata.namespace ?? '', dv.metadata.name ?? ''));
  }
}

export interface DiskClaims {
  /** Claim per disk in (controller, unit) order; undefined: the disk is left off the VM. */
  claims: Array<{ disk: InvDisk; claim: string } | undefined>;
}

/** Each disk's claim: its own DataVolume, or (attachShared) the shared PVC another VM migrated. */
export function diskClaims(
  inv: InvVm,
  dataVolumes: KubeObject[],
  shared: (disk: InvDisk) => KubeObject | undefined,
  attachShared: boolean,
): DiskClaims {
  const own = [...dataVolumes];
  return {
    claims: orderedDisks(inv).map((disk) => {
      if (disk.shared && attachShared) {
        const pvc = shared(disk);
        return pvc ? { disk, claim: pvc.metadata.name ?? '' } : undefined;
      }
      const dv = own.find((d) => d.metadata.annotations?.[DISK_SOURCE] === disk.file) ?? own[0];
      if (dv) own.splice(own.indexOf(dv), 1);
      return dv ? { disk, claim: dv.metadata.name ?? '' } : undefined;
    }),
  };
}
