/**
 * The lab cloud's starting content. The source VMs are the vSphere seed's scenario VMs with the
 * same guest facts (vCPUs and their socket/core split, memory, disk sizes, NICs with their IPs),
 * so checks that compare a migrated VM with its source mean the same thing on both providers:
 * a flavor per CPU/memory shape, a bootable Cinder volume per first disk (its
 * volume_image_metadata carries hw_cpu_sockets/cores/threads, which the Python suite reads), a data
 * volume per further disk, a Neutron port per NIC on the network standing for the vSphere one.
 */
import { seedInventory } from '../vsphere/seed';
import type { SimVm } from '../vsphere/model';
import { seededHexId, seededMac, seededUuid } from './ids';
import type {
  OpenStackIdentity,
  OpenStackSeed,
  OsFlavor,
  OsImage,
  OsNetwork,
  OsPort,
  OsServer,
  OsSubnet,
  OsVolume,
  OsVolumeType,
} from './model';

/** The scenario VMs the lab cloud carries (names as in the vSphere seed). */
export const OPENSTACK_VMS = ['mtv-tests-rhel8', 'mtv-win2019-3disks', 'mtv-win2019-79', 'mtv-rhel8-warm-2disks2nics'] as const;

const CREATED = '2026-01-10T08:00:00Z';
const GiB = 1024 ** 3;

export function seedIdentity(username: string): OpenStackIdentity {
  return {
    region: 'RegionOne',
    domain: { id: 'default', name: 'Default' },
    project: { id: seededHexId('project/mtv-qe'), name: 'mtv-qe' },
    user: { id: seededHexId(`user/${username}`), name: username },
  };
}

/** vSphere network name -> the Neutron network standing for it. */
const NETWORKS: Array<{ vsphere: string; name: string; cidr: string; gateway: string; pool: [string, string]; vni: number }> = [
  { vsphere: 'VM Network', name: 'mtv-vm-net', cidr: '10.10.0.0/24', gateway: '10.10.0.1', pool: ['10.10.0.10', '10.10.0.250'], vni: 1001 },
  {
    vsphere: 'Mgmt Network',
    name: 'mtv-mgmt-net',
    cidr: '172.16.5.0/24',
    gateway: '172.16.5.1',
    pool: ['172.16.5.10', '172.16.5.250'],
    vni: 1020,
  },
];

const IMAGES: Array<{ key: string; name: string; os: Record<string, string>; minDisk: number }> = [
  { key: 'rhel8', name: 'rhel-8.10-x86_64-cloud', os: { os_distro: 'rhel', os_version: '8.10', os_type: 'linux' }, minDisk: 10 },
  { key: 'win2019', name: 'windows-server-2019', os: { os_distro: 'windows', os_version: '2019', os_type: 'windows' }, minDisk: 40 },
];

function imageFor(vm: SimVm): (typeof IMAGES)[number] {
  return vm.guestFamily === 'windowsGuest' ? IMAGES[1]! : IMAGES[0]!;
}

function buildNetworks(): { networks: OsNetwork[]; subnets: OsSubnet[] } {
  const networks: OsNetwork[] = [];
  const subnets: OsSubnet[] = [];
  for (const n of NETWORKS) {
    const subnet: OsSubnet = {
      id: seededUuid(`subnet/${n.name}`),
      name: `${n.name}-subnet`,
      networkId: seededUuid(`network/${n.name}`),
      cidr: n.cidr,
      gatewayIp: n.gateway,
      allocationPool: { start: n.pool[0], end: n.pool[1] },
      dnsNameservers: ['10.10.0.2'],
      createdAt: CREATED,
    };
    subnets.push(subnet);
    networks.push({ id: subnet.networkId, name: n.name, subnets: [subnet.id], mtu: 1450, segmentationId: n.vni, createdAt: CREATED });
  }
  return { networks, subnets };
}

function flavorFor(vm: SimVm, flavors: Map<string, OsFlavor>): OsFlavor {
  const rootGb = Math.round((vm.disks[0]?.capacityBytes ?? 0) / GiB);
  const name = `mtv.${vm.numCPU}c${vm.memoryMB / 1024}g`;
  const existing = flavors.get(name);
  if (existing) return existing;
  const flavor: OsFlavor = {
    id: seededUuid(`flavor/${name}`),
    name,
    vcpus: vm.numCPU,
    ram: vm.memoryMB,
    disk: rootGb,
    ephemeral: 0,
    swap: 0,
    extraSpecs: {},
  };
  flavors.set(name, flavor);
  return flavor;
}

function buildVolumes(vm: SimVm, server: OsServer, image: OsImage, types: OsVolumeType[]): OsVolume[] {
  const sockets = vm.numCPU / vm.numCoresPerSocket;
  return vm.disks.map((d, i): OsVolume => {
    const type = d.datastore === 'datastore-21' ? types[1]! : types[0]!;
    return {
      id: seededUuid(`volume/${vm.name}/${i}`),
      name: i === 0 ? `${vm.name}-boot` : `${vm.name}-data${i}`,
      description: `${d.label} of ${vm.name}`,
      size: Math.round(d.capacityBytes / GiB),
      status: 'in-use',
      volumeType: type.name,
      bootable: i === 0,
      availabilityZone: 'nova',
      attachments: [
        {
          id: seededUuid(`attachment/${vm.name}/${i}`),
          serverId: server.id,
          device: `/dev/vd${String.fromCharCode(97 + i)}`,
          attachedAt: CREATED,
        },
      ],
      ...(i === 0
        ? {
            imageMetadata: {
              image_id: image.id,
              image_name: image.name,
              ...image.properties,
              hw_cpu_sockets: String(sockets),
              hw_cpu_cores: String(vm.numCoresPerSocket),
              hw_cpu_threads: '1',
              hw_firmware_type: vm.firmware === 'efi' ? 'uefi' : 'bios',
            },
          }
        : {}),
      createdAt: CREATED,
    };
  });
}

function buildPorts(vm: SimVm, server: OsServer, networks: OsNetwork[], subnets: OsSubnet[]): OsPort[] {
  const byVsphereName = new Map(NETWORKS.map((n) => [n.vsphere, n.name]));
  return vm.guestNics.map((nic, i): OsPort => {
    const network = networks.find((n) => n.name === byVsphereName.get(nic.network)) ?? networks[0]!;
    const subnet = subnets.find((s) => s.networkId === network.id)!;
    return {
      id: seededUuid(`port/${vm.name}/${i}`),
      name: '',
      networkId: network.id,
      macAddress: seededMac(`port/${vm.name}/${i}`),
      fixedIps: nic.ips.map((ip) => ({ subnetId: subnet.id, ipAddress: ip.ipAddress })),
      deviceId: server.id,
      deviceOwner: 'compute:nova',
      createdAt: CREATED,
    };
  });
}

/** The seeded cloud (a fresh object on every call). */
export function seedCloud(username: string): OpenStackSeed {
  const identity = seedIdentity(username);
  const images: OsImage[] = IMAGES.map((img) => ({
    id: seededUuid(`image/${img.key}`),
    name: img.name,
    status: 'active',
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    size: img.minDisk * 100 * 1024 * 1024,
    minDisk: img.minDisk,
    minRam: 0,
    visibility: 'public',
    properties: { ...img.os, hw_disk_bus: 'virtio', hw_vif_model: 'virtio' },
    createdAt: CREATED,
  }));
  const volumeTypes: OsVolumeType[] = [
    { id: seededUuid('volume-type/ceph'), name: 'ceph', description: 'Ceph RBD', backend: 'ceph' },
    { id: seededUuid('volume-type/nfs'), name: 'nfs', description: 'NFS', backend: 'nfs' },
  ];
  const { networks, subnets } = buildNetworks();
  const flavors = new Map<string, OsFlavor>();
  const cloud: OpenStackSeed = {
    identity,
    flavors: [],
    images,
    networks,
    subnets,
    ports: [],
    volumeTypes,
    volumes: [],
    snapshots: [],
    servers: [],
  };
  const vsphereVms = seedInventory().vms;
  OPENSTACK_VMS.forEach((name, i) => {
    const vm = vsphereVms.find((v) => v.name === name);
    if (!vm) throw new Error(`the vSphere seed has no VM ${name} for the OpenStack seed`);
    const img = imageFor(vm);
    const image = images.find((x) => x.name === img.name)!;
    const server: OsServer = {
      id: seededUuid(`server/${name}`),
      name,
      status: vm.powerState === 'poweredOn' ? 'ACTIVE' : 'SHUTOFF',
      flavorId: flavorFor(vm, flavors).id,
      imageId: '',
      availabilityZone: 'nova',
      hypervisor: `compute-0${(i % 3) + 1}.mtv.lab`,
      instanceName: `instance-${(i + 1).toString(16).padStart(8, '0')}`,
      metadata: {},
      createdAt: CREATED,
      updatedAt: CREATED,
      launchedAt: CREATED,
    };
    cloud.servers.push(server);
    cloud.volumes.push(...buildVolumes(vm, server, image, volumeTypes));
    cloud.ports.push(...buildPorts(vm, server, networks, subnets));
  });
  cloud.flavors = [...flavors.values()];
  return cloud;
}
