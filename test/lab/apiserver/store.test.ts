import { MemoryStore, type HistoryEntry } from '../../../lab/apiserver/store';
import type { KubeObject, ResourceType, StoreEvent } from '../../../lab/apiserver/contract';
import { ApiError } from '../../../lab/apiserver/errors';
import { CrdSchemas } from '../../../lab/apiserver/crd/schemas';

function rt(store: MemoryStore, group: string, plural: string): ResourceType {
  const r = store.resourceType(group, plural);
  if (!r) throw new Error(`no ${plural}`);
  return r;
}
const flush = (): Promise<void> => new Promise((r) => setImmediate(() => setImmediate(() => setImmediate(r))));

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return `${e.code} ${e.reason}`;
    throw e;
  }
  return 'ok';
}

describe('MemoryStore', () => {
  let store: MemoryStore;
  let NS: ResourceType, CM: ResourceType, PLAN: ResourceType, POD: ResourceType;
  beforeEach(() => {
    // Store machinery only: schema admission has its own tests (crd-schemas.test.ts).
    store = new MemoryStore({ historyLimit: 20, schemas: CrdSchemas.none() });
    NS = rt(store, '', 'namespaces');
    CM = rt(store, '', 'configmaps');
    POD = rt(store, '', 'pods');
    PLAN = rt(store, 'forklift.konveyor.io', 'plans');
    store.create(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  });
  afterEach(() => store.close());

  const plan = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Plan',
    metadata: { name, namespace: 'a' },
    spec: { warm: false },
    ...extra,
  });

  it('assigns identity on create and generates names', () => {
    const p = store.create(PLAN, plan('p1'));
    expect(p.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.metadata.generation).toBe(1);
    expect(p.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(p.metadata.resourceVersion)).toBe(store.currentResourceVersion());
    const g = store.create(PLAN, { ...plan(''), metadata: { generateName: 'gen-', namespace: 'a' } });
    expect(g.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(code(() => store.create(PLAN, plan('p1')))).toBe('409 AlreadyExists');
    expect(code(() => store.create(PLAN, { ...plan(''), metadata: { namespace: 'a' } }))).toBe('422 Invalid');
    expect(code(() => store.create(PLAN, plan('Bad_Name')))).toBe('422 Invalid');
    expect(code(() => store.create(PLAN, { ...plan('lk'), metadata: { name: 'lk', namespace: 'a', labels: { 'bad key!': 'v' } } }))).toBe(
      '422 Invalid',
    );
    expect(code(() => store.create(PLAN, { ...plan('lv'), metadata: { name: 'lv', namespace: 'a', labels: { k: 'bad value!' } } }))).toBe(
      '422 Invalid',
    );
    expect(
      store.create(PLAN, { ...plan('lok'), metadata: { name: 'lok', namespace: 'a', labels: { 'forklift.konveyor.io/plan': 'x_1.y-2' } } })
        .metadata.labels,
    ).toEqual({ 'forklift.konveyor.io/plan': 'x_1.y-2' });
    expect(code(() => store.create(PLAN, { ...plan('x'), metadata: { name: 'x', namespace: 'nope' } }))).toBe('404 NotFound');
  });

  it('a dry-run create runs naming and validation, answers the object, and stores nothing (kubectl apply --dry-run=server)', async () => {
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    const rv = store.currentResourceVersion();
    const answered = store.create(
      CM,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'dry-', namespace: 'a' } },
      { dryRun: true },
    );
    expect(answered.metadata.name).toMatch(/^dry-/);
    expect(answered.metadata.uid).toBeTruthy();
    expect(answered.metadata.resourceVersion).toBeUndefined();
    await flush();
    expect({ stored: store.get(CM, 'a', answered.metadata.name!), rv: store.currentResourceVersion(), events }).toEqual({
      stored: undefined,
      rv,
      events: [],
    });
    expect(
      code(() => store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'nope' } }, { dryRun: true })),
    ).toBe('404 NotFound');
    expect(
      code(() =>
        store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'a' } }, { dryRun: true }),
      ),
    ).toBe('422 Invalid');
  });

  it('bumps generation on spec changes only and checks resourceVersion', () => {
    const p = store.create(PLAN, plan('p1'));
    const s = store.updateStatus(PLAN, { ...p, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(s.metadata.generation).toBe(1);
    expect(Number(s.metadata.resourceVersion)).toBeGreaterThan(Number(p.metadata.resourceVersion));
    const u = store.update(PLAN, { ...s, spec: { warm: true }, status: { ignored: true } });
    expect(u.metadata.generation).toBe(2);
    expect(u.status).toEqual({ conditions: [{ type: 'Ready', status: 'True' }] });
    const l = store.update(PLAN, { ...u, metadata: { ...u.metadata, labels: { x: 'y' } } });
    expect(l.metadata.generation).toBe(2);
    expect(code(() => store.update(PLAN, p))).toBe('409 Conflict');
    const same = store.update(PLAN, l);
    expect(same.metadata.resourceVersion).toBe(l.metadata.resourceVersion);
    const m = store.mutate(PLAN, 'a', 'p1', (o) => {
      (o.spec as { warm: boolean }).warm = false;
    });
    expect(m?.metadata.generation).toBe(3);
    expect(store.mutate(PLAN, 'a', 'missing', () => undefined)).toBeUndefined();
  });

  it('lists with label and field selectors', () => {
    store.create(PLAN, plan('p1', { metadata: { name: 'p1', namespace: 'a', labels: { app: 'x', tier: '1' } } }));
    store.create(PLAN, plan('p2', { metadata: { name: 'p2', namespace: 'a', labels: { app: 'y' } } }));
    store.create(PLAN, plan('p3', { metadata: { name: 'p3', namespace: 'a' } }));
    const names = (sel: string, field?: string): string[] =>
      store.list(PLAN, 'a', { labelSelector: sel, ...(field ? { fieldSelector: field } : {}) }).map((o) => o.metadata.name ?? '');
    expect(names('app=x')).toEqual(['p1']);
    expect(names('app==x')).toEqual(['p1']);
    expect(names('app!=x')).toEqual(['p2', 'p3']);
    expect(names('app in (x,y)')).toEqual(['p1', 'p2']);
    expect(names('app notin (x)')).toEqual(['p2', 'p3']);
    expect(names('app')).toEqual(['p1', 'p2']);
    expect(names('!app')).toEqual(['p3']);
    expect(names('app,tier=1')).toEqual(['p1']);
    expect(names('', 'metadata.name=p2')).toEqual(['p2']);
    expect(names('', 'metadata.namespace=a,metadata.name!=p2')).toEqual(['p1', 'p3']);
    expect(code(() => names('app in (x'))).toBe('400 BadRequest');
    expect(code(() => names('', 'spec.warm=true'))).toBe('400 BadRequest');
  });

  it('honours finalizers before removing', async () => {
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a', finalizers: ['x/y'] } });
    const d = store.delete(CM, 'a', 'c');
    expect(d?.metadata.deletionTimestamp).toBeDefined();
    expect(
      code(() => store.update(CM, { ...(d as KubeObject), metadata: { ...(d as KubeObject).metadata, finalizers: ['x/y', 'new/one'] } })),
    ).toBe('422 Invalid');
    expect(store.get(CM, 'a', 'c')).toBeDefined();
    store.mutate(CM, 'a', 'c', (o) => {
      o.metadata.finalizers = [];
    });
    expect(store.get(CM, 'a', 'c')).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(store.delete(CM, 'a', 'c')).toBeUndefined();
  });

  it('garbage-collects dependents once all owners are gone, and orphans on request', async () => {
    const owner = store.create(PLAN, plan('owner'));
    const other = store.create(PLAN, plan('other'));
    const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name ?? '', uid: o.metadata.uid ?? '' });
    store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'a', ownerReferences: [ref(owner)] } });
    store.create(CM, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'two', namespace: 'a', ownerReferences: [ref(owner), ref(other)] },
    });
    store.delete(PLAN, 'a', 'owner');
    await flush();
    expect(store.get(CM, 'a', 'one')).toBeUndefined();
    expect(store.get(CM, 'a', 'two')).toBeDefined();
    store.delete(PLAN, 'a', 'other', { propagationPolicy: 'Orphan' });
    await flush();
    expect(store.get(CM, 'a', 'two')?.metadata.ownerReferences).toEqual([ref(owner)]);
  });

  it('foreground deletion removes dependents first, then the owner', async () => {
    const owner = store.create(PLAN, plan('fg'));
    const ref = { apiVersion: owner.apiVersion, kind: owner.kind, name: 'fg', uid: owner.metadata.uid ?? '', blockOwnerDeletion: true };
    store.create(CM, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dep', namespace: 'a', ownerReferences: [ref], finalizers: ['hold'] },
    });
    const d = store.delete(PLAN, 'a', 'fg', { propagationPolicy: 'Foreground' });
    expect(d?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(d?.metadata.deletionTimestamp).toBeDefined();
    await flush();
    expect(store.get(CM, 'a', 'dep')?.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(PLAN, 'a', 'fg')).toBeDefined();
    store.mutate(CM, 'a', 'dep', (o) => {
      o.metadata.finalizers = [];
    });
    await flush();
    expect(store.get(CM, 'a', 'dep')).toBeUndefined();
    expect(store.get(PLAN, 'a', 'fg')).toBeUndefined();
    // Without dependents, foreground is immediate.
    store.create(PLAN, plan('alone'));
    store.delete(PLAN, 'a', 'alone', { propagationPolicy: 'Foreground' });
    expect(store.get(PLAN, 'a', 'alone')).toBeUndefined();
  });

  it('deletes a namespace after its content (Terminating first)', async () => {
    store.create(POD, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a', finalizers: ['hold'] } });
    store.create(PLAN, plan('p1'));
    const ns = store.delete(NS, undefined, 'a');
    expect((ns?.status as { phase: string }).phase).toBe('Terminating');
    expect(code(() => store.create(PLAN, plan('p9')))).toBe('403 Forbidden');
    await flush();
    expect(store.get(PLAN, 'a', 'p1')).toBeUndefined();
    expect(store.get(POD, 'a', 'p')?.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(NS, undefined, 'a')).toBeDefined();
    store.mutate(POD, 'a', 'p', (o) => {
      o.metadata.finalizers = [];
    });
    await flush();
    expect(store.get(NS, undefined, 'a')).toBeUndefined();
  });

  it('keeps a bounded history and reports expired resourceVersions', () => {
    const start = store.currentResourceVersion();
    for (let i = 0; i < 50; i++) store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'a' } });
    expect(store.eventsAfter(start)).toBe('expired');
    const recent = store.currentResourceVersion() - 5;
    const ev = store.eventsAfter(recent) as HistoryEntry[];
    expect(ev.map((e) => e.rv)).toEqual([recent + 1, recent + 2, recent + 3, recent + 4, recent + 5]);
  });

  it('delivers events in resourceVersion order even when a listener writes', () => {
    const seen: number[] = [];
    store.subscribe((e) => {
      if (e.type === 'ADDED' && e.object.metadata.name === 'first')
        store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second', namespace: 'a' } });
    });
    store.subscribe((e) => seen.push(Number(e.object.metadata.resourceVersion)));
    store.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first', namespace: 'a' } });
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen).toHaveLength(2);
  });
});

describe('MemoryStore defaulting of built-in kinds', () => {
  const store = new MemoryStore();
  afterAll(() => store.close());
  const r = (plural: string): ResourceType => rt(store, '', plural);
  beforeAll(() => {
    store.create(r('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } });
  });

  it('folds Secret stringData into base64 data, defaults the type, rejects non-base64 data', () => {
    const s = store.create(r('secrets'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'd' },
      data: { a: Buffer.from('x').toString('base64') },
      stringData: { user: 'admin' },
    });
    expect(s.data).toEqual({ a: 'eA==', user: 'YWRtaW4=' });
    expect(s.stringData).toBeUndefined();
    expect(s.type).toBe('Opaque');
    const u = store.update(r('secrets'), { ...s, stringData: { user: 'root' } });
    expect((u.data as Record<string, string>).user).toBe(Buffer.from('root').toString('base64'));
    expect(
      code(() =>
        store.create(r('secrets'), {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'bad', namespace: 'd' },
          data: { a: 'not base64!' },
        }),
      ),
    ).toBe('400 BadRequest');
    expect(
      code(() =>
        store.create(r('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad', namespace: 'd' }, data: { a: 1 } }),
      ),
    ).toBe('400 BadRequest');
  });

  it('starts pods and PVCs Pending', () => {
    const p = store.create(r('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, spec: { containers: [] } });
    expect(p.status).toEqual({ phase: 'Pending' });
    const c = store.create(r('persistentvolumeclaims'), {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c', namespace: 'd' },
      spec: {},
      status: { phase: 'Bound' },
    });
    expect(c.status).toEqual({ phase: 'Bound' });
  });
});
