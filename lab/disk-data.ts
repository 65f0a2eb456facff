/**
 * What is written on the lab's virtual disks: per disk its partitions, each with a filesystem, a
 * volume label and files. Source disks are keyed by their VMDK file (a shared VMDK is one entry
 * whatever VM writes it), target disks by their PVC; Forklift's transfer copies a VMDK's data into
 * the PVC it creates, and guests on both sides read and write through the same entries, so data a
 * source guest wrote is what a migrated guest finds — and two VMs on one shareable PVC see each
 * other's writes.
 */

export type FsType = 'xfs' | 'ntfs';

export interface DiskVolume {
  fsType: FsType;
  label: string;
  files: Record<string, string>; // path inside the filesystem ("test-vm1.txt") -> content
}

export interface DiskData {
  partitions: DiskVolume[]; // partition N is partitions[N-1]
}

export const vmdkKey = (fileName: string): string => `vmdk:${fileName}`;
export const pvcKey = (namespace: string, name: string): string => `pvc:${namespace}/${name}`;

function clone(d: DiskData): DiskData {
  return { partitions: d.partitions.map((p) => ({ fsType: p.fsType, label: p.label, files: { ...p.files } })) };
}

export class DiskDataStore {
  private readonly disks = new Map<string, DiskData>();

  /** The live data of a disk (mutations are seen by every reader of the key), or undefined: a blank disk. */
  get(key: string): DiskData | undefined {
    return this.disks.get(key);
  }

  set(key: string, data: DiskData): void {
    this.disks.set(key, clone(data));
  }

  /** A block copy: `to` gets what `from` holds now (a blank `from` leaves `to` blank). */
  copy(from: string, to: string): void {
    const data = this.disks.get(from);
    if (data) this.disks.set(to, clone(data));
    else this.disks.delete(to);
  }

  /**
   * Lab fault disk-data-corrupted: bytes of `key` change as if the transfer flipped them — the
   * first file of every partition gets its first character replaced (an empty file gains one).
   */
  corrupt(key: string): void {
    for (const p of this.disks.get(key)?.partitions ?? []) {
      const [file] = Object.keys(p.files);
      if (file === undefined) continue;
      const text = p.files[file] ?? '';
      p.files[file] = `${text.startsWith('#') ? '%' : '#'}${text.slice(1)}`;
    }
  }

  delete(key: string): void {
    this.disks.delete(key);
  }
}
