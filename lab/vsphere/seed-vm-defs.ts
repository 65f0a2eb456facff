/**
 * The source VMs the scenarios name (mtv-api-tests' tests_params), as compact definitions: each
 * with the hardware that makes its scenario meaningful (disk layouts, NICs and guest IPs,
 * firmware, snapshots, change tracking, shared disks). seed-vms turns them into model VMs.
 */
import type { DiskProvisioning, SimDisk, SimGuestDisk, SimVm } from './model';
import { SEED_IDS } from './seed-ids';

const ds = SEED_IDS.datastores;
const net = SEED_IDS.networks;

export interface DiskDef {
  gb: number;
  datastore?: string;
  provisioning?: DiskProvisioning;
  controllerKey?: number; // 1000 = SCSI 0, 1001 = SCSI 1, 15000 = SATA 0
  unitNumber?: number;
  mode?: SimDisk['mode'];
  shared?: { file: string }; // a multi-writer disk shared by several VMs
}

export interface NicDef {
  network: string;
  ips: Array<{ ip: string; prefix: number; origin: 'manual' | 'dhcp' }>;
  gateway?: string;
  guestDeviceName: string;
}

export interface VmDef {
  moref: string;
  name: string;
  os: 'rhel8' | 'rhel9' | 'rhel7' | 'win2019' | 'win2022';
  cpu: number;
  coresPerSocket: number;
  memoryMB: number;
  firmware: 'bios' | 'efi';
  secureBoot?: boolean;
  tpm?: boolean;
  tools: boolean;
  host: string;
  disks: DiskDef[];
  nics: NicDef[];
  snapshots?: Array<{
    name: string;
    description: string;
    createTime: string;
    children?: Array<{ name: string; description: string; createTime: string }>;
  }>;
  changeTracking?: boolean;
  /** What the guest keeps on its disks, when a scenario depends on it (LUKS, old XFS). */
  guestStorage?: SimGuestDisk[];
}

/**
 * The passphrase of mtv-tests-rhel9-luks's LUKS container: the lab's template VM is built with it,
 * as a real lab's is, and the providers file hands it to the suite as luks_passphrase.
 */
export const LAB_LUKS_PASSPHRASE = 'mtv-lab-luks-2026';

export const OS: Record<VmDef['os'], { guestId: string; guestFullName: string; family: SimVm['guestFamily'] }> = {
  rhel7: { guestId: 'rhel7_64Guest', guestFullName: 'Red Hat Enterprise Linux 7 (64-bit)', family: 'linuxGuest' },
  rhel8: { guestId: 'rhel8_64Guest', guestFullName: 'Red Hat Enterprise Linux 8 (64-bit)', family: 'linuxGuest' },
  rhel9: { guestId: 'rhel9_64Guest', guestFullName: 'Red Hat Enterprise Linux 9 (64-bit)', family: 'linuxGuest' },
  win2019: { guestId: 'windows2019srv_64Guest', guestFullName: 'Microsoft Windows Server 2019 (64-bit)', family: 'windowsGuest' },
  win2022: { guestId: 'windows2019srvNext_64Guest', guestFullName: 'Microsoft Windows Server 2022 (64-bit)', family: 'windowsGuest' },
};

const dhcp = (ip: string): NicDef['ips'] => [{ ip, prefix: 24, origin: 'dhcp' }];

export const SEED_VMS: VmDef[] = [
  {
    moref: 'vm-100',
    name: 'mtv-tests-rhel8',
    os: 'rhel8',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 4096,
    firmware: 'bios',
    tools: true,
    host: 'host-10',
    disks: [{ gb: 20, provisioning: 'thin' }],
    nics: [
      {
        network: net.vmNetwork,
        ips: [{ ip: '10.10.0.21', prefix: 24, origin: 'manual' }],
        gateway: '10.10.0.1',
        guestDeviceName: 'ens192',
      },
    ],
    snapshots: [{ name: 'mtv-base', description: 'baseline before migration tests', createTime: '2026-01-15T09:30:00.000Z' }],
  },
  {
    moref: 'vm-101',
    name: 'mtv-win2019-3disks',
    os: 'win2019',
    cpu: 4,
    coresPerSocket: 2,
    memoryMB: 8192,
    firmware: 'bios',
    tools: true,
    host: 'host-11',
    disks: [
      { gb: 60, provisioning: 'thick-lazy', controllerKey: 1000, unitNumber: 0 },
      { gb: 10, provisioning: 'thin', controllerKey: 1000, unitNumber: 1 },
      { gb: 5, provisioning: 'thin', controllerKey: 1001, unitNumber: 0, datastore: ds.secondary },
    ],
    nics: [
      {
        network: net.vmNetwork,
        ips: [{ ip: '10.10.0.51', prefix: 24, origin: 'manual' }],
        gateway: '10.10.0.1',
        guestDeviceName: 'Ethernet0',
      },
    ],
    snapshots: [
      {
        name: 'pre-patch',
        description: 'before monthly patches',
        createTime: '2026-02-02T08:00:00.000Z',
        children: [{ name: 'post-patch', description: 'after monthly patches', createTime: '2026-02-03T17:45:00.000Z' }],
      },
    ],
  },
  {
    moref: 'vm-102',
    name: 'mtv-win2022-ip-3disks',
    os: 'win2022',
    cpu: 4,
    coresPerSocket: 4,
    memoryMB: 8192,
    firmware: 'efi',
    secureBoot: true,
    tpm: false,
    tools: true,
    host: 'host-12',
    disks: [
      { gb: 64, provisioning: 'thin', controllerKey: 1000, unitNumber: 0 },
      { gb: 8, provisioning: 'thick-eager', controllerKey: 1000, unitNumber: 1 },
      { gb: 4, provisioning: 'thin', controllerKey: 1000, unitNumber: 2 },
    ],
    nics: [
      {
        network: net.vmNetwork,
        ips: [{ ip: '10.10.0.52', prefix: 24, origin: 'manual' }],
        gateway: '10.10.0.1',
        guestDeviceName: 'Ethernet0',
      },
    ],
    changeTracking: true,
  },
  {
    moref: 'vm-103',
    name: 'mtv-rhel8-warm-2disks2nics',
    os: 'rhel8',
    cpu: 2,
    coresPerSocket: 2,
    memoryMB: 4096,
    firmware: 'bios',
    tools: true,
    host: 'host-10',
    disks: [
      { gb: 20, provisioning: 'thin' },
      { gb: 10, provisioning: 'thin', unitNumber: 1 },
    ],
    nics: [
      { network: net.vmNetwork, ips: dhcp('10.10.0.23'), gateway: '10.10.0.1', guestDeviceName: 'ens192' },
      { network: net.mgmt, ips: dhcp('172.16.5.23'), guestDeviceName: 'ens224' },
    ],
    changeTracking: true,
  },
  {
    moref: 'vm-104',
    name: 'mtv-win2019-79',
    os: 'win2019',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 4096,
    firmware: 'bios',
    tools: true,
    host: 'host-11',
    disks: [{ gb: 40, provisioning: 'thin' }],
    nics: [{ network: net.vmNetwork, ips: dhcp('10.10.0.79'), gateway: '10.10.0.1', guestDeviceName: 'Ethernet0' }],
  },
  {
    moref: 'vm-105',
    name: 'mtv-tests-rhel9-dual-nic',
    os: 'rhel9',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'efi',
    tools: true,
    host: 'host-12',
    disks: [{ gb: 20, provisioning: 'thin' }],
    nics: [
      { network: net.vmNetwork, ips: dhcp('10.10.0.31'), gateway: '10.10.0.1', guestDeviceName: 'ens192' },
      { network: net.vmNetwork, ips: dhcp('10.10.0.32'), guestDeviceName: 'ens224' },
    ],
  },
  {
    moref: 'vm-106',
    name: 'xcopy-template-test',
    os: 'rhel9',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'bios',
    tools: true,
    host: 'host-10',
    disks: [{ gb: 30, provisioning: 'thin', datastore: ds.primary }],
    nics: [{ network: net.vmNetwork, ips: dhcp('10.10.0.41'), gateway: '10.10.0.1', guestDeviceName: 'ens192' }],
  },
  {
    moref: 'vm-107',
    name: 'mtv-tests-rhel9-luks',
    os: 'rhel9',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'efi',
    tools: true,
    host: 'host-11',
    disks: [{ gb: 20, provisioning: 'thin' }],
    nics: [{ network: net.vmNetwork, ips: dhcp('10.10.0.61'), gateway: '10.10.0.1', guestDeviceName: 'ens192' }],
    // RHEL 9 installed with "Encrypt my data": the root filesystem sits in a LUKS2 container; the
    // key file in /etc/crypttab lets it boot unattended.
    guestStorage: [
      {
        partitions: [
          { filesystem: { fstype: 'vfat', uuid: '3A1C-9F42', mountpoint: '/boot/efi', sizeGiB: 0.6 } },
          { filesystem: { fstype: 'xfs', uuid: '5b0e7c52-6f0d-4a8e-9d3b-0c1f2a7e8d41', mountpoint: '/boot', xfsCrc: 1, sizeGiB: 1 } },
          {
            luks: { uuid: 'c4a7e1d2-8b39-4f6a-a0e5-2d9c7b13f860', passphrase: LAB_LUKS_PASSPHRASE },
            filesystem: { fstype: 'xfs', uuid: '9e2d4b17-3c8a-4f51-b6e0-7a1d5c3f9b28', mountpoint: '/', xfsCrc: 1, sizeGiB: 18.4 },
          },
        ],
      },
    ],
  },
  {
    moref: 'vm-108',
    name: 'mtv-feature-rhel7-xfs',
    os: 'rhel7',
    cpu: 1,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'bios',
    tools: true,
    host: 'host-12',
    disks: [{ gb: 16, provisioning: 'thin' }],
    nics: [{ network: net.vmNetwork, ips: dhcp('10.10.0.71'), gateway: '10.10.0.1', guestDeviceName: 'eth0' }],
    // Installed from RHEL 7.0 media: both filesystems are XFS v4 (crc=0), which the RHEL 10
    // virt-v2v appliance can no longer mount (the plan needs xfsCompatibility).
    guestStorage: [
      {
        partitions: [
          { filesystem: { fstype: 'xfs', uuid: '1f6b3e2a-7c45-4d8e-9a01-b2c3d4e5f607', mountpoint: '/boot', xfsCrc: 0, sizeGiB: 1 } },
          { filesystem: { fstype: 'xfs', uuid: '8d2c1b4a-5e67-4f90-8123-a4b5c6d7e8f9', mountpoint: '/', xfsCrc: 0, sizeGiB: 15 } },
        ],
      },
    ],
  },
  {
    moref: 'vm-109',
    name: 'mtv-feature-rhel8-2xfs',
    os: 'rhel8',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'bios',
    tools: true,
    host: 'host-10',
    disks: [
      { gb: 20, provisioning: 'thin' },
      { gb: 5, provisioning: 'thin', unitNumber: 1 },
    ],
    nics: [{ network: net.vmNetwork, ips: dhcp('10.10.0.72'), gateway: '10.10.0.1', guestDeviceName: 'ens192' }],
    // RHEL 8 system disk (XFS v5) and a data disk carried over from a RHEL 7.0 host: XFS v4 (crc=0)
    // mounted at /sdb1.
    guestStorage: [
      {
        partitions: [
          { filesystem: { fstype: 'xfs', uuid: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', mountpoint: '/boot', xfsCrc: 1, sizeGiB: 1 } },
          { filesystem: { fstype: 'xfs', uuid: '7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b', mountpoint: '/', xfsCrc: 1, sizeGiB: 19 } },
        ],
      },
      {
        partitions: [
          { filesystem: { fstype: 'xfs', uuid: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e', mountpoint: '/sdb1', xfsCrc: 0, sizeGiB: 5 } },
        ],
      },
    ],
  },
  {
    moref: 'vm-110',
    name: 'mtv-tests-di-rhel8',
    os: 'rhel8',
    cpu: 1,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'bios',
    tools: true,
    host: 'host-11',
    disks: [{ gb: 20, provisioning: 'thin' }],
    nics: [{ network: net.vmNetwork, ips: dhcp('10.10.0.73'), gateway: '10.10.0.1', guestDeviceName: 'ens192' }],
  },
  ...(['1', '2'] as const).map((n, i): VmDef => ({
    moref: `vm-${111 + i}`,
    name: `mtv-feature-shared-rhel${n}`,
    os: 'rhel9',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 2048,
    firmware: 'bios',
    tools: true,
    host: 'host-12',
    disks: [
      { gb: 20, provisioning: 'thin' },
      { gb: 2, provisioning: 'thick-eager', unitNumber: 1, shared: { file: '[mtv-datastore1] shared-disks/rhel-shared.vmdk' } },
    ],
    nics: [{ network: net.vmNetwork, ips: dhcp(`10.10.0.${81 + i}`), gateway: '10.10.0.1', guestDeviceName: 'ens192' }],
  })),
  ...(['1', '2'] as const).map((n, i): VmDef => ({
    moref: `vm-${113 + i}`,
    name: `mtv-tests-shared-win${n}`,
    os: 'win2019',
    cpu: 2,
    coresPerSocket: 1,
    memoryMB: 4096,
    firmware: 'efi',
    tools: true,
    host: 'host-10',
    disks: [
      { gb: 40, provisioning: 'thin' },
      { gb: 2, provisioning: 'thick-eager', unitNumber: 1, shared: { file: '[mtv-datastore1] shared-disks/win-shared.vmdk' } },
    ],
    nics: [
      {
        network: net.vmNetwork,
        ips: [{ ip: `10.10.0.${91 + i}`, prefix: 24, origin: 'manual' }],
        gateway: '10.10.0.1',
        guestDeviceName: 'Ethernet0',
      },
    ],
  })),
];
