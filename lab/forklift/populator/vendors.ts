/**
 * The storage arrays the vSphere copy-offload populator drives (StorageMap
 * offloadPlugin.vsphereXcopyConfig.storageVendorProduct, reference §9) and the Secret keys each
 * one reads at start. The populator reads the merged per-disk secret as environment; a missing
 * key makes it exit before any copy, with the error it logs as `"copy-offload failed" err="..."`.
 * Keys per vendor: the common storage login (Pure also accepts an API token instead of a
 * user/password) plus the vendor's own settings, as the populator's README lists them and the
 * Python suite's storage secret fills them.
 */

export const STORAGE_VENDORS = [
  'flashsystem',
  'vantara',
  'ontap',
  'primera3par',
  'pureFlashArray',
  'powerflex',
  'powermax',
  'powerstore',
  'infinibox',
] as const;

export type StorageVendor = (typeof STORAGE_VENDORS)[number];

/** The vendor-specific keys each array needs besides the storage login. */
export const VENDOR_KEYS: Record<StorageVendor, readonly string[]> = {
  flashsystem: [],
  vantara: ['STORAGE_ID', 'STORAGE_PORT', 'HOSTGROUP_ID_LIST'],
  ontap: ['ONTAP_SVM'],
  primera3par: [],
  pureFlashArray: ['PURE_CLUSTER_PREFIX'],
  powerflex: ['POWERFLEX_SYSTEM_ID'],
  powermax: ['POWERMAX_SYMMETRIX_ID'],
  powerstore: [],
  infinibox: [],
};

export function isStorageVendor(v: string): v is StorageVendor {
  return (STORAGE_VENDORS as readonly string[]).includes(v);
}

const present = (data: Record<string, string>, key: string): boolean => {
  const v = data[key];
  return v !== undefined && Buffer.from(v, 'base64').toString('utf8').trim() !== '';
};

/**
 * What the populator says when it cannot start with this secret (base64 `data` as the Secret
 * holds it), or undefined when every key it needs is there.
 */
export function vendorSecretError(vendor: string, data: Record<string, string>): string | undefined {
  if (!isStorageVendor(vendor))
    return `unsupported storage vendor product ${JSON.stringify(vendor)}: expected one of ${STORAGE_VENDORS.join(', ')}`;
  const missing: string[] = [];
  if (!present(data, 'STORAGE_HOSTNAME')) missing.push('STORAGE_HOSTNAME');
  const token = vendor === 'pureFlashArray' && present(data, 'STORAGE_TOKEN');
  if (!token) for (const k of ['STORAGE_USERNAME', 'STORAGE_PASSWORD']) if (!present(data, k)) missing.push(k);
  for (const k of VENDOR_KEYS[vendor]) if (!present(data, k)) missing.push(k);
  if (missing.length === 0) return undefined;
  return `${vendor}: missing required secret key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
}
