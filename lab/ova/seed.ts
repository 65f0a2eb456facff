/**
 * The virtual machines the lab's NFS export holds as OVA files: the ones the Python suite's OVA
 * test names (test_ova_cold_migration: the Windows Server 2019 VM with three disks), sanity-cold's
 * RHEL 8 VM (which the Python suite runs on every source type, OVA included), plus a RHEL 9
 * EFI appliance written as OVF 2.x, so both envelope versions are served. Sizes are what the OVF
 * declares; the disk images themselves are sparse (lab/ova/vmdk.ts).
 */

export interface OvaDiskDef {
  /** Capacity in GiB (the OVF states it with allocation units byte * 2^30). */
  gb: number;
  /** The disk controller the OVF attaches it to. */
  controller: 'scsi' | 'ide' | 'sata';
}

export interface OvaNicDef {
  /** The OVF NetworkSection name the NIC connects to. */
  network: string;
  mac: string;
  /** ResourceSubType of the ethernet adapter (VmxNet3, E1000, E1000e). */
  model: 'VmxNet3' | 'E1000' | 'E1000e';
}

export interface OvaVmDef {
  name: string;
  /**
   * The VirtualSystem ovf:id: vSphere exports write the VM name, other tools a UUID. Forklift's
   * inventory id is that id when it is a UUID, else the sha256 of the OVF path cut to 36 chars.
   */
  systemId: string;
  /** OVF envelope version: 1 (DSP0243 1.x) or 2 (2.x). */
  ovfVersion: 1 | 2;
  /** vmw:osType / OperatingSystemSection id and text. */
  osType: string;
  osId: number;
  osDescription: string;
  cpuCount: number;
  coresPerSocket: number;
  memoryMB: number;
  firmware: 'bios' | 'efi';
  secureBoot: boolean;
  disks: OvaDiskDef[];
  nics: OvaNicDef[];
}

export const OVA_VMS: readonly OvaVmDef[] = [
  {
    // sanity-cold's VM: the Python suite applies no skip to sanity-cold on an OVA source, so it
    // runs there and needs its VM on the share.
    name: 'mtv-tests-rhel8',
    systemId: 'mtv-tests-rhel8',
    ovfVersion: 1,
    osType: 'rhel8_64Guest',
    osId: 80,
    osDescription: 'Red Hat Enterprise Linux 8 (64-bit)',
    cpuCount: 2,
    coresPerSocket: 1,
    memoryMB: 4096,
    firmware: 'bios',
    secureBoot: false,
    disks: [{ gb: 20, controller: 'scsi' }],
    nics: [{ network: 'VM Network', mac: '00:50:56:a1:0b:21', model: 'VmxNet3' }],
  },
  {
    name: 'mtv-win2019-3disks',
    systemId: 'mtv-win2019-3disks',
    ovfVersion: 1,
    osType: 'windows2019srv_64Guest',
    osId: 112,
    osDescription: 'Microsoft Windows Server 2019 (64-bit)',
    cpuCount: 4,
    coresPerSocket: 2,
    memoryMB: 8192,
    firmware: 'bios',
    secureBoot: false,
    disks: [
      { gb: 60, controller: 'scsi' },
      { gb: 10, controller: 'scsi' },
      { gb: 5, controller: 'scsi' },
    ],
    nics: [{ network: 'VM Network', mac: '00:50:56:a1:0c:51', model: 'VmxNet3' }],
  },
  {
    name: 'mtv-rhel9-efi-ova',
    systemId: '9b7e6c2d-1f3a-4e8b-8c5d-0a4f2e6b7d31',
    ovfVersion: 2,
    osType: 'rhel9_64Guest',
    osId: 80,
    osDescription: 'Red Hat Enterprise Linux 9 (64-bit)',
    cpuCount: 2,
    coresPerSocket: 1,
    memoryMB: 4096,
    firmware: 'efi',
    secureBoot: true,
    disks: [{ gb: 30, controller: 'scsi' }],
    nics: [
      { network: 'VM Network', mac: '00:50:56:a1:0d:21', model: 'VmxNet3' },
      { network: 'Mgmt Network', mac: '00:50:56:a1:0d:22', model: 'E1000e' },
    ],
  },
];

/** The file name of a VM's disk `i` inside its OVA (also the OVA storage name Forklift maps). */
export const ovaDiskFile = (vm: OvaVmDef, i: number): string => `${vm.name}-disk${i + 1}.vmdk`;
