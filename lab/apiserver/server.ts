/**
 * The lab's HTTPS API server: authentication, fault injection, request accounting and dispatch to
 * discovery, resource handlers, watch, OAuth and the /lab admin endpoints. It never lets a bad
 * request take the process down: every handler error becomes a Status response.
 */
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { LabTls, UpgradeHandler } from '../component';
import type { LabFaultState } from '../faults';
import type { Authenticator, Identity } from './auth';
import { forbidden, pathRequest, resourceRequest } from './authz/attributes';
import { RbacAuthorizer } from './authz/authorizer';
import { serveAuthzEndpoint } from './authz/endpoints';
import type { RequestAttributes } from './authz/rules';
import { ServiceAccountTokens } from './authz/service-account-tokens';
import { OpenApiV3 } from './crd/openapi-v3';
import { coreVersions, Discovery, openApiV2Json, openApiV2Protobuf, versionInfo } from './discovery';
import { ApiError, errors, qualifiedResource } from './errors';
import { handleObject, verbOf } from './handlers';
import { bearerToken, sendError, sendJson, sendText } from './http-util';
import { handleLab, type LabRouteContext } from './lab-routes';
import { Metrics } from './metrics';
import { handleAuthorize, handleImplicit, oauthMetadata } from './oauth';
import { type ApiRoute, type ObjectRoute, routeApi, splitPath } from './router';
import { PodLogs, servePodLog } from './pod-logs';
import type { MemoryStore } from './store';
import { WatchRegistry } from './watch';

export interface ApiServerOptions {
  store: MemoryStore;
  /** Container logs behind pods/log (lab components write them). */
  podLogs?: PodLogs;
  tls: LabTls;
  auth: Authenticator;
  faults: LabFaultState;
  port?: number; // 0 (default): the OS picks
  bookmarkIntervalMs?: number;
  log?: (message: string) => void;
}

interface UpgradeRoute {
  pattern: string;
  parts: string[];
  handler: UpgradeHandler;
}

// What kube-apiserver answers for client-go's "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" (Go's mime parser rejects the '@').
const PROTOBUF_OPENAPI = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const HEALTH_PROBES = new Set(['healthz', 'readyz', 'livez']);

function resourceNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

function requestUrl(req: http.IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'https://lab.invalid');
  } catch {
    throw errors.badRequest('malformed request URL');
  }
}

/** OpenShift's "who am I". */
const SELF_USER_PATH = ['apis', 'user.openshift.io', 'v1', 'users', '~'];

function isSelfUserPath(segments: string[]): boolean {
  return segments.length === SELF_USER_PATH.length && SELF_USER_PATH.every((s, i) => segments[i] === s);
}

export class ApiServer {
  readonly metrics = new Metrics();
  readonly watches = new WatchRegistry();
  /** RBAC over the store's roles and bindings: every request of a non-admin identity goes through it. */
  readonly authorizer: RbacAuthorizer;
  /** Issues and verifies ServiceAccount tokens (TokenRequest, legacy token Secrets). */
  readonly serviceAccountTokens: ServiceAccountTokens;
  private readonly discovery: Discovery;
  private readonly upgrades: UpgradeRoute[] = [];
  private server: https.Server | undefined;
  private openApiV3: OpenApiV3 | undefined;
  private baseUrl = '';

  constructor(private readonly opts: ApiServerOptions) {
    this.discovery = new Discovery(opts.store.index);
    this.authorizer = new RbacAuthorizer(opts.store);
    this.serviceAccountTokens = new ServiceAccountTokens(opts.store, opts.tls.keyPem);
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('the API server is not listening yet');
    return this.baseUrl;
  }

  async start(): Promise<string> {
    const server = https.createServer({ key: this.opts.tls.keyPem, cert: this.opts.tls.certPem, noDelay: true, keepAlive: true });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch((e: unknown) => {
        try {
          sendError(res, e);
        } catch {
          res.destroy();
        }
      });
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head));
    server.on('clientError', (_err, socket: Duplex) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const port = (server.address() as AddressInfo).port;
    this.baseUrl = `https://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    this.watches.closeAll();
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  /** Routes authenticated upgrade requests matching `pattern` ('/a/:x/b') to `handler`. */
  registerUpgrade(pattern: string, handler: UpgradeHandler): void {
    this.upgrades.push({ pattern, parts: pattern.split('/').filter(Boolean), handler });
  }

  private identify(req: http.IncomingMessage): Identity | undefined {
    return this.identifyToken(bearerToken(req));
  }

  /** Who a bearer token belongs to (a user's, the admin's, or a ServiceAccount's), as a request with it is authenticated. */
  identifyToken(token: string | undefined): Identity | undefined {
    return this.opts.auth.identify(token) ?? (token ? this.serviceAccountTokens.verify(token) : undefined);
  }

  /** 403 unless RBAC allows `who` the request (kube's "cannot <verb> resource ..." Status). */
  private authorize(who: Identity, attrs: RequestAttributes): void {
    if (!this.authorizer.authorize(who, attrs).allowed) throw forbidden(who.name, attrs);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const segments = splitPath(url.pathname);
    if (this.servePublic(req, res, url, segments)) return;

    const identity = this.identify(req);
    const first = segments[0] ?? '';
    if (first === 'lab') return handleLab(req, res, segments, url.searchParams, this.labContext(identity));
    if (first === 'openapi') {
      if (identity) this.authorize(identity, pathRequest('get', segments));
      return this.serveOpenApi(req, res, segments, identity);
    }
    if (first !== 'api' && first !== 'apis') throw resourceNotFound();

    if (!identity) {
      this.count(res, 'unauthenticated', '', '');
      throw errors.unauthorized();
    }
    if (isSelfUserPath(segments)) {
      this.authorize(identity, pathRequest('get', segments));
      return sendJson(res, 200, {
        kind: 'User',
        apiVersion: 'user.openshift.io/v1',
        metadata: { name: identity.name },
        groups: identity.groups,
        identities: [],
      });
    }

    const route = routeApi(segments, this.opts.store.index, this.discovery.knownGroups);
    if (route.kind !== 'object') {
      this.authorize(identity, { kind: 'nonResource', verb: 'get', path: url.pathname });
      return this.serveDiscovery(req, res, route);
    }
    return this.serveObject(req, res, route, url.searchParams, identity);
  }

  /** What needs no token: version, health probes, OAuth metadata and the OAuth endpoints. */
  private servePublic(req: http.IncomingMessage, res: http.ServerResponse, url: URL, segments: string[]): boolean {
    const first = segments[0] ?? '';
    if (url.pathname === '/version') sendJson(res, 200, versionInfo());
    else if (HEALTH_PROBES.has(first) && segments.length === 1) sendText(res, 200, 'ok');
    else if (url.pathname === '/.well-known/oauth-authorization-server') sendJson(res, 200, oauthMetadata(this.baseUrl));
    else if (first === 'oauth') this.serveOAuth(req, res, url, segments);
    else return false;
    return true;
  }

  private serveOAuth(req: http.IncomingMessage, res: http.ServerResponse, url: URL, segments: string[]): void {
    if (segments[1] === 'authorize' && segments.length === 2 && (req.method ?? 'GET') === 'GET')
      handleAuthorize(req, res, url.searchParams, this.baseUrl, this.opts.auth);
    else if (segments[1] === 'token' && segments[2] === 'implicit' && segments.length === 3) handleImplicit(res);
    else throw errors.notFound('', 'oauth endpoints', url.pathname);
  }

  /** The /lab endpoints are for the admin identity only. */
  private labContext(identity: Identity | undefined): LabRouteContext {
    if (!identity) throw errors.unauthorized();
    if (!identity.admin) throw errors.forbidden(`user "${identity.name}" cannot use the lab admin endpoints`);
    return { faults: this.opts.faults, metrics: this.metrics, watches: this.watches };
  }

  private serveOpenApi(req: http.IncomingMessage, res: http.ServerResponse, segments: string[], identity: Identity | undefined): void {
    if (!identity) throw errors.unauthorized();
    if (segments[1] === 'v3') return this.serveOpenApiV3(res, segments.slice(2).join('/'));
    if (segments[1] !== 'v2' || segments.length !== 2) throw resourceNotFound();
    if (!(req.headers.accept ?? '').includes('protobuf')) return sendJson(res, 200, openApiV2Json());
    const body = openApiV2Protobuf();
    res.writeHead(200, { 'Content-Type': PROTOBUF_OPENAPI, 'Content-Length': body.length });
    res.end(body);
  }

  private async serveDiscovery(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    route: Exclude<ApiRoute, { kind: 'object' }>,
  ): Promise<void> {
    this.count(res, 'discovery', '', '');
    await this.injectFaults();
    const body = this.discoveryBody(req, route);
    if (!body) throw resourceNotFound();
    sendJson(res, 200, body);
  }

  private discoveryBody(req: http.IncomingMessage, route: Exclude<ApiRoute, { kind: 'object' }>): unknown {
    switch (route.kind) {
      case 'core-versions':
        return coreVersions(req.headers.host ?? this.baseUrl.replace('https://', ''));
      case 'groups':
        return this.discovery.groupList();
      case 'group':
        return this.discovery.group(route.group);
      case 'resources': {
        const list = this.discovery.resourceList(route.group, route.version);
        return route.group === 'forklift.konveyor.io' && this.opts.faults.isOn('forklift-crds-missing') ? withoutMigrations(list) : list;
      }
    }
  }

  private async serveObject(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    route: ObjectRoute,
    query: URLSearchParams,
    identity: Identity,
  ): Promise<void> {
    const verb = verbOf(req.method ?? 'GET', route, query);
    const resource = qualifiedResource(route.rt.group, route.rt.plural) + (route.subresource ? `/${route.subresource}` : '');
    this.count(res, verb, resource, route.namespace ?? '');
    await this.injectFaults();
    this.authorize(identity, resourceRequest(route, verb));
    const authz = { store: this.opts.store, authorizer: this.authorizer, tokens: this.serviceAccountTokens };
    if (await serveAuthzEndpoint(req, res, route, verb, identity, authz)) return;
    if (route.subresource === 'log' && route.rt.plural === 'pods' && route.name !== undefined) {
      if (verb !== 'get') throw errors.methodNotAllowed(`the server does not allow method ${req.method ?? '?'} on pods/log`);
      return servePodLog(res, route.rt, route.namespace ?? '', route.name, query, this.opts.store, this.opts.podLogs ?? new PodLogs());
    }
    await handleObject(req, res, route, query, verb, {
      store: this.opts.store,
      watches: this.watches,
      bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 5000,
    });
  }

  private serveOpenApiV3(res: http.ServerResponse, gvPath: string): void {
    this.openApiV3 ??= new OpenApiV3(this.opts.store.index, this.opts.store.schemas);
    if (!gvPath) return sendJson(res, 200, this.openApiV3.root());
    const body = this.openApiV3.document(gvPath);
    if (body === undefined) throw resourceNotFound();
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  /** Records the request once its response is done (or the connection drops). */
  private count(res: http.ServerResponse, verb: string, resource: string, namespace: string): void {
    let done = false;
    const record = (): void => {
      if (done) return;
      done = true;
      this.metrics.record({ verb, resource, namespace, code: res.statusCode, client: res.req.headers['user-agent'] ?? '' });
    };
    if (verb === 'watch') {
      // Watches stay open; count them when they start streaming.
      setImmediate(record);
      return;
    }
    res.once('finish', record);
    res.once('close', record);
  }

  /** The API faults: latency, then 429 and 500 at the configured rates. /lab is never affected. */
  private async injectFaults(): Promise<void> {
    const f = this.opts.faults;
    const latency = f.value('api-latency');
    if (latency !== undefined && latency > 0) await new Promise((r) => setTimeout(r, latency));
    const p429 = f.value('api-429-rate');
    if (p429 !== undefined && Math.random() < p429) throw errors.tooManyRequests(1);
    const p500 = f.value('api-error-rate');
    if (p500 !== undefined && Math.random() < p500) throw errors.internal('lab fault api-error-rate is on');
  }

  private handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const rejectWith = (err: ApiError): void => {
      const body = JSON.stringify(err.toStatus());
      socket.end(
        `HTTP/1.1 ${err.code} ${err.reason === 'NotFound' ? 'Not Found' : err.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    const reject = (code: number, reason: string): void =>
      rejectWith(new ApiError(code, code === 401 ? 'Unauthorized' : 'NotFound', reason));
    try {
      const identity = this.identify(req);
      if (!identity) return reject(401, 'Unauthorized');
      const path = new URL(req.url ?? '/', 'https://lab.invalid').pathname;
      const segs = splitPath(path);
      const attrs = pathRequest(req.method === 'POST' ? 'create' : 'get', segs);
      if (!this.authorizer.authorize(identity, attrs).allowed) return rejectWith(forbidden(identity.name, attrs));
      for (const u of this.upgrades) {
        if (u.parts.length !== segs.length) continue;
        const params: Record<string, string> = {};
        const ok = u.parts.every((p, i) => {
          const s = segs[i] ?? '';
          if (p.startsWith(':')) {
            params[p.slice(1)] = s;
            return true;
          }
          return p === s;
        });
        if (ok) {
          this.metrics.record({
            verb: 'upgrade',
            resource: u.pattern,
            namespace: params.ns ?? '',
            code: 101,
            client: req.headers['user-agent'] ?? '',
          });
          u.handler(req, socket, head, params);
          return;
        }
      }
      reject(404, 'the server could not find the requested resource');
    } catch (e) {
      this.opts.log?.(`upgrade handler failed: ${(e as Error).message}`);
      socket.destroy();
    }
  }
}

/** Fault forklift-crds-missing: the Forklift group is served as if the Migration CRD were not installed. */
function withoutMigrations(list: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const resources = list?.resources as Array<{ name: string }> | undefined;
  return list && { ...list, resources: resources?.filter((r) => r.name !== 'migrations' && !r.name.startsWith('migrations/')) };
}
