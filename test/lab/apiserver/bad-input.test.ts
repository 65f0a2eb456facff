/** Bad input gets the Kubernetes error it deserves and never takes the API server down. */
import https from 'node:https';
import { useLab } from '../../support/lab';
// The go-template package's seeded PRNG: one implementation for every replayable fuzz in the repo.
import { mulberry32 } from '../../../packages/go-template/test/prng';
import { planSpec } from './valid-specs';

describe('bad input', () => {
  const lab = useLab({ components: false });
  const plans = '/apis/forklift.konveyor.io/v1beta1/namespaces/default/plans';
  const plan = (name: string): object => ({
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Plan',
    metadata: { name },
    spec: planSpec('default', { warm: false }),
  });

  it('malformed JSON is 400 BadRequest', async () => {
    const res = await lab().request('POST', plans, { body: '{"metadata": {"name": "x"', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('an unknown resource is 404 NotFound', async () => {
    for (const p of [
      '/apis/forklift.konveyor.io/v1beta1/namespaces/default/widgets',
      '/apis/no.such.group/v1/things',
      '/api/v2/pods',
      '/nothing-here',
    ]) {
      const res = await lab().request('GET', p);
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    }
  });

  it('a missing name is 422 Invalid', async () => {
    const res = await lab().request('POST', plans, {
      body: { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'Plan', metadata: {}, spec: {} },
    });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ reason: 'Invalid', code: 422, details: { causes: [{ field: 'metadata.name' }] } });
  });

  it('a stale resourceVersion is 409 Conflict; a duplicate name is 409 AlreadyExists', async () => {
    const created = (await lab().request('POST', plans, { body: plan('stale') })).json<{ metadata: { resourceVersion: string } }>();
    expect(
      (await lab().request('PATCH', `${plans}/stale`, { contentType: 'application/merge-patch+json', body: { spec: { warm: true } } }))
        .status,
    ).toBe(200);
    const res = await lab().request('PUT', `${plans}/stale`, {
      body: { ...plan('stale'), metadata: { name: 'stale', resourceVersion: created.metadata.resourceVersion } },
    });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ reason: 'Conflict', code: 409 });
    const dup = await lab().request('POST', plans, { body: plan('stale') });
    expect(dup.json()).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  });

  it('a wrong content type is 415 UnsupportedMediaType', async () => {
    expect((await lab().request('POST', plans, { body: 'name=x', contentType: 'application/x-www-form-urlencoded' })).json()).toMatchObject(
      { reason: 'UnsupportedMediaType', code: 415 },
    );
    expect((await lab().request('PATCH', `${plans}/stale`, { body: { spec: {} }, contentType: 'application/json' })).status).toBe(415);
    expect((await lab().request('PATCH', `${plans}/stale`, { body: 'spec: {}', contentType: 'application/apply-patch+yaml' })).status).toBe(
      415,
    );
  });

  it('other refusals: namespace missing, mismatched names, bad selectors, bad methods, oversized or deep bodies', async () => {
    expect(
      (await lab().request('POST', '/apis/forklift.konveyor.io/v1beta1/namespaces/nope/plans', { body: plan('x') })).json(),
    ).toMatchObject({ reason: 'NotFound', details: { kind: 'namespaces', name: 'nope' } });
    expect((await lab().request('PUT', `${plans}/stale`, { body: plan('other') })).status).toBe(400);
    expect((await lab().request('GET', `${plans}?labelSelector=${encodeURIComponent('a in (b')}`)).status).toBe(400);
    expect((await lab().request('GET', `${plans}?fieldSelector=spec.warm%3Dtrue`)).status).toBe(400);
    expect((await lab().request('GET', `${plans}?limit=-1`)).status).toBe(400);
    expect((await lab().request('GET', `${plans}?limit=1&continue=garbage`)).status).toBe(400);
    expect((await lab().request('POST', `${plans}/stale`, { body: plan('stale') })).json()).toMatchObject({
      reason: 'MethodNotAllowed',
      code: 405,
    });
    expect(
      (await lab().request('POST', plans, { body: Buffer.alloc(4 * 1024 * 1024, 0x20), contentType: 'application/json' })).status,
    ).toBe(413);
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect((await lab().request('POST', plans, { body: `{"metadata":{"name":"deep"},"spec":${deep}}` })).status).toBe(400);
    expect((await lab().request('POST', plans, { body: { ...plan('kind'), kind: 'Provider' } })).status).toBe(400);
    expect((await lab().request('POST', plans, { body: '[1,2,3]' })).status).toBe(400);
    expect(
      (
        await lab().request('PATCH', `${plans}/stale`, {
          contentType: 'application/json-patch+json',
          body: [{ op: 'remove', path: '/spec/nothing' }],
        })
      ).status,
    ).toBe(422);
  });

  it('survives several hundred random malformed requests (seeded), then serves a normal one', async () => {
    const seed = 20261123;
    const rnd = mulberry32(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const segs = [
      'api',
      'apis',
      'v1',
      'v1beta1',
      'namespaces',
      'default',
      'plans',
      'pods',
      'forklift.konveyor.io',
      'status',
      '%zz',
      '..',
      '',
      'x'.repeat(300),
      '~',
      'lab',
      'faults',
      'metrics',
      'oauth',
      'authorize',
      'openapi',
      '%00',
      'ünï',
    ];
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'BREW'];
    const types = [
      'application/json',
      'application/merge-patch+json',
      'application/json-patch+json',
      'application/strategic-merge-patch+json',
      'application/yaml',
      'text/plain',
      '',
      'application/json; charset=utf-8',
      ';;;',
    ];
    const bodies = (): string | Buffer => {
      switch (Math.floor(rnd() * 8)) {
        case 0:
          return Buffer.from(Array.from({ length: Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256)));
        case 1:
          return '{"metadata":{"name":';
        case 2:
          return JSON.stringify([
            { op: pick(['add', 'remove', 'move', 'bogus']), path: pick(['/spec', '/metadata/name', 'x', '/a/b/c', '']), from: '/x' },
          ]);
        case 3:
          return JSON.stringify({
            apiVersion: pick(['v1', 'x/y', 7]),
            kind: pick(['Plan', 'Pod', null]),
            metadata: pick([
              { name: 'fz' },
              { generateName: 'fz-' },
              { name: 'Bad Name!' },
              'str',
              { name: 'fz', labels: { 'bad key!': 'v' } },
              { name: 'fz', finalizers: 'x' },
            ]),
            spec: rnd() < 0.5 ? null : { a: [1, { b: 2 }] },
          });
        case 4:
          return ': - : [';
        case 5:
          return 'null';
        case 6:
          return '"just a string"';
        default:
          return '';
      }
    };
    const queries = [
      '',
      '?labelSelector=%28%28',
      '?fieldSelector=%3D%3D',
      '?limit=abc',
      '?continue=%%%',
      '?propagationPolicy=Sideways',
      '?resourceVersion=-5',
      '?dryRun=All',
      '?labelSelector=a%20notin%20()',
      '?limit=1',
    ];
    const tokens = [lab().adminToken, lab().adminToken, lab().adminToken, 'garbage', ''];

    const send = (method: string, path: string, body: string | Buffer, type: string, token: string): Promise<number> =>
      new Promise((resolve) => {
        const headers: Record<string, string> = { 'Content-Length': String(Buffer.byteLength(body)) };
        if (type) headers['Content-Type'] = type;
        if (token) headers.Authorization = `Bearer ${token}`;
        const req = https.request(new URL(lab().url), { method, path, headers, ca: lab().caPem, timeout: 5000 }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(-1));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(-1));
        req.end(body);
      });

    const codes = new Map<number, number>();
    const serverErrors: string[] = [];
    const total = 400;
    for (let batch = 0; batch < total / 20; batch++) {
      const reqs = Array.from({ length: 20 }, () => {
        const depth = 1 + Math.floor(rnd() * 7);
        const path = '/' + Array.from({ length: depth }, () => pick(segs)).join('/') + pick(queries);
        return { method: pick(methods), path, body: bodies(), type: pick(types), token: pick(tokens) };
      });
      const results = await Promise.all(reqs.map((r) => send(r.method, r.path, r.body, r.type, r.token)));
      results.forEach((code, i) => {
        codes.set(code, (codes.get(code) ?? 0) + 1);
        const r = reqs[i];
        if ((code >= 500 || code < 0) && r) serverErrors.push(`${code} ${r.method} ${r.path} (${r.type})`);
      });
    }
    expect(serverErrors).toEqual([]);
    expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(total);
    const ok = await lab().request('GET', '/api/v1/namespaces/default');
    expect(ok.status).toBe(200);
    expect((await lab().request('POST', plans, { body: plan('after-fuzz') })).status).toBe(201);
  });
});
