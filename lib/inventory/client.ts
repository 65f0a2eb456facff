/**
 * HTTPS client for the Forklift inventory, reached the way the Python suite reaches it: the
 * `forklift-inventory` Route in the MTV namespace (https://<spec.host>), bearer token of the cluster
 * user. The inventory has no watch: a 206 (collector not at parity yet) and transient 5xx/429 are
 * retried with bounded backoff until the call's deadline — the one legitimate poll in the suite.
 */
import http from 'node:http';
import https from 'node:https';
import tls, { createSecureContext } from 'node:tls';
import { InventoryError } from '../../exceptions/inventory';
import { formatDuration } from '../../exceptions/k8s';
import type { K8sClient } from '../k8s/client';

export interface InventoryGetOptions {
  /** How long to keep retrying 206/5xx (default 60 s). */
  timeoutMs?: number;
}

export const INVENTORY_ROUTE = 'forklift-inventory';

export class InventoryClient {
  requests = 0;
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    tls: { ca?: string | Buffer | Array<string | Buffer>; rejectUnauthorized: boolean },
    private readonly log: K8sClient['log'],
  ) {
    // Routes are HTTPS; plain http is accepted for port-forwards and tests. The CA list (the system
    // roots plus the cluster CA) is parsed once into a secure context every connection shares.
    this.agent = baseUrl.startsWith('http:')
      ? new http.Agent({ keepAlive: true, maxSockets: 16 })
      : new https.Agent({
          keepAlive: true,
          maxSockets: 16,
          secureContext: createSecureContext({ ca: tls.ca }),
          rejectUnauthorized: tls.rejectUnauthorized,
        });
  }

  /**
   * From the Route. TLS: verified against the system CAs plus the cluster CA of the kubeconfig,
   * unless the cluster connection itself skips verification (insecure_verify_skip).
   */
  static async fromCluster(client: K8sClient, mtvNamespace: string): Promise<InventoryClient> {
    const route = await client.tryGet('Route', INVENTORY_ROUTE, mtvNamespace);
    const host = route?.spec?.host ?? route?.status?.ingress?.[0]?.host;
    if (!host)
      throw new InventoryError(
        `Route ${mtvNamespace}/${INVENTORY_ROUTE} ${route ? 'has no host' : 'not found'}; is MTV installed in ${mtvNamespace}?`,
      );
    const headers = await client.rest.authHeaders();
    if (!headers.Authorization)
      throw new InventoryError(
        'the cluster credentials carry no bearer token; the Forklift inventory needs one (use a token or user/password login)',
      );
    const opts: https.RequestOptions = {};
    await client.kubeConfig.applyToHTTPSOptions(opts);
    const ca = opts.ca ? [...tls.rootCertificates, ...[opts.ca].flat()] : undefined;
    return new InventoryClient(`https://${host}`, headers, { ca, rejectUnauthorized: !client.insecureSkipTlsVerify }, client.log);
  }

  close(): void {
    this.agent.destroy();
  }

  async get<T>(path: string, opts: InventoryGetOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let delay = 100;
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      const rsp = await this.once(path).catch((error: unknown) => ({ status: 0, body: String(error) }));
      if (rsp.status === 200) return JSON.parse(rsp.body) as T;
      const retryable = rsp.status === 206 || rsp.status === 0 || rsp.status === 429 || rsp.status >= 500;
      last =
        rsp.status === 206
          ? '206 Partial Content (inventory not at parity yet)'
          : rsp.status === 0
            ? rsp.body
            : `HTTP ${rsp.status} ${rsp.body.slice(0, 200)}`;
      if (!retryable) {
        throw new InventoryError(`inventory GET ${path}: ${rsp.status === 404 ? 'not found (404)' : last}`, rsp.status);
      }
      if (Date.now() + delay > deadline) {
        throw new InventoryError(
          `inventory GET ${path}: no answer within ${formatDuration(timeoutMs)} after ${attempt} attempt(s); last: ${last}`,
          rsp.status,
        );
      }
      if (attempt === 1) this.log.debug(`inventory GET ${path}: ${last}; retrying for up to ${formatDuration(timeoutMs)}`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }

  private once(path: string): Promise<{ status: number; body: string }> {
    this.requests += 1;
    return new Promise((resolve, reject) => {
      const req = (this.baseUrl.startsWith('http:') ? http : https).request(
        `${this.baseUrl}${path}`,
        { method: 'GET', agent: this.agent, headers: { Accept: 'application/json', ...this.headers }, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('inventory request timed out after 30 s')));
      req.on('error', reject);
      req.end();
    });
  }
}
