/**
 * A migrated Linux guest's disks as its tools show them: `lsblk -J -f` (util-linux 2.37, the
 * RHEL 9 build: columns NAME FSTYPE FSVER LABEL UUID FSAVAIL FSUSE% MOUNTPOINTS, JSON indented by
 * three spaces) and `xfs_info <mountpoint|device>` (xfsprogs 4.5 on RHEL 7, 5.0 on RHEL 8/9, each
 * in its own printf layout). The disks are virtio after conversion, so they are vda, vdb, ...
 */
import type { SimGuestDisk, SimGuestFilesystem, SimGuestPartition } from '../vsphere/model';
import { createHash } from 'node:crypto';
import type { CommandResult } from './commands';

const BLOCKS_PER_GIB = 262_144; // 4 KiB blocks

/** lsblk's human size: one decimal below 10 units, none above (util-linux size_to_human_string). */
function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = v < 10 || !Number.isInteger(Math.round(v * 10) / 10) ? (Math.round(v * 10) / 10).toString() : Math.round(v).toString();
  return `${text}${units[u]}`;
}

/** Used space of a filesystem the lab reports (a fixed fraction: lab guests do not change). */
const USED_FRACTION = 0.12;

interface LsblkNode {
  name: string;
  fstype: string | null;
  fsver: string | null;
  label: string | null;
  uuid: string | null;
  fsavail: string | null;
  'fsuse%': string | null;
  mountpoints: Array<string | null>;
  children?: LsblkNode[];
}

function fsNode(name: string, fs: SimGuestFilesystem): LsblkNode {
  const mounted = fs.mountpoint !== undefined && fs.fstype !== 'swap';
  const size = fs.sizeGiB * 1024 ** 3;
  return {
    name,
    fstype: fs.fstype,
    fsver: fs.fstype === 'vfat' ? 'FAT32' : fs.fstype === 'swap' ? '1' : null,
    label: null,
    uuid: fs.uuid,
    fsavail: mounted ? human(size * (1 - USED_FRACTION)) : null,
    'fsuse%': mounted ? `${Math.round(USED_FRACTION * 100)}%` : null,
    mountpoints: [fs.fstype === 'swap' ? '[SWAP]' : (fs.mountpoint ?? null)],
  };
}

function partitionNode(name: string, p: SimGuestPartition): LsblkNode {
  if (!p.luks) return fsNode(name, p.filesystem);
  return {
    name,
    fstype: 'crypto_LUKS',
    fsver: '2',
    label: null,
    uuid: p.luks.uuid,
    fsavail: null,
    'fsuse%': null,
    mountpoints: [null],
    children: [fsNode(`luks-${p.luks.uuid}`, p.filesystem)],
  };
}

export function diskName(index: number): string {
  return `vd${String.fromCharCode(0x61 + index)}`;
}

/** `lsblk -J -f` */
export function lsblkJsonFs(disks: readonly SimGuestDisk[]): string {
  const blockdevices: LsblkNode[] = disks.map((d, i) => ({
    name: diskName(i),
    fstype: null,
    fsver: null,
    label: null,
    uuid: null,
    fsavail: null,
    'fsuse%': null,
    mountpoints: [null],
    children: d.partitions.map((p, j) => partitionNode(`${diskName(i)}${j + 1}`, p)),
  }));
  return JSON.stringify({ blockdevices }, null, 3) + '\n';
}

interface MountedXfs {
  device: string;
  fs: SimGuestFilesystem;
}

/** The XFS filesystem `arg` names: its mount point, or its block device. */
function findXfs(disks: readonly SimGuestDisk[], arg: string): MountedXfs | undefined {
  for (const [i, d] of disks.entries()) {
    for (const [j, p] of d.partitions.entries()) {
      const device = p.luks ? `/dev/mapper/luks-${p.luks.uuid}` : `/dev/${diskName(i)}${j + 1}`;
      if (p.filesystem.fstype !== 'xfs') continue;
      if (p.filesystem.mountpoint === arg || device === arg) return { device, fs: p.filesystem };
    }
  }
  return undefined;
}

const pad = (v: string | number, n: number): string => String(v).padEnd(n, ' ');

function geometry(fs: SimGuestFilesystem) {
  const crc = fs.xfsCrc ?? 1;
  const blocks = Math.round(fs.sizeGiB * BLOCKS_PER_GIB);
  return { crc, blocks, agsize: Math.ceil(blocks / 4), isize: crc ? 512 : 256, ftype: crc ? 1 : 0 };
}

/** xfsprogs 4.5 (RHEL 7) xfs_growfs -n layout, which its xfs_info wrapper prints. */
function xfsInfo45(m: MountedXfs): string {
  const g = geometry(m.fs);
  return [
    `meta-data=${pad(m.device, 22)} isize=${pad(g.isize, 6)} agcount=4, agsize=${g.agsize} blks`,
    `         =${pad('', 22)} sectsz=${pad(512, 5)} attr=2, projid32bit=1`,
    `         =${pad('', 22)} crc=${pad(g.crc, 8)} finobt=${g.crc} spinodes=0`,
    `data     =${pad('', 22)} bsize=${pad(4096, 6)} blocks=${g.blocks}, imaxpct=25`,
    `         =${pad('', 22)} sunit=${pad(0, 6)} swidth=0 blks`,
    `naming   =version ${pad(2, 14)} bsize=${pad(4096, 6)} ascii-ci=0 ftype=${g.ftype}`,
    `log      =${pad('internal', 22)} bsize=${pad(4096, 6)} blocks=2560, version=2`,
    `         =${pad('', 22)} sectsz=${pad(512, 5)} sunit=0 blks, lazy-count=1`,
    `realtime =${pad('none', 22)} extsz=${pad(4096, 6)} blocks=0, rtextents=0`,
    '',
  ].join('\n');
}

/** xfsprogs 5.0 (RHEL 8 and 9) xfs_spaceman info layout. */
function xfsInfo50(m: MountedXfs): string {
  const g = geometry(m.fs);
  return [
    `meta-data=${pad(m.device, 22)} isize=${pad(g.isize, 6)} agcount=4, agsize=${g.agsize} blks`,
    `         =${pad('', 22)} sectsz=${pad(512, 5)} attr=2, projid32bit=1`,
    `         =${pad('', 22)} crc=${pad(g.crc, 8)} finobt=${g.crc}, sparse=${g.crc}, rmapbt=0`,
    `         =${pad('', 22)} reflink=${g.crc}`,
    `data     =${pad('', 22)} bsize=${pad(4096, 6)} blocks=${g.blocks}, imaxpct=25`,
    `         =${pad('', 22)} sunit=${pad(0, 6)} swidth=0 blks`,
    `naming   =version ${pad(2, 14)} bsize=${pad(4096, 6)} ascii-ci=0, ftype=${g.ftype}`,
    `log      =${pad('internal log', 22)} bsize=${pad(4096, 6)} blocks=2560, version=2`,
    `         =${pad('', 22)} sectsz=${pad(512, 5)} sunit=0 blks, lazy-count=1`,
    `realtime =${pad('none', 22)} extsz=${pad(4096, 6)} blocks=0, rtextents=0`,
    '',
  ].join('\n');
}

/** `xfs_info <mountpoint|device>` on a guest whose OS major version is `osMajor`. */
export function xfsInfo(disks: readonly SimGuestDisk[], osMajor: number, args: string[]): CommandResult {
  const [arg] = args;
  if (args.length !== 1 || arg === undefined)
    return { stdout: '', stderr: 'Usage: xfs_info [-V] [-t mtab] [mountpoint|device|file]\n', code: 1 };
  const found = findXfs(disks, arg);
  if (!found) return { stdout: '', stderr: `xfs_info: ${arg} is not a mounted XFS filesystem\n`, code: 1 };
  return { stdout: osMajor <= 7 ? xfsInfo45(found) : xfsInfo50(found), stderr: '', code: 0 };
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A guest whose source says nothing about its disks: the RHEL installer's default, XFS v5 /boot and /. */
export function defaultGuestStorage(seed: string, rootGiB = 20): SimGuestDisk[] {
  return [
    {
      partitions: [
        { filesystem: { fstype: 'xfs', uuid: uuidFrom(`${seed}/boot`), mountpoint: '/boot', xfsCrc: 1, sizeGiB: 1 } },
        { filesystem: { fstype: 'xfs', uuid: uuidFrom(`${seed}/root`), mountpoint: '/', xfsCrc: 1, sizeGiB: Math.max(1, rootGiB - 1) } },
      ],
    },
  ];
}
