/**
 * The vim25 methods the simulator answers, dispatched by SOAP body element name: sessions,
 * property collector, container views, search index, and the VirtualMachine tasks the suite
 * uses. Transport (HTTP, cookies) lives in ../server.ts; state lives in the model and here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { child, children, el, moRefEl, textOf, type XmlNode } from './xml';
import type { DiskProvisioning } from '../model';
import type { LabVSphereModel, NewDisk } from '../lab-model';
import { asSoapFault, fault, SoapFault, soapFaultXml } from './faults';
import { inventoryObjects, isA, type Props } from './inventory-objects';
import { diffXml, evaluate, moRefOf, objectContentXml, parseFilterSpec, reportedState, type FilterSpec, type ObjectContent, type Reported } from './property-collector';
import { TaskManager } from './tasks';
import { arr, data, dataFieldsXml, mo, type MoRefV, type Val } from './values';

export interface Credentials {
  username: string;
  password: string;
}

interface Collector {
  filters: Map<string, FilterSpec>;
  reported: Map<string, Reported>;
  version: number;
}

interface Session {
  key: string; // UserSession.key: public, shows up in session-scoped MoRefs as on vCenter
  token: string; // the vmware_soap_session cookie value: the secret that authenticates
  userName: string;
  loginTime: string;
  ipAddress: string;
  userAgent: string;
  views: Map<string, { container: MoRefV; types: string[]; recursive: boolean }>;
  collectors: Map<string, Collector>;
  pages: Map<string, ObjectContent[]>;
}

export interface CallContext {
  sessionToken?: string; // from the vmware_soap_session cookie
  ipAddress: string;
  userAgent: string;
  /** Resolves when the HTTP client goes away (ends WaitForUpdatesEx early). */
  aborted: Promise<void>;
}

export interface CallResult {
  body: string; // the response element, or a soapenv:Fault
  isFault: boolean;
  newSessionToken?: string;
  endSession?: boolean;
}

const UNAUTHENTICATED_METHODS = new Set(['RetrieveServiceContent', 'Login', 'CurrentTime']);
const MAX_WAIT_SECONDS = 600;
const PAGE_DEFAULT = 100;

function num(n: XmlNode | undefined, name: string): number | undefined {
  const t = textOf(n, name);
  return t === undefined || t.trim() === '' ? undefined : Number(t);
}

function bool(n: XmlNode | undefined, name: string): boolean | undefined {
  const t = textOf(n, name)?.trim();
  return t === undefined ? undefined : t === 'true' || t === '1';
}

function provisioningOf(backing: XmlNode | undefined): DiskProvisioning | undefined {
  if (!backing) return undefined;
  const thin = bool(backing, 'thinProvisioned');
  const eager = bool(backing, 'eagerlyScrub');
  if (thin === undefined && eager === undefined) return undefined;
  if (thin) return 'thin';
  return eager ? 'thick-eager' : 'thick-lazy';
}

function extraConfigOf(spec: XmlNode | undefined): Record<string, string> | undefined {
  const items = children(spec, 'extraConfig');
  if (items.length === 0) return undefined;
  return Object.fromEntries(items.map((o) => [textOf(o, 'key') ?? '', textOf(o, 'value') ?? '']));
}

export class VimService {
  private readonly sessions = new Map<string, Session>(); // by cookie token
  readonly tasks: TaskManager;
  private readonly waiters = new Set<() => void>();
  private invCache: { revision: number; objects: ReturnType<typeof inventoryObjects> } | undefined;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    readonly model: LabVSphereModel,
    private readonly credentials: Credentials,
    taskMs: number,
  ) {
    this.tasks = new TaskManager(() => model.newMoref('task'), () => this.notify(), taskMs);
    this.unsubscribe = model.onChange(() => this.notify());
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.tasks.close();
    this.notify();
  }

  async call(method: XmlNode, ctx: CallContext): Promise<CallResult> {
    const session = ctx.sessionToken ? this.sessions.get(ctx.sessionToken) : undefined;
    try {
      if (!session && !UNAUTHENTICATED_METHODS.has(method.name)) {
        throw fault('NotAuthenticated', 'The session is not authenticated.', { object: this.thisRef(method), privilegeId: 'System.View' });
      }
      return await this.dispatch(method, session, ctx);
    } catch (e) {
      return { body: soapFaultXml(asSoapFault(e)), isFault: true };
    }
  }

  private thisRef(method: XmlNode): Val {
    const t = child(method, '_this');
    return t?.moType ? mo(t.moType, t.text.trim()) : undefined;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private response(method: string, returnval?: string): CallResult {
    return { body: `<${method}Response xmlns="urn:vim25">${returnval ?? ''}</${method}Response>`, isFault: false };
  }

  private inventory(): ReturnType<typeof inventoryObjects> {
    if (!this.invCache || this.invCache.revision !== this.model.revision) {
      this.invCache = { revision: this.model.revision, objects: inventoryObjects(this.model.snapshot()) };
    }
    return this.invCache.objects;
  }

  private resolver(session: Session | undefined): (ref: MoRefV) => Props | undefined {
    const inv = this.inventory();
    return (ref) => {
      if (ref.type === 'Task') return this.tasks.properties(ref.value);
      if (ref.type === 'ContainerView') {
        const v = session?.views.get(ref.value);
        if (!v) return undefined;
        return { container: v.container, type: arr('xsd:string', v.types), recursive: v.recursive, view: arr('ManagedObjectReference', this.viewContents(v)) };
      }
      if (ref.type === 'SessionManager' && ref.value === 'SessionManager') {
        return { currentSession: session ? this.userSession(session) : undefined };
      }
      if (ref.type === 'ServiceInstance' && ref.value === 'ServiceInstance') return { content: undefined, serverClock: new Date().toISOString() };
      return inv.get(`${ref.type}:${ref.value}`)?.props;
    };
  }

  /** Entities under a container (children only, or the whole subtree), filtered by type. */
  private viewContents(v: { container: MoRefV; types: string[]; recursive: boolean }): MoRefV[] {
    const inv = this.inventory();
    const out: MoRefV[] = [];
    const seen = new Set<string>();
    const kids = (ref: MoRefV): MoRefV[] => {
      const p = inv.get(`${ref.type}:${ref.value}`)?.props ?? {};
      const list = (k: string): MoRefV[] => {
        const val = p[k];
        if (val && typeof val === 'object' && val.kind === 'array') return val.items.filter((i): i is MoRefV => !!i && typeof i === 'object' && i.kind === 'moref');
        if (val && typeof val === 'object' && val.kind === 'moref') return [val];
        return [];
      };
      switch (ref.type) {
        case 'Folder':
          return list('childEntity');
        case 'Datacenter':
          return [...list('vmFolder'), ...list('hostFolder'), ...list('datastoreFolder'), ...list('networkFolder')];
        case 'ClusterComputeResource':
          return [...list('host'), ...list('resourcePool')];
        case 'ResourcePool':
          return list('resourcePool');
        case 'VmwareDistributedVirtualSwitch':
          return [];
        default:
          return [];
      }
    };
    const walk = (ref: MoRefV, depth: number): void => {
      for (const k of kids(ref)) {
        const key = `${k.type}:${k.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (v.types.length === 0 || v.types.some((t) => isA(k.type, t))) out.push(k);
        if (v.recursive) walk(k, depth + 1);
      }
    };
    walk(v.container, 0);
    return out;
  }

  private userSession(s: Session): Val {
    return data('UserSession', { key: s.key, userName: s.userName, fullName: s.userName, loginTime: s.loginTime, lastActiveTime: new Date().toISOString(), locale: 'en', messageLocale: 'en', extensionSession: false, ipAddress: s.ipAddress, userAgent: s.userAgent, callCount: 0 });
  }

  private async dispatch(m: XmlNode, session: Session | undefined, ctx: CallContext): Promise<CallResult> {
    const name = m.name;
    switch (name) {
      case 'RetrieveServiceContent':
        return this.response(name, el('returnval', [this.serviceContentXml()]));
      case 'CurrentTime':
        return this.response(name, el('returnval', new Date().toISOString()));
      case 'Login': {
        const user = textOf(m, 'userName') ?? '';
        const pass = textOf(m, 'password') ?? '';
        if (user !== this.credentials.username || pass !== this.credentials.password) {
          throw fault('InvalidLogin', 'Cannot complete login due to an incorrect user name or password.');
        }
        const s: Session = { key: randomUUID(), token: randomBytes(20).toString('hex'), userName: user, loginTime: new Date().toISOString(), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent, views: new Map(), collectors: new Map(), pages: new Map() };
        this.sessions.set(s.token, s);
        const body = this.userSession(s);
        return { ...this.response(name, `<returnval>${body && typeof body === 'object' && body.kind === 'data' ? dataFieldsXml(body) : ''}</returnval>`), newSessionToken: s.token };
      }
      case 'Logout':
        if (session) this.sessions.delete(session.token);
        return { ...this.response(name), endSession: true };
      default:
        break;
    }
    if (!session) throw fault('NotAuthenticated', 'The session is not authenticated.');
    switch (name) {
      case 'RetrievePropertiesEx':
      case 'RetrieveProperties':
        return this.retrieve(m, session);
      case 'ContinueRetrievePropertiesEx':
        return this.continueRetrieve(m, session);
      case 'CancelRetrievePropertiesEx':
        session.pages.delete(textOf(m, 'token') ?? '');
        return this.response(name);
      case 'CreatePropertyCollector': {
        const id = `session[${session.key}]${randomUUID()}`;
        session.collectors.set(id, { filters: new Map(), reported: new Map(), version: 0 });
        return this.response(name, moRefEl('returnval', mo('PropertyCollector', id)));
      }
      case 'DestroyPropertyCollector':
        session.collectors.delete(this.collectorId(m));
        return this.response(name);
      case 'CreateFilter': {
        const c = this.collector(session, this.collectorId(m));
        const spec = parseFilterSpec(this.required(m, 'spec'));
        evaluate([spec], this.resolver(session)); // validates objects and property names now, as vCenter does
        const id = `session[${session.key}]${randomUUID()}`;
        c.filters.set(id, spec);
        return this.response(name, moRefEl('returnval', mo('PropertyFilter', id)));
      }
      case 'DestroyPropertyFilter': {
        const id = moRefOf(child(m, '_this'), '_this').value;
        for (const c of session.collectors.values()) {
          c.filters.delete(id);
          c.reported.delete(id);
        }
        return this.response(name);
      }
      case 'WaitForUpdatesEx':
        return this.waitForUpdates(m, session, ctx);
      case 'CreateContainerView': {
        const container = moRefOf(child(m, 'container'), 'container');
        if (!this.resolver(session)(container)) throw fault('ManagedObjectNotFound', `container ${container.value} does not exist`, { obj: container });
        const id = `session[${session.key}]${randomUUID()}`;
        session.views.set(id, { container, types: children(m, 'type').map((t) => t.text.trim()), recursive: bool(m, 'recursive') ?? false });
        return this.response(name, moRefEl('returnval', mo('ContainerView', id)));
      }
      case 'DestroyView':
        session.views.delete(moRefOf(child(m, '_this'), '_this').value);
        return this.response(name);
      case 'FindByUuid': {
        const uuid = (textOf(m, 'uuid') ?? '').toLowerCase();
        const instance = bool(m, 'instanceUuid') ?? false;
        const vm = this.model.snapshot().vms.find((v) => (instance ? v.instanceUuid : v.uuid).toLowerCase() === uuid);
        return this.response(name, vm ? moRefEl('returnval', mo('VirtualMachine', vm.moref)) : undefined);
      }
      case 'FindByInventoryPath':
        return this.response(name, this.findByPath(textOf(m, 'inventoryPath') ?? ''));
      default:
        return this.vmMethod(m, session);
    }
  }

  private required(m: XmlNode, name: string): XmlNode {
    const n = child(m, name);
    if (!n) throw fault('InvalidArgument', `A specified parameter was not correct: ${name}`, { invalidProperty: name });
    return n;
  }

  private collectorId(m: XmlNode): string {
    return moRefOf(child(m, '_this'), '_this').value;
  }

  private collector(session: Session, id: string): Collector {
    let c = session.collectors.get(id);
    if (!c && id === 'propertyCollector') {
      c = { filters: new Map(), reported: new Map(), version: 0 };
      session.collectors.set(id, c);
    }
    if (!c) throw fault('ManagedObjectNotFound', `property collector ${id} does not exist`, { obj: mo('PropertyCollector', id) });
    return c;
  }

  private retrieve(m: XmlNode, session: Session): CallResult {
    const specs = children(m, 'specSet').map(parseFilterSpec);
    const contents = evaluate(specs, this.resolver(session));
    if (m.name === 'RetrieveProperties') return this.response(m.name, contents.map((c) => objectContentXml(c).replace(/^<objects>/, '<returnval>').replace(/<\/objects>$/, '</returnval>')).join(''));
    const max = num(child(m, 'options'), 'maxObjects') ?? PAGE_DEFAULT;
    return this.response(m.name, this.page(contents, max > 0 ? max : PAGE_DEFAULT, session));
  }

  private page(contents: ObjectContent[], max: number, session: Session): string | undefined {
    if (contents.length === 0) return undefined;
    const head = contents.slice(0, max);
    const rest = contents.slice(max);
    let token: string | undefined;
    if (rest.length > 0) {
      token = randomUUID();
      session.pages.set(token, rest);
    }
    return el('returnval', [...(token ? [el('token', token)] : []), ...head.map(objectContentXml)]);
  }

  private continueRetrieve(m: XmlNode, session: Session): CallResult {
    const token = textOf(m, 'token') ?? '';
    const rest = session.pages.get(token);
    if (!rest) throw fault('InvalidArgument', `A specified parameter was not correct: token`, { invalidProperty: 'token' });
    session.pages.delete(token);
    return this.response(m.name, this.page(rest, PAGE_DEFAULT, session) ?? el('returnval', []));
  }

  private async waitForUpdates(m: XmlNode, session: Session, ctx: CallContext): Promise<CallResult> {
    const c = this.collector(session, this.collectorId(m));
    const version = textOf(m, 'version') ?? '';
    if (version === '') c.reported.clear();
    const options = child(m, 'options');
    const maxWait = Math.min(num(options, 'maxWaitSeconds') ?? MAX_WAIT_SECONDS, MAX_WAIT_SECONDS);
    const deadline = Date.now() + maxWait * 1000;
    let aborted = false;
    void ctx.aborted.then(() => {
      aborted = true;
      this.notify();
    });
    for (;;) {
      const resolve = this.resolver(session);
      const filterSets: string[] = [];
      const next = new Map<string, Reported>();
      for (const [id, spec] of c.filters) {
        let now: Reported;
        try {
          now = reportedState(evaluate([spec], resolve));
        } catch (e) {
          // The filter's root object went away: report its objects as leaving.
          if (e instanceof SoapFault && e.fault.type === 'ManagedObjectNotFound') now = new Map();
          else throw e;
        }
        next.set(id, now);
        const diff = diffXml(c.reported.get(id) ?? new Map(), now);
        if (diff) filterSets.push(el('filterSet', [el('filter', id, { type: 'PropertyFilter' }), diff]));
      }
      if (filterSets.length > 0) {
        c.version += 1;
        for (const [id, r] of next) c.reported.set(id, r);
        return this.response(m.name, el('returnval', [el('version', String(c.version)), ...filterSets]));
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || aborted || this.closed) return this.response(m.name);
      await new Promise<void>((resolveWait) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolveWait();
        };
        const timer = setTimeout(done, remaining);
        timer.unref(); // a pending long poll must not keep the lab process alive
        this.waiters.add(done);
      });
    }
  }

  private findByPath(path: string): string | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    const inv = this.inventory();
    let cur: MoRefV | undefined = this.rootFolder();
    for (const part of parts) {
      if (!cur) return undefined;
      const props: Props = inv.get(`${cur.type}:${cur.value}`)?.props ?? {};
      const candidates: MoRefV[] = [];
      const childEntity = props['childEntity'];
      if (childEntity && typeof childEntity === 'object' && childEntity.kind === 'array') candidates.push(...childEntity.items.filter((i): i is MoRefV => !!i && typeof i === 'object' && i.kind === 'moref'));
      for (const k of ['vmFolder', 'hostFolder', 'datastoreFolder', 'networkFolder', 'host']) {
        const v = props[k];
        if (v && typeof v === 'object' && v.kind === 'moref') candidates.push(v);
        if (v && typeof v === 'object' && v.kind === 'array') candidates.push(...v.items.filter((i): i is MoRefV => !!i && typeof i === 'object' && i.kind === 'moref'));
      }
      const decoded = decodeURIComponent(part);
      cur = candidates.find((r) => inv.get(`${r.type}:${r.value}`)?.props['name'] === decoded);
    }
    return cur ? moRefEl('returnval', cur) : undefined;
  }

  /** The folder holding the datacenters (the model's only folder without a parent). */
  private rootFolder(): MoRefV {
    const root = this.model.snapshot().folders.find((f) => f.childType === 'Datacenter' && !f.parent);
    if (!root) throw fault('SystemError', 'the lab vCenter model has no root folder', { reason: 'no Datacenter folder without parent' });
    return mo('Folder', root.moref);
  }

  private serviceContentXml(): string {
    const about = this.model.snapshot().about;
    return [
      moRefEl('rootFolder', this.rootFolder()),
      moRefEl('propertyCollector', mo('PropertyCollector', 'propertyCollector')),
      moRefEl('viewManager', mo('ViewManager', 'ViewManager')),
      el('about', [
        el('name', 'VMware vCenter Server'),
        el('fullName', about.fullName),
        el('vendor', 'VMware, Inc.'),
        el('version', about.version),
        el('build', about.fullName.replace(/^.*build-/, '')),
        el('localeVersion', 'INTL'),
        el('localeBuild', '000'),
        el('osType', 'linux-x64'),
        el('productLineId', 'vpx'),
        el('apiType', 'VirtualCenter'),
        el('apiVersion', about.apiVersion),
        el('instanceUuid', about.instanceUuid),
        el('licenseProductName', 'VMware VirtualCenter Server'),
        el('licenseProductVersion', about.version.split('.')[0] ?? ''),
      ]),
      moRefEl('sessionManager', mo('SessionManager', 'SessionManager')),
      moRefEl('searchIndex', mo('SearchIndex', 'SearchIndex')),
    ].join('');
  }

  // ---- VirtualMachine / snapshot methods -------------------------------------------------------

  private vmMethod(m: XmlNode, session: Session): CallResult {
    const self = moRefOf(child(m, '_this'), '_this');
    const model = this.model;
    const userName = session.userName;
    const task = (name: string, descriptionId: string, work: () => Val, weight = 1): CallResult => {
      const entityName = (self.type === 'VirtualMachine' ? model.vm(self.value)?.name : model.snapshotOwner(self.value)?.name) ?? self.value;
      const ref = this.tasks.start({ name, descriptionId, entity: self, entityName, userName, weight }, work);
      return this.response(m.name, moRefEl('returnval', ref));
    };
    const vmExists = (): void => {
      if (self.type !== 'VirtualMachine' || !model.vm(self.value)) {
        throw fault('ManagedObjectNotFound', `The object '${self.type}:${self.value}' has already been deleted or has not been completely created`, { obj: self });
      }
    };
    switch (m.name) {
      case 'PowerOnVM_Task':
        vmExists();
        return task('PowerOnVM_Task', 'VirtualMachine.powerOn', () => {
          this.requirePowerState(self.value, 'poweredOn');
          model.setPowerState(self.value, 'poweredOn');
          return undefined;
        });
      case 'PowerOffVM_Task':
        vmExists();
        return task('PowerOffVM_Task', 'VirtualMachine.powerOff', () => {
          this.requirePowerState(self.value, 'poweredOff');
          model.setPowerState(self.value, 'poweredOff');
          return undefined;
        });
      case 'ShutdownGuest': {
        vmExists();
        const vm = model.vm(self.value);
        if (!vm?.toolsRunning) throw fault('ToolsUnavailable', `VMware Tools is not running in the guest of ${vm?.name ?? self.value}`);
        // The guest shuts itself down shortly after; clients watch runtime.powerState.
        this.tasks.start({ name: 'ShutdownGuest', descriptionId: 'VirtualMachine.shutdownGuest', entity: self, entityName: vm.name, userName }, () => {
          if (model.vm(self.value)?.powerState === 'poweredOn') model.setPowerState(self.value, 'poweredOff');
          return undefined;
        });
        return this.response(m.name);
      }
      case 'Destroy_Task':
        vmExists();
        return task('Destroy_Task', 'VirtualMachine.destroy', () => {
          model.destroyVm(self.value);
          return undefined;
        });
      case 'CloneVM_Task':
        vmExists();
        return this.cloneTask(m, self, task);
      case 'ReconfigVM_Task':
        vmExists();
        return this.reconfigureTask(m, self, task);
      case 'CreateSnapshot_Task': {
        vmExists();
        const name = textOf(m, 'name') ?? '';
        const description = textOf(m, 'description') ?? '';
        const memory = bool(m, 'memory') ?? false;
        return task('CreateSnapshot_Task', 'VirtualMachine.createSnapshot', () => mo('VirtualMachineSnapshot', model.createSnapshot(self.value, name, description, memory).moref));
      }
      case 'RemoveSnapshot_Task': {
        if (self.type !== 'VirtualMachineSnapshot' || !model.snapshotOwner(self.value)) {
          throw fault('ManagedObjectNotFound', `The object '${self.type}:${self.value}' has already been deleted or has not been completely created`, { obj: self });
        }
        const removeChildren = bool(m, 'removeChildren') ?? false;
        return task('RemoveSnapshot_Task', 'vm.Snapshot.remove', () => {
          model.removeSnapshot(self.value, removeChildren);
          return undefined;
        });
      }
      case 'RemoveAllSnapshots_Task':
        vmExists();
        return task('RemoveAllSnapshots_Task', 'VirtualMachine.removeAllSnapshots', () => {
          model.removeSnapshots(self.value);
          return undefined;
        });
      default:
        throw fault('MethodNotFound', `Method ${m.name} is not supported by the lab vCenter simulator`, { receiver: self, method: m.name });
    }
  }

  /** vCenter refuses to power a VM into the state it is already in. */
  private requirePowerState(moref: string, requested: 'poweredOn' | 'poweredOff'): void {
    const existing = this.model.vm(moref)?.powerState;
    if (existing === requested) {
      throw fault('InvalidPowerState', `The attempted operation cannot be performed in the current state (${requested === 'poweredOn' ? 'Powered on' : 'Powered off'}).`, { requestedState: requested, existingState: existing });
    }
  }

  private cloneTask(m: XmlNode, self: MoRefV, task: (name: string, id: string, work: () => Val, weight?: number) => CallResult): CallResult {
    const name = textOf(m, 'name');
    if (!name) throw fault('InvalidArgument', 'A specified parameter was not correct: name', { invalidProperty: 'name' });
    const folder = moRefOf(this.required(m, 'folder'), 'folder').value;
    const spec = this.required(m, 'spec');
    const location = child(spec, 'location');
    const ds = child(location, 'datastore');
    const host = child(location, 'host');
    const pool = child(location, 'pool');
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
    const transform = textOf(location, 'transform');
    const config = child(spec, 'config');
    const extraConfig = extraConfigOf(config);
    const numCPU = num(config, 'numCPUs');
    const memoryMB = num(config, 'memoryMB');
    const powerOn = bool(spec, 'powerOn') ?? false;
    const template = bool(spec, 'template') ?? false;
    return task(
      'CloneVM_Task',
      'VirtualMachine.clone',
      () => {
        const vm = this.model.cloneVm(self.value, {
          name,
          folder,
          ...(ds?.text ? { datastore: ds.text.trim() } : {}),
          ...(host?.text ? { host: host.text.trim() } : {}),
          ...(pool?.text ? { resourcePool: pool.text.trim() } : {}),
          diskDatastores,
          diskProvisioning,
          ...(transform === 'sparse' ? { provisioning: 'thin' as const } : {}),
          powerOn,
          template,
          ...(extraConfig ? { extraConfig } : {}),
          ...(numCPU !== undefined ? { numCPU } : {}),
          ...(memoryMB !== undefined ? { memoryMB } : {}),
        });
        return mo('VirtualMachine', vm.moref);
      },
      3,
    );
  }

  private reconfigureTask(m: XmlNode, self: MoRefV, task: (name: string, id: string, work: () => Val) => CallResult): CallResult {
    const spec = this.required(m, 'spec');
    const vm = this.model.vm(self.value);
    const snap = this.model.snapshot();
    const addDisks: NewDisk[] = [];
    const removeDiskKeys: number[] = [];
    for (const change of children(spec, 'deviceChange')) {
      const op = textOf(change, 'operation');
      const device = child(change, 'device');
      if (device?.xsiType?.replace(/^.*:/, '') !== 'VirtualDisk') {
        throw fault('NotSupported', `the lab vCenter only reconfigures disks (got ${device?.xsiType ?? 'no device'})`);
      }
      if (op === 'remove') {
        removeDiskKeys.push(num(device, 'key') ?? -1);
        continue;
      }
      if (op !== 'add') throw fault('NotSupported', `device operation ${op ?? '(none)'} is not supported by the lab vCenter`);
      const backing = child(device, 'backing');
      const fileName = textOf(backing, 'fileName')?.trim() ?? '';
      const dsName = /^\[([^\]]+)\]/.exec(fileName)?.[1];
      const datastore = child(backing, 'datastore')?.text.trim() || snap.datastores.find((d) => d.name === dsName)?.moref || vm?.disks[0]?.datastore || vm?.datastores[0];
      if (!datastore) throw fault('InvalidDeviceSpec', 'no datastore for the new disk', { property: 'device.backing.datastore', deviceIndex: 0 });
      const bytes = num(device, 'capacityInBytes') ?? (num(device, 'capacityInKB') ?? 0) * 1024;
      const mode = (textOf(backing, 'diskMode') ?? 'persistent') as NewDisk['mode'];
      if (!['persistent', 'independent_persistent', 'independent_nonpersistent'].includes(mode)) {
        throw fault('InvalidDeviceSpec', `disk mode ${mode} is not supported by the lab vCenter`, { property: 'device.backing.diskMode', deviceIndex: 0 });
      }
      const controllerKey = num(device, 'controllerKey');
      const unitNumber = num(device, 'unitNumber');
      addDisks.push({
        capacityBytes: bytes,
        datastore,
        provisioning: provisioningOf(backing) ?? 'thick-lazy',
        mode,
        ...(controllerKey !== undefined && controllerKey >= 0 ? { controllerKey } : {}),
        ...(unitNumber !== undefined && unitNumber >= 0 ? { unitNumber } : {}),
        ...(/\.vmdk$/.test(fileName) ? { fileName } : {}),
      });
    }
    const extraConfig = extraConfigOf(spec);
    const numCPU = num(spec, 'numCPUs');
    const numCoresPerSocket = num(spec, 'numCoresPerSocket');
    const memoryMB = num(spec, 'memoryMB');
    const changeTrackingEnabled = bool(spec, 'changeTrackingEnabled');
    return task('ReconfigVM_Task', 'VirtualMachine.reconfigure', () => {
      this.model.reconfigureVm(self.value, {
        ...(numCPU !== undefined ? { numCPU } : {}),
        ...(numCoresPerSocket !== undefined ? { numCoresPerSocket } : {}),
        ...(memoryMB !== undefined ? { memoryMB } : {}),
        ...(extraConfig ? { extraConfig } : {}),
        ...(changeTrackingEnabled !== undefined ? { changeTrackingEnabled } : {}),
        addDisks,
        removeDiskKeys,
      });
      return undefined;
    });
  }
}

