/**
 * The vim25 methods the simulator answers, dispatched by SOAP body element name: sessions,
 * property collector, container views, search index, and (./vm-methods.ts) the VirtualMachine
 * tasks. Every answer is in the API version the request negotiated. Transport (HTTP, cookies,
 * SOAPAction) lives in ../server.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LabVSphereModel } from '../lab-model';
import { asSoapFault, fault, SoapFault, soapFaultXml } from './faults';
import type { Props } from './inventory-objects';
import { VCENTER_PROFILE, type EndpointProfile } from './endpoint-profile';
import { findByPath, rootFolder, viewContents } from './navigation';
import {
  diffXml,
  evaluate,
  moRefOf,
  objectContentXml,
  parseFilterSpec,
  reportedState,
  type ObjectContent,
  type Reported,
} from './property-collector';
import { bool, num, required } from './request-args';
import { response, type CallContext, type CallResult, type Collector, type Credentials, type Session } from './service-types';
import { TaskManager } from './tasks';
import { arr, data, dataFieldsXml, mo, type DataV, type MoRefV, type Val } from './values';
import { vmMethod } from './vm-methods';
import { GUEST_OPERATIONS_METHODS, type GuestOperations } from './guest-operations';
import { child, children, el, moRefEl, textOf, type XmlNode } from './xml';

export type { CallContext, CallResult, Credentials } from './service-types';

const UNAUTHENTICATED_METHODS = new Set(['RetrieveServiceContent', 'Login', 'CurrentTime']);
const MAX_WAIT_SECONDS = 600;
const PAGE_DEFAULT = 100;

/** One request being answered: the method element, its session, and the negotiated version. */
interface Call {
  m: XmlNode;
  session: Session;
  version: string | undefined;
  ctx: CallContext;
}

type Handler = (call: Call) => CallResult | Promise<CallResult>;
type Inventory = ReturnType<EndpointProfile['inventory']>;

export class VimService {
  private readonly sessions = new Map<string, Session>(); // by cookie token
  readonly tasks: TaskManager;
  private readonly waiters = new Set<() => void>();
  private invCache: { revision: number; objects: Inventory } | undefined;
  private readonly unsubscribe: () => void;
  private closed = false;
  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly model: LabVSphereModel,
    private readonly credentials: Credentials,
    taskMs: number,
    private readonly profile: EndpointProfile = VCENTER_PROFILE,
    private readonly guestOps?: GuestOperations,
  ) {
    this.tasks = new TaskManager(
      () => model.newMoref('task'),
      () => this.notify(),
      taskMs,
    );
    this.unsubscribe = model.onChange(() => this.notify());
    this.handlers = this.sessionHandlers();
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
      if (method.name === 'RetrieveServiceContent')
        return response(method.name, `<returnval>${dataFieldsXml(this.profile.serviceContent(this.view()), ctx.apiVersion)}</returnval>`);
      if (method.name === 'CurrentTime') return response(method.name, el('returnval', new Date().toISOString()));
      if (method.name === 'Login') return this.login(method, ctx);
      if (method.name === 'Logout' && session) {
        this.sessions.delete(session.token);
        return { ...response(method.name), endSession: true };
      }
      const handler = this.handlers[method.name];
      const call: Call = { m: method, session: session as Session, version: ctx.apiVersion, ctx };
      if (handler) return await handler(call);
      this.assertOffered(method);
      return vmMethod(method, this.model, this.tasks, call.session.userName);
    } catch (e) {
      return { body: soapFaultXml(asSoapFault(e), ctx.apiVersion), isFault: true };
    }
  }

  private login(m: XmlNode, ctx: CallContext): CallResult {
    const user = textOf(m, 'userName') ?? '';
    const pass = textOf(m, 'password') ?? '';
    if (user !== this.credentials.username || pass !== this.credentials.password) {
      throw fault('InvalidLogin', 'Cannot complete login due to an incorrect user name or password.');
    }
    const s: Session = {
      key: randomUUID(),
      token: randomBytes(20).toString('hex'),
      userName: user,
      loginTime: new Date().toISOString(),
      ipAddress: ctx.ipAddress,
      userAgent: ctx.userAgent,
      views: new Map(),
      collectors: new Map(),
      pages: new Map(),
    };
    this.sessions.set(s.token, s);
    return {
      ...response(m.name, `<returnval>${dataFieldsXml(this.userSession(s), ctx.apiVersion)}</returnval>`),
      newSessionToken: s.token,
    };
  }

  /** The methods that need a session, by name (VM and snapshot methods go to ./vm-methods.ts). */
  private sessionHandlers(): Record<string, Handler> {
    const sessionScopedId = (s: Session): string => `session[${s.key}]${randomUUID()}`;
    return {
      RetrievePropertiesEx: (c) => this.retrieve(c),
      RetrieveProperties: (c) => this.retrieve(c),
      ContinueRetrievePropertiesEx: (c) => this.continueRetrieve(c),
      CancelRetrievePropertiesEx: ({ m, session }) => {
        session.pages.delete(textOf(m, 'token') ?? '');
        return response(m.name);
      },
      CreatePropertyCollector: ({ m, session }) => {
        const id = sessionScopedId(session);
        session.collectors.set(id, { filters: new Map(), reported: new Map(), version: 0 });
        return response(m.name, moRefEl('returnval', mo('PropertyCollector', id)));
      },
      DestroyPropertyCollector: ({ m, session }) => {
        session.collectors.delete(this.thisId(m));
        return response(m.name);
      },
      CreateFilter: ({ m, session, version }) => {
        const c = this.collector(session, this.thisId(m));
        const spec = parseFilterSpec(required(m, 'spec'));
        evaluate([spec], this.resolver(session), version); // validates objects and property names now, as vCenter does
        const id = sessionScopedId(session);
        c.filters.set(id, spec);
        return response(m.name, moRefEl('returnval', mo('PropertyFilter', id)));
      },
      DestroyPropertyFilter: ({ m, session }) => {
        const id = this.thisId(m);
        for (const c of session.collectors.values()) {
          c.filters.delete(id);
          c.reported.delete(id);
        }
        return response(m.name);
      },
      WaitForUpdatesEx: (c) =>
        this.waitForUpdates(c, Math.min(num(child(c.m, 'options'), 'maxWaitSeconds') ?? MAX_WAIT_SECONDS, MAX_WAIT_SECONDS) * 1000),
      // The pre-4.1 forms, still served by vCenter (pyVim.task.WaitForTask uses WaitForUpdates).
      WaitForUpdates: (c) => this.waitForUpdates(c, Number.POSITIVE_INFINITY),
      CheckForUpdates: (c) => this.waitForUpdates(c, 0),
      CreateContainerView: ({ m, session }) => {
        const container = moRefOf(child(m, 'container'), 'container');
        if (!this.resolver(session)(container))
          throw fault('ManagedObjectNotFound', `container ${container.value} does not exist`, { obj: container });
        const id = sessionScopedId(session);
        session.views.set(id, {
          container,
          types: children(m, 'type').map((t) => t.text.trim()),
          recursive: bool(m, 'recursive') ?? false,
        });
        return response(m.name, moRefEl('returnval', mo('ContainerView', id)));
      },
      DestroyView: ({ m, session }) => {
        session.views.delete(this.thisId(m));
        return response(m.name);
      },
      FindByUuid: ({ m }) => {
        const uuid = (textOf(m, 'uuid') ?? '').toLowerCase();
        const instance = bool(m, 'instanceUuid') ?? false;
        const vm = this.view().vms.find((v) => (instance ? v.instanceUuid : v.uuid).toLowerCase() === uuid);
        return response(m.name, vm ? moRefEl('returnval', mo('VirtualMachine', vm.moref)) : undefined);
      },
      FindByInventoryPath: ({ m }) => {
        const found = findByPath(this.inventory(), rootFolder(this.view()), textOf(m, 'inventoryPath') ?? '');
        return response(m.name, found ? moRefEl('returnval', found) : undefined);
      },
      ...Object.fromEntries(GUEST_OPERATIONS_METHODS.map((name) => [name, (c: Call) => this.guestOperation(c)])),
    };
  }

  /** Guest operations go to the guest of the VM named by the call (only vCenter relays them here). */
  private guestOperation({ m, version }: Call): CallResult {
    if (!this.guestOps) throw fault('NotSupported', `${m.name} is not supported by this endpoint`);
    return this.guestOps.call(m, version);
  }

  private thisRef(method: XmlNode): Val {
    const t = child(method, '_this');
    return t?.moType ? mo(t.moType, t.text.trim()) : undefined;
  }

  private thisId(m: XmlNode): string {
    return moRefOf(child(m, '_this'), '_this').value;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The model as this endpoint shows it (all of vCenter, or one ESXi host). */
  private view(): ReturnType<LabVSphereModel['snapshot']> {
    return this.profile.view(this.model.snapshot());
  }

  /** Methods the endpoint lacks, and objects outside a host endpoint's view, fail as the real server fails them. */
  private assertOffered(method: XmlNode): void {
    const self = this.thisRef(method);
    if (this.profile.notSupported.has(method.name)) throw fault('NotSupported', 'The operation is not supported on the object.');
    if (!this.profile.scoped || !self || typeof self !== 'object' || self.kind !== 'moref') return;
    if ((self.type === 'VirtualMachine' || self.type === 'VirtualMachineSnapshot') && !this.inventory().has(`${self.type}:${self.value}`)) {
      throw fault(
        'ManagedObjectNotFound',
        `The object '${self.type}:${self.value}' has already been deleted or has not been completely created`,
        { obj: self },
      );
    }
  }

  private inventory(): Inventory {
    if (!this.invCache || this.invCache.revision !== this.model.revision) {
      this.invCache = { revision: this.model.revision, objects: this.profile.inventory(this.view()) };
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
        return {
          container: v.container,
          type: arr('xsd:string', v.types),
          recursive: v.recursive,
          view: arr('ManagedObjectReference', viewContents(inv, v)),
        };
      }
      if (ref.type === 'SessionManager' && ref.value === this.profile.sessionManager) {
        return { currentSession: session ? this.userSession(session) : undefined };
      }
      if (ref.type === 'GuestOperationsManager' && this.guestOps) return this.guestOps.managerProperties();
      if (ref.type === 'ServiceInstance' && ref.value === 'ServiceInstance')
        return { content: this.profile.serviceContent(this.view()), serverClock: new Date().toISOString() };
      return inv.get(`${ref.type}:${ref.value}`)?.props;
    };
  }

  private userSession(s: Session): DataV {
    return data('UserSession', {
      key: s.key,
      userName: s.userName,
      fullName: s.userName,
      loginTime: s.loginTime,
      lastActiveTime: new Date().toISOString(),
      locale: 'en',
      messageLocale: 'en',
      extensionSession: false,
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      callCount: 0,
    });
  }

  private collector(session: Session, id: string): Collector {
    let c = session.collectors.get(id);
    if (!c && id === this.profile.propertyCollector) {
      c = { filters: new Map(), reported: new Map(), version: 0 };
      session.collectors.set(id, c);
    }
    if (!c) throw fault('ManagedObjectNotFound', `property collector ${id} does not exist`, { obj: mo('PropertyCollector', id) });
    return c;
  }

  private retrieve({ m, session, version }: Call): CallResult {
    const contents = evaluate(children(m, 'specSet').map(parseFilterSpec), this.resolver(session), version);
    if (m.name === 'RetrieveProperties') {
      return response(
        m.name,
        contents
          .map((c) =>
            objectContentXml(c, version)
              .replace(/^<objects>/, '<returnval>')
              .replace(/<\/objects>$/, '</returnval>'),
          )
          .join(''),
      );
    }
    const max = num(child(m, 'options'), 'maxObjects') ?? PAGE_DEFAULT;
    return response(m.name, this.page(contents, max > 0 ? max : PAGE_DEFAULT, session, version));
  }

  private page(contents: ObjectContent[], max: number, session: Session, version: string | undefined): string | undefined {
    if (contents.length === 0) return undefined;
    const rest = contents.slice(max);
    let token: string | undefined;
    if (rest.length > 0) {
      token = randomUUID();
      session.pages.set(token, rest);
    }
    return el('returnval', [...(token ? [el('token', token)] : []), ...contents.slice(0, max).map((c) => objectContentXml(c, version))]);
  }

  private continueRetrieve({ m, session, version }: Call): CallResult {
    const token = textOf(m, 'token') ?? '';
    const rest = session.pages.get(token);
    if (!rest) throw fault('InvalidArgument', `A specified parameter was not correct: token`, { invalidProperty: 'token' });
    session.pages.delete(token);
    return response(m.name, this.page(rest, PAGE_DEFAULT, session, version) ?? el('returnval', []));
  }

  /** One round of WaitForUpdatesEx: what changed since the collector last reported, per filter. */
  private updates(c: Collector, session: Session, version: string | undefined): { filterSets: string[]; next: Map<string, Reported> } {
    const resolve = this.resolver(session);
    const filterSets: string[] = [];
    const next = new Map<string, Reported>();
    for (const [id, spec] of c.filters) {
      let now: Reported;
      try {
        now = reportedState(evaluate([spec], resolve, version), version);
      } catch (e) {
        // The filter's root object went away: report its objects as leaving.
        if (e instanceof SoapFault && e.fault.type === 'ManagedObjectNotFound') now = new Map();
        else throw e;
      }
      next.set(id, now);
      const diff = diffXml(c.reported.get(id) ?? new Map(), now, version);
      if (diff) filterSets.push(el('filterSet', [el('filter', id, { type: 'PropertyFilter' }), diff]));
    }
    return { filterSets, next };
  }

  /** Answers the changes since `version` (all of them without one), waiting up to `waitMs` for some. */
  private async waitForUpdates({ m, session, version, ctx }: Call, waitMs: number): Promise<CallResult> {
    const c = this.collector(session, this.thisId(m));
    if ((textOf(m, 'version') ?? '') === '') c.reported.clear();
    const deadline = Date.now() + waitMs;
    let aborted = false;
    void ctx.aborted.then(() => {
      aborted = true;
      this.notify();
    });
    for (;;) {
      const { filterSets, next } = this.updates(c, session, version);
      if (filterSets.length > 0) {
        c.version += 1;
        for (const [id, r] of next) c.reported.set(id, r);
        return response(m.name, el('returnval', [el('version', String(c.version)), ...filterSets]));
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || aborted || this.closed) return response(m.name);
      await this.changeOrTimeout(Math.min(remaining, MAX_WAIT_SECONDS * 1000));
    }
  }

  private changeOrTimeout(ms: number): Promise<void> {
    return new Promise<void>((resolveWait) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolveWait();
      };
      const timer = setTimeout(done, ms);
      timer.unref(); // a pending long poll must not keep the lab process alive
      this.waiters.add(done);
    });
  }
}
