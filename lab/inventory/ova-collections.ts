/**
 * The OVA provider server's inventory in Forklift's shapes (ovfbase, reference §5): collections
 * vms, networks, disks, storages built from the OVF facts of the share (ovf-reader.ts). Top-level
 * objects carry Resource `{id, variant?, name, selfLink, path?, revision}` plus json fields; the
 * disk/NIC/network objects nested in a VM have no json tags in Forklift, so their keys are Go
 * names. IDs: the VirtualSystem id when it is a UUID, else the sha256 hex of the source cut to 36
 * characters (VMs: their OVA path; disks: OVA path + file; networks: the network name). The
 * storages are the disk files (Forklift's StorageMap source for OVA is `{name: <disk file>}`).
 */
import { createHash } from 'node:crypto';
import type { OvfVmFacts } from './ovf-reader';
import { RevisionTracker, revisioned } from './vsphere-collections';

type Link = (collection: string, id: string) => string;

export interface OvaNetworkObj {
  id: string;
  name: string;
  description: string;
  revision: number;
  selfLink: string;
}

export interface OvaDiskObj {
  id: string;
  name: string;
  filePath: string;
  capacity: number;
  capacityAllocationUnits: string;
  diskId: string;
  fileRef: string;
  format: string;
  populatedSize: number;
  revision: number;
  selfLink: string;
}

export interface OvaStorageObj {
  id: string;
  name: string;
  revision: number;
  selfLink: string;
}

export interface OvaVmObj {
  id: string;
  name: string;
  path: string;
  revision: number;
  selfLink: string;
  revisionValidated: number;
  networks: Array<{ ID: string; Variant: string; Name: string; Revision: number; Description: string }>;
  disks: Array<Record<string, unknown>>;
  concerns: Array<{ id: string; label: string; category: string; assessment: string }>;
  ovfPath: string;
  exportSource: string;
  osType: string;
  uuid: string;
  firmware: string;
  secureBoot: boolean;
  cpuCount: number;
  coresPerSocket: number;
  memoryMB: number;
  memoryUnits: string;
  cpuUnits: string;
  cpuAffinity: number[];
  cpuHotAddEnabled: boolean;
  cpuHotRemoveEnabled: boolean;
  memoryHotAddEnabled: boolean;
  faultToleranceEnabled: boolean;
  balloonedMemory: number;
  ipAddress: string;
  numaNodeAffinity: string[];
  storageUsed: number;
  changeTrackingEnabled: boolean;
  devices: Array<{ Kind: string }>;
  nics: Array<{ Name: string; MAC: string; Network: string; Config: Array<{ Key: string; Value: string }> }>;
}

export interface OvaCollections {
  vms: OvaVmObj[];
  networks: OvaNetworkObj[];
  disks: OvaDiskObj[];
  storages: OvaStorageObj[];
  /** Files of the share that could not be read. */
  errors: string[];
}

export const OVA_COLLECTIONS = ['vms', 'networks', 'disks', 'storages'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ovaId = (source: string): string => createHash('sha256').update(source).digest('hex').slice(0, 36);

const UNIT_BYTES: Array<[RegExp, number]> = [
  [/2\^40/, 1024 ** 4],
  [/2\^30/, 1024 ** 3],
  [/2\^20/, 1024 ** 2],
  [/2\^10/, 1024],
];

/** An OVF capacity with its allocation units, in bytes. */
export function capacityBytes(capacity: string, units: string): number {
  const n = Number(capacity) || 0;
  return n * (UNIT_BYTES.find(([re]) => re.test(units))?.[1] ?? 1);
}

const DEVICE_KIND: Record<string, string> = { VmxNet3: 'VirtualVmxnet3', E1000: 'VirtualE1000', E1000e: 'VirtualE1000e' };

function vmOf(f: OvfVmFacts, nets: OvaNetworkObj[], disks: OvaDiskObj[]): Omit<OvaVmObj, 'revision' | 'selfLink'> {
  const id = UUID.test(f.systemId) ? f.systemId.toLowerCase() : ovaId(f.ovaPath);
  const used = nets.filter((n) => f.nics.some((c) => c.network === n.name));
  return {
    id,
    name: f.name,
    path: f.ovaPath,
    revisionValidated: 0,
    networks: used.map((n) => ({ ID: n.id, Variant: '', Name: n.name, Revision: n.revision, Description: n.description })),
    disks: disks.map((d) => ({
      ID: d.id,
      Variant: '',
      Name: d.name,
      Revision: d.revision,
      FilePath: d.filePath,
      Capacity: d.capacity,
      CapacityAllocationUnits: d.capacityAllocationUnits,
      DiskId: d.diskId,
      FileRef: d.fileRef,
      Format: d.format,
      PopulatedSize: d.populatedSize,
    })),
    concerns: [],
    ovfPath: f.ovaPath,
    exportSource: 'VMware',
    osType: f.osType,
    uuid: UUID.test(f.systemId) ? f.systemId.toLowerCase() : '',
    firmware: f.firmware,
    secureBoot: f.secureBoot,
    cpuCount: f.cpuCount,
    coresPerSocket: f.coresPerSocket,
    memoryMB: f.memoryMB,
    memoryUnits: 'byte * 2^20',
    cpuUnits: 'hertz * 10^6',
    cpuAffinity: [],
    cpuHotAddEnabled: false,
    cpuHotRemoveEnabled: false,
    memoryHotAddEnabled: false,
    faultToleranceEnabled: false,
    balloonedMemory: 0,
    ipAddress: '',
    numaNodeAffinity: [],
    storageUsed: disks.reduce((s, d) => s + d.populatedSize, 0),
    changeTrackingEnabled: false,
    devices: f.nics.map((n) => ({ Kind: DEVICE_KIND[n.model] ?? 'VirtualEthernetCard' })),
    nics: f.nics.map((n) => ({ Name: n.name, MAC: n.mac, Network: n.network, Config: n.config })),
  };
}

export function buildOvaCollections(read: { vms: OvfVmFacts[]; errors: string[] }, rev: RevisionTracker, link: Link): OvaCollections {
  const withRev = revisioned(rev, link, { network: 'networks', disk: 'disks', storage: 'storages', vm: 'vms' });
  const networks = new Map<string, OvaNetworkObj>();
  const out: OvaCollections = { vms: [], networks: [], disks: [], storages: [], errors: read.errors };
  for (const f of read.vms) {
    for (const n of f.networks)
      if (!networks.has(n.name)) networks.set(n.name, withRev('network', { id: ovaId(n.name), name: n.name, description: n.description }));
    const disks = f.disks.map((d) =>
      withRev('disk', {
        id: ovaId(`${f.ovaPath}/${d.href}`),
        name: d.href,
        filePath: f.ovaPath,
        capacity: capacityBytes(d.capacity, d.capacityAllocationUnits),
        capacityAllocationUnits: d.capacityAllocationUnits,
        diskId: d.diskId,
        fileRef: d.fileRef,
        format: d.format,
        populatedSize: Number(d.populatedSize) || 0,
      }),
    );
    out.disks.push(...disks);
    out.storages.push(...disks.map((d) => withRev('storage', { id: d.id, name: d.name })));
    out.vms.push(withRev('vm', vmOf(f, [...networks.values()], disks)));
  }
  out.networks = [...networks.values()];
  return out;
}
