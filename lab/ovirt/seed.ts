/**
 * The lab engine's inventory: data center MTV-CNV (the Python suite refuses an engine without it,
 * up), one cluster with two hosts, NFS and iSCSI data domains, two networks with their vNIC
 * profiles, and for each VM the suite's RHV scenarios name both a template (the suite clones from
 * the template of that name) and a VM, with the same guest facts as the lab vCenter's VMs (CPU
 * topology, memory, disks, NICs). Ids are stable UUIDs derived from names, so restarts keep them.
 */
import { createHash } from 'node:crypto';
import type { Disk, DiskAttachment, EngineInventory, Nic, Template, Topology, Vm } from './model-types';

const GiB = 1024 ** 3;

/** A name-based UUID (v5 layout over SHA-1), stable across restarts. */
export function stableId(name: string): string {
  const h = createHash('sha1').update(`mtv-lab-ovirt:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export const SEED = {
  dataCenter: stableId('dc/MTV-CNV'),
  cluster: stableId('cluster/mtv-cluster'),
  hosts: [stableId('host/mtv-host-1'), stableId('host/mtv-host-2')],
  nfs: stableId('sd/mtv-nfs-data'),
  iscsi: stableId('sd/mtv-iscsi-data'),
  mgmtNet: stableId('net/ovirtmgmt'),
  vlanNet: stableId('net/mtv-vlan100'),
  mgmtProfile: stableId('vnic/ovirtmgmt'),
  vlanProfile: stableId('vnic/mtv-vlan100'),
  user: stableId('user/admin'),
} as const;

interface GuestDef {
  name: string;
  osType: string;
  topology: Topology;
  memoryGiB: number;
  bios: Template['bios'];
  disks: { gib: number; sparse: boolean; sd?: string }[];
  nics: { profile: string }[];
  snapshots?: string[];
}

const mgmt = { profile: SEED.mgmtProfile };
const GUESTS: GuestDef[] = [
  {
    name: 'mtv-tests-rhel8',
    osType: 'rhel_8x64',
    topology: { sockets: 2, cores: 1, threads: 1 },
    memoryGiB: 4,
    bios: 'q35_sea_bios',
    disks: [{ gib: 20, sparse: true }],
    nics: [mgmt],
    snapshots: ['baseline before migration tests'],
  },
  {
    name: 'mtv-win2019-3disks',
    osType: 'windows_2019x64',
    topology: { sockets: 2, cores: 2, threads: 1 },
    memoryGiB: 8,
    bios: 'q35_sea_bios',
    disks: [
      { gib: 60, sparse: false },
      { gib: 10, sparse: true },
      { gib: 5, sparse: true, sd: SEED.iscsi },
    ],
    nics: [mgmt],
    snapshots: ['before monthly patches', 'after monthly patches'],
  },
  {
    name: 'mtv-win2022-ip-3disks',
    osType: 'windows_2022',
    topology: { sockets: 1, cores: 4, threads: 1 },
    memoryGiB: 8,
    bios: 'q35_secure_boot',
    disks: [
      { gib: 64, sparse: true },
      { gib: 8, sparse: false },
      { gib: 4, sparse: true },
    ],
    nics: [mgmt],
  },
  {
    name: 'mtv-rhel8-warm-2disks2nics',
    osType: 'rhel_8x64',
    topology: { sockets: 1, cores: 2, threads: 1 },
    memoryGiB: 4,
    bios: 'q35_sea_bios',
    disks: [
      { gib: 20, sparse: true },
      { gib: 10, sparse: true },
    ],
    nics: [mgmt, { profile: SEED.vlanProfile }],
  },
  {
    name: 'mtv-win2019-79',
    osType: 'windows_2019x64',
    topology: { sockets: 2, cores: 1, threads: 1 },
    memoryGiB: 4,
    bios: 'q35_sea_bios',
    disks: [{ gib: 40, sparse: true }],
    nics: [mgmt],
  },
];

const CREATED = '2026-01-10T08:00:00.000Z';

function seedDisks(owner: string, g: GuestDef, disks: Disk[]): DiskAttachment[] {
  return g.disks.map((d, i) => {
    const id = stableId(`disk/${owner}/${i}`);
    const bytes = d.gib * GiB;
    disks.push({
      id,
      alias: `${g.name}_Disk${i + 1}`,
      provisionedBytes: bytes,
      actualBytes: d.sparse ? Math.round(bytes * 0.35) : bytes,
      sparse: d.sparse,
      format: d.sparse ? 'cow' : 'raw',
      storageDomainId: d.sd ?? SEED.nfs,
      status: 'ok',
      shareable: false,
      imageId: stableId(`image/${owner}/${i}`),
    });
    return { diskId: id, bootable: i === 0, iface: 'virtio_scsi', active: true };
  });
}

function seedNics(owner: string, g: GuestDef, macBase: number): Nic[] {
  return g.nics.map((n, i) => ({
    id: stableId(`nic/${owner}/${i}`),
    name: `nic${i + 1}`,
    vnicProfileId: n.profile,
    iface: 'virtio',
    plugged: true,
    mac: `56:6f:7a:5a:${macBase.toString(16).padStart(2, '0')}:${i.toString(16).padStart(2, '0')}`,
  }));
}

function seedGuests(disks: Disk[]): { templates: Template[]; vms: Vm[] } {
  const templates: Template[] = [];
  const vms: Vm[] = [];
  GUESTS.forEach((g, n) => {
    const base = {
      description: '',
      clusterId: SEED.cluster,
      osType: g.osType,
      topology: g.topology,
      memoryBytes: g.memoryGiB * GiB,
      bios: g.bios,
      creationTime: CREATED,
    };
    const templateId = stableId(`template/${g.name}`);
    templates.push({
      ...base,
      id: templateId,
      name: g.name,
      status: 'ok',
      versionNumber: 1,
      disks: seedDisks(`template/${g.name}`, g, disks),
      nics: seedNics(`template/${g.name}`, g, 0x80 + n),
    });
    const vmId = stableId(`vm/${g.name}`);
    const snapshots: Vm['snapshots'] = (g.snapshots ?? []).map((description, i) => ({
      id: stableId(`snap/${g.name}/${i}`),
      description,
      type: 'regular',
      status: 'ok',
      date: CREATED,
    }));
    snapshots.push({ id: stableId(`snap/${g.name}/active`), description: 'Active VM', type: 'active', status: 'ok', date: CREATED });
    vms.push({
      ...base,
      id: vmId,
      name: g.name,
      status: 'down',
      templateId,
      originalTemplateId: templateId,
      snapshots,
      guaranteedMemoryBytes: base.memoryBytes,
      disks: seedDisks(`vm/${g.name}`, g, disks),
      nics: seedNics(`vm/${g.name}`, g, n),
    });
  });
  return { templates, vms };
}

export function seedEngineInventory(): EngineInventory {
  const disks: Disk[] = [];
  const { templates, vms } = seedGuests(disks);
  return {
    dataCenters: [{ id: SEED.dataCenter, name: 'MTV-CNV', description: 'MTV lab data center', status: 'up', version: [4, 7] }],
    clusters: [
      { id: SEED.cluster, name: 'mtv-cluster', dataCenterId: SEED.dataCenter, cpuType: 'Intel Cascadelake Server Family', version: [4, 7] },
    ],
    hosts: SEED.hosts.map((id, i) => ({
      id,
      name: `mtv-host-${i + 1}`,
      address: `mtv-host-${i + 1}.mtv-lab.local`,
      clusterId: SEED.cluster,
      status: 'up' as const,
      cpuCores: 32,
      memoryBytes: 256 * GiB,
    })),
    storageDomains: [
      {
        id: SEED.nfs,
        name: 'mtv-nfs-data',
        type: 'data',
        storageType: 'nfs',
        dataCenterId: SEED.dataCenter,
        availableBytes: 2900 * GiB,
        usedBytes: 1196 * GiB,
        master: true,
        address: 'nfs.mtv-lab.local',
        path: '/exports/data',
      },
      {
        id: SEED.iscsi,
        name: 'mtv-iscsi-data',
        type: 'data',
        storageType: 'iscsi',
        dataCenterId: SEED.dataCenter,
        availableBytes: 1700 * GiB,
        usedBytes: 348 * GiB,
        master: false,
        address: '',
        path: '',
      },
    ],
    networks: [
      { id: SEED.mgmtNet, name: 'ovirtmgmt', description: 'Management Network', dataCenterId: SEED.dataCenter, mtu: 0 },
      { id: SEED.vlanNet, name: 'mtv-vlan100', description: 'VM network on VLAN 100', dataCenterId: SEED.dataCenter, vlanId: 100, mtu: 0 },
    ],
    vnicProfiles: [
      { id: SEED.mgmtProfile, name: 'ovirtmgmt', networkId: SEED.mgmtNet },
      { id: SEED.vlanProfile, name: 'mtv-vlan100', networkId: SEED.vlanNet },
    ],
    disks,
    templates,
    vms,
    user: { id: SEED.user, name: 'admin', domain: 'internal-authz' },
  };
}
