/**
 * The "verify shared disk data" utilities against the lab's guests (lab/guests): two guests on one
 * PVC see each other's markers (Linux: partition 1 of the reported device, cache dropped with
 * blockdev --flushbufs; Windows: the volume found by the label the source got), and a second VM
 * with its own empty copy fails naming that VM. Also the device lookup from VMI volumeStatus.
 */
import { DiskDataStore, pvcKey } from '../../../lab/disk-data';
import { runGuestCommand } from '../../../lab/guests/commands';
import { GuestStorage } from '../../../lab/guests/guest-storage';
import { osInfoFor, type GuestModel } from '../../../lab/kubevirt/guest-model';
import type { SimVm } from '../../../lab/vsphere/model';
import { sharedDiskDevices } from '../../../utilities/shared-disk/devices';
import { verifySharedDiskLinux, verifySharedDiskWindows, type SharedDiskPeer } from '../../../utilities/shared-disk/verify';
import { sharedDiskLabelScript, sharedVolumeLabel } from '../../../utilities/shared-disk/windows';

function peer(vm: string, windows: boolean, claims: string[], store: DiskDataStore): SharedDiskPeer {
  const { os, info } = osInfoFor(windows ? ({ guestFamily: 'windowsGuest', guestId: 'windows2019srv_64Guest' } as SimVm) : undefined);
  const disks = claims.map((c, i) => ({ target: `vd${String.fromCharCode(97 + i)}`, key: pvcKey('ns', c) }));
  const guest: GuestModel = { os, hostname: vm, agent: true, osInfo: info, nics: [], storage: new GuestStorage(disks, store, windows) };
  return {
    vm,
    shell: {
      run: async (command: string) => {
        const r = runGuestCommand(guest, command);
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.code };
      },
    },
  };
}

function store(fsType: 'xfs' | 'ntfs', label = ''): DiskDataStore {
  const s = new DiskDataStore();
  for (const c of ['boot1', 'boot2']) s.set(pvcKey('ns', c), { partitions: [{ fsType, label: '', files: {} }] });
  s.set(pvcKey('ns', 'shared'), { partitions: [{ fsType, label, files: {} }] });
  return s;
}

describe('verify shared disk data against lab guests', () => {
  it("Linux: both VMs on one PVC read each other's markers", async () => {
    const s = store('xfs');
    const vm1 = peer('rhel1', false, ['boot1', 'shared'], s);
    const vm2 = peer('rhel2', false, ['boot2', 'shared'], s);
    await expect(verifySharedDiskLinux(vm1, vm2, { rhel1: '/dev/vdb', rhel2: '/dev/vdb' })).resolves.toBeUndefined();
    expect(s.get(pvcKey('ns', 'shared'))?.partitions[0]?.files).toEqual({
      'test-vm1.txt': 'Data from VM1\n',
      'test-vm2.txt': 'Data from VM2\n',
    });
  });

  it('Linux: a second VM on an empty copy fails naming it', async () => {
    const s = store('xfs');
    const vm1 = peer('rhel1', false, ['boot1', 'shared'], s);
    const vm2 = peer('rhel2', false, ['boot2', 'copy'], s);
    await expect(verifySharedDiskLinux(vm1, vm2, { rhel1: '/dev/vdb', rhel2: '/dev/vdb' })).rejects.toMatchObject({
      name: 'SharedDiskError',
      vm: 'rhel2',
      message: expect.stringMatching(/mount of \/dev\/vdb1.*special device \/dev\/vdb1 does not exist/),
    });
  });

  it('Windows: the labeled volume is found on both VMs and carries both markers', async () => {
    const label = sharedVolumeLabel('auto-ab12');
    const s = store('ntfs', label);
    const vm1 = peer('WIN1', true, ['boot1', 'shared'], s);
    const vm2 = peer('WIN2', true, ['boot2', 'shared'], s);
    await expect(verifySharedDiskWindows(vm1, vm2, label, { driveAttempts: 1 })).resolves.toBeUndefined();
  });

  it("Windows: without the label on the second VM's disk it fails naming that VM", async () => {
    const label = sharedVolumeLabel('auto-ab12');
    const s = store('ntfs', label);
    s.set(pvcKey('ns', 'copy'), { partitions: [{ fsType: 'ntfs', label: '', files: {} }] });
    const vm1 = peer('WIN1', true, ['boot1', 'shared'], s);
    const vm2 = peer('WIN2', true, ['boot2', 'copy'], s);
    await expect(verifySharedDiskWindows(vm1, vm2, label, { driveAttempts: 2, drivePauseMs: 1 })).rejects.toMatchObject({
      name: 'SharedDiskError',
      vm: 'WIN2',
    });
  });
});

describe('shared disk devices and the label script', () => {
  it("finds the one claim both VMIs mount and each VM's device for it", () => {
    const v = (claims: string[]) =>
      claims.map((c, i) => ({ name: `vol-${i}`, target: `vd${String.fromCharCode(97 + i)}`, persistentVolumeClaimInfo: { claimName: c } }));
    expect(sharedDiskDevices({ vm: 'a', volumeStatus: v(['a0', 's']) }, { vm: 'b', volumeStatus: v(['s', 'b1']) })).toEqual({
      claim: 's',
      devices: { a: '/dev/vdb', b: '/dev/vda' },
    });
    expect(() => sharedDiskDevices({ vm: 'a', volumeStatus: v(['a0', 's']) }, { vm: 'b', volumeStatus: v(['b0', 'c']) })).toThrow(
      /shared disk of VM b: PVC shared with VM a: expected exactly one PVC mounted by both VMs, actual none/,
    );
  });

  it('refuses a label or serial that would need quoting in PowerShell', () => {
    expect(() => sharedDiskLabelScript('6000c29a', "x'; Remove-Item C:\\")).toThrow(/volume label/);
    expect(() => sharedDiskLabelScript('not-hex', 'SHARED-1')).toThrow(/hexadecimal/);
    expect(sharedDiskLabelScript('6000c29a', 'SHARED-1')).toContain("-NewFileSystemLabel 'SHARED-1'");
  });
});
