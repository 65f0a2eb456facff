/**
 * HTTPS client for the Forklift inventory, reached the way the Python suite reaches it: the
 * `forklift-inventory` Route in the MTV namespace (https://<spec.host>), bearer token of the cluster
 * user. The inventory has no watch: a 206 (collector not at parity yet) and transient 5xx/429 are
 * retried with bounded backoff until the call's deadline — the one legitimate poll in the suite.
 */
import http from 'node:http';
import https from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { errorMessage } from '../../exceptions/base';
import { InventoryError } from '../../exceptions/inventory';
import { formatDuration } from '../../exceptions/k8s';
import type { K8sClient } from '../k8s/client';

export interface InventoryGetOptions {
  /** How long to keep retrying 206/5xx (default 60 s). */
  timeoutMs?: number;
}

export const INVENTORY_ROUTE = 'forklift-inventory';

/** Verification failures that another trust set may fix (the chain's issuer is not trusted). */
const UNTRUSTED_ISSUER = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

const isCertificateError = (error: unknown): boolean =>
  /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME/.test((error as { code?: string }).code ?? '');

export interface InventoryTls {
  /** The cluster CA(s); verified against these, then against the system roots with them. */
  ca?: string | Buffer | Array<string | Buffer>;
  rejectUnauthorized: boolean;
}

export class InventoryClient {
  requests = 0;
  private agent: http.Agent;
  /** The agent that also trusts the system roots, once the cluster CA alone did not verify the Route. */
  private widerTrust: (() => https.Agent) | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    tls: InventoryTls,
    private readonly log: K8sClient['log'],
  ) {
    // Routes are HTTPS; plain http is accepted for port-forwards and tests. A Route's certificate
    // chains to the cluster's CA (the default ingress CA, the lab's) or to a public root: the
    // cluster CA alone is tried first, since a context that also holds the system roots costs
    // parsing ~140 certificates (~25 ms of every process's start); it is built only when needed.
    // One secure context per trust set, shared by the agent's connections (an agent given `ca`
    // would parse it again for every connection).
    const agent = (ca: InventoryTls['ca']): https.Agent =>
      new https.Agent({
        keepAlive: true,
        maxSockets: 16,
        ...(ca ? { secureContext: createSecureContext({ ca }) } : {}),
        rejectUnauthorized: tls.rejectUnauthorized,
      });
    if (baseUrl.startsWith('http:')) this.agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    else {
      this.agent = agent(tls.ca);
      if (tls.ca && tls.rejectUnauthorized) this.widerTrust = () => agent([...rootCertificates, ...[tls.ca ?? []].flat()]);
    }
  }

  /**
   * From the Route. TLS: verified against the cluster CA of the kubeconfig (then the system CAs
   * with it), or the system CAs when the kubeconfig names none, unless the cluster connection itself skips verification (insecure_verify_skip).
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
    return new InventoryClient(`https://${host}`, headers, { ca: opts.ca, rejectUnauthorized: !client.insecureSkipTlsVerify }, client.log);
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
      const rsp = await this.once(path).catch((error: unknown) => {
        // A certificate the client does not trust stays untrusted: no retry until the deadline.
        if (isCertificateError(error))
          throw new InventoryError(
            `inventory GET ${path}: the certificate of ${this.baseUrl} is not trusted (${errorMessage(error)}); ` +
              "add the Route's CA to the kubeconfig's certificate-authority, or set insecure_verify_skip: true",
          );
        return { status: 0, body: String(error) };
      });
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

  /** One GET; a Route the cluster CA does not verify is asked again, trusting the system roots too. */
  private async once(path: string): Promise<{ status: number; body: string }> {
    try {
      return await this.request(path);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!this.widerTrust || !code || !UNTRUSTED_ISSUER.has(code)) throw error;
      this.agent.destroy();
      this.agent = this.widerTrust();
      this.widerTrust = undefined;
      return this.request(path);
    }
  }

  private request(path: string): Promise<{ status: number; body: string }> {
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
