/**
 * Forklift's oVirt collector (pkg/controller/provider/container/ovirt, model/ovirt, web/ovirt):
 * reads the engine over REST API v4 (JSON) and keeps the collections reference §5 lists, in
 * Forklift's JSON shapes (@kubev2v/types OVirt* plus the "full" VM fields). Revisions move only
 * when an object changes. The collector refreshes when the engine's newest audit event changes, as
 * Forklift's collector follows the engine's events.
 */
import type {
  OVirtCluster,
  OVirtDisk,
  OVirtDiskAttachment,
  OVirtHost,
  OVirtNIC,
  OVirtNetwork,
  OVirtNicProfile,
  OVirtResource,
  OVirtStorageDomain,
  OVirtVM,
} from '@kubev2v/types';
import type { OvirtApi } from './source-clients';
import { RevisionTracker, revisioned } from './vsphere-collections';

type Json = Record<string, unknown>;
type Untagged<T> = Omit<T, 'providerType'>;

export type OvResource = Omit<OVirtResource, 'selfLink'> & { selfLink?: string };
export type OvDatacenter = OvResource;
export type OvCluster = Untagged<OVirtCluster> & { cpuType: string };
export type OvHost = Untagged<OVirtHost>;
export type OvNetwork = Untagged<OVirtNetwork>;
export type OvNicProfile = Untagged<OVirtNicProfile>;
export type OvStorageDomain = Untagged<OVirtStorageDomain>;
export type OvDisk = Untagged<OVirtDisk> & { lunStorage: Json; interface?: string };
export type OvDiskAttachment = OVirtDiskAttachment & { bootable: boolean };

/** Full VM (GET by id, detail >= 2). */
export interface OvVm extends Omit<Untagged<OVirtVM>, 'diskAttachments' | 'nics'> {
  nics: OVirtNIC[];
  diskAttachments: OvDiskAttachment[];
  guestName: string;
  cpuSockets: number;
  cpuCores: number;
  cpuThreads: number;
  cpuShares: number;
  memory: number;
  balloonedMemory: boolean;
  bios: string;
  display: string;
  haEnabled: boolean;
  stateless: string;
  serialNumber: string;
  snapshots: Array<{ id: string; description: string; type: string; persistMemory: boolean }>;
  guest: { distribution: string; fullVersion: string };
  osType: string;
  customCpuModel: string;
  cpuPinningPolicy: string;
  placementPolicyAffinity: string;
  storageErrorResumeBehaviour: string;
  timezone: string;
}

export interface OvirtCollections {
  about: { product: string; version: string; instanceId: string };
  datacenters: OvDatacenter[];
  clusters: OvCluster[];
  hosts: OvHost[];
  networks: OvNetwork[];
  nicprofiles: OvNicProfile[];
  diskprofiles: OvResource[];
  storagedomains: OvStorageDomain[];
  disks: OvDisk[];
  vms: OvVm[];
}

export type OvirtCollectionName = Exclude<keyof OvirtCollections, 'about'>;
export const OVIRT_COLLECTIONS: readonly OvirtCollectionName[] = [
  'datacenters',
  'clusters',
  'hosts',
  'networks',
  'nicprofiles',
  'diskprofiles',
  'storagedomains',
  'disks',
  'vms',
];

const s = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const n = (v: unknown): number => Number(v ?? 0) || 0;
const b = (v: unknown): boolean => v === true || v === 'true';
const o = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const idOf = (v: unknown): string => s(o(v).id);
const arr = (v: unknown, tag: string): Json[] => ((o(v)[tag] as Json[] | undefined) ?? []) as Json[];

function base(j: Json): { id: string; name: string; description: string } {
  return { id: s(j.id), name: s(j.name), description: s(j.description) };
}

/** What one refresh reads from the engine. */
interface EngineRead {
  root: Json;
  datacenters: Json[];
  clusters: Json[];
  hosts: Json[];
  networks: Json[];
  vnicprofiles: Json[];
  storagedomains: Json[];
  disks: Json[];
  vms: Array<{ vm: Json; attachments: Json[]; nics: Json[]; snapshots: Json[] }>;
}

/** The engine's newest audit event id ('' when there are none): the collector's change signal. */
export async function latestEventId(api: OvirtApi): Promise<string> {
  const events = await api.list('/events?max=1', 'event');
  return s(events[0]?.id);
}

export async function readEngine(api: OvirtApi): Promise<EngineRead> {
  const [root, datacenters, clusters, hosts, networks, vnicprofiles, storagedomains, disks, vms] = await Promise.all([
    api.get(''),
    api.list('/datacenters', 'data_center'),
    api.list('/clusters', 'cluster'),
    api.list('/hosts', 'host'),
    api.list('/networks', 'network'),
    api.list('/vnicprofiles', 'vnic_profile'),
    api.list('/storagedomains', 'storage_domain'),
    api.list('/disks', 'disk'),
    api.list('/vms', 'vm'),
  ]);
  const vmReads = await Promise.all(
    vms.map(async (vm) => {
      const id = s(vm.id);
      const [attachments, nics, snapshots] = await Promise.all([
        api.list(`/vms/${id}/diskattachments`, 'disk_attachment'),
        api.list(`/vms/${id}/nics`, 'nic'),
        api.list(`/vms/${id}/snapshots`, 'snapshot'),
      ]);
      return { vm, attachments, nics, snapshots };
    }),
  );
  return { root, datacenters, clusters, hosts, networks, vnicprofiles, storagedomains, disks, vms: vmReads };
}

function vmOf(r: EngineRead['vms'][number]): Omit<OvVm, 'revision' | 'selfLink'> {
  const vm = r.vm;
  const topo = o(o(vm.cpu).topology);
  const os = o(vm.os);
  return {
    ...base(vm),
    cluster: idOf(vm.cluster),
    status: s(vm.status),
    host: idOf(vm.host),
    revisionValidated: 0,
    nics: r.nics.map((nic) => ({
      id: s(nic.id),
      name: s(nic.name),
      interface: s(nic.interface),
      plugged: b(nic.plugged),
      ipAddress: [],
      profile: idOf(nic.vnic_profile),
      mac: s(o(nic.mac).address),
    })),
    diskAttachments: r.attachments.map((a) => ({
      id: s(a.id),
      interface: s(a.interface),
      scsiReservation: b(a.uses_scsi_reservation),
      disk: idOf(a.disk),
      bootable: b(a.bootable),
    })),
    concerns: [],
    guestName: s(os.type),
    cpuSockets: n(topo.sockets),
    cpuCores: n(topo.cores),
    cpuThreads: n(topo.threads),
    cpuShares: 0,
    memory: n(vm.memory),
    balloonedMemory: false,
    bios: s(o(vm.bios).type),
    display: s(o(vm.display).type),
    haEnabled: b(o(vm.high_availability).enabled),
    stateless: s(vm.stateless),
    serialNumber: '',
    snapshots: r.snapshots.map((sn) => ({
      id: s(sn.id),
      description: s(sn.description),
      type: s(sn.snapshot_type),
      persistMemory: b(sn.persist_memorystate),
    })),
    guest: { distribution: '', fullVersion: '' },
    osType: s(os.type),
    customCpuModel: '',
    cpuPinningPolicy: 'none',
    placementPolicyAffinity: 'migratable',
    storageErrorResumeBehaviour: 'auto_resume',
    timezone: '',
  };
}

const COLLECTION_OF: Record<string, string> = {
  datacenter: 'datacenters',
  cluster: 'clusters',
  host: 'hosts',
  network: 'networks',
  nicprofile: 'nicprofiles',
  storagedomain: 'storagedomains',
  disk: 'disks',
  vm: 'vms',
};

/** The collections from one read; `rev` keeps each object's revision across reads. */
type WithRev = <T extends { id: string }>(kind: string, x: T) => T & { revision: number; selfLink: string };

function infraCollections(r: EngineRead, withRev: WithRev) {
  const version = o(o(r.root.product_info).version);
  return {
    about: { product: s(o(r.root.product_info).name), version: s(version.full_version), instanceId: s(o(r.root.product_info).instance_id) },
    datacenters: r.datacenters.map((d) => withRev('datacenter', base(d))),
    clusters: r.clusters.map((c) =>
      withRev('cluster', {
        ...base(c),
        dataCenter: idOf(c.data_center),
        haReservation: false,
        ksmEnabled: false,
        biosType: 'q35_sea_bios',
        cpuType: s(o(c.cpu).type),
      }),
    ),
    hosts: r.hosts.map((h) =>
      withRev('host', {
        ...base(h),
        cluster: idOf(h.cluster),
        status: s(h.status),
        productName: 'RHEL',
        productVersion: '',
        inMaintenance: s(h.status) === 'maintenance',
        cpuSockets: n(o(o(h.cpu).topology).sockets),
        cpuCores: n(o(o(h.cpu).topology).cores),
        networkAttachments: [],
        nics: [],
      }),
    ),
  };
}

function networkStorageVmCollections(r: EngineRead, withRev: WithRev) {
  const profilesByNetwork = new Map<string, string[]>();
  for (const p of r.vnicprofiles) profilesByNetwork.set(idOf(p.network), [...(profilesByNetwork.get(idOf(p.network)) ?? []), s(p.id)]);
  return {
    networks: r.networks.map((net) =>
      withRev('network', {
        ...base(net),
        dataCenter: idOf(net.data_center),
        vlan: s(o(net.vlan).id),
        usages: arr(net.usages, 'usage').map(s),
        nicProfiles: profilesByNetwork.get(s(net.id)) ?? [],
      }),
    ),
    nicprofiles: r.vnicprofiles.map((p) =>
      withRev('nicprofile', {
        ...base(p),
        network: idOf(p.network),
        networkFilter: '',
        portMirroring: b(p.port_mirroring),
        qos: '',
        properties: [],
        passThrough: s(o(p.pass_through).mode) === 'enabled',
      }),
    ),
    diskprofiles: [],
    storagedomains: r.storagedomains.map((d) =>
      withRev('storagedomain', {
        ...base(d),
        dataCenter: idOf(arr(d.data_centers, 'data_center')[0]),
        type: s(d.type),
        capacity: n(d.available) + n(d.used),
        free: n(d.available),
        storage: { type: s(o(d.storage).type) },
      }),
    ),
    disks: r.disks.map((d) =>
      withRev('disk', {
        ...base(d),
        name: s(d.alias) || s(d.name),
        shared: b(d.shareable),
        storageDomain: idOf(arr(d.storage_domains, 'storage_domain')[0]),
        profile: '',
        provisionedSize: n(d.provisioned_size),
        actualSize: n(d.actual_size),
        storageType: s(d.storage_type),
        status: s(d.status),
        lunStorage: {},
      }),
    ),
    vms: r.vms.map((v) => withRev('vm', vmOf(v))),
  };
}

export function buildOvirtCollections(
  r: EngineRead,
  rev: RevisionTracker,
  link: (collection: string, id: string) => string,
): OvirtCollections {
  const withRev = revisioned(rev, link, COLLECTION_OF);
  return { ...infraCollections(r, withRev), ...networkStorageVmCollections(r, withRev) };
}
