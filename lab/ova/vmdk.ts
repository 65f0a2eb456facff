/**
 * A VMware hosted sparse extent (VMDK "monolithicSparse", Virtual Disk Format 1.1): the 512-byte
 * SparseExtentHeader ("KDMV"), the embedded text descriptor, and a grain directory whose entries
 * are all zero, i.e. no grain table and no grain allocated: a disk of the declared capacity that
 * reads as zeros, a few kilobytes on the share whatever its size (as qemu-img and virt-v2v read it).
 */

const SECTOR = 512;
const GRAIN_SECTORS = 128; // 64 KiB grains
const GTES_PER_GT = 512;
const DESCRIPTOR_OFFSET = 1;
const DESCRIPTOR_SECTORS = 20;

function descriptor(fileName: string, sectors: number): string {
  const cylinders = Math.min(65535, Math.floor(sectors / (255 * 63)));
  return [
    '# Disk DescriptorFile',
    'version=1',
    'encoding="UTF-8"',
    'CID=fffffffe',
    'parentCID=ffffffff',
    'createType="monolithicSparse"',
    '',
    '# Extent description',
    `RW ${sectors} SPARSE "${fileName}"`,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.virtualHWVersion = "14"',
    `ddb.geometry.cylinders = "${cylinders}"`,
    'ddb.geometry.heads = "255"',
    'ddb.geometry.sectors = "63"',
    'ddb.adapterType = "lsilogic"',
    '',
  ].join('\n');
}

/** The bytes of an empty sparse VMDK of `capacityBytes` (a multiple of 512) named `fileName`. */
export function sparseVmdk(fileName: string, capacityBytes: number): Buffer {
  const sectors = Math.ceil(capacityBytes / SECTOR);
  const gdEntries = Math.ceil(sectors / (GRAIN_SECTORS * GTES_PER_GT));
  const gdOffset = DESCRIPTOR_OFFSET + DESCRIPTOR_SECTORS;
  const gdSectors = Math.ceil((gdEntries * 4) / SECTOR);
  const overHead = Math.ceil((gdOffset + gdSectors) / GRAIN_SECTORS) * GRAIN_SECTORS;
  const out = Buffer.alloc((gdOffset + gdSectors) * SECTOR);
  out.write('KDMV', 0, 'latin1');
  out.writeUInt32LE(1, 4); // version
  out.writeUInt32LE(1, 8); // flags: valid newline detection test
  out.writeBigUInt64LE(BigInt(sectors), 12);
  out.writeBigUInt64LE(BigInt(GRAIN_SECTORS), 20);
  out.writeBigUInt64LE(BigInt(DESCRIPTOR_OFFSET), 28);
  out.writeBigUInt64LE(BigInt(DESCRIPTOR_SECTORS), 36);
  out.writeUInt32LE(GTES_PER_GT, 44);
  out.writeBigUInt64LE(0n, 48); // no redundant grain directory
  out.writeBigUInt64LE(BigInt(gdOffset), 56);
  out.writeBigUInt64LE(BigInt(overHead), 64);
  out.writeUInt8(0, 72); // clean shutdown
  out.write('\n \r\n', 73, 'latin1');
  out.writeUInt16LE(0, 77); // no compression
  const text = descriptor(fileName, sectors);
  if (Buffer.byteLength(text) > DESCRIPTOR_SECTORS * SECTOR) throw new Error(`VMDK descriptor of ${fileName} does not fit its sectors`);
  out.write(text, DESCRIPTOR_OFFSET * SECTOR, 'utf8');
  return out;
}

/** Header facts read back from a VMDK's bytes (for tests and the provider server's PopulatedSize). */
export function readSparseHeader(bytes: Buffer): { magic: string; capacitySectors: number; grainSectors: number; descriptor: string } {
  const offset = Number(bytes.readBigUInt64LE(28));
  const size = Number(bytes.readBigUInt64LE(36));
  return {
    magic: bytes.toString('latin1', 0, 4),
    capacitySectors: Number(bytes.readBigUInt64LE(12)),
    grainSectors: Number(bytes.readBigUInt64LE(20)),
    descriptor: bytes.toString('utf8', offset * SECTOR, (offset + size) * SECTOR).replace(/\0+$/, ''),
  };
}
