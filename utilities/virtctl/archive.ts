import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type * as Tar from 'tar';
import { lazyModule } from '../../lib/runtime/lazy-module';
import { VirtctlUnavailableError } from '../../exceptions/post-migration';

const tar = lazyModule<typeof Tar>('tar');

export type ArchiveKind = 'tar.gz' | 'zip';

/** HCO serves Linux builds as .tar.gz and Mac builds as .zip; the URL path says which. */
export function archiveKindOf(url: string): ArchiveKind {
  const pathname = new URL(url).pathname.toLowerCase();
  if (pathname.endsWith('.tar.gz') || pathname.endsWith('.tgz')) return 'tar.gz';
  if (pathname.endsWith('.zip')) return 'zip';
  throw new VirtctlUnavailableError(`download ${url} is neither .tar.gz nor .zip`);
}

/** The entry that is the virtctl binary: a file whose base name is virtctl (any folder inside). */
const isVirtctlEntry = (entry: string): boolean => path.posix.basename(entry.replace(/\\/g, '/')) === 'virtctl';

/** Extracts the virtctl entry of a tar.gz into `outFile` (npm tar, gzip detected by the library). */
async function extractTarGz(archive: string, outFile: string): Promise<void> {
  const dir = `${outFile}.d`;
  await fs.mkdir(dir, { recursive: true });
  try {
    let found: string | undefined;
    await tar().x({
      file: archive,
      cwd: dir,
      filter: (entry, stat) => {
        const keep = isVirtctlEntry(entry) && (stat as { type?: string }).type !== 'Directory';
        if (keep) found = entry;
        return keep;
      },
    });
    if (found === undefined) throw new VirtctlUnavailableError(`archive ${archive} has no virtctl entry`);
    await fs.rename(path.join(dir, found), outFile);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Extracts the virtctl entry of a zip. Node has no zip reader and the project has no zip
 * dependency; this reads the central directory (the authoritative entry list) and inflates one
 * stored or deflated entry, which is all a virtctl download holds. Zip64 and encryption are
 * reported as unsupported.
 */
async function extractZip(archive: string, outFile: string): Promise<void> {
  const data = await fs.readFile(archive);
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new VirtctlUnavailableError(`${archive} is not a zip (no end of central directory)`);
  const entries = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff) throw new VirtctlUnavailableError(`${archive} is a zip64 archive, which is not supported`);
  for (let index = 0; index < entries; index += 1) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw new VirtctlUnavailableError(`${archive}: corrupt zip central directory`);
    const flags = data.readUInt16LE(offset + 8);
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    if (!isVirtctlEntry(name) || name.endsWith('/')) continue;
    if ((flags & 1) !== 0) throw new VirtctlUnavailableError(`${archive}: encrypted zip entries are not supported`);
    const localNameLength = data.readUInt16LE(localOffset + 26);
    const localExtraLength = data.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const raw = data.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new VirtctlUnavailableError(`${archive}: zip compression method ${method} is not supported`);
    await fs.writeFile(outFile, method === 0 ? raw : zlib.inflateRawSync(raw));
    return;
  }
  throw new VirtctlUnavailableError(`archive ${archive} has no virtctl entry`);
}

/** Extracts virtctl from the archive to `outFile` and makes it executable (0755). */
export async function extractVirtctl(archive: string, kind: ArchiveKind, outFile: string): Promise<void> {
  if (kind === 'tar.gz') await extractTarGz(archive, outFile);
  else await extractZip(archive, outFile);
  await fs.chmod(outFile, 0o755);
}
