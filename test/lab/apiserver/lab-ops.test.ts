/** The /lab admin endpoints: health, metrics with marks, and faults the API server applies itself. */
import { useLab } from '../../support/lab';

describe('lab admin endpoints', () => {
  const lab = useLab({ components: false, faults: ['cpu-mismatch'] });

  it('reports health', async () => {
    const res = await lab().request('GET', '/lab/healthz');
    expect(res.status).toBe(200);
  });

  it('counts requests by verb, resource and namespace, since start and since a mark', async () => {
    expect((await lab().request('POST', '/lab/metrics/marks/m1')).status).toBe(201);
    await lab().request('GET', '/api/v1/namespaces/default/configmaps');
    await lab().request('GET', '/api/v1/namespaces/default/configmaps');
    await lab().request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'c1' } } });
    await lab().request('GET', '/apis/forklift.konveyor.io/v1beta1/namespaces/default/plans/nope', {
      headers: { 'User-Agent': 'bench/1' },
    });
    const since = (await lab().request('GET', '/lab/metrics?since=m1')).json<{
      total: number;
      byVerb: Record<string, number>;
      entries: Array<{ verb: string; resource: string; namespace: string; count: number }>;
      byCode: Record<string, number>;
      byClient: Record<string, number>;
    }>();
    expect(since.total).toBe(4);
    expect(since.byVerb).toEqual({ list: 2, create: 1, get: 1 });
    expect(since.entries).toContainEqual({ verb: 'list', resource: 'configmaps', namespace: 'default', count: 2 });
    expect(since.entries).toContainEqual({ verb: 'get', resource: 'plans.forklift.konveyor.io', namespace: 'default', count: 1 });
    expect(since.byCode).toEqual({ '200': 2, '201': 1, '404': 1 });
    expect(since.byClient).toEqual({ '': 3, 'bench/1': 1 });
    const all = (await lab().request('GET', '/lab/metrics')).json<{ total: number }>();
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect((await lab().request('GET', '/lab/metrics?since=unknown')).status).toBe(404);
  });

  it('lists, sets, validates and clears faults', async () => {
    const list = (await lab().request('GET', '/lab/faults')).json<{ faults: Array<{ name: string; on: boolean }> }>();
    expect(list.faults.find((f) => f.name === 'cpu-mismatch')?.on).toBe(true);
    const unknown = await lab().request('PUT', '/lab/faults/no-such-fault');
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ message: string }>().message).toContain('api-error-rate');
    expect((await lab().request('PUT', '/lab/faults/api-latency?value=abc')).status).toBe(400);
    expect((await lab().request('PUT', '/lab/faults/api-error-rate', { body: { value: 2 } })).status).toBe(400);
    expect((await lab().request('PUT', '/lab/faults/api-latency')).status).toBe(400);
    expect((await lab().request('DELETE', '/lab/faults/cpu-mismatch')).json<{ on: boolean }>().on).toBe(false);
  });

  it('applies api-error-rate, api-429-rate and api-latency to /api only', async () => {
    expect((await lab().request('PUT', '/lab/faults/api-error-rate?value=1')).status).toBe(200);
    const failed = await lab().request('GET', '/api/v1/namespaces');
    expect(failed.status).toBe(500);
    expect(failed.json()).toMatchObject({ kind: 'Status', reason: 'InternalError' });
    expect((await lab().request('GET', '/lab/healthz')).status).toBe(200);
    await lab().request('DELETE', '/lab/faults/api-error-rate');

    await lab().request('POST', '/lab/faults/api-429-rate', { body: '1', contentType: 'text/plain' });
    const limited = await lab().request('GET', '/api/v1/namespaces');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    await lab().request('DELETE', '/lab/faults/api-429-rate');

    await lab().request('PUT', '/lab/faults/api-latency?value=2000');
    const t0 = Date.now();
    const order: string[] = [];
    const delayed = lab()
      .request('GET', '/api/v1/namespaces')
      .then((r) => (order.push('api'), r));
    expect((await lab().request('GET', '/lab/healthz')).status).toBe(200);
    order.push('lab');
    expect((await delayed).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1990);
    // /lab is not delayed: it answers while the /api request sent before it still waits.
    expect(order).toEqual(['lab', 'api']);
    await lab().request('DELETE', '/lab/faults');
    expect((await lab().request('GET', '/lab/faults')).json<{ faults: Array<{ on: boolean }> }>().faults.every((f) => !f.on)).toBe(true);
  });
});
