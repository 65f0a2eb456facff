/**
 * The VirtualMachine and VirtualMachineSnapshot methods: each *_Task answers a Task MoRef at once and
 * does its work when the task runs, validating as vCenter does (InvalidPowerState, DuplicateName...).
 */
import type { DiskProvisioning } from '../model';
import type { LabVSphereModel, NewDisk, ReconfigureOptions } from '../lab-model';
import { reconfigureComputeResource } from './cluster-methods';
import { fault } from './faults';
import { knownLuns, RDM_LUN_BYTES, rdmOf } from './rdm-backing';
import { moRefOf } from './property-collector';
import { bool, extraConfigOf, num, provisioningOf, required } from './request-args';
import { response, type CallResult } from './service-types';
import type { TaskManager } from './tasks';
import { mo, type MoRefV, type Val } from './values';
import { child, children, moRefEl, textOf, type XmlNode } from './xml';

export interface VmCall {
  m: XmlNode;
  self: MoRefV;
  model: LabVSphereModel;
  tasks: TaskManager;
  userName: string;
}

/** Starts a task on `self` whose result is `work()`; weight scales its duration (clones take longer). */
function task(c: VmCall, name: string, descriptionId: string, work: () => Val, weight = 1): CallResult {
  const { self, model } = c;
  const entityName = (self.type === 'VirtualMachine' ? model.vm(self.value)?.name : model.snapshotOwner(self.value)?.name) ?? self.value;
  const ref = c.tasks.start({ name, descriptionId, entity: self, entityName, userName: c.userName, weight }, work);
  return response(c.m.name, moRefEl('returnval', ref));
}

function notFound(self: MoRefV): never {
  throw fault(
    'ManagedObjectNotFound',
    `The object '${self.type}:${self.value}' has already been deleted or has not been completely created`,
    { obj: self },
  );
}

function vmExists(c: VmCall): void {
  if (c.self.type !== 'VirtualMachine' || !c.model.vm(c.self.value)) notFound(c.self);
}

/** vCenter refuses to power a VM into the state it is already in. */
function requirePowerState(model: LabVSphereModel, moref: string, requested: 'poweredOn' | 'poweredOff'): void {
  const existing = model.vm(moref)?.powerState;
  if (existing === requested) {
    throw fault(
      'InvalidPowerState',
      `The attempted operation cannot be performed in the current state (${requested === 'poweredOn' ? 'Powered on' : 'Powered off'}).`,
      {
        requestedState: requested,
        existingState: existing,
      },
    );
  }
}

function powerTask(c: VmCall, state: 'poweredOn' | 'poweredOff'): CallResult {
  vmExists(c);
  const [name, id] = state === 'poweredOn' ? ['PowerOnVM_Task', 'VirtualMachine.powerOn'] : ['PowerOffVM_Task', 'VirtualMachine.powerOff'];
  return task(c, name, id, () => {
    requirePowerState(c.model, c.self.value, state);
    c.model.setPowerState(c.self.value, state);
    return undefined;
  });
}

function shutdownGuest(c: VmCall): CallResult {
  vmExists(c);
  const { self, model } = c;
  const vm = model.vm(self.value);
  if (!vm?.toolsRunning) throw fault('ToolsUnavailable', `VMware Tools is not running in the guest of ${vm?.name ?? self.value}`);
  // The guest shuts itself down shortly after; clients watch runtime.powerState.
  c.tasks.start(
    { name: 'ShutdownGuest', descriptionId: 'VirtualMachine.shutdownGuest', entity: self, entityName: vm.name, userName: c.userName },
    () => {
      if (model.vm(self.value)?.powerState === 'poweredOn') model.setPowerState(self.value, 'poweredOff');
      return undefined;
    },
  );
  return response(c.m.name);
}

function createSnapshot(c: VmCall): CallResult {
  vmExists(c);
  const name = textOf(c.m, 'name') ?? '';
  const description = textOf(c.m, 'description') ?? '';
  const memory = bool(c.m, 'memory') ?? false;
  return task(c, 'CreateSnapshot_Task', 'VirtualMachine.createSnapshot', () =>
    mo('VirtualMachineSnapshot', c.model.createSnapshot(c.self.value, name, description, memory).moref),
  );
}

function removeSnapshot(c: VmCall): CallResult {
  if (c.self.type !== 'VirtualMachineSnapshot' || !c.model.snapshotOwner(c.self.value)) notFound(c.self);
  const removeChildren = bool(c.m, 'removeChildren') ?? false;
  return task(c, 'RemoveSnapshot_Task', 'vm.Snapshot.remove', () => {
    c.model.removeSnapshot(c.self.value, removeChildren);
    return undefined;
  });
}

/** RelocateSpec.disk[]: per-disk datastore and provisioning overrides. */
function diskLocators(location: XmlNode | undefined): {
  diskDatastores: Record<number, string>;
  diskProvisioning: Record<number, DiskProvisioning>;
} {
  const diskDatastores: Record<number, string> = {};
  const diskProvisioning: Record<number, DiskProvisioning> = {};
  for (const d of children(location, 'disk')) {
    const key = num(d, 'diskId');
    if (key === undefined) continue;
    const dds = child(d, 'datastore');
    if (dds?.text) diskDatastores[key] = dds.text.trim();
    const p = provisioningOf(child(d, 'diskBackingInfo'));
    if (p) diskProvisioning[key] = p;
  }
  return { diskDatastores, diskProvisioning };
}

function cloneTask(c: VmCall): CallResult {
  vmExists(c);
  const name = textOf(c.m, 'name');
  if (!name) throw fault('InvalidArgument', 'A specified parameter was not correct: name', { invalidProperty: 'name' });
  const folder = moRefOf(required(c.m, 'folder'), 'folder').value;
  const spec = required(c.m, 'spec');
  const location = child(spec, 'location');
  const text = (n: XmlNode | undefined): string | undefined => n?.text.trim() || undefined;
  const [datastore, host, resourcePool] = [
    text(child(location, 'datastore')),
    text(child(location, 'host')),
    text(child(location, 'pool')),
  ];
  const config = child(spec, 'config');
  const extraConfig = extraConfigOf(config);
  const numCPU = num(config, 'numCPUs');
  const memoryMB = num(config, 'memoryMB');
  const options = {
    name,
    folder,
    ...(datastore ? { datastore } : {}),
    ...(host ? { host } : {}),
    ...(resourcePool ? { resourcePool } : {}),
    ...diskLocators(location),
    ...(textOf(location, 'transform') === 'sparse' ? { provisioning: 'thin' as const } : {}),
    powerOn: bool(spec, 'powerOn') ?? false,
    template: bool(spec, 'template') ?? false,
    ...(extraConfig ? { extraConfig } : {}),
    ...(numCPU !== undefined ? { numCPU } : {}),
    ...(memoryMB !== undefined ? { memoryMB } : {}),
  };
  return task(c, 'CloneVM_Task', 'VirtualMachine.clone', () => mo('VirtualMachine', c.model.cloneVm(c.self.value, options).moref), 3);
}

const DISK_MODES: ReadonlyArray<NewDisk['mode']> = ['persistent', 'independent_persistent', 'independent_nonpersistent'];

/**
 * Where a new disk goes: its backing's datastore, else the datastore named in its file name
 * ("[ds] vm/disk.vmdk"), else the VM's first disk's or first datastore.
 */
function newDiskDatastore(c: VmCall, backing: XmlNode | undefined, fileName: string): string {
  const explicit = child(backing, 'datastore')?.text.trim();
  if (explicit) return explicit;
  const dsName = /^\[([^\]]+)\]/.exec(fileName)?.[1];
  const named = c.model.snapshot().datastores.find((d) => d.name === dsName)?.moref;
  if (named) return named;
  const vm = c.model.vm(c.self.value);
  const datastore = vm?.disks[0]?.datastore || vm?.datastores[0];
  if (!datastore)
    throw fault('InvalidDeviceSpec', 'no datastore for the new disk', { property: 'device.backing.datastore', deviceIndex: 0 });
  return datastore;
}

function diskModeOf(backing: XmlNode | undefined): NewDisk['mode'] {
  const mode = (textOf(backing, 'diskMode') ?? 'persistent') as NewDisk['mode'];
  if (!DISK_MODES.includes(mode))
    throw fault('InvalidDeviceSpec', `disk mode ${mode} is not supported by the lab vCenter`, {
      property: 'device.backing.diskMode',
      deviceIndex: 0,
    });
  return mode;
}

/** A non-negative number field of the device, as an object to spread (a negative one means "pick for me"). */
function slotField<K extends 'controllerKey' | 'unitNumber'>(device: XmlNode, key: K): Partial<Record<K, number>> {
  const v = num(device, key);
  return v !== undefined && v >= 0 ? ({ [key]: v } as Partial<Record<K, number>>) : {};
}

/** One deviceChange adding a VirtualDisk, as the model's NewDisk. */
function newDiskOf(c: VmCall, device: XmlNode): NewDisk {
  const backing = child(device, 'backing');
  const fileName = textOf(backing, 'fileName')?.trim() ?? '';
  const datastore = newDiskDatastore(c, backing, fileName);
  const mode = diskModeOf(backing);
  const rdm = rdmOf(backing, knownLuns(c.model.snapshot()));
  return {
    // An RDM is as large as its LUN (the lab's RDM LUNs: 20 GiB) when the spec gives no size.
    capacityBytes: num(device, 'capacityInBytes') || (num(device, 'capacityInKB') ?? 0) * 1024 || (rdm ? RDM_LUN_BYTES : 0),
    datastore,
    provisioning: provisioningOf(backing) ?? 'thick-lazy',
    mode,
    ...slotField(device, 'controllerKey'),
    ...slotField(device, 'unitNumber'),
    ...(/\.vmdk$/.test(fileName) ? { fileName } : {}),
    ...(rdm ? { rdm } : {}),
  };
}

type DiskChanges = Required<Pick<ReconfigureOptions, 'addDisks' | 'removeDiskKeys' | 'diskModes'>>;

/** ConfigSpec.deviceChange: the lab reconfigures disks only (add, remove, and an edit of the disk mode). */
function diskChanges(c: VmCall, spec: XmlNode): DiskChanges {
  const addDisks: NewDisk[] = [];
  const removeDiskKeys: number[] = [];
  const diskModes: DiskChanges['diskModes'] = [];
  for (const change of children(spec, 'deviceChange')) {
    const op = textOf(change, 'operation');
    const device = child(change, 'device');
    if (device?.xsiType?.replace(/^.*:/, '') !== 'VirtualDisk')
      throw fault('NotSupported', `the lab vCenter only reconfigures disks (got ${device?.xsiType ?? 'no device'})`);
    if (op === 'remove') removeDiskKeys.push(num(device, 'key') ?? -1);
    else if (op === 'add') addDisks.push(newDiskOf(c, device));
    else if (op === 'edit') diskModes.push({ key: num(device, 'key') ?? -1, mode: diskModeOf(child(device, 'backing')) });
    else throw fault('NotSupported', `device operation ${op ?? '(none)'} is not supported by the lab vCenter`);
  }
  return { addDisks, removeDiskKeys, diskModes };
}

function reconfigureTask(c: VmCall): CallResult {
  vmExists(c);
  const spec = required(c.m, 'spec');
  const changes = diskChanges(c, spec);
  const extraConfig = extraConfigOf(spec);
  const numbers = { numCPU: num(spec, 'numCPUs'), numCoresPerSocket: num(spec, 'numCoresPerSocket'), memoryMB: num(spec, 'memoryMB') };
  const changeTrackingEnabled = bool(spec, 'changeTrackingEnabled');
  const given = Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof typeof numbers, number>
  >;
  return task(c, 'ReconfigVM_Task', 'VirtualMachine.reconfigure', () => {
    c.model.reconfigureVm(c.self.value, {
      ...given,
      ...(extraConfig ? { extraConfig } : {}),
      ...(changeTrackingEnabled !== undefined ? { changeTrackingEnabled } : {}),
      ...changes,
    });
    return undefined;
  });
}

const VM_METHODS: Record<string, (c: VmCall) => CallResult> = {
  PowerOnVM_Task: (c) => powerTask(c, 'poweredOn'),
  PowerOffVM_Task: (c) => powerTask(c, 'poweredOff'),
  ShutdownGuest: shutdownGuest,
  Destroy_Task: (c) => {
    vmExists(c);
    return task(c, 'Destroy_Task', 'VirtualMachine.destroy', () => {
      c.model.destroyVm(c.self.value);
      return undefined;
    });
  },
  CloneVM_Task: cloneTask,
  ReconfigVM_Task: reconfigureTask,
  CreateSnapshot_Task: createSnapshot,
  RemoveSnapshot_Task: removeSnapshot,
  RemoveAllSnapshots_Task: (c) => {
    vmExists(c);
    return task(c, 'RemoveAllSnapshots_Task', 'VirtualMachine.removeAllSnapshots', () => {
      c.model.removeSnapshots(c.self.value);
      return undefined;
    });
  },
};

/** Runs a VM or snapshot method; anything else is MethodNotFound, as vCenter answers unknown methods. */
export function vmMethod(m: XmlNode, model: LabVSphereModel, tasks: TaskManager, userName: string): CallResult {
  const self = moRefOf(child(m, '_this'), '_this');
  if (m.name === 'ReconfigureComputeResource_Task') return reconfigureComputeResource(m, self, model, tasks, userName);
  const handler = VM_METHODS[m.name];
  if (!handler)
    throw fault('MethodNotFound', `Method ${m.name} is not supported by the lab vCenter simulator`, { receiver: self, method: m.name });
  return handler({ m, self, model, tasks, userName });
}
