/**
 * Turns a snapshot of the lab's vCenter into the collections Forklift's vSphere collector keeps
 * (reference §5): MoRef ids, parent refs with Go type names as kinds, inventory paths
 * (/DC/vm/folder/name), per-object revisions that move only when the object changes, and the VM
 * fields at full detail. Pure: no timers, no I/O.
 */
import type { Ref } from '@kubev2v/types';
import type { SimDatacenter, SimFolder, SimVm, VSphereModelSnapshot } from '../vsphere/model';
import type {
  InvCluster,
  InvConcern,
  InvDatacenter,
  InvDatastore,
  InvDisk,
  InvFolder,
  InvHost,
  InvNetwork,
  InvVm,
  InvWorkload,
} from './types';

export interface VSphereCollections {
  about: VSphereModelSnapshot['about'];
  datacenters: InvDatacenter[];
  clusters: InvCluster[];
  hosts: InvHost[];
  folders: InvFolder[];
  networks: InvNetwork[];
  datastores: InvDatastore[];
  /** Every VM incl. templates; the list endpoint filters templates out. */
  vms: InvVm[];
}

export type CollectionName = 'datacenters' | 'clusters' | 'hosts' | 'folders' | 'networks' | 'datastores' | 'vms';

const ref = (kind: string, id: string): Ref => ({ kind, id });

/** Tracks per-object revisions across snapshots: an object's revision moves when its content does. */
export class RevisionTracker {
  private readonly seen = new Map<string, { digest: string; revision: number }>();

  revision(kindId: string, content: unknown): number {
    const digest = JSON.stringify(content);
    const prev = this.seen.get(kindId);
    if (prev && prev.digest === digest) return prev.revision;
    const revision = (prev?.revision ?? 0) + 1;
    this.seen.set(kindId, { digest, revision });
    return revision;
  }
}

/**
 * Stamps inventory objects of a remote source (oVirt, OpenStack) with their revision and selfLink;
 * `collectionOf` names the inventory collection of each kind.
 */
export function revisioned(
  rev: RevisionTracker,
  link: (collection: string, id: string) => string,
  collectionOf: Readonly<Record<string, string>>,
): <T extends { id: string }>(kind: string, x: T) => T & { revision: number; selfLink: string } {
  return (kind, x) => ({ ...x, revision: rev.revision(`${kind}/${x.id}`, x), selfLink: link(collectionOf[kind] ?? kind, x.id) });
}

function pathOf(snap: VSphereModelSnapshot, parentId: string, leaf: string): string {
  const parts = [leaf];
  const folders = new Map(snap.folders.map((f) => [f.moref, f]));
  const dcs = new Map(snap.datacenters.map((d) => [d.moref, d]));
  let cur: string | undefined = parentId;
  for (let guard = 0; cur && guard < 64; guard++) {
    const f: SimFolder | undefined = folders.get(cur);
    if (f) {
      if (f.childType === 'Datacenter' && !folders.has(f.parent) && !dcs.has(f.parent)) break; // root folder
      parts.unshift(f.name);
      cur = f.parent;
      continue;
    }
    const dc: SimDatacenter | undefined = dcs.get(cur);
    if (dc) {
      parts.unshift(dc.name);
      cur = snap.folders.find((x) => x.moref === findDcParent(snap, dc))?.moref;
      continue;
    }
    break;
  }
  return '/' + parts.join('/');
}

/** The folder holding a datacenter: a Datacenter-typed folder (the model keeps no dc.parent). */
function findDcParent(snap: VSphereModelSnapshot, _dc: SimDatacenter): string | undefined {
  return snap.folders.find((f) => f.childType === 'Datacenter')?.moref;
}

function concernsOf(vm: SimVm): InvConcern[] {
  const out: InvConcern[] = [];
  if (!vm.changeTrackingEnabled) {
    out.push({
      id: 'vmware.changed_block_tracking.disabled',
      label: 'Changed Block Tracking (CBT) not enabled',
      category: 'Warning',
      assessment: 'Changed Block Tracking (CBT) has not been enabled on this VM. This feature is a prerequisite for VM warm migration.',
    });
  }
  if (vm.disks.some((d) => d.shared)) {
    out.push({
      id: 'vmware.disk.shared.detected',
      label: 'Shared disk detected',
      category: 'Warning',
      assessment: 'The VM has a disk that is shared.',
    });
  }
  return out;
}

function disksOf(vm: SimVm): InvDisk[] {
  return vm.disks.map((d) => ({
    key: d.key,
    unitNumber: d.unitNumber,
    controllerKey: d.controllerKey,
    file: d.fileName,
    datastore: ref('Datastore', d.datastore),
    capacity: d.capacityBytes,
    shared: d.shared,
    rdm: d.rdm !== undefined,
    bus: d.bus,
    mode: d.mode,
    changeTrackingEnabled: vm.changeTrackingEnabled,
    deviceName: d.label,
  }));
}

/** Guest facts (IPs, hostname) are only visible while tools run, as in vSphere. */
function guestRunning(vm: SimVm): boolean {
  return vm.toolsRunning ?? (vm.powerState === 'poweredOn' && vm.toolsInstalled);
}

function vmObject(snap: VSphereModelSnapshot, vm: SimVm, revisions: RevisionTracker): InvVm {
  const running = guestRunning(vm);
  const guestNics = running ? vm.guestNics : [];
  const firstIp = guestNics.flatMap((n) => n.ips).find((ip) => ip.ipAddress.includes('.'));
  const body: Omit<InvVm, 'revision' | 'revisionValidated'> = {
    id: vm.moref,
    parent: ref('Folder', vm.folder),
    path: pathOf(snap, vm.folder, vm.name),
    name: vm.name,
    selfLink: '',
    isTemplate: vm.isTemplate,
    powerState: vm.powerState,
    host: vm.host,
    networks: [...new Set(vm.nics.map((n) => n.network))].map((id) => ref('Network', id)),
    disks: disksOf(vm),
    concerns: concernsOf(vm),
    policyVersion: 0,
    uuid: vm.uuid,
    instanceUuid: vm.instanceUuid,
    firmware: vm.firmware,
    connectionState: 'connected',
    snapshot: vm.currentSnapshot ? ref('VirtualMachineSnapshot', vm.currentSnapshot) : ref('', ''),
    changeTrackingEnabled: vm.changeTrackingEnabled,
    consolidationNeeded: false,
    cpuAffinity: [],
    cpuHotAddEnabled: false,
    cpuHotRemoveEnabled: false,
    memoryHotAddEnabled: false,
    faultToleranceEnabled: false,
    cpuCount: vm.numCPU,
    coresPerSocket: vm.numCoresPerSocket,
    memoryMB: vm.memoryMB,
    guestName: vm.guestFullName,
    guestNameFromVmwareTools: running ? vm.guestFullName : '',
    hostName: running ? vm.hostName : '',
    guestId: vm.guestId,
    balloonedMemory: 0,
    ipAddress: firstIp?.ipAddress ?? '',
    storageUsed: vm.disks.reduce((s, d) => s + d.capacityBytes, 0),
    tpmEnabled: vm.tpmPresent,
    numaNodeAffinity: [],
    devices: vm.nics.map((n) => ({ kind: 'VirtualVmxnet3', key: n.key, pciSlotNumber: 160 + (n.key % 100) })),
    nics: vm.nics.map((n, i) => ({
      network: ref('Network', n.network),
      mac: n.mac,
      order: i,
      deviceKey: n.key,
      pciAddress: '',
      startConnected: true,
    })),
    guestNetworks: guestNics.flatMap((n) =>
      n.ips.map((ip) => ({
        device: n.guestDeviceName ?? '',
        deviceConfigId: n.deviceConfigId,
        mac: n.mac,
        ip: ip.ipAddress,
        origin: ip.origin,
        prefix: ip.prefixLength,
        dns: n.dns ?? [],
        network: n.network,
      })),
    ),
    guestDisks: [],
    guestIpStacks: guestNics
      .filter((n) => n.gateway)
      .map((n) => ({ device: String(n.deviceConfigId), gateway: n.gateway ?? '', network: '0.0.0.0', prefix: '0', dns: n.dns ?? [] })),
    secureBoot: vm.secureBoot,
    toolsStatus: !vm.toolsInstalled ? 'toolsNotInstalled' : running ? 'toolsOk' : 'toolsNotRunning',
    toolsRunningStatus: running ? 'guestToolsRunning' : 'guestToolsNotRunning',
    toolsVersionStatus2: vm.toolsInstalled ? 'guestToolsCurrent' : 'guestToolsNotInstalled',
    diskEnableUuid: vm.extraConfig['disk.EnableUUID'] === 'TRUE',
    nestedHVEnabled: false,
    customDef: [],
    customValues: [],
    tags: [],
  };
  const revision = revisions.revision(`VM/${vm.moref}`, body);
  return { ...body, revision, revisionValidated: revision };
}

type WithRevision = <T extends { id: string }>(kind: string, body: Omit<T, 'revision'>) => T;

/** Hosts, each under its cluster's path, with the networks and datastores every host sees. */
function hostObjects(snap: VSphereModelSnapshot, withRev: WithRevision, clusters: InvCluster[]): InvHost[] {
  return snap.hosts.map((h) => {
    const cluster = clusters.find((c) => c.id === h.cluster);
    return withRev<InvHost>('Host', {
      id: h.moref,
      parent: ref('Cluster', h.cluster),
      path: `${cluster?.path ?? ''}/${h.name}`,
      name: h.name,
      selfLink: '',
      cluster: h.cluster,
      status: 'green',
      inMaintenance: h.inMaintenance,
      managementServerIp: h.managementIp,
      thumbprint: h.thumbprint,
      timezone: 'UTC',
      cpuSockets: h.cpuSockets,
      cpuCores: h.cpuCores,
      memoryBytes: h.memoryBytes,
      productName: 'VMware ESXi',
      productVersion: h.productVersion,
      networking: { pNICs: [], vNICs: [], portGroups: [], switches: [] },
      networks: snap.networks.map((n) => ref('Network', n.moref)),
      datastores: snap.datastores.map((d) => ref('Datastore', d.moref)),
      networkAdapters: [{ name: 'vmk0', ipAddress: h.managementIp, subnetMask: '255.255.255.0', linkSpeed: 10000, mtu: 1500 }],
      vms: snap.vms.filter((v) => v.host === h.moref).map((v) => ref('VM', v.moref)),
    });
  });
}

/** Folders, each with the datacenter whose root folder it is (or none). */
function folderObjects(snap: VSphereModelSnapshot, withRev: WithRevision): InvFolder[] {
  return snap.folders.map((f) =>
    withRev<InvFolder>('Folder', {
      id: f.moref,
      parent: ref(snap.datacenters.some((d) => d.moref === f.parent) ? 'Datacenter' : 'Folder', f.parent),
      path: pathOf(snap, f.parent, f.name),
      name: f.name,
      selfLink: '',
      folder: f.parent,
      datacenter:
        snap.datacenters.find((d) => [d.vmFolder, d.hostFolder, d.networkFolder, d.datastoreFolder].includes(f.moref))?.moref ?? '',
      children: [],
    }),
  );
}

/** Networks, all in the first datacenter's network folder. */
function networkObjects(snap: VSphereModelSnapshot, withRev: WithRevision): InvNetwork[] {
  const dc0 = snap.datacenters[0];
  return snap.networks.map((n) =>
    withRev<InvNetwork>('Network', {
      id: n.moref,
      variant: n.variant,
      parent: ref('Folder', dc0?.networkFolder ?? ''),
      path: `/${dc0?.name ?? ''}/network/${n.name}`,
      name: n.name,
      selfLink: '',
      ...(n.dvSwitch ? { dvSwitch: ref('DVSwitch', n.dvSwitch) } : {}),
      host: snap.hosts.map((h) => ({ host: ref('Host', h.moref), pnic: [] })),
      vlanId: String(n.vlanId),
    }),
  );
}

/** Datastores, all in the first datacenter's datastore folder. */
function datastoreObjects(snap: VSphereModelSnapshot, withRev: WithRevision): InvDatastore[] {
  const dc0 = snap.datacenters[0];
  return snap.datastores.map((d) =>
    withRev<InvDatastore>('Datastore', {
      id: d.moref,
      parent: ref('Folder', dc0?.datastoreFolder ?? ''),
      path: `/${dc0?.name ?? ''}/datastore/${d.name}`,
      name: d.name,
      selfLink: '',
      type: d.type,
      capacity: d.capacityBytes,
      free: d.freeBytes,
      maintenance: 'normal',
      backingDevicesNames: d.backingDevices,
    }),
  );
}

/** Builds every collection; selfLinks are filled by the server, which knows the provider uid. */
export function buildCollections(snap: VSphereModelSnapshot, revisions: RevisionTracker): VSphereCollections {
  const dc0 = snap.datacenters[0];
  const withRev: WithRevision = <T extends { id: string }>(kind: string, body: Omit<T, 'revision'>): T =>
    ({ ...body, revision: revisions.revision(`${kind}/${body.id}`, body) }) as unknown as T;

  const datacenters = snap.datacenters.map((dc) =>
    withRev<InvDatacenter>('Datacenter', {
      id: dc.moref,
      parent: ref('Folder', findDcParent(snap, dc) ?? ''),
      path: `/${dc.name}`,
      name: dc.name,
      selfLink: '',
      clusters: ref('Folder', dc.hostFolder),
      datastores: ref('Folder', dc.datastoreFolder),
      networks: ref('Folder', dc.networkFolder),
      vms: ref('Folder', dc.vmFolder),
    }),
  );
  const dcOfCluster = (dcId: string) => snap.datacenters.find((d) => d.moref === dcId) ?? dc0;
  const clusters = snap.clusters.map((c) => {
    const dc = dcOfCluster(c.datacenter);
    return withRev<InvCluster>('Cluster', {
      id: c.moref,
      parent: ref('Folder', dc?.hostFolder ?? ''),
      path: `/${dc?.name ?? ''}/host/${c.name}`,
      name: c.name,
      selfLink: '',
      folder: dc?.hostFolder ?? '',
      networks: snap.networks.map((n) => ref('Network', n.moref)),
      datastores: snap.datastores.map((d) => ref('Datastore', d.moref)),
      hosts: c.hosts.map((h) => ref('Host', h)),
      dasEnabled: false,
      drsEnabled: true,
      drsBehavior: 'fullyAutomated',
    });
  });
  const hosts = hostObjects(snap, withRev, clusters);
  const folders = folderObjects(snap, withRev);
  const networks = networkObjects(snap, withRev);
  const datastores = datastoreObjects(snap, withRev);
  const vms = snap.vms.map((v) => vmObject(snap, v, revisions));
  return { about: snap.about, datacenters, clusters, hosts, folders, networks, datastores, vms };
}

/** A workload: the full VM with its host, the host's cluster and the cluster's datacenter. */
export function workloadOf(c: VSphereCollections, vm: InvVm): InvWorkload | undefined {
  const host = c.hosts.find((h) => h.id === vm.host);
  const cluster = host ? c.clusters.find((x) => x.id === host.cluster) : undefined;
  const dc = cluster ? c.datacenters.find((d) => d.path === '/' + (cluster.path ?? '').split('/')[1]) : undefined;
  if (!host || !cluster || !dc) return undefined;
  return { ...vm, host: { ...host, cluster: { ...cluster, datacenter: dc } } } as unknown as InvWorkload;
}

/** Forklift skips "ghost" VMs (no uuid, instanceUuid or host) and templates in the VM list. */
export function listableVm(vm: InvVm): boolean {
  return !vm.isTemplate && vm.uuid !== '' && vm.instanceUuid !== '' && vm.host !== '';
}
