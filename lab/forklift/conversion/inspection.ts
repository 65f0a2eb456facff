/**
 * What the deep-inspection pod (vm-migration-detective) reports about a source guest, in the shape
 * Forklift stores on Conversion status.inspectionResult (pipeline.go fetchInspectionResults): OS
 * facts, the filesystems and mount points it found on the snapshot's disks, concerns, and whether
 * every check passed. The lab reads the guest from the vCenter model (SimVm.guestStorage; a VM
 * without one has the RHEL default, an XFS /boot and an XFS / on its first disk).
 */
import type { SimGuestDisk, SimVm } from '../../vsphere/model';

export interface InspectionResult {
  allChecksPassed: boolean;
  osInfo: { name: string; distro: string; version: string; arch: string };
  concerns: Array<{ id: string; category: string; label: string; message: string }>;
  filesystems: Array<{ device: string; type: string; uuid: string }>;
  mountpoints: Array<{ device: string; mountPoint: string }>;
}

/** The RHEL installer's default layout on a VM whose model names none. */
function defaultStorage(vm: SimVm): SimGuestDisk[] {
  const base = vm.uuid.replace(/-/g, '').slice(0, 8);
  return [
    {
      partitions: [
        { filesystem: { fstype: 'xfs', uuid: `${base}-b007-4b00-8000-000000000001`, mountpoint: '/boot', xfsCrc: 1, sizeGiB: 1 } },
        { filesystem: { fstype: 'xfs', uuid: `${base}-2007-4a00-8000-000000000002`, mountpoint: '/', xfsCrc: 1, sizeGiB: 18 } },
      ],
    },
  ];
}

function osInfo(vm: SimVm): InspectionResult['osInfo'] {
  const version = /(\d+)/.exec(vm.guestId)?.[1] ?? '';
  if (vm.guestFamily === 'windowsGuest') return { name: 'windows', distro: 'windows', version, arch: 'x86_64' };
  return { name: 'linux', distro: vm.guestId.startsWith('rhel') ? 'rhel' : 'unknown', version, arch: 'x86_64' };
}

/** The inspection of the VM's disks; `incomplete` (a lab fault) drops the filesystems it found. */
export function inspectGuest(vm: SimVm, incomplete: boolean): InspectionResult {
  const filesystems: InspectionResult['filesystems'] = [];
  const mountpoints: InspectionResult['mountpoints'] = [];
  for (const [i, disk] of (vm.guestStorage ?? defaultStorage(vm)).entries()) {
    for (const [j, p] of disk.partitions.entries()) {
      const raw = `/dev/sd${String.fromCharCode(0x61 + i)}${j + 1}`;
      const device = p.luks ? `/dev/mapper/luks-${p.luks.uuid}` : raw;
      filesystems.push({ device, type: p.filesystem.fstype, uuid: p.filesystem.uuid });
      if (p.filesystem.mountpoint) mountpoints.push({ device, mountPoint: p.filesystem.mountpoint });
    }
  }
  return {
    allChecksPassed: true,
    osInfo: osInfo(vm),
    concerns: [],
    filesystems: incomplete ? [] : filesystems,
    mountpoints: incomplete ? [] : mountpoints,
  };
}
