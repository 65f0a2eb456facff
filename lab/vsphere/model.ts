/**
 * The lab's vCenter, as data. The SOAP simulator (lab/vsphere) serves it and mutates it (clone,
 * power, snapshots, reconfigure); the lab's Forklift inventory and migration controller read it
 * (and power source VMs off/on through it). Every mutation goes through VSphereModel so that
 * `revision` moves and listeners hear about it.
 */

export type PowerState = 'poweredOn' | 'poweredOff' | 'suspended';
export type DiskProvisioning = 'thin' | 'thick-lazy' | 'thick-eager';

export interface SimDisk {
  key: number; // device key, e.g. 2000
  controllerKey: number; // e.g. 1000 (SCSI controller 0)
  unitNumber: number;
  label: string; // "Hard disk 1"
  fileName: string; // "[datastore1] mtv-tests-rhel8/mtv-tests-rhel8.vmdk"
  datastore: string; // datastore MoRef, e.g. "datastore-11"
  capacityBytes: number;
  provisioning: DiskProvisioning;
  mode: 'persistent' | 'independent_persistent' | 'independent_nonpersistent';
  bus: 'scsi' | 'sata' | 'ide' | 'nvme';
  shared: boolean;
  rdm?: 'virtual' | 'physical';
  /** RDM: the canonical name (naa.*) of the mapped LUN. */
  lun?: string;
}

export interface SimNic {
  key: number; // 4000, 4001, ...
  label: string; // "Network adapter 1"
  mac: string; // lower-case, colon separated
  network: string; // network MoRef, e.g. "network-21" or "dvportgroup-30"
}

export interface SimGuestIp {
  ipAddress: string;
  prefixLength: number;
  origin: 'manual' | 'dhcp' | 'linklayer' | 'other';
}

export interface SimGuestNic {
  mac: string;
  deviceConfigId: number; // the NIC's device key
  network: string; // network name as guest tools report it
  connected: boolean;
  ips: SimGuestIp[];
  gateway?: string;
  dns?: string[];
  guestDeviceName?: string; // "ens192" / "Ethernet0"
}

export interface SimSnapshot {
  moref: string; // "snapshot-101"
  id: number;
  name: string;
  description: string;
  createTime: string; // ISO 8601
  state: PowerState;
  children: SimSnapshot[];
}

export interface SimVm {
  moref: string; // "vm-42"
  name: string;
  uuid: string; // config.uuid (BIOS UUID)
  instanceUuid: string;
  isTemplate: boolean;
  guestId: string; // "rhel8_64Guest" / "windows2019srv_64Guest"
  guestFullName: string;
  guestFamily: 'linuxGuest' | 'windowsGuest';
  numCPU: number;
  numCoresPerSocket: number;
  memoryMB: number;
  firmware: 'bios' | 'efi';
  secureBoot: boolean;
  tpmPresent: boolean;
  powerState: PowerState;
  toolsInstalled: boolean; // guest agent present: tools run while powered on
  hostName: string; // guest hostname
  disks: SimDisk[];
  nics: SimNic[];
  guestNics: SimGuestNic[]; // what tools report while the VM runs
  snapshots: SimSnapshot[]; // root snapshots (tree)
  currentSnapshot?: string; // snapshot MoRef
  extraConfig: Record<string, string>; // e.g. ctkEnabled=true
  changeTrackingEnabled: boolean;
  host: string; // host MoRef
  folder: string; // folder MoRef
  resourcePool: string;
  datastores: string[]; // datastore MoRefs used by the VM
  /**
   * Guest tools running right now (powered on, tools installed, guest booted). Filled in by the
   * implementation (lab/vsphere/lab-model.ts) in every snapshot; guest IPs are only visible then.
   */
  toolsRunning?: boolean;
  /**
   * cloud-init has finished this boot (/var/lib/cloud/instance/boot-finished exists): Linux guests
   * run it after VMware Tools start, so it finishes a while after them. Filled in like toolsRunning.
   */
  cloudInitDone?: boolean;
  /**
   * What the guest OS keeps on the VM's disks (partitions, LUKS containers, filesystems), by disk
   * in device order. The simulator never reads it; it is the content migration copies and
   * virt-v2v inspects. Absent: one disk with an XFS /boot and an XFS / (the RHEL default).
   */
  guestStorage?: SimGuestDisk[];
}

/** One filesystem as the guest sees it (blkid / xfs_info facts). */
export interface SimGuestFilesystem {
  fstype: 'xfs' | 'vfat' | 'swap';
  uuid: string;
  mountpoint?: string;
  /** XFS only: the v5 on-disk format (metadata CRCs); crc=0 is the v4 format old guests keep. */
  xfsCrc?: 0 | 1;
  sizeGiB: number;
}

/** A partition: a plain filesystem, or a LUKS2 container with the filesystem inside. */
export interface SimGuestPartition {
  filesystem: SimGuestFilesystem;
  luks?: { uuid: string; passphrase: string };
}

export interface SimGuestDisk {
  partitions: SimGuestPartition[];
}

export interface SimDatastore {
  moref: string;
  name: string;
  type: 'VMFS' | 'NFS' | 'vsan';
  capacityBytes: number;
  freeBytes: number;
  xcopyCapable: boolean;
  backingDevices: string[];
}
export interface SimNetwork {
  moref: string;
  name: string;
  variant: 'Standard' | 'DvPortGroup';
  vlanId: number;
  dvSwitch?: string;
}
export interface SimHost {
  moref: string;
  name: string;
  cluster: string;
  managementIp: string;
  inMaintenance: boolean;
  cpuSockets: number;
  cpuCores: number;
  memoryBytes: number;
  productVersion: string;
  thumbprint: string;
}
export interface SimCluster {
  moref: string;
  name: string;
  datacenter: string;
  hosts: string[];
  resourcePool?: string; /* root pool MoRef, e.g. resgroup-9 */
  /** DRS on the cluster (seeded on; unset means on). */
  drsEnabled?: boolean;
  /** Per-VM DRS overrides (ClusterDrsVmConfigInfo): a VM with enabled false is never moved by DRS. */
  drsVmConfig?: Array<{ vm: string; enabled: boolean; behavior: string }>;
}
export interface SimDatacenter {
  moref: string;
  name: string;
  vmFolder: string;
  hostFolder: string;
  networkFolder: string;
  datastoreFolder: string;
}
export interface SimFolder {
  moref: string;
  name: string;
  parent: string;
  childType: 'VirtualMachine' | 'HostSystem' | 'Network' | 'Datastore' | 'Datacenter';
}

export interface SimDvSwitch {
  moref: string;
  name: string;
  uuid: string;
}

export interface VSphereModelSnapshot {
  about: { version: string; apiVersion: string; instanceUuid: string; fullName: string };
  datacenters: SimDatacenter[];
  clusters: SimCluster[];
  hosts: SimHost[];
  datastores: SimDatastore[];
  networks: SimNetwork[];
  folders: SimFolder[];
  vms: SimVm[];
  dvSwitches?: SimDvSwitch[]; // distributed switches owning the DvPortGroup networks
}

/** Read and write access to the lab's vCenter data (implemented in lab/vsphere). */
export interface VSphereModel {
  /** Monotonic counter bumped by every mutation. */
  readonly revision: number;
  snapshot(): VSphereModelSnapshot; // deep copy
  vm(morefOrName: string): SimVm | undefined; // deep copy
  /** Idempotent (same state: no change, no revision bump); guest tools start/stop with power. */
  setPowerState(moref: string, state: PowerState): void;
  removeSnapshots(moref: string): void; // fault: source-snapshots-removed
  /** CreateSnapshot_Task as govmomi drives it (deep inspection snapshots its VM). */
  createSnapshot(moref: string, name: string, description: string, memory: boolean): SimSnapshot;
  /** RemoveSnapshot_Task; throws when the snapshot does not exist. */
  removeSnapshot(snapshotMoref: string, removeChildren: boolean): void;
  onChange(listener: (revision: number) => void): () => void;
}
