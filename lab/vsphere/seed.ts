/**
 * The lab vCenter's starting inventory: one datacenter, a three-host cluster, XCOPY-capable and
 * plain datastores, standard and distributed networks, and the source VMs the scenarios name
 * (mtv-api-tests' tests_params), each with the hardware that makes its scenario meaningful.
 * Everything is deterministic (MoRefs fixed, UUIDs/MACs from a fixed seed), so lab runs repeat.
 */
import { IdSource } from './ids';
import type { DiskProvisioning, SimDisk, SimGuestNic, SimNic, SimSnapshot, SimVm, VSphereModelSnapshot } from './model';

export const SEED_IDS = {
  rootFolder: 'group-d1',
  datacenter: 'datacenter-3',
  vmFolder: 'group-v4',
  hostFolder: 'group-h5',
  datastoreFolder: 'group-s6',
  networkFolder: 'group-n7',
  cluster: 'domain-c8',
  resourcePool: 'resgroup-9',
  hosts: ['host-10', 'host-11', 'host-12'] as const,
  datastores: { primary: 'datastore-20', secondary: 'datastore-21', nfs: 'datastore-22' },
  networks: { vmNetwork: 'network-30', mgmt: 'network-31', dvpg: 'dvportgroup-32', dvSwitch: 'dvs-33' },
} as const;

const GiB = 1024 ** 3;
const ds = SEED_IDS.datastores;
const net = SEED_IDS.networks;

interface DiskDef {
  gb: number;
  datastore?: string;
  provisioning?: DiskProvisioning;
  controllerKey?: number; // 1000 = SCSI 0, 1001 = SCSI 1, 15000 = SATA 0
  unitNumber?: number;
  mode?: SimDisk['mode'];
  shared?: { file: string }; // a multi-writer disk shared by several VMs
}

interface NicDef {
  network: string;
  ips: Array<{ ip: string; prefix: number; origin: 'manual' | 'dhcp' }>;
  gateway?: string;
  guestDeviceName: string;
}

interface VmDef {
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
}

const OS: Record<VmDef['os'], { guestId: string; guestFullName: string; family: SimVm['guestFamily'] }> = {
  rhel7: { guestId: 'rhel7_64Guest', guestFullName: 'Red Hat Enterprise Linux 7 (64-bit)', family: 'linuxGuest' },
  rhel8: { guestId: 'rhel8_64Guest', guestFullName: 'Red Hat Enterprise Linux 8 (64-bit)', family: 'linuxGuest' },
  rhel9: { guestId: 'rhel9_64Guest', guestFullName: 'Red Hat Enterprise Linux 9 (64-bit)', family: 'linuxGuest' },
  win2019: { guestId: 'windows2019srv_64Guest', guestFullName: 'Microsoft Windows Server 2019 (64-bit)', family: 'windowsGuest' },
  win2022: { guestId: 'windows2019srvNext_64Guest', guestFullName: 'Microsoft Windows Server 2022 (64-bit)', family: 'windowsGuest' },
};

const dhcp = (ip: string): NicDef['ips'] => [{ ip, prefix: 24, origin: 'dhcp' }];

const VMS: VmDef[] = [
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

const DATASTORE_NAMES: Record<string, string> = { [ds.primary]: 'mtv-datastore1', [ds.secondary]: 'mtv-xcopy-ds2', [ds.nfs]: 'mtv-nfs-ds' };
const NETWORK_NAMES: Record<string, string> = { [net.vmNetwork]: 'VM Network', [net.mgmt]: 'Mgmt Network', [net.dvpg]: 'mtv-dvpg-vlan100' };

/** The VM's seeded snapshot tree (MoRefs derived from the VM's) and its current snapshot: the last one. */
function seedSnapshots(def: VmDef): { snapshots: SimSnapshot[]; current: SimSnapshot | undefined } {
  let snapId = 0;
  let snapMoref = Number(def.moref.replace('vm-', '')) * 10;
  const toSnapshot = (s: NonNullable<VmDef['snapshots']>[number]): SimSnapshot => {
    snapId += 1;
    snapMoref += 1;
    return {
      moref: `snapshot-${snapMoref}`,
      id: snapId,
      name: s.name,
      description: s.description,
      createTime: s.createTime,
      state: 'poweredOff',
      children: ('children' in s && s.children ? s.children : []).map(toSnapshot),
    };
  };
  const snapshots = (def.snapshots ?? []).map(toSnapshot);
  const lastSnapshot = (list: SimSnapshot[]): SimSnapshot | undefined => {
    const last = list[list.length - 1];
    return last ? (lastSnapshot(last.children) ?? last) : undefined;
  };
  const current = lastSnapshot(snapshots);
  return { snapshots, current };
}

function buildVm(def: VmDef, ids: IdSource): SimVm {
  const os = OS[def.os];
  const disks: SimDisk[] = def.disks.map((d, i) => {
    const datastore = d.datastore ?? ds.primary;
    const controllerKey = d.controllerKey ?? 1000;
    return {
      key: 2000 + i,
      controllerKey,
      unitNumber: d.unitNumber ?? 0,
      label: `Hard disk ${i + 1}`,
      fileName: d.shared?.file ?? `[${DATASTORE_NAMES[datastore] ?? datastore}] ${def.name}/${def.name}${i === 0 ? '' : `_${i}`}.vmdk`,
      datastore,
      capacityBytes: d.gb * GiB,
      provisioning: d.provisioning ?? 'thin',
      mode: d.mode ?? 'persistent',
      bus: controllerKey >= 15000 ? 'sata' : 'scsi',
      shared: d.shared !== undefined,
    };
  });
  const nics: SimNic[] = def.nics.map((n, i) => ({
    key: 4000 + i,
    label: `Network adapter ${i + 1}`,
    mac: ids.mac(`${def.moref}/nic${i}`),
    network: n.network,
  }));
  const guestNics: SimGuestNic[] = def.nics.map((n, i) => ({
    mac: nics[i]?.mac ?? '',
    deviceConfigId: 4000 + i,
    network: NETWORK_NAMES[n.network] ?? n.network,
    connected: true,
    ips: n.ips.map((ip) => ({ ipAddress: ip.ip, prefixLength: ip.prefix, origin: ip.origin })),
    ...(n.gateway ? { gateway: n.gateway } : {}),
    dns: ['10.10.0.2'],
    guestDeviceName: n.guestDeviceName,
  }));
  const { snapshots, current } = seedSnapshots(def);
  return {
    moref: def.moref,
    name: def.name,
    uuid: ids.uuid(`${def.moref}/uuid`),
    instanceUuid: ids.uuid(`${def.moref}/instanceUuid`),
    isTemplate: false,
    guestId: os.guestId,
    guestFullName: os.guestFullName,
    guestFamily: os.family,
    numCPU: def.cpu,
    numCoresPerSocket: def.coresPerSocket,
    memoryMB: def.memoryMB,
    firmware: def.firmware,
    secureBoot: def.secureBoot ?? false,
    tpmPresent: def.tpm ?? false,
    powerState: 'poweredOff',
    toolsInstalled: def.tools,
    hostName: def.name.replace(/[^a-z0-9-]/gi, '-').toLowerCase(),
    disks,
    nics,
    guestNics,
    snapshots,
    ...(current ? { currentSnapshot: current.moref } : {}),
    extraConfig: def.changeTracking ? { ctkEnabled: 'true' } : {},
    changeTrackingEnabled: def.changeTracking ?? false,
    host: def.host,
    folder: SEED_IDS.vmFolder,
    resourcePool: SEED_IDS.resourcePool,
    datastores: [...new Set(disks.map((d) => d.datastore))],
  };
}

/** The seeded inventory (a fresh deep object on every call). */
export function seedInventory(seed = 'mtv-lab-vsphere'): VSphereModelSnapshot {
  const ids = new IdSource(seed);
  const hosts = SEED_IDS.hosts.map((moref, i) => ({
    moref,
    name: `esxi-0${i + 1}.mtv.lab`,
    cluster: SEED_IDS.cluster,
    managementIp: `10.10.1.${11 + i}`,
    inMaintenance: false,
    cpuSockets: 2,
    cpuCores: 32,
    memoryBytes: 256 * GiB,
    productVersion: '8.0.2',
    thumbprint: ids.thumbprint(`${moref}/thumbprint`),
  }));
  return {
    about: {
      version: '8.0.2',
      apiVersion: '8.0.2.0',
      instanceUuid: ids.uuid('vcenter/instanceUuid'),
      fullName: 'VMware vCenter Server 8.0.2 build-22385739',
    },
    datacenters: [
      {
        moref: SEED_IDS.datacenter,
        name: 'mtv-datacenter',
        vmFolder: SEED_IDS.vmFolder,
        hostFolder: SEED_IDS.hostFolder,
        networkFolder: SEED_IDS.networkFolder,
        datastoreFolder: SEED_IDS.datastoreFolder,
      },
    ],
    clusters: [
      {
        moref: SEED_IDS.cluster,
        name: 'mtv-cluster',
        datacenter: SEED_IDS.datacenter,
        hosts: [...SEED_IDS.hosts],
        resourcePool: SEED_IDS.resourcePool,
      },
    ],
    hosts,
    datastores: [
      {
        moref: ds.primary,
        name: 'mtv-datastore1',
        type: 'VMFS',
        capacityBytes: 4096 * GiB,
        freeBytes: 2900 * GiB,
        xcopyCapable: true,
        backingDevices: ['naa.600a098038314648593f517773636a41'],
      },
      {
        moref: ds.secondary,
        name: 'mtv-xcopy-ds2',
        type: 'VMFS',
        capacityBytes: 2048 * GiB,
        freeBytes: 1700 * GiB,
        xcopyCapable: true,
        backingDevices: ['naa.600a098038314648593f517773636a42'],
      },
      {
        moref: ds.nfs,
        name: 'mtv-nfs-ds',
        type: 'NFS',
        capacityBytes: 1024 * GiB,
        freeBytes: 800 * GiB,
        xcopyCapable: false,
        backingDevices: [],
      },
    ],
    networks: [
      { moref: net.vmNetwork, name: 'VM Network', variant: 'Standard', vlanId: 0 },
      { moref: net.mgmt, name: 'Mgmt Network', variant: 'Standard', vlanId: 20 },
      { moref: net.dvpg, name: 'mtv-dvpg-vlan100', variant: 'DvPortGroup', vlanId: 100, dvSwitch: net.dvSwitch },
    ],
    dvSwitches: [{ moref: net.dvSwitch, name: 'mtv-dvswitch', uuid: '50 2a 3b 4c 5d 6e 7f 80-91 a2 b3 c4 d5 e6 f7 08' }],
    folders: [
      { moref: SEED_IDS.rootFolder, name: 'Datacenters', parent: '', childType: 'Datacenter' },
      { moref: SEED_IDS.vmFolder, name: 'vm', parent: SEED_IDS.datacenter, childType: 'VirtualMachine' },
      { moref: SEED_IDS.hostFolder, name: 'host', parent: SEED_IDS.datacenter, childType: 'HostSystem' },
      { moref: SEED_IDS.datastoreFolder, name: 'datastore', parent: SEED_IDS.datacenter, childType: 'Datastore' },
      { moref: SEED_IDS.networkFolder, name: 'network', parent: SEED_IDS.datacenter, childType: 'Network' },
    ],
    vms: VMS.map((def) => buildVm(def, ids)),
  };
}
