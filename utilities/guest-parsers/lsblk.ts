import { GuestOutputParseError } from '../../exceptions/post-migration';

/** One block device of `lsblk -J -f` (util-linux JSON), with its children (partitions, LUKS mappings). */
export interface LsblkDevice {
  readonly name: string;
  readonly fstype: string | null;
  readonly uuid: string | null;
  readonly mountpoints: readonly (string | null)[];
  readonly children: readonly LsblkDevice[];
}

function toDevice(raw: unknown, path: string): LsblkDevice {
  if (typeof raw !== 'object' || raw === null) throw new GuestOutputParseError('lsblk -J -f', `${path} is not an object`);
  const o = raw as Record<string, unknown>;
  if (typeof o['name'] !== 'string') throw new GuestOutputParseError('lsblk -J -f', `${path}.name is not a string`);
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  // util-linux < 2.37 prints one "mountpoint"; 2.37+ a "mountpoints" array.
  const mountpoints = Array.isArray(o['mountpoints']) ? o['mountpoints'].map(str) : [str(o['mountpoint'])];
  const children = o['children'] === undefined ? [] : o['children'];
  if (!Array.isArray(children)) throw new GuestOutputParseError('lsblk -J -f', `${path}.children is not an array`);
  return {
    name: o['name'],
    fstype: str(o['fstype']),
    uuid: str(o['uuid']),
    mountpoints,
    children: children.map((c, i) => toDevice(c, `${path}.children[${i}]`)),
  };
}

/** Parses `lsblk -J -f`: the top-level block devices with their children. */
export function parseLsblkJson(output: string): LsblkDevice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch (error) {
    throw new GuestOutputParseError('lsblk -J -f', `not JSON: ${(error as Error).message}`);
  }
  const list = (parsed as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(list)) throw new GuestOutputParseError('lsblk -J -f', 'no "blockdevices" array');
  return list.map((d, i) => toDevice(d, `blockdevices[${i}]`));
}

/** Every device in the tree, depth first. */
export function flattenLsblk(devices: readonly LsblkDevice[]): LsblkDevice[] {
  return devices.flatMap((d) => [d, ...flattenLsblk(d.children)]);
}
