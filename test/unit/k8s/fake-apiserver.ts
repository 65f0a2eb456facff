/**
 * A tiny in-memory Kubernetes API for the cluster-layer unit tests: plain HTTP on 127.0.0.1:0,
 * list (with metadata.name field selector), get, create (409 on duplicates), merge patch, delete,
 * and watch streams (with resourceVersion, 410 for versions older than `compactedBelow`). Tests
 * script failures through `failNext` and push changes with `put`/`remove`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { K8sClient } from '../../../lib/k8s/client';
import { connect } from '../../../lib/k8s/connect';
import { silentLog, type SuiteLog } from '../../../lib/k8s/log';
import type { RetryPolicy } from '../../../lib/k8s/rest';

export interface FakeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; [k: string]: unknown };
  [k: string]: unknown;
}

interface Watcher {
  collection: string;
  name?: string;
  res: http.ServerResponse;
}

export class FakeApiServer {
  private server = http.createServer((req, res) => this.handle(req, res));
  private objects = new Map<string, FakeObject>(); // key: collection|name
  private watchers = new Set<Watcher>();
  /** Tests waiting for a watch to be registered (see whenWatching). */
  private watchWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  /** Every change, so a watch from resourceVersion N replays what happened after N (as the API server does). */
  private history: Array<{ collection: string; type: string; obj: FakeObject }> = [];
  private rv = 100;
  readonly requests: Array<{ method: string; url: string }> = [];
  /** Scripted failures: the next matching requests answer with this status. */
  private failures: Array<{ method: string; status: number; headers?: Record<string, string>; count: number }> = [];
  compactedBelow = 0;
  /** Called after each client PATCH, so a test can play a controller (e.g. set Archived). */
  onPatch?: (collection: string, obj: FakeObject) => void;
  watchDisabled = false;
  /** The next N watch requests answer 503. */
  failWatches = 0;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  failNext(method: string, status: number, count = 1, headers?: Record<string, string>): void {
    this.failures.push({ method, status, count, headers });
  }

  /** Create or replace an object in a collection path (e.g. /apis/g/v1/namespaces/ns/plans) and notify watchers. */
  put(collection: string, obj: FakeObject): FakeObject {
    const key = `${collection}|${obj.metadata.name}`;
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    const stored = {
      ...obj,
      metadata: { ...obj.metadata, uid: obj.metadata.uid ?? `uid-${obj.metadata.name}`, resourceVersion: String(++this.rv) },
    };
    this.objects.set(key, stored);
    this.notify(collection, type, stored);
    return stored;
  }

  remove(collection: string, name: string): void {
    const key = `${collection}|${name}`;
    const obj = this.objects.get(key);
    if (!obj) return;
    this.objects.delete(key);
    this.notify(collection, 'DELETED', { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } });
  }

  /**
   * Resolves once a watch stream is open and registered (after its history replay), so a test can
   * act on "the client is watching" instead of guessing with a sleep. Rejects after timeoutMs.
   */
  whenWatching(timeoutMs = 5000): Promise<void> {
    if (this.watchers.size > 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no watch opened within ${timeoutMs} ms`)), timeoutMs);
      this.watchWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Watch streams open right now. */
  get openWatches(): number {
    return this.watchers.size;
  }

  /** Resolves once no watch stream is open (the client closed them); rejects after timeoutMs. */
  whenNoWatches(timeoutMs = 5000): Promise<void> {
    if (this.watchers.size === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.watchers.size} watch(es) still open after ${timeoutMs} ms`)), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Compact history up to the current resourceVersion, as etcd compaction does: a watch resuming
   * from an older version gets 410 Gone; a fresh list's version (the current one) still works.
   */
  compact(): void {
    this.compactedBelow = this.rv;
  }

  closeWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  private notify(collection: string, type: string, obj: FakeObject): void {
    this.history.push({ collection, type, obj });
    for (const w of this.watchers) {
      if (w.collection !== collection) continue;
      if (w.name && w.name !== obj.metadata.name) continue;
      w.res.write(`${JSON.stringify({ type, object: obj })}\n`);
    }
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private status(res: http.ServerResponse, code: number, reason: string, message: string, headers?: Record<string, string>): void {
    this.send(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }, headers);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.respond(req, res, chunks));
  }

  private respond(req: http.IncomingMessage, res: http.ServerResponse, chunks: Buffer[]): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const isWatch = url.searchParams.get('watch') === 'true';
    this.requests.push({ method: isWatch ? 'WATCH' : method, url: req.url ?? '' });
    if (!isWatch && this.answerScriptedFailure(res, method)) return;
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeObject) : undefined;
    const path = url.pathname;
    const field = url.searchParams.get('fieldSelector');
    const nameFilter = field?.startsWith('metadata.name=') ? field.slice('metadata.name='.length) : undefined;
    if (isWatch) return this.watch(res, path, nameFilter, Number(url.searchParams.get('resourceVersion') ?? '0'));
    // Collection paths end with a plural; object paths have one more segment. The tests only use
    // collections whose last segment ends with "s" and objects whose names contain no "/".
    if (this.isCollection(path) && this.collectionRequest(res, method, path, nameFilter, body)) return;
    this.objectRequest(res, method, path, body);
  }

  /** Answers with the first scripted failure for this method, if one is left. */
  private answerScriptedFailure(res: http.ServerResponse, method: string): boolean {
    const failure = this.failures.find((f) => f.method === method && f.count > 0);
    if (!failure) return false;
    failure.count -= 1;
    this.status(res, failure.status, failure.status === 429 ? 'TooManyRequests' : 'InternalError', 'scripted failure', failure.headers);
    return true;
  }

  private watch(res: http.ServerResponse, path: string, nameFilter: string | undefined, from: number): void {
    if (this.watchDisabled) return this.status(res, 405, 'MethodNotAllowed', 'watch disabled');
    if (this.failWatches > 0) {
      this.failWatches -= 1;
      return this.status(res, 503, 'ServiceUnavailable', 'scripted watch failure');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    // kube-apiserver sends the headers at once; Node would hold them until the first event,
    // leaving the client's watch request pending (and not abortable) on a quiet collection.
    res.flushHeaders();
    if (from && from < this.compactedBelow) {
      res.write(
        `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })}\n`,
      );
      res.end();
      return;
    }
    this.replay(res, path, nameFilter, from);
    this.watchers.add({ collection: path, name: nameFilter, res });
    res.on('close', () => {
      for (const w of this.watchers) if (w.res === res) this.watchers.delete(w);
      if (this.watchers.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
    for (const wake of this.watchWaiters.splice(0)) wake();
  }

  /** Writes the changes to the collection after resourceVersion `from`. */
  private replay(res: http.ServerResponse, path: string, nameFilter: string | undefined, from: number): void {
    for (const h of this.history) {
      if (h.collection !== path || Number(h.obj.metadata.resourceVersion) <= from) continue;
      if (nameFilter && h.obj.metadata.name !== nameFilter) continue;
      res.write(`${JSON.stringify({ type: h.type, object: h.obj })}\n`);
    }
  }

  /** List (GET) and create (POST); false for anything else, which is then tried as an object path. */
  private collectionRequest(
    res: http.ServerResponse,
    method: string,
    path: string,
    nameFilter: string | undefined,
    body: FakeObject | undefined,
  ): boolean {
    if (method === 'GET') {
      const items = [...this.objects.entries()]
        .filter(([k]) => k.startsWith(`${path}|`))
        .map(([, v]) => v)
        .filter((o) => !nameFilter || o.metadata.name === nameFilter);
      this.send(res, 200, { kind: 'List', metadata: { resourceVersion: String(this.rv) }, items });
      return true;
    }
    if (method !== 'POST' || !body) return false;
    if (this.objects.has(`${path}|${body.metadata.name}`)) this.status(res, 409, 'AlreadyExists', `"${body.metadata.name}" already exists`);
    else this.send(res, 201, this.put(path, body));
    return true;
  }

  /** get, delete and merge patch of one object. */
  private objectRequest(res: http.ServerResponse, method: string, path: string, body: FakeObject | undefined): void {
    const slash = path.lastIndexOf('/');
    const collection = path.slice(0, slash);
    const name = decodeURIComponent(path.slice(slash + 1));
    const existing = this.objects.get(`${collection}|${name}`);
    if (!existing) return this.status(res, 404, 'NotFound', `"${name}" not found`);
    if (method === 'GET') return this.send(res, 200, existing);
    if (method === 'DELETE') {
      this.remove(collection, name);
      return this.send(res, 200, existing);
    }
    if (method === 'PATCH' && body) {
      const stored = this.put(collection, mergePatch(existing, body) as FakeObject);
      this.send(res, 200, stored);
      this.onPatch?.(collection, stored);
      return;
    }
    this.status(res, 405, 'MethodNotAllowed', method);
  }

  private isCollection(path: string): boolean {
    const parts = path.split('/').filter(Boolean);
    // /api/v1/<plural> | /api/v1/namespaces/<ns>/<plural> | /apis/<g>/<v>/<plural> | /apis/<g>/<v>/namespaces/<ns>/<plural>
    const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
    if (rest[0] === 'namespaces' && rest.length >= 3) return rest.length === 3;
    return rest.length === 1;
  }
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function kubeconfigYaml(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: fake, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
    'users: [{name: u, user: {token: fake-token}}]',
    'contexts: [{name: fake, context: {cluster: fake, user: u}}]',
    'current-context: fake',
  ].join('\n');
}

/**
 * A fresh fake API server and a client connected to it for every test of the calling describe
 * (beforeEach / afterEach). Read them through the returned object after setup has run.
 */
export function useFakeCluster<L extends SuiteLog = SuiteLog>(
  options: { log?: () => L; retryPolicy?: RetryPolicy } = {},
): { readonly api: FakeApiServer; readonly client: K8sClient; readonly log: L } {
  let current: { api: FakeApiServer; client: K8sClient; log: L } | undefined;
  beforeEach(async () => {
    const api = await new FakeApiServer().start();
    const log = options.log ? options.log() : (silentLog as L);
    current = { api, log, client: await connect({ kind: 'kubeconfig', yaml: kubeconfigYaml(api.url) }, log, options.retryPolicy) };
  });
  afterEach(async () => {
    current?.client.close();
    await current?.api.stop();
    current = undefined;
  });
  const now = (): { api: FakeApiServer; client: K8sClient; log: L } => {
    if (!current) throw new Error('useFakeCluster: read api/client inside a test or hook of the same describe');
    return current;
  };
  return {
    get api() {
      return now().api;
    },
    get client() {
      return now().client;
    },
    get log() {
      return now().log;
    },
  };
}
