/**
 * The copy-offload StorageMap (tests/copyoffload: one entry per datastore with the XCOPY plugin):
 * `source: {id}` → `destination: {storageClass, volumeMode: Block}` and
 * `offloadPlugin.vsphereXcopyConfig: {secretRef, storageVendorProduct}`. The entries are the
 * section's datastore_id plus every datastore the plan's disks sit on (the secondary datastore of
 * the multi-datastore classes, the non-XCOPY one of the mixed and fallback classes, which keeps the
 * plugin so Forklift falls back to a host copy there).
 */
import type { V1beta1StorageMapSpecMap } from '@kubev2v/types';
import type { StorageVendor } from '../../lib/config/providers-file';

export interface XcopyPlugin {
  /** The vendor storage Secret, in the source provider's namespace. */
  secretRef: string;
  storageVendorProduct: StorageVendor;
}

/** Distinct datastore MoIDs in first-seen order: the primary first, then the disks' own. */
export function offloadDatastores(primary: string, diskDatastores: Iterable<string>): string[] {
  return [...new Set([primary, ...[...diskDatastores].filter((id) => id !== '')])];
}

export function copyOffloadStorageMapEntries(
  datastoreIds: readonly string[],
  storageClass: string,
  plugin: XcopyPlugin,
): V1beta1StorageMapSpecMap[] {
  // @kubev2v/types lists five vendors; Forklift's CRD enum has all nine of STORAGE_VENDORS.
  const offloadPlugin = {
    vsphereXcopyConfig: { secretRef: plugin.secretRef, storageVendorProduct: plugin.storageVendorProduct },
  } as V1beta1StorageMapSpecMap['offloadPlugin'];
  return datastoreIds.map((id) => ({ source: { id }, destination: { storageClass, volumeMode: 'Block' }, offloadPlugin }));
}
