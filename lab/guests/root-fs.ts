/**
 * A Linux guest's root filesystem, kept on its boot disk's data (lab/disk-data.ts) as the
 * partition labelled `root`. Files written to absolute paths outside any explicit mount (a data
 * marker such as /root/marker.txt) land there, so they travel with the boot disk: written in the
 * source VM through vSphere guest operations, they are what the migrated guest reads over SSH
 * after the transfer copied the VMDK into its PVC.
 */
import type { DiskDataStore, DiskVolume } from '../disk-data';

export const ROOT_LABEL = 'root';

/** The root volume of the disk at `key`; created (with an empty filesystem) only when `create` is set. */
function rootVolume(store: DiskDataStore, key: string, create: boolean): DiskVolume | undefined {
  const data = store.get(key);
  const found = data?.partitions.find((p) => p.label === ROOT_LABEL);
  if (found || !create) return found;
  const volume: DiskVolume = { fsType: 'xfs', label: ROOT_LABEL, files: {} };
  if (data) data.partitions.push(volume);
  else store.set(key, { partitions: [volume] });
  return store.get(key)?.partitions.find((p) => p.label === ROOT_LABEL);
}

const rel = (path: string): string => path.replace(/^\/+/, '');

export function writeRootFile(store: DiskDataStore, key: string, path: string, content: string): void {
  const volume = rootVolume(store, key, true);
  if (volume) volume.files[rel(path)] = content;
}

/** The file's content, or undefined when the root filesystem does not have it. */
export function readRootFile(store: DiskDataStore, key: string, path: string): string | undefined {
  return rootVolume(store, key, false)?.files[rel(path)];
}
