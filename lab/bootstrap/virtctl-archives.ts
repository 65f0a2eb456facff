/**
 * Builds the virtctl download archives the lab's ConsoleCLIDownload links point at. Like the
 * hyperconverged-cluster-cli-download server, Linux builds are tar.gz and Mac builds are zip; each
 * holds one executable `virtctl` (mode 0755) — here the lab's single-file Node.js virtctl.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as tar from 'tar';

export type VirtctlOs = 'linux' | 'mac';
export type VirtctlArch = 'amd64' | 'arm64';

export interface VirtctlArchive {
  os: VirtctlOs;
  arch: VirtctlArch;
  /** URL path under the download server, e.g. /amd64/linux/virtctl.tar.gz */
  urlPath: string;
  file: string; // absolute path of the built archive
  /** Link text exactly as HCO writes it. */
  text: string;
}

export const VIRTCTL_SOURCE = path.join(__dirname, '..', 'virtctl', 'virtctl.js');

const OS_TEXT: Record<VirtctlOs, string> = { linux: 'Linux', mac: 'Mac' };
const ARCH_TEXT: Record<VirtctlArch, string> = { amd64: 'x86_64', arm64: 'ARM 64' };

/** A minimal zip (one stored+deflated entry, Unix mode bits in the external attributes). */
export function zipSingleFile(name: string, data: Buffer, mode: number, mtime: Date): Buffer {
  const deflated = zlib.deflateRawSync(data);
  const crc = zlib.crc32(data);
  const nameBuf = Buffer.from(name, 'utf8');
  const dosTime = ((mtime.getHours() << 11) | (mtime.getMinutes() << 5) | Math.floor(mtime.getSeconds() / 2)) & 0xffff;
  const dosDate = (((mtime.getFullYear() - 1980) << 9) | ((mtime.getMonth() + 1) << 5) | mtime.getDate()) & 0xffff;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt16LE(0, 30); // extra
  central.writeUInt16LE(0, 32); // comment
  central.writeUInt16LE(0, 34); // disk
  central.writeUInt16LE(0, 36); // internal attrs
  central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // regular file + mode
  central.writeUInt32LE(0, 42); // local header offset
  const localPart = Buffer.concat([local, nameBuf, deflated]);
  const centralPart = Buffer.concat([central, nameBuf]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

/** Writes every archive under `outDir` and returns what was built. */
export async function buildVirtctlArchives(outDir: string, source = VIRTCTL_SOURCE): Promise<VirtctlArchive[]> {
  if (!fs.existsSync(source)) throw new Error(`lab virtctl source missing: ${source}`);
  const staging = path.join(outDir, 'staging');
  fs.mkdirSync(staging, { recursive: true });
  const exe = path.join(staging, 'virtctl');
  fs.copyFileSync(source, exe);
  fs.chmodSync(exe, 0o755);
  // Archive entries carry the source's mtime, not the copy's: the archives (and so the download
  // server's content ETag) then stay byte-identical across lab launches until virtctl.js changes,
  // and the suite's revalidated virtctl cache is not refreshed at every launch.
  const { mtime } = fs.statSync(source);
  fs.utimesSync(exe, mtime, mtime);
  const data = fs.readFileSync(exe);
  const out: VirtctlArchive[] = [];
  for (const arch of ['amd64', 'arm64'] as const) {
    for (const osName of ['linux', 'mac'] as const) {
      const dir = path.join(outDir, arch, osName);
      fs.mkdirSync(dir, { recursive: true });
      const fileName = osName === 'linux' ? 'virtctl.tar.gz' : 'virtctl.zip';
      const file = path.join(dir, fileName);
      if (osName === 'linux') await tar.c({ gzip: true, cwd: staging, file, portable: true }, ['virtctl']);
      else fs.writeFileSync(file, zipSingleFile('virtctl', data, 0o755, mtime));
      out.push({
        os: osName,
        arch,
        urlPath: `/${arch}/${osName}/${fileName}`,
        file,
        text: `Download virtctl for ${OS_TEXT[osName]} for ${ARCH_TEXT[arch]}`,
      });
    }
  }
  return out;
}
