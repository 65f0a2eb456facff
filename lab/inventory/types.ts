/**
 * JSON shapes the lab's inventory serves. They start from @kubev2v/types (which the Forklift
 * console uses for the same endpoints) and add the fields reference §5 lists for the "full" detail
 * levels that the console types leave out. The console's client-side `providerType` tag is not part
 * of the server's JSON, so it is omitted.
 */
import type {
  Concern,
  OpenshiftResource,
  Ref,
  VSphereDataStore,
  VSphereDisk,
  VSphereHostInventory,
  VSphereNetwork,
  VSphereProvider,
  VSphereResource,
  VSphereVM,
} from '@kubev2v/types';

type Untagged<T> = Omit<T, 'providerType'>;

export type InvResource = VSphereResource;

export interface InvConcern extends Concern {
  id: string;
}

export interface InvDisk extends VSphereDisk {
  unitNumber: number;
  controllerKey: number;
  bus: string;
  mode: string;
  changeTrackingEnabled: boolean;
  deviceName: string;
  winDriveLetter?: string;
}

export interface InvNic {
  network: Ref;
  mac: string;
  order: number;
  deviceKey: number;
  pciAddress: string;
  startConnected: boolean;
}

export interface InvGuestNetwork {
  device: string;
  deviceConfigId: number;
  mac: string;
  ip: string;
  origin: string;
  prefix: number;
  dns: string[];
  network: string;
}

export interface InvGuestIpStack {
  device: string;
  gateway: string;
  network: string;
  prefix: string;
  dns: string[];
}

/** VM1 detail (list at detail=1). */
export interface InvVm1 extends Omit<Untagged<VSphereVM>, 'disks' | 'concerns'> {
  disks: InvDisk[];
  concerns: InvConcern[];
}

/** Full VM (GET by id, and every vSphere VM list). */
export interface InvVm extends InvVm1 {
  policyVersion: number;
  uuid: string;
  instanceUuid: string;
  firmware: string;
  connectionState: string;
  snapshot: Ref;
  changeTrackingEnabled: boolean;
  consolidationNeeded: boolean;
  cpuAffinity: number[];
  cpuHotAddEnabled: boolean;
  cpuHotRemoveEnabled: boolean;
  memoryHotAddEnabled: boolean;
  faultToleranceEnabled: boolean;
  cpuCount: number;
  coresPerSocket: number;
  memoryMB: number;
  guestName: string;
  guestNameFromVmwareTools: string;
  hostName: string;
  guestId: string;
  balloonedMemory: number;
  ipAddress: string;
  storageUsed: number;
  tpmEnabled: boolean;
  numaNodeAffinity: string[];
  devices: Array<{ kind: string; key: number; pciSlotNumber: number }>;
  nics: InvNic[];
  guestNetworks: InvGuestNetwork[];
  guestDisks: Array<{ key: number; diskPath: string; capacity: number; freeSpace: number; filesystemType: string }>;
  guestIpStacks: InvGuestIpStack[];
  secureBoot: boolean;
  toolsStatus: string;
  toolsRunningStatus: string;
  toolsVersionStatus2: string;
  diskEnableUuid: boolean;
  nestedHVEnabled: boolean;
  customDef: unknown[];
  customValues: unknown[];
  tags: unknown[];
}

export type InvNetwork = Untagged<VSphereNetwork> & { vlanId: string };
export type InvDatastore = Untagged<VSphereDataStore> & { backingDevicesNames: string[] };
export interface InvHost extends VSphereHostInventory {
  memoryBytes: number;
  vms?: Ref[];
}
export interface InvCluster extends InvResource {
  folder: string;
  networks: Ref[];
  datastores: Ref[];
  hosts: Ref[];
  dasEnabled: boolean;
  drsEnabled: boolean;
  drsBehavior: string;
}
export interface InvDatacenter extends InvResource {
  clusters: Ref;
  datastores: Ref;
  networks: Ref;
  vms: Ref;
}
export interface InvFolder extends InvResource {
  folder: string;
  datacenter: string;
  children: Ref[];
}
export type InvWorkload = InvVm & { host: InvHost & { cluster: InvCluster & { datacenter: InvDatacenter } } };

/** Provider entry at detail 0 and at detail >= 1 (vSphere counts). */
export type InvProvider0 = OpenshiftResource;
export type InvVSphereProvider = Omit<VSphereProvider, 'object'> & { instanceUuid: string; object: unknown };
export interface InvOpenshiftProvider extends OpenshiftResource {
  type: string;
  object: unknown;
  vmCount: number;
  networkCount: number;
  storageClassCount: number;
}

/** OpenShift collection entries: Resource plus the raw object at detail >= 1. */
export interface InvOcpObject extends OpenshiftResource {
  object?: unknown;
  /** VMs: the VirtualMachineInstance, while it exists. */
  instance?: unknown;
}
