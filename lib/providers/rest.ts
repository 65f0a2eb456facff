/**
 * JSON over HTTPS for the REST sources (oVirt engine, OpenStack services), with the TLS rules the
 * vSphere transport has: verification on unless `insecure`, an extra CA PEM trusted. Errors carry
 * the provider, the operation and the service's reason; never a header, password or body sent.
 */
import type * as Axios from 'axios';
import type { AxiosInstance } from 'axios';
import https from 'node:https';
import { SourceApiError } from '../../exceptions/source-providers';
import { lazyModule } from '../runtime/lazy-module';

// Loaded by the first REST source connected: a vSphere run never loads axios (see ./http-text.ts).
const axios = lazyModule<typeof Axios>('axios');

export interface RestOptions {
  /** Names the provider in errors, e.g. "oVirt engine 10.0.0.5". */
  provider: string;
  insecure?: boolean;
  caPem?: string;
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface RestAnswer<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** What this call does, for errors and the debug log ("clone VM x from template y"). */
  operation: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Statuses the caller handles itself (e.g. 404 on a delete); others are errors. */
  accept?: readonly number[];
}

export class RestTransport {
  private readonly http: AxiosInstance;

  constructor(readonly opts: RestOptions) {
    // No keep-alive: calls come in bursts minutes apart (prepare, then checks), and a socket the
    // service closed while idle fails the next call with "socket hang up".
    const agent = new https.Agent({ keepAlive: false, rejectUnauthorized: !opts.insecure, ...(opts.caPem ? { ca: opts.caPem } : {}) });
    this.http = axios().default.create({
      httpsAgent: agent,
      timeout: opts.timeoutMs ?? 60_000,
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });
  }

  async send<T>(req: RestRequest): Promise<RestAnswer<T>> {
    this.opts.log?.(`${this.opts.provider}: ${req.method} ${new URL(req.url).pathname} (${req.operation})`);
    const res = await this.http
      .request<T>({ method: req.method, url: req.url, headers: req.headers ?? {}, data: req.body })
      .catch((error: unknown) => {
        throw new SourceApiError(this.opts.provider, req.operation, 0, (error as Error).message);
      });
    const ok = (res.status >= 200 && res.status < 300) || (req.accept ?? []).includes(res.status);
    if (!ok) throw new SourceApiError(this.opts.provider, req.operation, res.status, reasonOf(res.data));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    return { status: res.status, data: res.data, headers };
  }

  close(): void {
    (this.http.defaults.httpsAgent as https.Agent).destroy();
  }
}

/** The service's own reason from an error body (oVirt fault, OpenStack error objects, text). */
function reasonOf(data: unknown): string {
  if (typeof data === 'string')
    return (
      data
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 300) || '(empty body)'
    );
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (typeof o.detail === 'string' || typeof o.reason === 'string') return [o.reason, o.detail].filter(Boolean).join(': ');
    for (const v of Object.values(o)) {
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') return (v as { message: string }).message;
    }
    if (typeof o.message === 'string') return o.message;
    return JSON.stringify(data).slice(0, 300);
  }
  return String(data);
}
