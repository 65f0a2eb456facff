/**
 * The suite's vSphere client (vim25 SOAP): what the MTV tests do to a source vCenter — log in,
 * find VMs, read normalized VM facts, clone (relocation, disk provisioning, CBT), power, wait for
 * guest tools and IPs, snapshots, add disks, destroy. Every task is awaited through the property
 * collector's WaitForUpdatesEx (no sleep polling); every wait has an explicit timeout.
 */
import { VSphereFaultError, VSphereTaskError, VSphereVmNotFoundError, type ObjectRef } from './errors';
import { retrieve, retrieveOne, waitForProperties, type FilterSpec, type ObjectProps } from './property';
import { faultFields, faultTypeOf, SoapTransport, type TransportOptions } from './soap-transport';
import { snapshotNamesOf, vmFactsFrom, VM_FACT_PATHS, type VmFacts } from './vm-facts';
import { extraConfigXml, relocateSpecXml } from './spec-xml';
import {
  diskModeEditSpec,
  firstDiskDatastore,
  flatDiskSpec,
  isVirtualDisk,
  rdmDiskSpec,
  scsiSlot,
  type DiskMode,
  type RdmDiskOptions,
} from './disk-spec';
import { child, el, moRefEl, textOf, type XmlNode } from './xml';

export type DiskProvisioning = 'thin' | 'thick-lazy' | 'thick-eager';
export type { DiskMode, RdmDiskOptions };

export interface ConnectOptions extends TransportOptions {
  username: string;
  password: string;
}

export interface CloneOptions {
  name: string;
  folder?: string; // Folder MoRef; default: the source VM's folder
  host?: string; // HostSystem MoRef to relocate to
  datastore?: string; // Datastore MoRef for the VM and (unless diskProvisioning says more) its disks
  resourcePool?: string; // default: the source VM's resource pool
  diskProvisioning?: DiskProvisioning; // applied to every disk
  powerOn?: boolean;
  /** extraConfig to set on the clone, e.g. { ctkEnabled: 'true' } for warm migration (CBT). */
  extraConfig?: Record<string, string>;
  timeoutMs?: number; // default 20 min, like the Python suite's clone wait
}

export interface AddDiskOptions {
  sizeGb: number;
  provisioning: DiskProvisioning;
  mode?: DiskMode;
  datastore?: string; // Datastore MoRef; default: the VM's first disk's datastore
  datastorePath?: string; // folder inside the datastore ("shared_disks")
  timeoutMs?: number;
}

export interface ServiceContent {
  rootFolder: ObjectRef;
  propertyCollector: ObjectRef;
  viewManager: ObjectRef;
  sessionManager: ObjectRef;
  searchIndex?: ObjectRef;
  about: { fullName: string; version: string; apiVersion: string; apiType: string; instanceUuid: string };
}

const DEFAULT_TASK_TIMEOUT_MS = 60_000;
const CLONE_TIMEOUT_MS = 1_200_000;
const SNAPSHOT_TIMEOUT_MS = 600_000;
const GUEST_TIMEOUT_MS = 60_000;
const VM_PAGE = 500;

function ref(n: XmlNode | undefined, what: string): ObjectRef {
  if (!n?.moType) throw new Error(`vSphere response lacks ${what}`);
  return { type: n.moType, value: n.text.trim() };
}

function vmRef(id: string): ObjectRef {
  return { type: 'VirtualMachine', value: id };
}

export class VSphereClient {
  private constructor(
    private readonly t: SoapTransport,
    readonly content: ServiceContent,
  ) {}

  /** RetrieveServiceContent + Login. Throws VSphereAuthError on bad credentials. */
  static async connect(opts: ConnectOptions): Promise<VSphereClient> {
    const { username, password, ...transportOpts } = opts;
    const t = new SoapTransport(transportOpts);
    try {
      const res = await t.call('RetrieveServiceContent', { type: 'ServiceInstance', value: 'ServiceInstance' }, []);
      const sc = child(res, 'returnval');
      const about = child(sc, 'about');
      const content: ServiceContent = {
        rootFolder: ref(child(sc, 'rootFolder'), 'rootFolder'),
        propertyCollector: ref(child(sc, 'propertyCollector'), 'propertyCollector'),
        viewManager: ref(child(sc, 'viewManager'), 'viewManager'),
        sessionManager: ref(child(sc, 'sessionManager'), 'sessionManager'),
        ...(child(sc, 'searchIndex') ? { searchIndex: ref(child(sc, 'searchIndex'), 'searchIndex') } : {}),
        about: {
          fullName: textOf(about, 'fullName') ?? '',
          version: textOf(about, 'version') ?? '',
          apiVersion: textOf(about, 'apiVersion') ?? '',
          apiType: textOf(about, 'apiType') ?? '',
          instanceUuid: textOf(about, 'instanceUuid') ?? '',
        },
      };
      if (content.about.apiVersion) t.setApiVersion(content.about.apiVersion);
      await t.call('Login', content.sessionManager, [el('userName', username), el('password', password)], { object: `user ${username}` });
      return new VSphereClient(t, content);
    } catch (e) {
      t.close();
      throw e;
    }
  }

  /** Ends the session (best effort when it already expired) and closes connections. */
  async logout(): Promise<void> {
    try {
      if (this.t.hasSession) await this.t.call('Logout', this.content.sessionManager, []);
    } catch (e) {
      if (!(e instanceof VSphereFaultError && e.faultType === 'NotAuthenticated')) throw e;
    } finally {
      this.t.forgetSession();
      this.t.close();
    }
  }

  /** Every VM and template (MoRef and name), read through a container view in pages. */
  async listVms(pageSize = VM_PAGE): Promise<Array<{ id: string; name: string }>> {
    const view = await this.t.call(
      'CreateContainerView',
      this.content.viewManager,
      [moRefEl('container', this.content.rootFolder), el('type', 'VirtualMachine'), el('recursive', true)],
      { object: 'all VMs' },
    );
    const viewRef = ref(child(view, 'returnval'), 'ContainerView');
    try {
      const all = await retrieve(
        this.t,
        this.content.propertyCollector,
        {
          propSet: [{ type: 'VirtualMachine', pathSet: ['name'] }],
          objectSet: [{ obj: viewRef, skip: true, selectSet: [{ name: 'view', type: 'ContainerView', path: 'view' }] }],
        },
        { maxObjects: pageSize, object: 'all VMs' },
      );
      return all.map((o) => ({ id: o.obj.value, name: o.props.get('name')?.text ?? '' }));
    } finally {
      await this.t.call('DestroyView', viewRef, []).catch(() => undefined);
    }
  }

  /** MoRef of the VM (or template) with exactly this name; throws if none or several. */
  async findVmByName(name: string): Promise<string> {
    const hits = (await this.listVms()).filter((v) => v.name === name);
    if (hits.length === 0) throw new VSphereVmNotFoundError(name);
    if (hits.length > 1) throw new VSphereVmNotFoundError(name, `the name is ambiguous (${hits.map((h) => h.id).join(', ')})`);
    return hits[0]!.id;
  }

  /** MoRef of the VM with this BIOS UUID (SearchIndex.FindByUuid), or undefined. */
  async findVmByUuid(uuid: string): Promise<string | undefined> {
    if (!this.content.searchIndex) throw new Error('this vCenter has no SearchIndex');
    const res = await this.t.call('FindByUuid', this.content.searchIndex, [el('uuid', uuid), el('vmSearch', true)], {
      object: `VM uuid ${uuid}`,
    });
    return child(res, 'returnval')?.text.trim() || undefined;
  }

  /** Any property collector query (traversal specs included), all pages read. */
  async retrieve(spec: FilterSpec, maxObjects?: number): Promise<ObjectProps[]> {
    return retrieve(this.t, this.content.propertyCollector, spec, { ...(maxObjects ? { maxObjects } : {}), object: 'inventory' });
  }

  /** The SOAP transport, for the calls this class does not wrap (guest operations). */
  get transport(): SoapTransport {
    return this.t;
  }

  /** Raw property values of any managed object (for callers that need more than VmFacts). */
  async properties(obj: ObjectRef, pathSet: string[]): Promise<Map<string, XmlNode>> {
    return retrieveOne(this.t, this.content.propertyCollector, obj, pathSet);
  }

  /** Normalized facts of a VM, with datastore and network names resolved. */
  async vmFacts(id: string): Promise<VmFacts> {
    const vm = vmRef(id);
    const objects = await retrieve(
      this.t,
      this.content.propertyCollector,
      {
        propSet: [
          { type: 'VirtualMachine', pathSet: VM_FACT_PATHS },
          { type: 'Datastore', pathSet: ['name'] },
          { type: 'Network', pathSet: ['name'] },
          { type: 'DistributedVirtualPortgroup', pathSet: ['name'] },
        ],
        objectSet: [
          {
            obj: vm,
            selectSet: [
              { name: 'vmDatastores', type: 'VirtualMachine', path: 'datastore' },
              { name: 'vmNetworks', type: 'VirtualMachine', path: 'network' },
            ],
          },
        ],
      },
      { object: vm },
    );
    const names = new Map<string, string>();
    let vmProps: Map<string, XmlNode> | undefined;
    for (const o of objects) {
      if (o.obj.type === 'VirtualMachine' && o.obj.value === id) vmProps = o.props;
      else names.set(`${o.obj.type}:${o.obj.value}`, o.props.get('name')?.text ?? '');
    }
    if (!vmProps) throw new VSphereVmNotFoundError(id, 'vCenter returned no properties for it');
    return vmFactsFrom(vm, vmProps, names);
  }

  /** Waits for a task to finish; returns TaskInfo.result, throws VSphereTaskError on error. */
  async waitTask(
    task: ObjectRef,
    operation: string,
    object: ObjectRef | string,
    timeoutMs = DEFAULT_TASK_TIMEOUT_MS,
  ): Promise<XmlNode | undefined> {
    const props = await waitForProperties(
      this.t,
      this.content.propertyCollector,
      task,
      ['info.state', 'info.result', 'info.error'],
      (p) => ['success', 'error'].includes(p.get('info.state')?.text.trim() ?? ''),
      {
        timeoutMs,
        operation: `${operation} (waiting for ${task.value})`,
        describe: (p) => `task state ${p.get('info.state')?.text.trim() ?? 'unknown'}`,
      },
    );
    if (props.get('info.state')?.text.trim() === 'error') {
      const err = props.get('info.error');
      const f = child(err, 'fault');
      throw new VSphereTaskError(
        operation,
        object,
        task.value,
        faultTypeOf(f),
        textOf(err, 'localizedMessage') ?? 'no message',
        faultFields(f),
      );
    }
    return props.get('info.result');
  }

  /** Calls a vim25 *_Task method and waits for the task it returns (the result, if any). */
  async runTask(
    method: string,
    self: ObjectRef,
    args: string[],
    object: ObjectRef | string,
    timeoutMs?: number,
  ): Promise<XmlNode | undefined> {
    const res = await this.t.call(method, self, args, { object });
    return this.waitTask(ref(child(res, 'returnval'), `${method} task`), method, object, timeoutMs);
  }

  /** Clones a VM and returns the clone's MoRef once the task succeeded. */
  async cloneVm(sourceId: string, opts: CloneOptions): Promise<string> {
    const src = vmRef(sourceId);
    const need = await this.properties(src, ['parent', 'resourcePool', 'config.hardware.device']);
    const folder = opts.folder ?? need.get('parent')?.text.trim();
    if (!folder)
      throw new VSphereFaultError('CloneVM_Task', src, 'InvalidArgument', 'the source VM has no parent folder; pass options.folder');
    const pool = opts.resourcePool ?? need.get('resourcePool')?.text.trim();
    const disks = (need.get('config.hardware.device')?.children ?? []).filter(isVirtualDisk);
    const location = relocateSpecXml(opts, pool, disks);
    const config = extraConfigXml(opts.extraConfig ?? {});
    const spec = el('spec', [location, el('template', false), ...config, el('powerOn', opts.powerOn ?? false)]);
    const result = await this.runTask(
      'CloneVM_Task',
      src,
      [el('folder', folder, { type: 'Folder' }), el('name', opts.name), spec],
      src,
      opts.timeoutMs ?? CLONE_TIMEOUT_MS,
    );
    const id = result?.text.trim();
    if (!id) throw new VSphereFaultError('CloneVM_Task', src, 'InvalidResult', 'the clone task succeeded without a VM reference');
    return id;
  }

  async powerOn(id: string, timeoutMs?: number): Promise<void> {
    await this.runTask('PowerOnVM_Task', vmRef(id), [], vmRef(id), timeoutMs);
  }

  async powerOff(id: string, timeoutMs?: number): Promise<void> {
    await this.runTask('PowerOffVM_Task', vmRef(id), [], vmRef(id), timeoutMs);
  }

  /**
   * Asks the guest OS to shut down (needs running tools; else ToolsUnavailable) and waits until
   * the VM is powered off.
   */
  async shutdownGuest(id: string, timeoutMs = 120_000): Promise<void> {
    const vm = vmRef(id);
    await this.t.call('ShutdownGuest', vm, []);
    await waitForProperties(
      this.t,
      this.content.propertyCollector,
      vm,
      ['runtime.powerState'],
      (p) => p.get('runtime.powerState')?.text.trim() === 'poweredOff',
      {
        timeoutMs,
        operation: 'shutdownGuest',
        describe: (p) => `power state ${p.get('runtime.powerState')?.text.trim() ?? 'unknown'}`,
      },
    );
  }

  /**
   * Waits until guest tools run and every NIC the guest reports has an IP (the Python suite's
   * "toolsOk + guest.net" wait). Returns the VM's facts at that moment.
   */
  async waitForGuestInfo(id: string, timeoutMs = GUEST_TIMEOUT_MS): Promise<VmFacts> {
    const vm = vmRef(id);
    await waitForProperties(
      this.t,
      this.content.propertyCollector,
      vm,
      ['guest.toolsRunningStatus', 'guest.net'],
      (p) => {
        if (p.get('guest.toolsRunningStatus')?.text.trim() !== 'guestToolsRunning') return false;
        const nets = p.get('guest.net')?.children ?? [];
        return nets.length > 0 && nets.every((n) => (child(n, 'ipAddress')?.text.trim() ?? '') !== '');
      },
      {
        timeoutMs,
        operation: 'waitForGuestInfo',
        describe: (p) =>
          `tools ${p.get('guest.toolsRunningStatus')?.text.trim() ?? 'unknown'}, ${(p.get('guest.net')?.children ?? []).length} guest NIC(s) reported`,
      },
    );
    return this.vmFacts(id);
  }

  /** Creates a snapshot (no memory, no quiesce) and returns its MoRef. */
  async createSnapshot(id: string, name: string, description = '', timeoutMs = SNAPSHOT_TIMEOUT_MS): Promise<string> {
    const result = await this.runTask(
      'CreateSnapshot_Task',
      vmRef(id),
      [el('name', name), el('description', description), el('memory', false), el('quiesce', false)],
      vmRef(id),
      timeoutMs,
    );
    return result?.text.trim() ?? '';
  }

  async removeSnapshot(snapshotId: string, removeChildren = false, timeoutMs = SNAPSHOT_TIMEOUT_MS): Promise<void> {
    const s: ObjectRef = { type: 'VirtualMachineSnapshot', value: snapshotId };
    await this.runTask('RemoveSnapshot_Task', s, [el('removeChildren', removeChildren)], s, timeoutMs);
  }

  /**
   * Waits (property collector updates, no polling) until a snapshot named `name` is on the VM
   * (present) or no longer is (!present); returns the VM's snapshot names at that moment. Throws
   * VSphereTimeoutError, naming the snapshots seen last, at the timeout.
   */
  async waitForSnapshotNamed(id: string, name: string, present: boolean, timeoutMs: number): Promise<string[]> {
    const props = await waitForProperties(
      this.t,
      this.content.propertyCollector,
      vmRef(id),
      ['snapshot'],
      (p) => snapshotNamesOf(p.get('snapshot')).includes(name) === present,
      {
        timeoutMs,
        operation: present ? `waitForSnapshot ${name}` : `waitForSnapshotRemoval ${name}`,
        describe: (p) => `snapshots: [${snapshotNamesOf(p.get('snapshot')).join(', ')}]`,
      },
    );
    return snapshotNamesOf(props.get('snapshot'));
  }

  async removeAllSnapshots(id: string, timeoutMs = SNAPSHOT_TIMEOUT_MS): Promise<void> {
    await this.runTask('RemoveAllSnapshots_Task', vmRef(id), [], vmRef(id), timeoutMs);
  }

  /** The VM's devices and name, for a disk reconfigure. */
  private async deviceList(vm: ObjectRef): Promise<{ devices: XmlNode[]; vmName: string }> {
    const hw = await this.properties(vm, ['config.hardware.device', 'name']);
    return { devices: hw.get('config.hardware.device')?.children ?? [], vmName: hw.get('name')?.text ?? vm.value };
  }

  /** A datastore's name by its MoID ('' when vSphere reports none). */
  async datastoreName(datastore: string): Promise<string> {
    return (await this.properties({ type: 'Datastore', value: datastore }, ['name'])).get('name')?.text ?? '';
  }

  /** Adds one disk on the first SCSI controller's next free unit. */
  async addDisk(id: string, opts: AddDiskOptions): Promise<void> {
    const vm = vmRef(id);
    const { devices, vmName } = await this.deviceList(vm);
    const slot = scsiSlot(vm, devices);
    const datastore = opts.datastore ?? firstDiskDatastore(devices);
    if (!datastore)
      throw new VSphereFaultError('ReconfigVM_Task', vm, 'InvalidDeviceSpec', 'no datastore for the new disk; pass options.datastore');
    const dsName = await this.datastoreName(datastore);
    const fileName = opts.datastorePath
      ? `[${dsName}] ${opts.datastorePath}/${vmName}_${slot.unit}_${Date.now().toString(36)}.vmdk`
      : `[${dsName}]`;
    const spec = flatDiskSpec(slot, {
      fileName,
      datastore,
      provisioning: opts.provisioning,
      mode: opts.mode ?? 'persistent',
      sizeGb: opts.sizeGb,
    });
    await this.runTask('ReconfigVM_Task', vm, [spec], vm, opts.timeoutMs);
  }

  /** Adds a raw device mapping of a SAN LUN (its mapping file next to the VM's first disk). */
  async addRdmDisk(id: string, opts: RdmDiskOptions): Promise<void> {
    const vm = vmRef(id);
    const { devices } = await this.deviceList(vm);
    const slot = scsiSlot(vm, devices);
    const datastore = firstDiskDatastore(devices);
    if (!datastore)
      throw new VSphereFaultError('ReconfigVM_Task', vm, 'InvalidDeviceSpec', 'the VM has no disk to put the mapping file beside');
    const spec = rdmDiskSpec(slot, datastore, await this.datastoreName(datastore), opts);
    await this.runTask('ReconfigVM_Task', vm, [spec], vm, opts.timeoutMs);
  }

  /** Changes one disk's mode (vSphere refuses it while the VM runs: InvalidPowerState). */
  async setDiskMode(id: string, diskKey: number, mode: DiskMode, timeoutMs?: number): Promise<void> {
    const vm = vmRef(id);
    const { devices } = await this.deviceList(vm);
    const disk = devices.find((d) => isVirtualDisk(d) && Number(textOf(d, 'key')) === diskKey);
    if (!disk) throw new VSphereFaultError('ReconfigVM_Task', vm, 'InvalidDeviceSpec', `the VM has no disk with key ${diskKey}`);
    await this.runTask('ReconfigVM_Task', vm, [diskModeEditSpec(disk, mode)], vm, timeoutMs);
  }

  /** Sets extraConfig keys (empty value removes a key). */
  async setExtraConfig(id: string, extraConfig: Record<string, string>, timeoutMs?: number): Promise<void> {
    const vm = vmRef(id);
    const spec = el(
      'spec',
      Object.entries(extraConfig).map(([k, v]) =>
        el('extraConfig', [el('key', k), el('value', v, { 'xsi:type': 'xsd:string' })], { 'xsi:type': 'OptionValue' }),
      ),
    );
    await this.runTask('ReconfigVM_Task', vm, [spec], vm, timeoutMs);
  }

  /** Destroys the VM (vCenter refuses with InvalidPowerState while it runs). */
  async destroyVm(id: string, timeoutMs?: number): Promise<void> {
    await this.runTask('Destroy_Task', vmRef(id), [], vmRef(id), timeoutMs);
  }
}
