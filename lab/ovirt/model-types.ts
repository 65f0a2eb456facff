/** The entities the lab engine keeps, with the fields the REST API v4 shows. */
export type VmStatus = 'down' | 'image_locked' | 'wait_for_launch' | 'powering_up' | 'up' | 'powering_down';

export interface DataCenter {
  id: string;
  name: string;
  description: string;
  status: 'up' | 'maintenance';
  version: [number, number];
}
export interface Cluster {
  id: string;
  name: string;
  dataCenterId: string;
  cpuType: string;
  version: [number, number];
}
export interface Host {
  id: string;
  name: string;
  address: string;
  clusterId: string;
  status: 'up';
  cpuCores: number;
  memoryBytes: number;
}
export interface StorageDomain {
  id: string;
  name: string;
  type: 'data' | 'iso' | 'export';
  storageType: 'nfs' | 'iscsi' | 'fcp';
  dataCenterId: string;
  availableBytes: number;
  usedBytes: number;
  master: boolean;
  address: string;
  path: string;
}
export interface Network {
  id: string;
  name: string;
  description: string;
  dataCenterId: string;
  vlanId?: number;
  mtu: number;
}
export interface VnicProfile {
  id: string;
  name: string;
  networkId: string;
}

export interface Disk {
  id: string;
  alias: string;
  provisionedBytes: number;
  actualBytes: number;
  sparse: boolean;
  format: 'cow' | 'raw';
  storageDomainId: string;
  status: 'ok' | 'locked';
  shareable: boolean;
  imageId: string;
}
/** A disk attached to a VM or template (the attachment id is the disk id, as in the engine). */
export interface DiskAttachment {
  diskId: string;
  bootable: boolean;
  iface: 'virtio_scsi' | 'virtio' | 'sata';
  active: boolean;
}
export interface Nic {
  id: string;
  name: string;
  mac: string;
  vnicProfileId: string;
  iface: 'virtio' | 'e1000' | 'rtl8139';
  plugged: boolean;
}
export interface Snapshot {
  id: string;
  description: string;
  type: 'active' | 'regular';
  status: 'ok' | 'locked';
  date: string;
}

export interface Topology {
  sockets: number;
  cores: number;
  threads: number;
}

interface VmLike {
  id: string;
  name: string;
  description: string;
  clusterId: string;
  osType: string;
  topology: Topology;
  memoryBytes: number;
  bios: 'q35_sea_bios' | 'q35_ovmf' | 'q35_secure_boot';
  disks: DiskAttachment[];
  nics: Nic[];
  creationTime: string;
}
export interface Template extends VmLike {
  status: 'ok' | 'locked';
  versionNumber: number;
}
export interface Vm extends VmLike {
  status: VmStatus;
  templateId: string;
  originalTemplateId: string;
  hostId?: string;
  snapshots: Snapshot[];
  startTime?: string;
  stopTime?: string;
  guaranteedMemoryBytes: number;
}

export type JobStatus = 'started' | 'finished' | 'failed';
export interface Job {
  id: string;
  description: string;
  status: JobStatus;
  startTime: string;
  endTime?: string;
  lastUpdated: string;
}

export interface EngineEvent {
  id: number;
  code: number;
  description: string;
  severity: 'normal' | 'warning' | 'error';
  time: string;
  vmId?: string;
  hostId?: string;
  clusterId?: string;
  dataCenterId?: string;
  userId?: string;
  correlationId?: string;
}

export interface EngineUser {
  id: string;
  name: string;
  domain: string;
}

export interface EngineInventory {
  dataCenters: DataCenter[];
  clusters: Cluster[];
  hosts: Host[];
  storageDomains: StorageDomain[];
  networks: Network[];
  vnicProfiles: VnicProfile[];
  disks: Disk[];
  templates: Template[];
  vms: Vm[];
  user: EngineUser;
}

/** Engine audit-log codes the lab writes (AuditLogType). */
export const EVENT = {
  USER_RUN_VM: 32, // "VM x started on Host y"
  USER_CREATE_SNAPSHOT: 45, // "Snapshot 'x' creation for VM 'y' was initiated by user"
  USER_CREATE_SNAPSHOT_FINISHED_SUCCESS: 68,
  USER_STOP_VM: 33, // "VM x powered off by user (Host: y)" — what the Python suite's check_false_vm_power_off looks for
  USER_ADD_VM: 34,
  USER_ADD_VM_FINISHED_SUCCESS: 53,
  VM_DOWN: 61,
  USER_INITIATED_SHUTDOWN_VM: 73,
  USER_REMOVE_VM_FINISHED: 113,
  USER_STARTED_VM: 153,
} as const;
