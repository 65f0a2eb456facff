/**
 * What CDI derives from StorageClasses and DataVolumes, as pure functions: the claim property
 * sets a StorageProfile reports, and the PVC spec a DataVolume renders to (spec.pvc verbatim;
 * spec.storage completed from the StorageProfile and the default storage class).
 */
import type { KubeObject } from '../apiserver/contract';

export interface ClaimPropertySet {
  accessModes: string[];
  volumeMode: 'Block' | 'Filesystem';
}

/** CDI's built-in capabilities per provisioner (what status.claimPropertySets shows without a spec). */
export function defaultClaimPropertySets(provisioner: string): ClaimPropertySet[] {
  if (provisioner.startsWith('block.') || provisioner.includes('rbd') || provisioner.includes('ebs')) {
    return [
      { accessModes: ['ReadWriteMany'], volumeMode: 'Block' },
      { accessModes: ['ReadWriteOnce'], volumeMode: 'Block' },
      { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
    ];
  }
  if (provisioner.includes('nfs')) return [{ accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem' }];
  return [];
}

export interface StorageSpec {
  accessModes?: string[];
  volumeMode?: string;
  storageClassName?: string;
  resources?: { requests?: { storage?: string } };
  dataSourceRef?: unknown;
}

/** The PVC spec CDI renders for a DataVolume. Throws a message like CDI's event when it cannot. */
export function renderPvcSpec(dv: KubeObject, defaultClass: string | undefined, profileFor: (sc: string) => ClaimPropertySet[]): Record<string, unknown> {
  const spec = (dv.spec ?? {}) as { pvc?: StorageSpec; storage?: StorageSpec };
  const src = spec.pvc ?? spec.storage;
  if (!src) throw new Error('DataVolume.spec.pvc or DataVolume.spec.storage must be set');
  const storageClassName = src.storageClassName ?? defaultClass;
  if (!storageClassName) throw new Error('no storage class given and no default storage class');
  let accessModes = src.accessModes;
  let volumeMode = src.volumeMode;
  if (!spec.pvc && (!accessModes?.length || !volumeMode)) {
    const sets = profileFor(storageClassName);
    const pick = sets.find((s) => !volumeMode || s.volumeMode === volumeMode) ?? sets[0];
    if (!pick) throw new Error(`no accessMode specified in DataVolume and no claimPropertySets in StorageProfile ${storageClassName}`);
    accessModes = accessModes?.length ? accessModes : pick.accessModes;
    volumeMode = volumeMode ?? pick.volumeMode;
  }
  const size = src.resources?.requests?.storage;
  if (!size) throw new Error('DataVolume storage size (resources.requests.storage) is missing');
  return { accessModes: accessModes ?? ['ReadWriteOnce'], volumeMode: volumeMode ?? 'Filesystem', storageClassName, resources: { requests: { storage: size } } };
}

