/**
 * Which device each migrated VM sees the shared disk as: the PVC both VMs' VMIs mount, and for
 * each VM the device target KubeVirt reports for it (VMI status.volumeStatus[].target, e.g.
 * "vdb"), as the Python suite's _get_shared_disk_devices reads them. A pair without exactly one
 * common claim fails naming both VMs.
 */
import { SharedDiskError } from '../../exceptions/post-migration';

export interface VolumeStatusLike {
  name?: string;
  target?: string;
  persistentVolumeClaimInfo?: { claimName?: string };
}

export interface SharedDiskVmVolumes {
  vm: string; // destination VM name
  volumeStatus: readonly VolumeStatusLike[];
}

/** claimName -> /dev/<target> for every PVC volume that has a target. */
export function pvcDevices(volumes: readonly VolumeStatusLike[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of volumes) {
    const claim = v.persistentVolumeClaimInfo?.claimName;
    if (claim && v.target) out.set(claim, `/dev/${v.target}`);
  }
  return out;
}

export interface SharedDiskDevices {
  claim: string;
  devices: Record<string, string>; // destination VM name -> /dev/vdX
}

export function sharedDiskDevices(first: SharedDiskVmVolumes, second: SharedDiskVmVolumes): SharedDiskDevices {
  const a = pvcDevices(first.volumeStatus);
  const b = pvcDevices(second.volumeStatus);
  const common = [...a.keys()].filter((claim) => b.has(claim));
  const claims = (m: Map<string, string>): string => `[${[...m.keys()].join(', ')}]`;
  if (common.length !== 1) {
    throw new SharedDiskError(
      second.vm,
      `PVC shared with VM ${first.vm}`,
      'exactly one PVC mounted by both VMs',
      `${common.length === 0 ? 'none' : common.join(', ')} (${first.vm}: ${claims(a)}, ${second.vm}: ${claims(b)})`,
    );
  }
  const claim = common[0] as string;
  return { claim, devices: { [first.vm]: a.get(claim) as string, [second.vm]: b.get(claim) as string } };
}
