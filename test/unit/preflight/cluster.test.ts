/**
 * The cluster half of the pre-flight against a tiny API server whose answers each test chooses:
 * how many requests it makes (three, in parallel: it runs on every start), the Forklift CRDs it
 * names when some are missing, and that a 429/5xx is retried rather than taken for bad input.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensureTls } from '../../../lab/certs';
import { ForkliftCrdsMissingError, MtvNamespaceNotFoundError, StorageClassNotFoundError } from '../../../exceptions/preflight';
import YAML from 'yaml';
import type { ClusterAccess } from '../../../lib/k8s/connect';
import { checkCluster } from '../../../lib/preflight/cluster';
import { checkClusterWith } from '../../../lib/preflight/cluster-checks';
import { directConnection } from '../../../lib/preflight/kubeconfig';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
const ALL = ['providers', 'storagemaps', 'networkmaps', 'plans', 'migrations', 'hooks'];
const discovery = (names: string[]): Answer => ({
  status: 200,
  body: { kind: 'APIResourceList', resources: names.map((name) => ({ name })) },
});
const classes = (names: string[]): Answer => ({ status: 200, body: { items: names.map((name) => ({ metadata: { name } })) } });

const state = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-unit-'));
const tls = ensureTls(state);
let server: https.Server;
let url: string;
let routes: Record<string, Answer[]>;
let seen: string[];
let inFlight = 0;
let maxInFlight = 0;
let holdUntil = 0;
let fallback: NodeJS.Timeout | undefined;
const held: Array<() => void> = [];

beforeAll(async () => {
  server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const queue = routes[req.url ?? ''] ?? [{ status: 404 }];
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    const reply = (): void => {
      inFlight -= 1;
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? { kind: 'Status', code: answer.status }));
    };
    if (holdUntil === 0) return reply();
    // Held until `holdUntil` requests are open at once (proof they were sent together), or 3 s.
    held.push(reply);
    const flush = (): void => {
      clearTimeout(fallback);
      fallback = undefined;
      for (const r of held.splice(0)) r();
    };
    fallback ??= setTimeout(flush, 3000);
    if (held.length >= holdUntil) flush();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(state, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
  maxInFlight = 0;
  holdUntil = 0;
  routes = {
    '/apis/forklift.konveyor.io/v1beta1': [discovery(ALL)],
    '/api/v1/namespaces/openshift-mtv': [{ status: 200, body: { kind: 'Namespace' } }],
    '/apis/storage.k8s.io/v1/storageclasses': [classes(['fast', 'slow'])],
  };
});

const check = (storageClass = 'fast') =>
  checkCluster({
    access: { kind: 'token', server: url, token: 'sha256~t', insecureSkipTlsVerify: false, caPem: tls.caCertPem },
    mtvNamespace: 'openshift-mtv',
    storageClass,
  });

test('a cluster with everything: three GETs, sent together, with the token', async () => {
  holdUntil = 3;
  await check();
  expect(seen.sort()).toEqual([
    'GET /api/v1/namespaces/openshift-mtv Bearer sha256~t',
    'GET /apis/forklift.konveyor.io/v1beta1 Bearer sha256~t',
    'GET /apis/storage.k8s.io/v1/storageclasses Bearer sha256~t',
  ]);
  expect(maxInFlight).toBe(3);
});

test('missing Forklift CRDs are named, kind by kind', async () => {
  routes['/apis/forklift.konveyor.io/v1beta1'] = [discovery(['providers', 'plans'])];
  const error = await check().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ForkliftCrdsMissingError);
  expect((error as Error).message).toBe(
    `the cluster at ${url} lacks the Forklift CRD(s) storagemaps.forklift.konveyor.io (StorageMap), networkmaps.forklift.konveyor.io (NetworkMap), migrations.forklift.konveyor.io (Migration): install or repair MTV (or name the right cluster)`,
  );
});

test('no MTV namespace; no such storage class (the classes that exist are listed)', async () => {
  await expect(check('nosuch')).rejects.toThrow(new StorageClassNotFoundError('nosuch', url, ['fast', 'slow']).message);
  routes['/api/v1/namespaces/openshift-mtv'] = [{ status: 404 }];
  await expect(check()).rejects.toBeInstanceOf(MtvNamespaceNotFoundError);
});

test('429 and 5xx are retried (Retry-After honoured), not taken for bad input', async () => {
  routes['/apis/storage.k8s.io/v1/storageclasses'] = [{ status: 429, headers: { 'Retry-After': '0' } }, { status: 503 }, classes(['fast'])];
  await check();
  expect(seen.filter((s) => s.includes('storageclasses'))).toHaveLength(3);
});

test('refused credentials are one line naming the keys to fix', async () => {
  routes['/apis/forklift.konveyor.io/v1beta1'] = [{ status: 401 }];
  await expect(check()).rejects.toThrow(/refused the credentials \(HTTP 401\): check cluster_token/);
});

describe('in-process connection (no child): the lab, a token, a plain kubeconfig', () => {
  const kubeconfig = (user: Record<string, unknown>, cluster: Record<string, unknown> = {}): ClusterAccess => ({
    kind: 'kubeconfig',
    yaml: YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'c', cluster: { server: url, 'certificate-authority-data': Buffer.from(tls.caCertPem).toString('base64'), ...cluster } },
      ],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  });

  test('a kubeconfig with a token and CA data runs the same three GETs in-process', async () => {
    const direct = directConnection(kubeconfig({ token: 'sha256~k' }));
    expect(direct?.server).toBe(url);
    await checkClusterWith(direct!, { mtvNamespace: 'openshift-mtv', storageClass: 'slow' });
    expect(seen.map((s) => s.split(' ').at(-1))).toEqual(['sha256~k', 'sha256~k', 'sha256~k']);
  });

  test('a token access; untrusted TLS is named as the cluster TLS problem', async () => {
    const noCa = directConnection({ kind: 'token', server: url, token: 't', insecureSkipTlsVerify: false });
    await expect(checkClusterWith(noCa!, { mtvNamespace: 'openshift-mtv', storageClass: 'fast' })).rejects.toThrow(
      /TLS verification of https:\/\/127\.0\.0\.1:\d+ failed .*insecure_verify_skip:true/,
    );
  });

  test('what only client-node can do goes to the child: password login, exec plugins, auth providers', () => {
    expect(directConnection({ kind: 'password', server: url, username: 'u', password: 'p', insecureSkipTlsVerify: false })).toBeUndefined();
    expect(directConnection(kubeconfig({ exec: { command: 'oc' } }))).toBeUndefined();
    expect(directConnection(kubeconfig({ 'auth-provider': { name: 'oidc' } }))).toBeUndefined();
    expect(directConnection(kubeconfig({}))).toBeUndefined();
  });
});
