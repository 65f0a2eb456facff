/**
 * The in-memory implementation of VSphereModel: the lab vCenter's state and every mutation the
 * SOAP simulator (and the lab's Forklift controller) performs on it. Mutations validate like
 * vCenter does and throw VSphereModelError carrying the vim25 fault name, which the simulator
 * turns into the same fault a real vCenter returns.
 */
import { IdSource } from './ids';
import {
  VSphereModelError,
  type ClusterReconfigure,
  type CloneOptions,
  type LabModelOptions,
  type NewDisk,
  type ReconfigureOptions,
} from './lab-model-types';
import { removeFromTree, walkSnapshots } from './snapshot-tree';
export { VSphereModelError } from './lab-model-types';
export type { CloneOptions, LabModelOptions, NewDisk, ReconfigureOptions } from './lab-model-types';
import type { PowerState, SimDisk, SimSnapshot, SimVm, VSphereModel, VSphereModelSnapshot } from './model';

const SCSI_CONTROLLER_BASE = 1000;
const SCSI_RESERVED_UNIT = 7; // the controller's own unit number
const SCSI_MAX_UNITS = 16;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The numeric part of a MoRef like "vm-42", used to keep new MoRefs above the seeded ones. */
function morefNumber(moref: string): number {
  const m = /-(\d+)$/.exec(moref);
  return m ? Number(m[1]) : 0;
}

export class LabVSphereModel implements VSphereModel {
  private state: VSphereModelSnapshot;
  private rev = 1;
  private nextId: number;
  private readonly ids: IdSource;
  private readonly listeners = new Set<(revision: number) => void>();
  private readonly bootTimers = new Map<string, NodeJS.Timeout>();
  private readonly guestBootMs: number;
  private readonly now: () => Date;
  private readonly faults: LabModelOptions['faults'];

  constructor(seed: VSphereModelSnapshot, options: LabModelOptions = {}) {
    this.state = clone(seed);
    this.ids = new IdSource(options.idSeed ?? 'lab-vsphere-runtime');
    this.guestBootMs = options.guestBootMs ?? 0;
    this.now = options.now ?? (() => new Date());
    this.faults = options.faults;
    const all = [
      ...this.state.vms.map((v) => v.moref),
      ...this.state.vms.flatMap((v) => [...walkSnapshots(v.snapshots)].map((s) => s.moref)),
      ...this.state.hosts.map((h) => h.moref),
      ...this.state.datastores.map((d) => d.moref),
      ...this.state.networks.map((n) => n.moref),
      ...this.state.folders.map((f) => f.moref),
    ];
    this.nextId = Math.max(1000, ...all.map(morefNumber)) + 1;
    for (const vm of this.state.vms) {
      vm.toolsRunning = vm.powerState === 'poweredOn' && vm.toolsInstalled;
      vm.cloudInitDone = vm.toolsRunning;
    }
  }

  get revision(): number {
    return this.rev;
  }

  snapshot(): VSphereModelSnapshot {
    return clone(this.state);
  }

  vm(morefOrName: string): SimVm | undefined {
    const vm = this.find(morefOrName);
    return vm ? clone(vm) : undefined;
  }

  onChange(listener: (revision: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fresh MoRef with the given prefix ("vm", "snapshot", "task", ...), unique in this model. */
  newMoref(prefix: string): string {
    const id = this.nextId;
    this.nextId += 1;
    return `${prefix}-${id}`;
  }

  /** Stops guest boot timers (the lab calls it on shutdown). */
  close(): void {
    for (const t of this.bootTimers.values()) clearTimeout(t);
    this.bootTimers.clear();
    this.listeners.clear();
  }

  setPowerState(moref: string, state: PowerState): void {
    const vm = this.mustFind(moref);
    if (vm.isTemplate && state === 'poweredOn') {
      throw new VSphereModelError('InvalidState', `VM ${vm.name} is a template and cannot be powered on`);
    }
    // Idempotent for lab controllers; the SOAP layer raises InvalidPowerState itself, as vCenter.
    if (vm.powerState === state) return;
    vm.powerState = state;
    this.cancelBoot(vm.moref);
    vm.toolsRunning = false;
    vm.cloudInitDone = false;
    if (state === 'poweredOn' && vm.toolsInstalled) {
      if (this.guestBootMs <= 0) {
        vm.toolsRunning = true;
        vm.cloudInitDone = true;
      } else this.scheduleBoot(vm.moref);
    }
    this.bump();
  }

  removeSnapshots(moref: string): void {
    const vm = this.mustFind(moref);
    vm.snapshots = [];
    delete vm.currentSnapshot;
    this.bump();
  }

  cloneVm(sourceMoref: string, options: CloneOptions): SimVm {
    const src = this.mustFind(sourceMoref);
    const folder = options.folder ?? src.folder;
    this.assertFolder(folder);
    if (this.state.vms.some((v) => v.folder === folder && v.name === options.name)) {
      throw new VSphereModelError('DuplicateName', `The name '${options.name}' already exists.`, { name: options.name, object: folder });
    }
    if (options.host) this.assertHost(options.host);
    const moref = this.newMoref('vm');
    const disks = src.disks.map((d, i): SimDisk => {
      const datastore = options.diskDatastores?.[d.key] ?? options.datastore ?? d.datastore;
      this.assertDatastore(datastore);
      return {
        ...clone(d),
        datastore,
        fileName: `[${this.datastoreName(datastore)}] ${options.name}/${options.name}${i === 0 ? '' : `_${i}`}.vmdk`,
        provisioning: options.diskProvisioning?.[d.key] ?? options.provisioning ?? d.provisioning,
      };
    });
    const nics = src.nics.map((n) => ({ ...n, mac: this.ids.mac(`${moref}/${n.key}`) }));
    const guestNics = src.guestNics.map((g) => {
      const nic = nics.find((n) => n.key === g.deviceConfigId);
      return {
        ...clone(g),
        mac: nic?.mac ?? g.mac,
        // A clone keeps static addresses (they live in the guest OS); DHCP leases a new one.
        ips: g.ips.map((ip) => (ip.origin === 'dhcp' ? { ...ip, ipAddress: this.dhcpAddress(ip.ipAddress, moref) } : { ...ip })),
      };
    });
    const extraConfig = { ...src.extraConfig, ...(options.extraConfig ?? {}) };
    const vm: SimVm = {
      ...clone(src),
      moref,
      name: options.name,
      uuid: this.ids.uuid(`${moref}/uuid`),
      instanceUuid: this.ids.uuid(`${moref}/instanceUuid`),
      isTemplate: options.template ?? false,
      numCPU: options.numCPU ?? src.numCPU,
      memoryMB: options.memoryMB ?? src.memoryMB,
      powerState: 'poweredOff',
      toolsRunning: false,
      cloudInitDone: false,
      disks,
      nics,
      guestNics,
      snapshots: [],
      extraConfig,
      changeTrackingEnabled: extraConfig['ctkEnabled']?.toLowerCase() === 'true' || src.changeTrackingEnabled,
      host: this.cloneHost(options.host, src.host),
      folder,
      resourcePool: options.resourcePool ?? src.resourcePool,
      datastores: [...new Set(disks.map((d) => d.datastore))],
    };
    delete vm.currentSnapshot;
    this.state.vms.push(vm);
    this.bump();
    if (options.powerOn) this.setPowerState(moref, 'poweredOn');
    return clone(this.mustFind(moref));
  }

  destroyVm(moref: string): void {
    const vm = this.mustFind(moref);
    if (vm.powerState !== 'poweredOff') {
      throw new VSphereModelError('InvalidPowerState', `The attempted operation cannot be performed in the current state (Powered on).`, {
        requestedState: 'poweredOff',
        existingState: vm.powerState,
      });
    }
    this.cancelBoot(moref);
    this.state.vms = this.state.vms.filter((v) => v.moref !== moref);
    this.bump();
  }

  reconfigureCluster(moref: string, spec: ClusterReconfigure): void {
    const cluster = this.state.clusters.find((c) => c.moref === moref);
    if (!cluster)
      throw new VSphereModelError('ManagedObjectNotFound', `The object 'ClusterComputeResource:${moref}' has already been deleted`);
    if (spec.drsEnabled !== undefined) cluster.drsEnabled = spec.drsEnabled;
    let overrides = [...(cluster.drsVmConfig ?? [])];
    // Fault drs-override-ignored: the task succeeds, the overrides are never stored.
    for (const o of this.faults?.isOn('drs-override-ignored') ? [] : (spec.drsVm ?? [])) {
      this.mustFind(o.vm);
      overrides = overrides.filter((x) => x.vm !== o.vm);
      if (o.operation !== 'remove') overrides.push({ vm: o.vm, enabled: o.enabled ?? true, behavior: o.behavior ?? 'fullyAutomated' });
    }
    cluster.drsVmConfig = overrides;
    this.bump();
  }

  reconfigureVm(moref: string, options: ReconfigureOptions): void {
    const vm = this.mustFind(moref);
    reconfigureHardware(vm, options);
    applyExtraConfig(vm, options);
    removeDisks(vm, options.removeDiskKeys ?? []);
    setDiskModes(vm, options.diskModes ?? []);
    for (const spec of options.addDisks ?? []) vm.disks.push(this.newDisk(vm, spec));
    vm.datastores = [...new Set(vm.disks.map((d) => d.datastore))];
    this.bump();
  }

  createSnapshot(moref: string, name: string, description: string, memory: boolean): SimSnapshot {
    const vm = this.mustFind(moref);
    const all = [...walkSnapshots(vm.snapshots)];
    const snap: SimSnapshot = {
      moref: this.newMoref('snapshot'),
      id: Math.max(0, ...all.map((s) => s.id)) + 1,
      name,
      description,
      createTime: this.now().toISOString(),
      // A snapshot without memory of a running VM restores to powered off, as in vSphere.
      state: memory ? vm.powerState : vm.powerState === 'poweredOn' ? 'poweredOff' : vm.powerState,
      children: [],
    };
    const parent = vm.currentSnapshot ? all.find((s) => s.moref === vm.currentSnapshot) : undefined;
    if (parent) parent.children.push(snap);
    else vm.snapshots.push(snap);
    vm.currentSnapshot = snap.moref;
    this.bump();
    return clone(snap);
  }

  /** The VM owning a snapshot MoRef. */
  snapshotOwner(snapshotMoref: string): SimVm | undefined {
    const vm = this.state.vms.find((v) => [...walkSnapshots(v.snapshots)].some((s) => s.moref === snapshotMoref));
    return vm ? clone(vm) : undefined;
  }

  removeSnapshot(snapshotMoref: string, removeChildren: boolean): void {
    const vm = this.state.vms.find((v) => [...walkSnapshots(v.snapshots)].some((s) => s.moref === snapshotMoref));
    if (!vm) throw new VSphereModelError('ManagedObjectNotFound', `snapshot ${snapshotMoref} does not exist`, { obj: snapshotMoref });
    removeFromTree(vm, snapshotMoref, removeChildren);
    this.bump();
  }

  datastoreName(moref: string): string {
    const ds = this.state.datastores.find((d) => d.moref === moref);
    if (!ds) throw new VSphereModelError('ManagedObjectNotFound', `datastore ${moref} does not exist`, { obj: moref });
    return ds.name;
  }

  private newDisk(vm: SimVm, spec: NewDisk): SimDisk {
    this.assertDatastore(spec.datastore);
    const controllerKey = spec.controllerKey ?? SCSI_CONTROLLER_BASE;
    const used = new Set(vm.disks.filter((d) => d.controllerKey === controllerKey).map((d) => d.unitNumber));
    let unitNumber = spec.unitNumber;
    if (unitNumber === undefined) {
      for (let u = 0; u < SCSI_MAX_UNITS; u += 1) {
        if (u !== SCSI_RESERVED_UNIT && !used.has(u)) {
          unitNumber = u;
          break;
        }
      }
    }
    if (unitNumber === undefined || unitNumber === SCSI_RESERVED_UNIT || used.has(unitNumber)) {
      throw new VSphereModelError('InvalidDeviceSpec', `no free unit ${unitNumber ?? ''} on controller ${controllerKey} of VM ${vm.name}`, {
        property: 'virtualDeviceSpec.device.unitNumber',
      });
    }
    const key = Math.max(1999, ...vm.disks.map((d) => d.key)) + 1;
    const n = vm.disks.length;
    const fileName = spec.fileName || `[${this.datastoreName(spec.datastore)}] ${vm.name}/${vm.name}_${n}.vmdk`;
    const allFiles = this.state.vms.flatMap((v) => v.disks.filter((d) => !d.shared).map((d) => d.fileName));
    if (allFiles.includes(fileName)) {
      throw new VSphereModelError(
        'FileAlreadyExists',
        `Cannot complete the operation because the file or folder ${fileName} already exists`,
        { file: fileName },
      );
    }
    return {
      key,
      controllerKey,
      unitNumber,
      label: `Hard disk ${n + 1}`,
      fileName,
      datastore: spec.datastore,
      capacityBytes: spec.capacityBytes,
      provisioning: spec.provisioning,
      mode: spec.mode,
      bus: 'scsi',
      shared: false,
      ...(spec.rdm ? { rdm: spec.rdm.mode, lun: spec.rdm.lun } : {}),
    };
  }

  /** A new DHCP lease in the same /24 as the old one, distinct per VM. */
  private dhcpAddress(old: string, moref: string): string {
    const parts = old.split('.');
    if (parts.length !== 4) return old;
    return `${parts.slice(0, 3).join('.')}.${100 + this.ids.int(`${moref}/dhcp`, 150)}`;
  }

  /** Boot: VMware Tools come up guestBootMs after power-on, cloud-init finishes guestBootMs after them. */
  private scheduleBoot(moref: string): void {
    this.after(moref, (vm) => {
      vm.toolsRunning = true;
      this.after(`${moref}/cloud-init`, (booted) => {
        booted.cloudInitDone = true;
      });
    });
  }

  /** Runs `step` on the VM guestBootMs from now if it still runs with tools installed (a boot timer). */
  private after(key: string, step: (vm: SimVm) => void): void {
    const moref = key.split('/')[0] ?? key;
    const timer = setTimeout(() => {
      this.bootTimers.delete(key);
      const vm = this.find(moref);
      if (vm && vm.powerState === 'poweredOn' && vm.toolsInstalled) {
        step(vm);
        this.bump();
      }
    }, this.guestBootMs);
    timer.unref();
    this.bootTimers.set(key, timer);
  }

  private cancelBoot(moref: string): void {
    for (const key of [moref, `${moref}/cloud-init`]) {
      const t = this.bootTimers.get(key);
      if (t) clearTimeout(t);
      this.bootTimers.delete(key);
    }
  }

  private find(morefOrName: string): SimVm | undefined {
    return this.state.vms.find((v) => v.moref === morefOrName) ?? this.state.vms.find((v) => v.name === morefOrName);
  }

  private mustFind(moref: string): SimVm {
    const vm = this.state.vms.find((v) => v.moref === moref);
    if (!vm)
      throw new VSphereModelError(
        'ManagedObjectNotFound',
        `The object 'vim.VirtualMachine:${moref}' has already been deleted or has not been completely created`,
        { obj: moref },
      );
    return vm;
  }

  private assertFolder(moref: string): void {
    if (!this.state.folders.some((f) => f.moref === moref && f.childType === 'VirtualMachine')) {
      throw new VSphereModelError('ManagedObjectNotFound', `VM folder ${moref} does not exist`, { obj: moref });
    }
  }

  /**
   * A clone's host: the RelocateSpec's, else its source's. Fault clone-ignores-host: the spec's
   * host is not honoured, the clone lands on another host of that host's cluster.
   */
  private cloneHost(asked: string | undefined, sourceHost: string): string {
    if (!asked) return sourceHost;
    if (!this.faults?.isOn('clone-ignores-host')) return asked;
    const cluster = this.state.clusters.find((c) => c.hosts.includes(asked));
    return cluster?.hosts.find((h) => h !== asked) ?? asked;
  }

  private assertHost(moref: string): void {
    if (!this.state.hosts.some((h) => h.moref === moref))
      throw new VSphereModelError('ManagedObjectNotFound', `host ${moref} does not exist`, { obj: moref });
  }

  private assertDatastore(moref: string): void {
    this.datastoreName(moref);
  }

  private bump(): void {
    this.rev += 1;
    for (const l of [...this.listeners]) l(this.rev);
  }
}

/** CPU and memory: only while powered off (no hot-add in the lab); the cores must divide the CPUs. */
function reconfigureHardware(vm: SimVm, options: ReconfigureOptions): void {
  const { numCPU, numCoresPerSocket, memoryMB } = options;
  if (vm.powerState === 'poweredOn' && (numCPU !== undefined || memoryMB !== undefined || numCoresPerSocket !== undefined)) {
    throw new VSphereModelError('InvalidPowerState', `CPU and memory changes need VM ${vm.name} powered off (no hot-add in the lab)`, {
      requestedState: 'poweredOff',
      existingState: vm.powerState,
    });
  }
  if (numCPU !== undefined) vm.numCPU = numCPU;
  if (numCoresPerSocket !== undefined) vm.numCoresPerSocket = numCoresPerSocket;
  if (vm.numCPU % vm.numCoresPerSocket !== 0) {
    throw new VSphereModelError('InvalidArgument', `numCPU ${vm.numCPU} is not a multiple of numCoresPerSocket ${vm.numCoresPerSocket}`, {
      invalidProperty: 'numCoresPerSocket',
    });
  }
  if (memoryMB !== undefined) vm.memoryMB = memoryMB;
}

/** extraConfig entries (an empty value removes the key); ctkEnabled there, or the flag itself, sets change tracking. */
function applyExtraConfig(vm: SimVm, options: ReconfigureOptions): void {
  const extra = options.extraConfig ?? {};
  for (const [key, value] of Object.entries(extra)) {
    if (value === '') delete vm.extraConfig[key];
    else vm.extraConfig[key] = value;
  }
  if ('ctkEnabled' in extra) vm.changeTrackingEnabled = extra['ctkEnabled']?.toLowerCase() === 'true';
  if (options.changeTrackingEnabled !== undefined) vm.changeTrackingEnabled = options.changeTrackingEnabled;
}

/** Disk mode edits: refused while the VM runs (the vSphere client greys the mode out on a running VM). */
function setDiskModes(vm: SimVm, edits: NonNullable<ReconfigureOptions['diskModes']>): void {
  if (edits.length && vm.powerState === 'poweredOn') {
    throw new VSphereModelError('InvalidPowerState', 'The attempted operation cannot be performed in the current state (Powered on).', {
      requestedState: 'poweredOff',
      existingState: vm.powerState,
    });
  }
  for (const { key, mode } of edits) {
    const disk = vm.disks.find((d) => d.key === key);
    if (!disk)
      throw new VSphereModelError('InvalidDeviceSpec', `VM ${vm.name} has no device with key ${key}`, {
        property: 'virtualDeviceSpec.device.key',
      });
    disk.mode = mode;
  }
}

function removeDisks(vm: SimVm, keys: number[]): void {
  for (const key of keys) {
    if (!vm.disks.some((d) => d.key === key)) {
      throw new VSphereModelError('InvalidDeviceSpec', `VM ${vm.name} has no device with key ${key}`, {
        property: 'virtualDeviceSpec.device.key',
      });
    }
    vm.disks = vm.disks.filter((d) => d.key !== key);
  }
}
