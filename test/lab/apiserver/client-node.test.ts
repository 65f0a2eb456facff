/** @kubernetes/client-node 1.x against the lab: typed APIs, the generic object API, errors and Watch resume. */
import { loadClientNode, type ClientNode } from '../../../lib/k8s/client-node';
import { useLab } from '../../support/lab';
import { mapSpec, migrationSpec, planSpec, vmSpec } from './valid-specs';

type K8s = typeof ClientNode;
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; generation?: number; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}
const G = { group: 'forklift.konveyor.io', version: 'v1beta1', plural: 'plans' };

async function errorCode(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: number; statusCode?: number }).code ?? (e as { statusCode?: number }).statusCode ?? -1;
  }
  return 0;
}

describe('@kubernetes/client-node against the lab', () => {
  const lab = useLab({ components: false, extraArgs: ['--bookmark-interval-ms', '200'] });
  let k8s: K8s;
  let kc: ClientNode.KubeConfig;
  const namespace = 'client-node';

  beforeAll(() => {
    k8s = loadClientNode();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(lab().kubeconfig);
  });

  it('CoreV1Api: namespaces, config maps, 404 and 409', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const names = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', namespace]));
    expect(await errorCode(core.readNamespace({ name: 'no-such-namespace' }))).toBe(404);
    const cm = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'cm1', labels: { a: '1' } }, data: { k: 'v' } },
    });
    expect(cm.metadata?.uid).toBeTruthy();
    expect(await errorCode(core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'cm1' } } }))).toBe(409);
    expect(await errorCode(core.createNamespacedConfigMap({ namespace: 'no-such-namespace', body: { metadata: { name: 'cm1' } } }))).toBe(
      404,
    );
    const listed = await core.listNamespacedConfigMap({ namespace, labelSelector: 'a=1' });
    expect(listed.items.map((c) => c.data?.k)).toEqual(['v']);
    await core.deleteNamespacedConfigMap({ namespace, name: 'cm1' });
    expect(await errorCode(core.readNamespacedConfigMap({ namespace, name: 'cm1' }))).toBe(404);
  });

  it('CustomObjectsApi: create, merge patch, status, stale update 409, 404', async () => {
    const co = kc.makeApiClient(k8s.CustomObjectsApi);
    const created = (await co.createNamespacedCustomObject({
      ...G,
      namespace,
      body: {
        apiVersion: 'forklift.konveyor.io/v1beta1',
        kind: 'Plan',
        metadata: { generateName: 'plan-' },
        spec: planSpec(namespace, { warm: false }),
      },
    })) as Obj;
    const name = created.metadata.name;
    expect(name).toMatch(/^plan-[a-z0-9]{5}$/);
    const patched = (await co.patchNamespacedCustomObject(
      { ...G, namespace, name, body: { spec: { warm: true } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )) as Obj;
    expect(patched.spec?.warm).toBe(true);
    expect(patched.metadata.generation).toBe(2);
    const status = (await co.patchNamespacedCustomObjectStatus(
      { ...G, namespace, name, body: { status: { observedGeneration: 2 }, spec: { warm: false } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )) as Obj;
    expect(status.status).toEqual({ observedGeneration: 2 });
    expect(status.spec?.warm).toBe(true);
    expect(status.metadata.generation).toBe(2);
    expect(
      await errorCode(
        co.replaceNamespacedCustomObject({ ...G, namespace, name, body: { ...created, spec: planSpec(namespace, { warm: false }) } }),
      ),
    ).toBe(409);
    const jsonPatched = (await co.patchNamespacedCustomObject({
      ...G,
      namespace,
      name,
      body: [{ op: 'replace', path: '/spec/warm', value: false }],
    })) as Obj;
    expect(jsonPatched.spec?.warm).toBe(false);
    expect(await errorCode(co.getNamespacedCustomObject({ ...G, namespace, name: 'missing' }))).toBe(404);
  });

  it('KubernetesObjectApi: create, read, patch (merge; strategic is 415 for custom resources as on a real cluster), list, delete', async () => {
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'vm1', namespace, labels: { app: 'x' } },
      spec: vmSpec(),
    };
    await api.create(spec);
    const read = (await api.read({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm1', namespace } })) as Obj;
    expect(read.spec?.runStrategy).toBe('Halted');
    const vmPatch = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'vm1', namespace },
      spec: { runStrategy: 'Always' },
    };
    expect(await errorCode(api.patch(vmPatch))).toBe(415);
    const patched = (await api.patch(vmPatch, undefined, undefined, undefined, undefined, k8s.PatchStrategy.MergePatch)) as Obj;
    expect(patched.spec?.runStrategy).toBe('Always');
    // Built-in kinds take the default strategic merge patch (list merged by key).
    await api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pod1', namespace },
      spec: {
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
      },
    });
    const pod = (await api.patch({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pod1', namespace },
      spec: { containers: [{ name: 'b', image: 'b:2' }] },
    })) as Obj;
    expect(pod.spec?.containers).toEqual([
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:2' },
    ]);
    const list = await api.list('kubevirt.io/v1', 'VirtualMachine', namespace, undefined, undefined, undefined, undefined, 'app=x');
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['vm1']);
    await api.delete({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm1', namespace } });
    expect(await errorCode(api.read({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm1', namespace } }))).toBe(
      404,
    );
  });

  it('makeInformer: list, then add/update/delete from the watch', async () => {
    const co = kc.makeApiClient(k8s.CustomObjectsApi);
    const path = `/apis/forklift.konveyor.io/v1beta1/namespaces/${namespace}/networkmaps`;
    const nm = { group: G.group, version: G.version, namespace, plural: 'networkmaps' };
    await co.createNamespacedCustomObject({
      ...nm,
      body: { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'NetworkMap', metadata: { name: 'before' }, spec: mapSpec(namespace) },
    });
    const informer = k8s.makeInformer(
      kc,
      path,
      () => co.listNamespacedCustomObject(nm) as Promise<ClientNode.KubernetesListObject<ClientNode.KubernetesObject>>,
    );
    const seen: string[] = [];
    const allSeen = new Promise<void>((resolve) => {
      const note = (what: string) => (o: ClientNode.KubernetesObject) => {
        seen.push(`${what} ${o.metadata?.name ?? ''}`);
        if (seen.includes('delete after')) resolve();
      };
      informer.on('add', note('add'));
      informer.on('update', note('update'));
      informer.on('delete', note('delete'));
    });
    await informer.start();
    try {
      expect(informer.list().map((o) => o.metadata?.name)).toEqual(['before']);
      await co.createNamespacedCustomObject({
        ...nm,
        body: { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'NetworkMap', metadata: { name: 'after' }, spec: mapSpec(namespace) },
      });
      await co.patchNamespacedCustomObject(
        { ...nm, name: 'after', body: { spec: { map: [{ source: { id: 'n1' }, destination: { type: 'pod' } }] } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await co.deleteNamespacedCustomObject({ ...nm, name: 'after' });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`informer saw ${JSON.stringify(seen)}`)), 10_000);
      });
      await Promise.race([allSeen, timeout]).finally(() => clearTimeout(timer));
      expect(seen).toEqual(['add before', 'add after', 'update after', 'delete after']);
    } finally {
      await informer.stop();
    }
  });

  it('Watch: events in order, resumed after server-side closes without loss or duplicates', async () => {
    const co = kc.makeApiClient(k8s.CustomObjectsApi);
    const watch = new k8s.Watch(kc);
    const path = `/apis/forklift.konveyor.io/v1beta1/namespaces/${namespace}/migrations`;
    const list = (await co.listNamespacedCustomObject({ group: G.group, version: G.version, namespace, plural: 'migrations' })) as {
      metadata: { resourceVersion: string };
    };
    let rv = list.metadata.resourceVersion;
    const seen: string[] = [];
    let bookmarks = 0;
    const create = (name: string): Promise<unknown> =>
      co.createNamespacedCustomObject({
        group: G.group,
        version: G.version,
        namespace,
        plural: 'migrations',
        body: { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'Migration', metadata: { name }, spec: migrationSpec(namespace) },
      });

    /** One watch connection from `rv`; resolves when the server closes it. Calls onEvent after each event. */
    const connect = (params: Record<string, string | number | boolean>, onEvent: (n: number) => void): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch did not end; seen ${JSON.stringify(seen)}`)), 15_000);
        void watch.watch(
          path,
          { resourceVersion: rv, allowWatchBookmarks: true, ...params },
          (type, obj: Obj) => {
            rv = obj.metadata.resourceVersion ?? rv;
            if (type === 'BOOKMARK') bookmarks++;
            else {
              seen.push(`${type} ${obj.metadata.name}`);
              onEvent(seen.length);
            }
          },
          (err: unknown) => {
            clearTimeout(timer);
            if (err) reject(err instanceof Error ? err : new Error(String(err)));
            else resolve();
          },
        );
      });

    // 1st connection: closed by timeoutSeconds. m1, m2 arrive on it; m3, m4 are made while disconnected.
    const first = connect({ timeoutSeconds: 1 }, () => undefined);
    await create('m1');
    await create('m2');
    await first;
    await create('m3');
    await create('m4');
    // 2nd connection: resumes from the last resourceVersion; the server drops it via /lab/watches.
    let closed = false;
    const second = connect({}, (n) => {
      if (n === 5 && !closed) {
        closed = true;
        void lab().request('DELETE', '/lab/watches');
      }
    });
    await create('m5');
    await second;
    expect(seen).toEqual(['ADDED m1', 'ADDED m2', 'ADDED m3', 'ADDED m4', 'ADDED m5']);
    expect(bookmarks).toBeGreaterThan(0);
  });
});
