/**
 * The lab's in-memory object store: one map per resource type, one global resourceVersion counter,
 * one ordered event stream (bounded history for watch resume), and the background work
 * kube-controller-manager would do for us (ownerReference garbage collection, namespace deletion).
 *
 * Objects held here are never mutated in place: each write stores a fresh copy, so history entries
 * can share them. Everything handed out (get/list/events to subscribers) is a copy.
 */
import type { KubeObject, ListOptions, ResourceType, Store, StoreEvent, WatchEventType } from './contract';
import { initialStatus, normalizeOnWrite } from './defaults';
import { validateMetadata } from './validation';
import { CrdSchemas } from './crd/schemas';
import { keepServerFields, setCreateFields } from './write-fields';
import { ApiError, errors } from './errors';
import { clone, deepEqual, nameProblem, nameRuleOf, nowTimestamp, randomSuffix } from './objects';
import { ResourceIndex } from './resource-types';
import { EventLog, type HistoryEntry } from './event-log';
import { BackgroundWork } from './background-work';

export type { HistoryEntry } from './event-log';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector, pinnedName } from './selectors';

export interface MemoryStoreOptions {
  index?: ResourceIndex;
  /** How many events watch resume can go back (older resourceVersions get 410 Gone). */
  historyLimit?: number;
  /** Custom resource schemas (default: the committed lab/crd-schemas/schemas.json). */
  schemas?: CrdSchemas;
  /** Told of fields pruned from a write that reached the store directly (the lab's own controllers). */
  onPruned?: (rt: ResourceType, name: string, fields: string[]) => void;
}

/**
 * An admission step on every create and spec update, after defaulting and before schema
 * validation, as a mutating-then-validating webhook runs: it may change `obj` or throw an ApiError.
 * `old` is the stored object on update.
 */
export type Admission = (rt: ResourceType, obj: KubeObject, old: KubeObject | undefined) => void;

type DeletePolicy = 'Background' | 'Foreground' | 'Orphan';
const FOREGROUND = 'foregroundDeletion';

function objKey(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}
function typeKey(rt: ResourceType): string {
  return `${rt.group}/${rt.plural}`;
}

export class MemoryStore implements Store {
  readonly index: ResourceIndex;
  readonly schemas: CrdSchemas;
  private readonly onPruned: MemoryStoreOptions['onPruned'];
  private readonly admissions: Admission[] = [];
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly byUid = new Map<string, { rt: ResourceType; ns: string | undefined; name: string }>();
  private rv = 0;
  private readonly events: EventLog;
  private readonly background = new BackgroundWork();

  constructor(opts: MemoryStoreOptions = {}) {
    this.index = opts.index ?? new ResourceIndex();
    this.schemas = opts.schemas ?? CrdSchemas.load();
    this.onPruned = opts.onPruned;
    this.events = new EventLog(opts.historyLimit ?? 10_000);
  }

  /** Registers an admission step (a component's webhooks); returns its removal. */
  addAdmission(admit: Admission): () => void {
    this.admissions.push(admit);
    return () => {
      const i = this.admissions.indexOf(admit);
      if (i >= 0) this.admissions.splice(i, 1);
    };
  }

  // ---- lookups -------------------------------------------------------------------------------

  resourceType(groupOrEmpty: string, plural: string): ResourceType | undefined {
    return this.index.byGroupPlural(groupOrEmpty, plural);
  }

  resourceTypeByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.index.byApiVersionKind(apiVersion, kind);
  }

  currentResourceVersion(): number {
    return this.rv;
  }

  private table(rt: ResourceType): Map<string, KubeObject> {
    const k = typeKey(rt);
    let t = this.objects.get(k);
    if (!t) {
      t = new Map();
      this.objects.set(k, t);
    }
    return t;
  }

  private nsOf(rt: ResourceType, namespace: string | undefined): string | undefined {
    return rt.namespaced ? namespace : undefined;
  }

  private raw(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.table(rt).get(objKey(this.nsOf(rt, namespace), name));
  }

  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return clone(this.raw(rt, namespace, name));
  }

  /** Like get but without copying; for read-only internal use (HTTP serialisation). */
  getRaw(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.raw(rt, namespace, name);
  }

  /** Like list but without copying; for read-only internal use (HTTP serialisation, watch). */
  listRaw(rt: ResourceType, namespace?: string, opts: ListOptions = {}): KubeObject[] {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, rt);
    const ns = this.nsOf(rt, namespace);
    const pinned = pinnedName(fields);
    let candidates: KubeObject[];
    if (pinned !== undefined && (ns !== undefined || !rt.namespaced)) {
      const o = this.table(rt).get(objKey(ns, pinned));
      candidates = o ? [o] : [];
    } else {
      candidates = [...this.table(rt).values()];
    }
    const out = candidates.filter(
      (o) => (ns === undefined || o.metadata.namespace === ns) && matchLabels(labels, o.metadata.labels) && matchFields(fields, o),
    );
    out.sort((a, b) =>
      objKey(a.metadata.namespace, a.metadata.name ?? '').localeCompare(objKey(b.metadata.namespace, b.metadata.name ?? '')),
    );
    return out;
  }

  list(rt: ResourceType, namespace?: string, opts: ListOptions = {}): KubeObject[] {
    return this.listRaw(rt, namespace, opts).map((o) => clone(o));
  }

  // ---- writes --------------------------------------------------------------------------------

  private nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  private namespaceType(): ResourceType {
    const rt = this.index.byGroupPlural('', 'namespaces');
    if (!rt) throw new Error('resource table has no core/v1 namespaces row');
    return rt;
  }

  private requireNamespace(rt: ResourceType, namespace: string | undefined, forCreate: boolean): void {
    if (!rt.namespaced) return;
    if (!namespace) throw errors.badRequest(`the ${rt.plural} resource is namespaced: a namespace is required`);
    const ns = this.raw(this.namespaceType(), undefined, namespace);
    if (!ns) throw errors.notFound('', 'namespaces', namespace);
    if (forCreate && ns.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `${rt.plural}${rt.group ? '.' + rt.group : ''} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { kind: rt.plural, group: rt.group },
      );
    }
  }

  /** metadata.name, or a free name from metadata.generateName. */
  private nameForCreate(rt: ResourceType, ns: string | undefined, md: KubeObject['metadata']): string {
    let name = typeof md.name === 'string' ? md.name : '';
    if (name) return name;
    if (typeof md.generateName !== 'string' || !md.generateName) {
      throw errors.invalid(rt.kind, rt.group, '', [
        { field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' },
      ]);
    }
    const prefix = md.generateName;
    for (let attempt = 0; attempt < 8 && (!name || this.table(rt).has(objKey(ns, name))); attempt++) name = prefix + randomSuffix();
    return name;
  }

  /**
   * Creates the object. With dryRun (kube-apiserver's `?dryRun=All`) every default, admission and
   * validation runs but nothing is stored, no resourceVersion is taken and no watcher hears of it.
   */
  create(rt: ResourceType, input: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    const obj = clone(input);
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    const md = obj.metadata;
    const ns = this.nsOf(rt, md.namespace);
    if (!rt.namespaced) delete md.namespace;
    this.requireNamespace(rt, ns, true);
    const name = this.nameForCreate(rt, ns, md);
    const problem = nameProblem(name, nameRuleOf(rt));
    if (problem)
      throw errors.invalid(rt.kind, rt.group, name, [
        { field: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: ${problem}` },
      ]);
    if (this.table(rt).has(objKey(ns, name))) throw errors.alreadyExists(rt.group, rt.plural, name);
    validateMetadata(rt, obj, name);
    setCreateFields(rt, obj, name, ns);
    normalizeOnWrite(rt, obj);
    initialStatus(rt, obj);
    this.prepare(rt, obj);
    for (const admit of this.admissions) admit(rt, obj, undefined);
    this.schemas.validate(rt, obj);
    if (opts.dryRun) return clone(obj);
    md.resourceVersion = this.nextRv();
    this.put(rt, obj);
    this.emit('ADDED', rt, obj);
    return clone(obj);
  }

  private put(rt: ResourceType, obj: KubeObject): void {
    const name = obj.metadata.name ?? '';
    this.table(rt).set(objKey(obj.metadata.namespace, name), obj);
    if (obj.metadata.uid) this.byUid.set(obj.metadata.uid, { rt, ns: obj.metadata.namespace, name });
  }

  private existing(rt: ResourceType, obj: KubeObject, namespaceHint?: string): KubeObject {
    const md = obj && typeof obj.metadata === 'object' && obj.metadata ? obj.metadata : undefined;
    const name = typeof md?.name === 'string' ? md.name : '';
    if (!name)
      throw errors.invalid(rt.kind, rt.group, '', [
        { field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name is required' },
      ]);
    const ns = this.nsOf(rt, md?.namespace ?? namespaceHint);
    const cur = this.raw(rt, ns, name);
    if (!cur) throw errors.notFound(rt.group, rt.plural, name);
    const wantRv = md?.resourceVersion;
    if (wantRv !== undefined && wantRv !== '' && String(wantRv) !== cur.metadata.resourceVersion)
      throw errors.conflict(rt.group, rt.plural, name);
    return cur;
  }

  update(rt: ResourceType, input: KubeObject): KubeObject {
    const cur = this.existing(rt, input);
    const name = cur.metadata.name ?? '';
    const obj = clone(input);
    validateMetadata(rt, obj, name);
    this.prepare(rt, obj);
    normalizeOnWrite(rt, obj);
    keepServerFields(rt, cur, obj);
    for (const admit of this.admissions) admit(rt, obj, cur);
    this.schemas.validate(rt, obj);
    if (deepEqual(obj, cur)) return clone(cur);
    return this.commitUpdate(rt, obj);
  }

  updateStatus(rt: ResourceType, input: KubeObject): KubeObject {
    const cur = this.existing(rt, input);
    const obj = clone(cur);
    if (input.status === undefined) delete obj.status;
    else obj.status = clone(input.status);
    this.prepare(rt, obj);
    this.schemas.validate(rt, obj);
    if (deepEqual(obj, cur)) return clone(cur);
    return this.commitUpdate(rt, obj);
  }

  /** Custom resource pruning and defaulting, which every writer goes through (validation follows). */
  private prepare(rt: ResourceType, obj: KubeObject): void {
    const dropped = this.schemas.prepare(rt, obj);
    if (dropped.length) this.onPruned?.(rt, obj.metadata.name ?? '', dropped);
  }

  private commitUpdate(rt: ResourceType, obj: KubeObject): KubeObject {
    obj.metadata.resourceVersion = this.nextRv();
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).length && !this.namespaceHeld(rt, obj)) {
      this.remove(rt, obj, 'Background');
      return clone(obj);
    }
    const previous = this.raw(rt, obj.metadata.namespace, obj.metadata.name ?? '');
    this.put(rt, obj);
    this.emit('MODIFIED', rt, obj, previous);
    return clone(obj);
  }

  /** A deleting namespace also waits for its spec.finalizers ("kubernetes": its content is gone). */
  private namespaceHeld(rt: ResourceType, obj: KubeObject): boolean {
    if (rt.plural !== 'namespaces' || rt.group !== '') return false;
    const spec = obj.spec as { finalizers?: unknown } | undefined;
    return Array.isArray(spec?.finalizers) && spec.finalizers.length > 0;
  }

  mutate(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    fn: (obj: KubeObject) => void,
    opts: { status?: boolean } = {},
  ): KubeObject | undefined {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = this.get(rt, namespace, name);
      if (!cur) return undefined;
      fn(cur);
      try {
        return opts.status ? this.updateStatus(rt, cur) : this.update(rt, cur);
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'Conflict') continue;
        if (e instanceof ApiError && e.reason === 'NotFound') return undefined;
        throw e;
      }
    }
    throw errors.conflict(rt.group, rt.plural, name, 'gave up after 5 conflicting read-modify-write attempts');
  }

  /**
   * Deletes an object. With finalizers (or a namespace with content) it only gets a
   * deletionTimestamp; otherwise it is removed and its dependents are garbage-collected in the
   * background. Foreground: an owner with dependents gets the foregroundDeletion finalizer, its
   * dependents are deleted (foreground too), and it goes once they are all gone. Returns the object
   * as it now is (the last state for a removed object), or undefined if there was no such object.
   */
  delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: { propagationPolicy?: DeletePolicy } = {},
  ): KubeObject | undefined {
    const cur = this.raw(rt, namespace, name);
    if (!cur) return undefined;
    const policy = opts.propagationPolicy ?? 'Background';
    if (policy === 'Orphan') this.orphanDependents(cur.metadata.uid ?? '');
    const isNamespace = rt.plural === 'namespaces' && rt.group === '';
    if (policy === 'Foreground' && !isNamespace && this.hasDependents(cur.metadata.uid ?? '')) return this.deleteForeground(rt, cur);
    if ((cur.metadata.finalizers ?? []).length || isNamespace) return this.markDeleting(rt, cur, isNamespace);
    const obj = clone(cur);
    obj.metadata.resourceVersion = this.nextRv();
    this.remove(rt, obj, policy);
    return clone(obj);
  }

  /** An owner with dependents: holds the foregroundDeletion finalizer until its dependents are gone. */
  private deleteForeground(rt: ResourceType, cur: KubeObject): KubeObject {
    const uid = cur.metadata.uid ?? '';
    let obj = cur;
    if (!(cur.metadata.finalizers ?? []).includes(FOREGROUND)) {
      obj = clone(cur);
      obj.metadata.finalizers = [...(cur.metadata.finalizers ?? []), FOREGROUND];
      obj.metadata.deletionTimestamp ??= nowTimestamp();
      obj.metadata.deletionGracePeriodSeconds = 0;
      obj.metadata.resourceVersion = this.nextRv();
      this.put(rt, obj);
      this.emit('MODIFIED', rt, obj, cur);
    }
    this.later(() => this.deleteDependents(uid, 'Foreground'));
    return clone(obj);
  }

  /** Finalizers (or a namespace's content) keep the object: it only gets a deletionTimestamp, once. */
  private markDeleting(rt: ResourceType, cur: KubeObject, isNamespace: boolean): KubeObject {
    if (cur.metadata.deletionTimestamp) return clone(cur);
    const obj = clone(cur);
    obj.metadata.deletionTimestamp = nowTimestamp();
    obj.metadata.deletionGracePeriodSeconds = 0;
    if (isNamespace) {
      const name = cur.metadata.name ?? '';
      obj.status = { ...(typeof obj.status === 'object' && obj.status ? obj.status : {}), phase: 'Terminating' };
      this.later(() => this.drainNamespace(name));
    }
    obj.metadata.resourceVersion = this.nextRv();
    this.put(rt, obj);
    this.emit('MODIFIED', rt, obj, cur);
    return clone(obj);
  }

  private remove(rt: ResourceType, obj: KubeObject, policy: DeletePolicy): void {
    const ns = obj.metadata.namespace;
    this.table(rt).delete(objKey(ns, obj.metadata.name ?? ''));
    const uid = obj.metadata.uid;
    if (uid) this.byUid.delete(uid);
    this.emit('DELETED', rt, obj);
    if (uid && policy !== 'Orphan') this.later(() => this.collectDependents(uid));
    for (const ref of obj.metadata.ownerReferences ?? []) this.later(() => this.releaseForegroundOwner(ref.uid));
    if (ns !== undefined) {
      const nsObj = this.raw(this.namespaceType(), undefined, ns);
      if (nsObj?.metadata.deletionTimestamp) this.later(() => this.finishNamespaceIfEmpty(ns));
    }
  }

  private *allObjects(): Generator<[ResourceType, KubeObject]> {
    for (const rt of this.index.all) for (const o of this.table(rt).values()) yield [rt, o];
  }

  private orphanDependents(uid: string): void {
    if (!uid) return;
    for (const [rt, o] of [...this.allObjects()]) {
      if (!(o.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) continue;
      this.mutate(rt, o.metadata.namespace, o.metadata.name ?? '', (x) => {
        x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (!x.metadata.ownerReferences.length) delete x.metadata.ownerReferences;
      });
    }
  }

  /** Garbage collector: a dependent goes once none of its owners exist any more. */
  private collectDependents(uid: string): void {
    for (const [rt, o] of [...this.allObjects()]) {
      const refs = o.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      if (refs.every((r) => !this.byUid.has(r.uid)))
        this.delete(rt, o.metadata.namespace, o.metadata.name ?? '', { propagationPolicy: 'Background' });
    }
  }

  private hasDependents(uid: string): boolean {
    if (!uid) return false;
    for (const [, o] of this.allObjects()) if ((o.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) return true;
    return false;
  }

  private deleteDependents(uid: string, policy: DeletePolicy): void {
    for (const [rt, o] of [...this.allObjects()]) {
      if ((o.metadata.ownerReferences ?? []).some((r) => r.uid === uid))
        this.delete(rt, o.metadata.namespace, o.metadata.name ?? '', { propagationPolicy: policy });
    }
    this.releaseForegroundOwner(uid);
  }

  /** A foreground-deleting owner loses its foregroundDeletion finalizer once no dependent is left. */
  private releaseForegroundOwner(uid: string): void {
    const loc = this.byUid.get(uid);
    if (!loc) return;
    const owner = this.raw(loc.rt, loc.ns, loc.name);
    if (!owner || !(owner.metadata.finalizers ?? []).includes(FOREGROUND) || this.hasDependents(uid)) return;
    const obj = clone(owner);
    obj.metadata.finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND);
    if (!obj.metadata.finalizers.length) delete obj.metadata.finalizers;
    this.commitUpdate(loc.rt, obj);
  }

  /** Namespace controller: delete everything in a terminating namespace, then the namespace. */
  private drainNamespace(ns: string): void {
    for (const rt of this.index.all) {
      if (!rt.namespaced) continue;
      for (const o of [...this.table(rt).values()]) if (o.metadata.namespace === ns) this.delete(rt, ns, o.metadata.name ?? '');
    }
    this.finishNamespaceIfEmpty(ns);
  }

  private finishNamespaceIfEmpty(ns: string): void {
    const nsRt = this.namespaceType();
    const nsObj = this.raw(nsRt, undefined, ns);
    if (!nsObj?.metadata.deletionTimestamp) return;
    for (const rt of this.index.all) {
      if (!rt.namespaced) continue;
      for (const o of this.table(rt).values()) if (o.metadata.namespace === ns) return;
    }
    const spec = (nsObj.spec ?? {}) as { finalizers?: string[] };
    if (!(spec.finalizers ?? []).length) return; // already finalized; metadata.finalizers hold it
    const obj = clone(nsObj);
    obj.spec = { ...spec, finalizers: [] };
    this.commitUpdate(nsRt, obj);
  }

  private later(fn: () => void): void {
    this.background.later(fn);
  }

  // ---- events --------------------------------------------------------------------------------

  private emit(type: WatchEventType, rt: ResourceType, obj: KubeObject, previous?: KubeObject): void {
    this.events.emit(type, rt, obj, previous);
  }

  /** Raw event feed (shared objects: do not mutate). Used by the watch endpoint. */
  subscribeRaw(listener: (e: HistoryEntry) => void): () => void {
    return this.events.subscribe(listener);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.subscribeRaw((e) => listener({ type: e.type, resource: e.resource, object: clone(e.object) }));
  }

  /** Events after resourceVersion `rv`, or 'expired' when history no longer reaches back that far. */
  eventsAfter(rv: number): HistoryEntry[] | 'expired' {
    return this.events.after(rv);
  }

  oldestResumableResourceVersion(): number {
    return this.events.oldestResumable();
  }

  /** Stops background work (GC, namespace cleanup) and drops listeners. */
  close(): void {
    this.background.close();
    this.events.clear();
  }
}
