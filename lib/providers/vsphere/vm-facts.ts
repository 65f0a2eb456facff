/**
 * Normalized facts about a vSphere VM, read from vim25 properties: what the suite's checks compare
 * against the migrated VM (CPU topology, memory, firmware, disks, NICs with guest IPs, snapshots,
 * power and guest agent state). The mapping mirrors mtv-api-tests' VMWareProvider.vm_dict.
 */
import type { ObjectRef } from './errors';
import { child, children, numberOf, path, textOf, type XmlNode } from './xml';

export interface NamedRef {
  id: string; // MoRef value
  name: string;
}

export interface VmDisk {
  key: number;
  controllerKey: number;
  unitNumber: number;
  label: string;
  fileName: string; // "[datastore] vm/vm.vmdk"
  datastore: NamedRef;
  capacityBytes: number;
  provisioning: 'thin' | 'thick-lazy' | 'thick-eager';
  mode: string; // persistent, independent_persistent, ...
  /** A raw device mapping's compatibility mode; undefined for a VMDK. */
  rdm?: 'virtual' | 'physical';
}

export interface GuestIp {
  ip: string;
  prefixLength: number;
  origin: string; // manual, dhcp, linklayer, other ('' when tools do not say)
  isStatic: boolean; // origin === 'manual', as the Python suite decides
  gateway?: string;
}

export interface VmNic {
  key: number;
  label: string;
  mac: string;
  network: NamedRef;
  deviceType: string; // VirtualVmxnet3, VirtualE1000e, ...
  guestIps: GuestIp[]; // empty unless guest tools report this NIC
}

export interface VmSnapshot {
  id: string; // VirtualMachineSnapshot MoRef
  snapshotId: number; // the per-VM numeric id vCenter shows
  name: string;
  description: string;
  createTime: string;
  state: string; // power state captured in the snapshot
  parentId?: string;
}

export interface VmFacts {
  id: string; // MoRef
  name: string;
  uuid: string;
  instanceUuid: string;
  isTemplate: boolean;
  cpu: { sockets: number; coresPerSocket: number; total: number };
  memoryMB: number;
  firmware: { bootFirmware: string; secureBoot: boolean; tpm: boolean };
  powerState: 'on' | 'off' | 'other';
  guestAgentRunning: boolean;
  isWindows: boolean;
  guestId: string;
  host?: string;
  extraConfig: Record<string, string>;
  changeTrackingEnabled: boolean; // config.changeTrackingEnabled (ctkEnabled in extraConfig is separate)
  disks: VmDisk[];
  nics: VmNic[];
  snapshots: VmSnapshot[]; // pre-order walk of the snapshot tree
  currentSnapshot?: string;
}

/** The VM properties VmFacts is made from. */
export const VM_FACT_PATHS = [
  'name',
  'config.uuid',
  'config.instanceUuid',
  'config.template',
  'config.hardware',
  'config.firmware',
  'config.bootOptions',
  'config.guestId',
  'config.guestFullName',
  'config.extraConfig',
  'config.changeTrackingEnabled',
  'runtime.powerState',
  'runtime.host',
  'guest',
  'snapshot',
];

function typeName(n: XmlNode | undefined): string {
  return (n?.xsiType ?? '').replace(/^.*:/, '');
}

function bool(n: XmlNode | undefined, name: string): boolean {
  const t = textOf(n, name)?.trim();
  return t === 'true' || t === '1';
}

/** Array-valued properties come as <val xsi:type="ArrayOfX"><X>..</X></val>: their items. */
function items(val: XmlNode | undefined): XmlNode[] {
  return val?.children ?? [];
}

function walkSnapshots(list: XmlNode[], parentId: string | undefined, out: VmSnapshot[]): void {
  for (const s of list) {
    const id = textOf(s, 'snapshot')?.trim() ?? '';
    out.push({
      id,
      snapshotId: numberOf(s, 'id') ?? 0,
      name: textOf(s, 'name') ?? '',
      description: textOf(s, 'description') ?? '',
      createTime: textOf(s, 'createTime') ?? '',
      state: textOf(s, 'state') ?? '',
      ...(parentId ? { parentId } : {}),
    });
    walkSnapshots(children(s, 'childSnapshotList'), id, out);
  }
}

/** The names of every snapshot in a VM's `snapshot` property (VirtualMachineSnapshotInfo), tree order. */
export function snapshotNamesOf(snapshotInfo: XmlNode | undefined): string[] {
  const out: VmSnapshot[] = [];
  walkSnapshots(children(snapshotInfo, 'rootSnapshotList'), undefined, out);
  return out.map((s) => s.name);
}

/** Default gateway per guest NIC index, from guest.ipStack routes 0.0.0.0/0. */
function gatewaysByNicIndex(guest: XmlNode | undefined): Map<number, string> {
  const gatewayByNicIndex = new Map<number, string>();
  for (const stack of children(guest, 'ipStack')) {
    for (const route of children(child(stack, 'ipRouteConfig'), 'ipRoute')) {
      const gw = child(route, 'gateway');
      const ip = textOf(gw, 'ipAddress');
      if (textOf(route, 'network') === '0.0.0.0' && numberOf(route, 'prefixLength') === 0 && ip) {
        gatewayByNicIndex.set(Number(textOf(gw, 'device') ?? '0'), ip);
      }
    }
  }
  return gatewayByNicIndex;
}

function provisioningOf(backing: XmlNode | undefined): VmDisk['provisioning'] {
  if (bool(backing, 'thinProvisioned')) return 'thin';
  return bool(backing, 'eagerlyScrub') ? 'thick-eager' : 'thick-lazy';
}

function diskFrom(d: XmlNode, names: Map<string, string>): VmDisk {
  const backing = child(d, 'backing');
  const dsId = child(backing, 'datastore')?.text.trim() ?? '';
  const fileName = textOf(backing, 'fileName') ?? '';
  return {
    key: numberOf(d, 'key') ?? 0,
    controllerKey: numberOf(d, 'controllerKey') ?? 0,
    unitNumber: numberOf(d, 'unitNumber') ?? 0,
    label: textOf(child(d, 'deviceInfo'), 'label') ?? '',
    fileName,
    datastore: { id: dsId, name: names.get(`Datastore:${dsId}`) ?? /^\[([^\]]+)\]/.exec(fileName)?.[1] ?? '' },
    capacityBytes: numberOf(d, 'capacityInBytes') ?? (numberOf(d, 'capacityInKB') ?? 0) * 1024,
    provisioning: provisioningOf(backing),
    mode: textOf(backing, 'diskMode') ?? '',
    ...rdmOf(backing),
  };
}

function rdmOf(backing: XmlNode | undefined): Pick<VmDisk, 'rdm'> {
  if (backing?.xsiType?.replace(/^.*:/, '') !== 'VirtualDiskRawDiskMappingVer1BackingInfo') return {};
  return { rdm: textOf(backing, 'compatibilityMode')?.trim() === 'physicalMode' ? 'physical' : 'virtual' };
}

/** A NIC's network: a distributed port group when the backing names one, else a standard network. */
function nicNetwork(backing: XmlNode | undefined, names: Map<string, string>): NamedRef {
  const pg = path(backing, 'port.portgroupKey')?.text.trim();
  if (pg) return { id: pg, name: names.get(`DistributedVirtualPortgroup:${pg}`) ?? names.get(`Network:${pg}`) ?? '' };
  const id = child(backing, 'network')?.text.trim() ?? '';
  return { id, name: names.get(`Network:${id}`) ?? textOf(backing, 'deviceName') ?? '' };
}

/** The guest's addresses of one NIC: from ipConfig with their origin when reported, else the plain list. */
function guestIpsOf(g: XmlNode | undefined, gateway: string | undefined): GuestIp[] {
  const gw = gateway ? { gateway } : {};
  const configured = children(child(g, 'ipConfig'), 'ipAddress');
  if (configured.length === 0)
    return children(g, 'ipAddress').map((a) => ({ ip: a.text.trim(), prefixLength: 0, origin: '', isStatic: false, ...gw }));
  return configured.map((a) => {
    const origin = textOf(a, 'origin') ?? '';
    return {
      ip: textOf(a, 'ipAddress') ?? '',
      prefixLength: numberOf(a, 'prefixLength') ?? 0,
      origin,
      isStatic: origin === 'manual',
      ...gw,
    };
  });
}

function nicsFrom(devices: XmlNode[], guest: XmlNode | undefined, names: Map<string, string>): VmNic[] {
  const guestNet = children(guest, 'net');
  const gatewayByNicIndex = gatewaysByNicIndex(guest);
  return devices
    .filter((d) => child(d, 'macAddress') !== undefined)
    .map((d) => {
      const key = numberOf(d, 'key') ?? 0;
      const mac = (textOf(d, 'macAddress') ?? '').toLowerCase();
      const guestIndex = guestNet.findIndex(
        (g) => numberOf(g, 'deviceConfigId') === key || (textOf(g, 'macAddress') ?? '').toLowerCase() === mac,
      );
      const g = guestIndex >= 0 ? guestNet[guestIndex] : undefined;
      const gateway = guestIndex >= 0 ? gatewayByNicIndex.get(guestIndex) : undefined;
      const network = nicNetwork(child(d, 'backing'), names);
      return {
        key,
        label: textOf(child(d, 'deviceInfo'), 'label') ?? '',
        mac,
        network,
        deviceType: typeName(d),
        guestIps: guestIpsOf(g, gateway),
      };
    });
}

function powerStateOf(power: string): VmFacts['powerState'] {
  if (power === 'poweredOn') return 'on';
  return power === 'poweredOff' ? 'off' : 'other';
}

export function vmFactsFrom(ref: ObjectRef, props: Map<string, XmlNode>, names: Map<string, string>): VmFacts {
  const text = (p: string): string => props.get(p)?.text.trim() ?? '';
  const hw = props.get('config.hardware');
  const numCPU = numberOf(hw, 'numCPU') ?? 0;
  const cores = numberOf(hw, 'numCoresPerSocket') || 1;
  const devices = children(hw, 'device');
  const guest = props.get('guest');

  const snapshots: VmSnapshot[] = [];
  const snapInfo = props.get('snapshot');
  walkSnapshots(children(snapInfo, 'rootSnapshotList'), undefined, snapshots);
  const current = textOf(snapInfo, 'currentSnapshot')?.trim();

  const extraConfig: Record<string, string> = {};
  for (const o of items(props.get('config.extraConfig'))) extraConfig[textOf(o, 'key') ?? ''] = textOf(o, 'value') ?? '';

  const guestId = text('config.guestId');
  const fullName = text('config.guestFullName');
  return {
    id: ref.value,
    name: text('name'),
    uuid: text('config.uuid'),
    instanceUuid: text('config.instanceUuid'),
    isTemplate: text('config.template') === 'true',
    cpu: { sockets: Math.floor(numCPU / cores), coresPerSocket: cores, total: numCPU },
    memoryMB: numberOf(hw, 'memoryMB') ?? 0,
    firmware: {
      bootFirmware: text('config.firmware') || 'bios',
      secureBoot: bool(props.get('config.bootOptions'), 'efiSecureBootEnabled'),
      tpm: devices.some((d) => typeName(d) === 'VirtualTPM'),
    },
    powerState: powerStateOf(text('runtime.powerState')),
    guestAgentRunning: textOf(guest, 'toolsRunningStatus') === 'guestToolsRunning',
    isWindows: /^win/i.test(guestId) || /windows/i.test(fullName) || textOf(guest, 'guestFamily') === 'windowsGuest',
    guestId,
    ...(text('runtime.host') ? { host: text('runtime.host') } : {}),
    extraConfig,
    changeTrackingEnabled: text('config.changeTrackingEnabled') === 'true',
    disks: devices.filter((d) => typeName(d) === 'VirtualDisk').map((d) => diskFrom(d, names)),
    nics: nicsFrom(devices, guest, names),
    snapshots,
    ...(current ? { currentSnapshot: current } : {}),
  };
}
