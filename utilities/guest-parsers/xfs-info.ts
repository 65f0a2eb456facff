import { GuestOutputParseError } from '../../exceptions/post-migration';

/** The geometry `xfs_info` prints: the device and every key=value it reports (crc, isize, ftype, ...). */
export interface XfsInfo {
  readonly device: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Parses `xfs_info` (xfsprogs 4.x and 5.x layouts): "meta-data=<device> isize=512 agcount=4, ..."
 * then continuation lines. Keys are unique across sections except bsize/sectsz/sunit/blocks, of
 * which the first (meta-data/data) is kept.
 */
export function parseXfsInfo(output: string): XfsInfo {
  const first = /^meta-data=(\S+)/m.exec(output);
  if (!first?.[1]) throw new GuestOutputParseError('xfs_info', 'no "meta-data=<device>" line');
  const values: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const body = line.replace(/^[a-z-]*\s*=\S*(?:\s+\d+)?/, ''); // drop "section =name" (and naming's "version 2")
    for (const m of body.matchAll(/([a-z0-9-]+)=([^\s,]+)/g)) {
      const [, key, value] = m;
      if (key && value !== undefined && !(key in values)) values[key] = value;
    }
  }
  return { device: first[1], values };
}
