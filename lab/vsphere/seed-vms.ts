/**
 * Builds the model VMs of the seeded inventory from their definitions: disks with datastore file
 * names, NICs and guest NICs with seeded MACs, the snapshot tree, and deterministic UUIDs.
 */
import type { IdSource } from './ids';
import type { SimDisk, SimGuestNic, SimNic, SimSnapshot, SimVm } from './model';
import { GiB, SEED_IDS } from './seed-ids';
import { OS, SEED_VMS, type VmDef } from './seed-vm-defs';

const ds = SEED_IDS.datastores;
const net = SEED_IDS.networks;

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
    ...(def.guestStorage ? { guestStorage: structuredClone(def.guestStorage) } : {}),
  };
}

/** Every seeded VM, in definition order, with ids drawn from the inventory's IdSource. */
export function seedVms(ids: IdSource): SimVm[] {
  return SEED_VMS.map((def) => buildVm(def, ids));
}
