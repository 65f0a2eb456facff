/**
 * JSON REST transport to the Kubernetes API on top of @kubernetes/client-node: the KubeConfig
 * authenticates each request (token, client certificate, exec plugin) and client-node's fetch
 * library sends it. One generic path serves core and custom resources alike and returns the raw
 * JSON (no class deserialisation, so timestamps stay strings as in @kubev2v/types).
 *
 * Retries: idempotent calls (GET, PUT, PATCH, DELETE) are retried on 429/5xx and network errors
 * with bounded exponential backoff, honouring Retry-After. A POST (create) is retried only when
 * the caller says a 409 AlreadyExists on the retry is acceptable (create-or-reuse), because a 5xx
 * may hide a create that did happen.
 */
import https from 'node:https';
import tls from 'node:tls';
import retry from 'async-retry';
import { loadClientNodeCore, type ClientNode } from './client-node';
import { KubeApiError, KubeTransportError, KubeconfigError, RetryableResponse } from '../../exceptions/k8s';
import { RequestCounter, type Verb } from './accounting';
import type { SuiteLog } from './log';

export type RetryMode = 'idempotent' | 'never' | 'create-409-ok';

export interface RestRequest {
  verb: Verb;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  retry?: RetryMode;
  /** 'text': the body as is (pods/log answers text/plain), not parsed as JSON. */
  response?: 'json' | 'text';
}

export interface RetryPolicy {
  retries: number; // extra attempts after the first
  minTimeoutMs: number;
  maxTimeoutMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 6, minTimeoutMs: 100, maxTimeoutMs: 3000, maxRetryAfterMs: 10_000 };

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export class KubeRest {
  readonly server: string;
  private agent: https.Agent | undefined;

  constructor(
    readonly kubeConfig: ClientNode.KubeConfig,
    readonly counter: RequestCounter,
    private readonly log: SuiteLog,
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY,
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new KubeconfigError('the kubeconfig has no current cluster: set current-context to a context with a cluster');
    this.server = cluster.server.replace(/\/+$/, '');
  }

  /**
   * One keep-alive agent with the kubeconfig's TLS material, instead of a new agent per request;
   * its connections share one secure context (CA, client certificate) built once, where Node would
   * otherwise parse the same material again for every new connection (each watch holds one).
   */
  private async sharedAgent(): Promise<https.Agent | undefined> {
    if (!this.server.startsWith('https:')) return undefined;
    if (!this.agent) {
      const opts: https.RequestOptions = {};
      await this.kubeConfig.applyToHTTPSOptions(opts);
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets: 32,
        secureContext: tls.createSecureContext({ ca: opts.ca, cert: opts.cert, key: opts.key }),
        rejectUnauthorized: opts.rejectUnauthorized,
        servername: opts.servername,
      });
    }
    return this.agent;
  }

  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  /** Authorization headers for other HTTPS endpoints of the same cluster (inventory Route). */
  async authHeaders(): Promise<Record<string, string>> {
    const opts: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
    return headers;
  }

  async request<T>(req: RestRequest): Promise<T> {
    const mode = req.retry ?? (req.method === 'POST' ? 'never' : 'idempotent');
    const attempts = mode === 'never' ? 0 : this.retryPolicy.retries;
    let attempt = 0;
    return retry<T>(
      async (bail) => {
        attempt += 1;
        if (attempt > 1) this.counter.countRetry();
        try {
          return await this.once<T>(req);
        } catch (error) {
          if (error instanceof RetryableResponse) {
            if (attempt > attempts) return bail(error.error) as never;
            this.log.debug(`${req.method} ${req.path}: HTTP ${error.error.code}, retrying (attempt ${attempt}/${attempts + 1})`);
            if (error.retryAfterMs !== undefined) await sleep(Math.min(error.retryAfterMs, this.retryPolicy.maxRetryAfterMs));
            throw error;
          }
          if (error instanceof KubeApiError) return bail(error) as never;
          // Network-level failure (connection reset/refused): the request may or may not have
          // reached the server; same rule as a 5xx.
          if (attempt > attempts)
            return bail(error instanceof Error ? error : new KubeTransportError(req.method, req.path, String(error))) as never;
          this.log.debug(`${req.method} ${req.path}: ${String(error)}, retrying (attempt ${attempt}/${attempts + 1})`);
          throw error;
        }
      },
      {
        retries: attempts,
        minTimeout: this.retryPolicy.minTimeoutMs,
        maxTimeout: this.retryPolicy.maxTimeoutMs,
        factor: 2,
        randomize: true,
      },
    ).catch((error: unknown) => {
      throw error instanceof RetryableResponse ? error.error : error;
    });
  }

  private async once<T>(req: RestRequest): Promise<T> {
    const k8s = loadClientNodeCore();
    const ctx = new k8s.RequestContext(this.server + req.path, req.method as ClientNode.HttpMethod);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) ctx.setQueryParam(k, String(v));
    ctx.setHeaderParam('Accept', req.response === 'text' ? '*/*' : 'application/json');
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(req.body));
    }
    await this.kubeConfig.applySecurityAuthentication(ctx);
    const agent = await this.sharedAgent();
    if (agent) ctx.setAgent(agent);
    this.counter.count(req.verb);
    const rsp = await new k8s.IsomorphicFetchHttpLibrary().send(ctx).toPromise();
    const text = await rsp.body.text();
    if (rsp.httpStatusCode >= 200 && rsp.httpStatusCode < 300) {
      if (req.response === 'text') return text as T;
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const status = parseStatus(text);
    const err = new KubeApiError(
      rsp.httpStatusCode,
      status.reason || httpReason(rsp.httpStatusCode),
      `${req.method}`,
      req.path,
      status.message,
    );
    if (RETRYABLE_STATUS.has(rsp.httpStatusCode)) {
      throw new RetryableResponse(err, parseRetryAfter(rsp.headers['retry-after']));
    }
    throw err;
  }
}

function parseStatus(text: string): { reason: string; message: string } {
  try {
    const s = JSON.parse(text) as { reason?: unknown; message?: unknown };
    return { reason: typeof s.reason === 'string' ? s.reason : '', message: typeof s.message === 'string' ? s.message : '' };
  } catch {
    return { reason: '', message: text.slice(0, 500) };
  }
}

function httpReason(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Gone',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? `HTTP${code}`;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
