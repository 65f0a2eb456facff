/** CRUD semantics over HTTP that kubectl and client-node tests do not pin down on their own. */
import { useLab, watchUntil } from '../../support/lab';
import { mapSpec } from './valid-specs';

interface Obj {
  metadata: { name: string; resourceVersion: string; generation?: number; deletionTimestamp?: string; finalizers?: string[] };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}
interface List {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Obj[];
}

describe('CRUD over HTTP', () => {
  const lab = useLab({ components: false });
  const ns = 'crud';
  const maps = `/apis/forklift.konveyor.io/v1beta1/namespaces/${ns}/storagemaps`;
  const body = (name: string, labels: Record<string, string> = {}) => ({
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'StorageMap',
    metadata: { name, labels },
    spec: mapSpec(ns),
  });

  beforeAll(async () => {
    expect((await lab().request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } })).status).toBe(201);
  });

  it('pages a list with limit and continue, in name order', async () => {
    for (const n of ['e', 'c', 'a', 'd', 'b'])
      expect((await lab().request('POST', maps, { body: body(`m-${n}`, { page: 'yes' }) })).status).toBe(201);
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = (
        await lab().request('GET', `${maps}?labelSelector=page%3Dyes&limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`)
      ).json<List>();
      seen.push(...res.items.map((i) => i.metadata.name));
      token = res.metadata.continue;
      if (!token) break;
      expect(res.metadata.remainingItemCount).toBe(5 - seen.length);
    }
    expect(seen).toEqual(['m-a', 'm-b', 'm-c', 'm-d', 'm-e']);
  });

  it('keeps spec and status apart: status writes ignore spec, main writes ignore status', async () => {
    const ready = { type: 'Ready', status: 'True', category: 'Required', lastTransitionTime: '2026-01-01T00:00:00Z' };
    const created = (await lab().request('POST', maps, { body: { ...body('sub'), status: { observedGeneration: 7 } } })).json<Obj>();
    expect(created.status).toBeUndefined();
    const st = (
      await lab().request('PUT', `${maps}/sub/status`, {
        body: {
          ...created,
          spec: mapSpec(ns, [{ source: { id: 'changed' }, destination: { storageClass: 'x' } }]),
          status: { conditions: [ready] },
        },
      })
    ).json<Obj>();
    expect(st.spec).toEqual(mapSpec(ns));
    expect(st.metadata.generation).toBe(1);
    const main = (
      await lab().request('PUT', `${maps}/sub`, {
        body: { ...st, spec: mapSpec(ns, [{ source: { id: 'ds-1' }, destination: { storageClass: 'nfs' } }]), status: { conditions: [] } },
      })
    ).json<Obj>();
    expect(main.metadata.generation).toBe(2);
    expect(main.status).toEqual({ conditions: [ready] });
    expect((await lab().request('GET', `${maps}/sub/status`)).json<Obj>().metadata.name).toBe('sub');
  });

  it('accepts YAML bodies and generateName', async () => {
    const yaml =
      'apiVersion: forklift.konveyor.io/v1beta1\nkind: StorageMap\nmetadata:\n  generateName: gen-\nspec:\n  map: []\n  provider:\n    source: {name: vsphere}\n    destination: {name: host}\n';
    const res = await lab().request('POST', maps, { body: yaml, contentType: 'application/yaml' });
    expect(res.status).toBe(201);
    expect(res.json<Obj>().metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('deletes with finalizers in two steps, and deletes collections by label', async () => {
    await lab().request('POST', maps, { body: { ...body('held'), metadata: { name: 'held', finalizers: ['lab.test/hold'] } } });
    const marked = await lab().request('DELETE', `${maps}/held`, { body: { propagationPolicy: 'Background' } });
    expect(marked.status).toBe(200);
    expect(marked.json<Obj>().metadata.deletionTimestamp).toBeTruthy();
    const released = await lab().request('PATCH', `${maps}/held`, {
      contentType: 'application/json-patch+json',
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    expect(released.status).toBe(200);
    expect((await lab().request('GET', `${maps}/held`)).status).toBe(404);
    expect((await lab().request('DELETE', `${maps}/held`)).status).toBe(404);

    const gone = (await lab().request('DELETE', `${maps}?labelSelector=page%3Dyes`)).json<List>();
    expect(gone.items).toHaveLength(5);
    expect((await lab().request('GET', `${maps}?labelSelector=page%3Dyes`)).json<List>().items).toEqual([]);
  });

  it('folds Secret stringData into data over HTTP', async () => {
    const res = await lab().request('POST', `/api/v1/namespaces/${ns}/secrets`, {
      body: { metadata: { name: 's' }, stringData: { user: 'admin' } },
    });
    expect(res.json<{ data: Record<string, string>; type: string }>()).toMatchObject({ data: { user: 'YWRtaW4=' }, type: 'Opaque' });
  });

  it('deletes a namespace: Terminating first, then content, then the namespace', async () => {
    const rv = (await lab().request('GET', `/api/v1/namespaces/${ns}`)).json<Obj>().metadata.resourceVersion;
    const deleted = watchUntil(
      lab(),
      `/api/v1/namespaces?watch=true&fieldSelector=metadata.name%3D${ns}&resourceVersion=${rv}`,
      (e) => e.type === 'DELETED',
    );
    const res = (await lab().request('DELETE', `/api/v1/namespaces/${ns}`)).json<{ status: { phase: string } }>();
    expect(res.status.phase).toBe('Terminating');
    await deleted;
    expect((await lab().request('GET', `/api/v1/namespaces/${ns}`)).status).toBe(404);
    expect((await lab().request('GET', `/api/v1/namespaces/${ns}/secrets`)).json<List>().items).toEqual([]);
  });
});
