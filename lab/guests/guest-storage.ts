/**
 * A migrated guest's disks as its OS sees them: one block device per VMI volume (vda, vdb, ... in
 * volume order; Windows Disk 0, 1, ...) backed by the PVC's data in the lab's DiskDataStore. Two
 * VMs on one shareable PVC write the same data. Like a real kernel, a guest caches what it read
 * of a filesystem: it does not see another VM's writes until it drops that cache (Linux
 * `blockdev --flushbufs`, Windows taking the disk offline and online). Windows brings up with its
 * non-boot disks offline (SAN policy), as a migrated Windows guest does.
 * Commands: mkdir -p, mount, umount, sync, tee (through `sh -c "echo '...' | tee <file>"`), cat,
 * blockdev --flushbufs; PowerShell Get-Disk/Set-Disk, Get-Volume, Set-Content, Get-Content.
 */
import type { DiskDataStore, DiskVolume } from '../disk-data';
import { readRootFile } from './root-fs';

export interface GuestDisk {
  target: string; // vda, vdb, ...
  key: string; // DiskDataStore key of the PVC
}

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

const ok = (stdout = ''): Result => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1): Result => ({ stdout: '', stderr, code });

export class GuestStorage {
  private readonly mounts = new Map<string, { disk: number; partition: number }>(); // mount point -> disk index, partition
  private readonly dirs = new Set<string>(['/', '/mnt', '/tmp']);
  /** Cached filesystem views per "disk/partition": what the guest read, updated by its own writes. */
  private readonly cache = new Map<string, Record<string, string>>();
  private readonly offline = new Set<number>();

  constructor(
    readonly disks: readonly GuestDisk[],
    private readonly store: DiskDataStore,
    windows: boolean,
  ) {
    if (windows) disks.forEach((_, i) => i > 0 && this.offline.add(i));
  }

  private volume(disk: number, partition: number): DiskVolume | undefined {
    const d = this.disks[disk];
    return d ? this.store.get(d.key)?.partitions[partition - 1] : undefined;
  }

  /** The guest's view of a volume's files: cached after the first read. */
  private view(disk: number, partition: number): Record<string, string> {
    const id = `${disk}/${partition}`;
    let files = this.cache.get(id);
    if (!files) {
      files = { ...(this.volume(disk, partition)?.files ?? {}) };
      this.cache.set(id, files);
    }
    return files;
  }

  private dropCache(disk: number): void {
    for (const id of [...this.cache.keys()]) if (id.startsWith(`${disk}/`)) this.cache.delete(id);
  }

  private writeFile(disk: number, partition: number, file: string, content: string): void {
    this.view(disk, partition)[file] = content;
    const v = this.volume(disk, partition);
    if (v) v.files[file] = content;
  }

  // ---- Linux ----

  private device(dev: string): { disk: number; partition: number } | undefined {
    const m = /^\/dev\/(vd[a-z])(\d*)$/.exec(dev);
    const disk = this.disks.findIndex((d) => d.target === m?.[1]);
    return m && disk >= 0 ? { disk, partition: Number(m[2] || 0) } : undefined;
  }

  private mountOf(path: string): { disk: number; partition: number; file: string } | undefined {
    for (const [point, at] of this.mounts) {
      if (path.startsWith(`${point}/`)) return { ...at, file: path.slice(point.length + 1) };
    }
    return undefined;
  }

  mkdir(args: string[]): Result {
    for (const a of args.filter((x) => x !== '-p')) this.dirs.add(a.replace(/\/$/, ''));
    return ok();
  }

  mount(args: string[]): Result {
    const [dev = '', point = ''] = args;
    const at = this.device(dev);
    if (!at || at.partition === 0 || !this.volume(at.disk, at.partition))
      return fail(`mount: ${point}: special device ${dev} does not exist.\n`, 32);
    if (!this.dirs.has(point)) return fail(`mount: ${point}: mount point does not exist.\n`, 32);
    if (this.mounts.has(point)) return fail(`mount: ${point}: ${dev} already mounted on ${point}.\n`, 32);
    this.mounts.set(point, at);
    return ok();
  }

  umount(args: string[]): Result {
    const point = args[0] ?? '';
    if (!this.mounts.delete(point)) return fail(`umount: ${point}: not mounted.\n`, 32);
    return ok();
  }

  /** `blockdev --flushbufs /dev/vdX`: the next read of that disk comes from the disk. */
  blockdev(args: string[]): Result {
    const dev = args[args.length - 1] ?? '';
    const at = this.device(dev);
    if (args[0] !== '--flushbufs') return fail(`blockdev: unknown command: ${args[0] ?? ''}\n`);
    if (!at) return fail(`blockdev: cannot open ${dev}: No such file or directory\n`);
    this.dropCache(at.disk);
    return ok();
  }

  /** `cat <file>` on a mounted filesystem; undefined: not on a mount (the caller answers). */
  cat(path: string): Result | undefined {
    const at = this.mountOf(path);
    if (!at) {
      // Not on a mount: the root filesystem of the boot disk (./root-fs.ts), if it has the file.
      const root = path.startsWith('/') && this.disks[0] ? readRootFile(this.store, this.disks[0].key, path) : undefined;
      return root === undefined ? undefined : ok(root);
    }
    const content = this.view(at.disk, at.partition)[at.file];
    return content === undefined ? fail(`cat: ${path}: No such file or directory\n`) : ok(content);
  }

  /** `sh -c "echo '<text>' | [sudo] tee <file> > /dev/null"`; undefined: not that pipeline. */
  shPipeline(script: string): Result | undefined {
    const m = /^echo\s+'([^']*)'\s*\|\s*(?:sudo\s+)?tee\s+(\S+)\s*>\s*\/dev\/null\s*$/.exec(script.trim());
    if (!m) return undefined;
    const at = this.mountOf(m[2] ?? '');
    if (!at) return fail(`tee: ${m[2] ?? ''}: No such file or directory\n`);
    this.writeFile(at.disk, at.partition, at.file, `${m[1] ?? ''}\n`);
    return ok();
  }

  // ---- Windows ----

  private labeled(label: string): { disk: number; partition: number } | undefined {
    for (let disk = 0; disk < this.disks.length; disk += 1) {
      if (this.offline.has(disk)) continue;
      const parts = this.store.get(this.disks[disk]?.key ?? '')?.partitions ?? [];
      const i = parts.findIndex((p) => p.fsType === 'ntfs' && p.label === label);
      if (i >= 0) return { disk, partition: i + 1 };
    }
    return undefined;
  }

  private drive(letter: string): { disk: number; partition: number } | undefined {
    const disk = letter.toUpperCase().charCodeAt(0) - 'C'.charCodeAt(0);
    if (disk < 0 || disk >= this.disks.length || this.offline.has(disk)) return undefined;
    const i = (this.store.get(this.disks[disk]?.key ?? '')?.partitions ?? []).findIndex((p) => p.fsType === 'ntfs');
    return i >= 0 || disk === 0 ? { disk, partition: i + 1 } : undefined;
  }

  /** The PowerShell the suite sends for the shared volume; undefined: a script this does not know. */
  powershell(script: string): Result | undefined {
    const s = script.trim();
    const q = (re: RegExp) => re.exec(s)?.slice(1) ?? [];
    if (/Where-Object \{ \$_\.OperationalStatus -eq 'Offline' \} \| Set-Disk -IsOffline \$false/.test(s)) {
      this.offline.clear();
      return ok();
    }
    const [byLabel] = q(/^\(Get-Volume -FileSystemLabel '([^']*)' -ErrorAction SilentlyContinue\)\.DriveLetter$/);
    if (byLabel !== undefined) {
      const at = this.labeled(byLabel);
      return ok(at ? `${String.fromCharCode(67 + at.disk)}\r\n` : '');
    }
    const [numberOf] = q(/^\(Get-Volume -FileSystemLabel '([^']*)' \| Get-Partition\)\.DiskNumber$/);
    if (numberOf !== undefined) {
      const at = this.labeled(numberOf);
      if (!at) return fail(`Get-Volume : No MSFT_Volume objects found with property 'FileSystemLabel' equal to '${numberOf}'.\r\n`);
      return ok(`${at.disk}\r\n`);
    }
    const [num, state] = q(/^Set-Disk -Number (\d+) -IsOffline \$(true|false)$/);
    if (num !== undefined) {
      const disk = Number(num);
      if (disk >= this.disks.length) return fail(`Set-Disk : No MSFT_Disk objects found with property 'Number' equal to '${num}'.\r\n`);
      if (state === 'true') {
        this.offline.add(disk);
        this.dropCache(disk);
      } else this.offline.delete(disk);
      return ok();
    }
    const [setPath, value] = q(/^Set-Content -Path '([A-Za-z]:\\[^']+)' -Value '((?:[^']|'')*)'$/);
    if (setPath !== undefined) return this.setContent(setPath, (value ?? '').replace(/''/g, "'"));
    const [getPath] = q(/^Get-Content -Path '([A-Za-z]:\\[^']+)'$/);
    if (getPath !== undefined) return this.getContent(getPath);
    return undefined;
  }

  private setContent(path: string, value: string): Result {
    const at = this.drive(path[0] ?? '');
    if (!at) return fail(`Set-Content : Could not find a part of the path '${path}'.\r\n`);
    this.writeFile(at.disk, at.partition, path.slice(3), `${value}\r\n`);
    return ok();
  }

  private getContent(path: string): Result {
    const at = this.drive(path[0] ?? '');
    const content = at ? this.view(at.disk, at.partition)[path.slice(3)] : undefined;
    if (content === undefined) return fail(`Get-Content : Cannot find path '${path}' because it does not exist.\r\n`);
    return ok(content);
  }
}
