import { lsblkJsonFs, xfsInfo } from '../../../lab/guests/block-devices';
import { runGuestCommand } from '../../../lab/guests/commands';
import { migratedStorage, osInfoFor, type GuestModel } from '../../../lab/kubevirt/guest-model';
import { inspectionError } from '../../../lab/forklift/migration/virt-v2v-inspection';
import { LAB_LUKS_PASSPHRASE, SEED_VMS } from '../../../lab/vsphere/seed-vm-defs';
import type { SimGuestDisk } from '../../../lab/vsphere/model';
import { parseXfsInfo } from '../../../utilities/guest-parsers';
import { luksFindings } from '../../../utilities/post-migration/verify-luks';
import { xfsFindings } from '../../../utilities/post-migration/verify-xfs';

function storageOf(name: string): SimGuestDisk[] {
  const s = SEED_VMS.find((v) => v.name === name)?.guestStorage;
  if (!s) throw new Error(`${name} has no guestStorage`);
  return s;
}
const luks = storageOf('mtv-tests-rhel9-luks');
const rhel7 = storageOf('mtv-feature-rhel7-xfs');
const rhel8 = storageOf('mtv-feature-rhel8-2xfs');
const guest = (storage: SimGuestDisk[], guestId: string): GuestModel => ({
  os: 'linux',
  hostname: 'g',
  agent: true,
  osInfo: osInfoFor({ guestId, guestFamily: 'linuxGuest' } as never).info,
  nics: [],
  filesystems: storage,
});
const noFaults = { luksLost: false, xfsUpgraded: false };

describe('lab guest disks', () => {
  it('lsblk -J -f shows the LUKS container with the root filesystem inside, and the suite finds it', () => {
    const out = runGuestCommand(guest(migratedStorage(luks, noFaults), 'rhel9_64Guest'), 'lsblk -J -f');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('\n   "blockdevices": [\n');
    const root = (JSON.parse(out.stdout) as { blockdevices: Array<{ children: Array<Record<string, unknown>> }> }).blockdevices[0]
      ?.children[2];
    expect(root).toMatchObject({ name: 'vda3', fstype: 'crypto_LUKS', fsver: '2', mountpoints: [null] });
    expect(luksFindings(out.stdout)).toEqual([]);
  });

  it('luks-lost: the guest finds a plain XFS root and the LUKS verdict names what it saw', () => {
    const out = runGuestCommand(guest(migratedStorage(luks, { ...noFaults, luksLost: true }), 'rhel9_64Guest'), 'lsblk -J -f');
    const [f] = luksFindings(out.stdout);
    expect(f?.expected).toContain('crypto_LUKS');
    expect(f?.actual).toContain('vda3: xfs on /');
  });

  it('xfs_info prints xfsprogs 4.5 on RHEL 7 and 5.0 on RHEL 8, crc=0 for the XFS v4 filesystems', () => {
    const r7 = xfsInfo(rhel7, 7, ['/']);
    expect(r7.stdout.split('\n')[2]).toBe('         =                       crc=0        finobt=0 spinodes=0');
    expect(r7.stdout).toContain('naming   =version 2              bsize=4096   ascii-ci=0 ftype=0');
    const r8 = runGuestCommand(guest(rhel8, 'rhel8_64Guest'), '/usr/sbin/xfs_info /sdb1');
    expect(r8.stdout.split('\n')[0]).toBe('meta-data=/dev/vdb1              isize=256    agcount=4, agsize=327680 blks');
    expect(r8.stdout).toContain('log      =internal log           bsize=4096   blocks=2560, version=2');
    expect(parseXfsInfo(r8.stdout).values['crc']).toBe('0');
    expect(
      xfsFindings({ command: '/usr/sbin/xfs_info', mountPoint: '/sdb1', expectedOutput: 'crc=0' }, { ...r8, exitCode: r8.code }),
    ).toEqual([]);
    expect(parseXfsInfo(xfsInfo(rhel8, 8, ['/']).stdout).values['crc']).toBe('1');
  });

  it('xfs-upgraded: crc=1 after migration, and the XFS verdict names crc=1 on the device', () => {
    const r = xfsInfo(migratedStorage(rhel8, { ...noFaults, xfsUpgraded: true }), 8, ['/sdb1']);
    const [f] = xfsFindings({ command: '/usr/sbin/xfs_info', mountPoint: '/sdb1', expectedOutput: 'crc=0' }, { ...r, exitCode: r.code });
    expect(f).toMatchObject({ check: 'xfs-version', expected: 'crc=0', actual: 'crc=1 (/dev/vdb1)' });
  });

  it('xfs_info on something that is not a mounted XFS fails as xfs_info does', () => {
    expect(xfsInfo(rhel8, 8, ['/nope'])).toMatchObject({ code: 1, stderr: 'xfs_info: /nope is not a mounted XFS filesystem\n' });
    expect(lsblkJsonFs([])).toBe('{\n   "blockdevices": []\n}\n');
  });
});

describe("virt-v2v's inspection in the lab Forklift", () => {
  it('opens the LUKS container with the right key, fails with the libguestfs message on a wrong one', () => {
    expect(inspectionError({ storage: luks, luksKeys: [LAB_LUKS_PASSPHRASE], xfsCompatibility: false })).toBeUndefined();
    expect(inspectionError({ storage: luks, luksKeys: ['WRONGPASSWORD'], xfsCompatibility: false })).toMatch(
      /^virt-v2v: error: could not find key to open LUKS encrypted \/dev\/sda3\..*No key available with this passphrase\.$/,
    );
    expect(inspectionError({ storage: luks, luksKeys: [], xfsCompatibility: false })).toContain('/dev/sda3');
  });

  it('mounts XFS v4 only with the XFS-compatible image (Plan xfsCompatibility)', () => {
    expect(inspectionError({ storage: rhel7, luksKeys: [], xfsCompatibility: true })).toBeUndefined();
    expect(inspectionError({ storage: rhel8, luksKeys: [], xfsCompatibility: false })).toContain('mount_options: /dev/sdb1 on /sdb1');
  });
});
