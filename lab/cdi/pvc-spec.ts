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

/** spec.storage: access modes and volume mode not given come from the StorageProfile's claimPropertySets. */
function withProfileDefaults(
  src: StorageSpec,
  storageClassName: string,
  profileFor: (sc: string) => ClaimPropertySet[],
): Pick<StorageSpec, 'accessModes' | 'volumeMode'> {
  if (src.accessModes?.length && src.volumeMode) return src;
  const sets = profileFor(storageClassName);
  const pick = sets.find((s) => !src.volumeMode || s.volumeMode === src.volumeMode) ?? sets[0];
  if (!pick) throw new Error(`no accessMode specified in DataVolume and no claimPropertySets in StorageProfile ${storageClassName}`);
  return { accessModes: src.accessModes?.length ? src.accessModes : pick.accessModes, volumeMode: src.volumeMode ?? pick.volumeMode };
}

/** The PVC spec CDI renders for a DataVolume. Throws a message like CDI's event when it cannot. */
export function renderPvcSpec(
  dv: KubeObject,
  defaultClass: string | undefined,
  profileFor: (sc: string) => ClaimPropertySet[],
): Record<string, unknown> {
  const spec = (dv.spec ?? {}) as { pvc?: StorageSpec; storage?: StorageSpec };
  const src = spec.pvc ?? spec.storage;
  if (!src) throw new Error('DataVolume.spec.pvc or DataVolume.spec.storage must be set');
  const storageClassName = src.storageClassName ?? defaultClass;
  if (!storageClassName) throw new Error('no storage class given and no default storage class');
  const { accessModes, volumeMode } = spec.pvc ? src : withProfileDefaults(src, storageClassName, profileFor);
  const size = src.resources?.requests?.storage;
  if (!size) throw new Error('DataVolume storage size (resources.requests.storage) is missing');
  return {
    accessModes: accessModes ?? ['ReadWriteOnce'],
    volumeMode: volumeMode ?? 'Filesystem',
    storageClassName,
    resources: { requests: { storage: size } },
  };
}
