/**
 * The lab's OpenStack cloud, as data: one project in one region with flavors, Glance images,
 * Neutron networks/subnets/ports, Cinder volume types/volumes/snapshots and Nova servers. The API
 * handlers (nova.ts, cinder.ts, glance.ts, neutron.ts) read it and change it only through
 * OpenStackCloud (cloud.ts).
 */

export interface OsFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number; // MiB
  disk: number; // GiB
  ephemeral: number;
  swap: number;
  extraSpecs: Record<string, string>;
}

export interface OsImage {
  id: string;
  name: string;
  status: 'queued' | 'active';
  diskFormat: string;
  containerFormat: string;
  size: number;
  minDisk: number;
  minRam: number;
  visibility: 'public' | 'private';
  properties: Record<string, string>; // hw_* and os_* image properties
  createdAt: string;
}

export interface OsNetwork {
  id: string;
  name: string;
  subnets: string[];
  mtu: number;
  segmentationId: number;
  createdAt: string;
}

export interface OsSubnet {
  id: string;
  name: string;
  networkId: string;
  cidr: string;
  gatewayIp: string;
  allocationPool: { start: string; end: string };
  dnsNameservers: string[];
  createdAt: string;
}

export interface OsPort {
  id: string;
  name: string;
  networkId: string;
  macAddress: string;
  fixedIps: Array<{ subnetId: string; ipAddress: string }>;
  deviceId: string; // the server id, or '' when unbound
  deviceOwner: string; // 'compute:nova' when bound to a server
  createdAt: string;
}

export interface OsVolumeType {
  id: string;
  name: string;
  description: string;
  backend: string;
}

export interface OsAttachment {
  id: string; // attachment id (Cinder attachments API)
  serverId: string;
  device: string; // /dev/vda
  attachedAt: string;
}

export interface OsVolume {
  id: string;
  name: string;
  description: string;
  size: number; // GiB
  status: 'available' | 'in-use';
  volumeType: string; // type name
  bootable: boolean;
  availabilityZone: string;
  attachments: OsAttachment[];
  imageMetadata?: Record<string, string>; // volume_image_metadata: set when created from an image
  snapshotId?: string;
  createdAt: string;
}

export interface OsSnapshot {
  id: string;
  name: string;
  description: string;
  volumeId: string;
  size: number;
  status: 'available';
  createdAt: string;
}

export type ServerStatus = 'ACTIVE' | 'SHUTOFF';

export interface OsServer {
  id: string;
  name: string;
  status: ServerStatus;
  flavorId: string;
  imageId: string; // '' when booted from volume
  availabilityZone: string;
  hypervisor: string;
  instanceName: string; // instance-0000000a
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  launchedAt: string;
}

export interface OpenStackIdentity {
  region: string;
  domain: { id: string; name: string };
  project: { id: string; name: string };
  user: { id: string; name: string };
}

export interface OpenStackSeed {
  identity: OpenStackIdentity;
  flavors: OsFlavor[];
  images: OsImage[];
  networks: OsNetwork[];
  subnets: OsSubnet[];
  ports: OsPort[];
  volumeTypes: OsVolumeType[];
  volumes: OsVolume[];
  snapshots: OsSnapshot[];
  servers: OsServer[];
}
