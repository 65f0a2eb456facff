/**
 * "verify shared disk data": after migration both VMs read and write the one shared disk, as the
 * Python suite's verify_shared_disk_data(_windows) does. VM1 writes a marker, VM2 (after dropping
 * its cached view) reads it and writes its own, VM1 (after dropping its cache) reads that one.
 * Linux mounts partition 1 of the device KubeVirt reports for the shared PVC on each VM; Windows
 * finds the NTFS volume by the label written on the source before migration. Each failure names
 * the VM that could not see the data.
 */
import { GuestCommandError, SharedDiskError } from '../../exceptions/post-migration';
import type { GuestShell } from '../post-migration/guest-shell';
import { windowsSharedDisk as win } from './windows';

export interface SharedDiskPeer {
  vm: string; // destination VM name, for messages
  shell: GuestShell;
}

export const MOUNT_POINT = '/mnt/shared_disk';
export const MARKERS = {
  vm1: { file: 'test-vm1.txt', content: 'Data from VM1' },
  vm2: { file: 'test-vm2.txt', content: 'Data from VM2' },
} as const;

async function run(peer: SharedDiskPeer, command: string): Promise<string> {
  const r = await peer.shell.run(command);
  if (r.exitCode !== 0) throw new GuestCommandError(peer.vm, command, r.exitCode, r.stderr || r.stdout);
  return r.stdout;
}

async function expectMarker(
  peer: SharedDiskPeer,
  command: string,
  marker: { file: string; content: string },
  writer: string,
): Promise<void> {
  const r = await peer.shell.run(command);
  const text = `${r.stdout}${r.stderr}`.trim();
  if (r.exitCode !== 0 || !r.stdout.includes(marker.content))
    throw new SharedDiskError(peer.vm, `${marker.file} written by ${writer}`, `"${marker.content}"`, text ? `"${text}"` : '(nothing)');
}

const linux = {
  mount: async (p: SharedDiskPeer, device: string) => {
    await run(p, `sudo mkdir -p ${MOUNT_POINT}`);
    const r = await p.shell.run(`sudo mount ${device}1 ${MOUNT_POINT}`);
    if (r.exitCode !== 0)
      throw new SharedDiskError(p.vm, `mount of ${device}1 (the shared PVC)`, 'a filesystem to mount', (r.stderr || r.stdout).trim());
  },
  write: async (p: SharedDiskPeer, m: { file: string; content: string }) => {
    await run(p, `sh -c "echo '${m.content}' | sudo tee ${MOUNT_POINT}/${m.file} > /dev/null"`);
    await run(p, 'sudo sync');
  },
  umount: (p: SharedDiskPeer) => run(p, `sudo umount ${MOUNT_POINT}`),
};

/** Linux: `devices` maps each VM to the device of the shared PVC (utilities/shared-disk/devices.ts). */
export async function verifySharedDiskLinux(vm1: SharedDiskPeer, vm2: SharedDiskPeer, devices: Record<string, string>): Promise<void> {
  const dev1 = devices[vm1.vm] ?? '';
  const dev2 = devices[vm2.vm] ?? '';
  await linux.mount(vm1, dev1);
  await linux.write(vm1, MARKERS.vm1);
  await linux.umount(vm1);

  await linux.mount(vm2, dev2);
  await expectMarker(vm2, `sudo cat ${MOUNT_POINT}/${MARKERS.vm1.file}`, MARKERS.vm1, vm1.vm);
  await linux.write(vm2, MARKERS.vm2);
  await linux.umount(vm2);

  // XFS keeps metadata in the kernel's buffer cache: drop it, or VM1 will not see VM2's file.
  await run(vm1, `sudo blockdev --flushbufs ${dev1}`);
  await linux.mount(vm1, dev1);
  await expectMarker(vm1, `sudo cat ${MOUNT_POINT}/${MARKERS.vm2.file}`, MARKERS.vm2, vm2.vm);
  await linux.umount(vm1);
}

/** The drive letter of the labeled volume; Windows mounts it a moment after the disk comes online. */
async function driveLetter(p: SharedDiskPeer, label: string, attempts: number, pauseMs: number): Promise<string> {
  let last = '';
  for (let i = 0; i < attempts; i += 1) {
    last = (await run(p, win.driveLetter(label))).trim();
    if (/^[A-Za-z]$/.test(last)) return last.toUpperCase();
    if (i + 1 < attempts) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new SharedDiskError(p.vm, `volume labeled ${label}`, 'a drive letter', last ? `"${last}"` : 'no such volume');
}

/** Offline/online cycle of the shared disk: NTFS then rereads what the other VM wrote. */
async function refresh(p: SharedDiskPeer, label: string): Promise<void> {
  const disk = (await run(p, win.diskNumber(label))).trim();
  if (!/^\d+$/.test(disk)) throw new SharedDiskError(p.vm, `disk number of volume ${label}`, 'a number', `"${disk}"`);
  await run(p, win.offline(Number(disk)));
  await run(p, win.online(Number(disk)));
}

export interface WindowsVerifyTiming {
  driveAttempts?: number; // default 12 (60 s at 5 s, as the Python suite)
  drivePauseMs?: number;
}

/** Windows: the volume is found on both VMs by the label the source got before migration. */
export async function verifySharedDiskWindows(
  vm1: SharedDiskPeer,
  vm2: SharedDiskPeer,
  label: string,
  timing: WindowsVerifyTiming = {},
): Promise<void> {
  const attempts = timing.driveAttempts ?? 12;
  const pause = timing.drivePauseMs ?? 5_000;
  await run(vm1, win.bringOnline);
  const drive1 = await driveLetter(vm1, label, attempts, pause);
  await run(vm1, win.write(drive1, MARKERS.vm1.file, MARKERS.vm1.content));

  await run(vm2, win.bringOnline);
  await driveLetter(vm2, label, attempts, pause);
  await refresh(vm2, label);
  const drive2 = await driveLetter(vm2, label, attempts, pause);
  await expectMarker(vm2, win.read(drive2, MARKERS.vm1.file), MARKERS.vm1, vm1.vm);
  await run(vm2, win.write(drive2, MARKERS.vm2.file, MARKERS.vm2.content));
  await refresh(vm2, label);

  await refresh(vm1, label);
  const again = await driveLetter(vm1, label, attempts, pause);
  await expectMarker(vm1, win.read(again, MARKERS.vm2.file), MARKERS.vm2, vm2.vm);
}
