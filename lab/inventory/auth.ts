/**
 * Bearer-token authorization for the inventory, as Forklift's web/base/auth.go does it: no token
 * gives 401; otherwise the API server decides. Forklift runs a TokenReview and a
 * SubjectAccessReview on providers.forklift.konveyor.io (verb get on one Provider, verb list for
 * the /providers lists); the lab asks the API server the equivalent question directly with the
 * caller's token (GET of that Provider, or a list), which yields the same 401/403 answers.
 * Allowed answers are cached 10 s per token/namespace/name.
 */
import https from 'node:https';

export const AUTH_CACHE_MS = 10_000;
/** The User-Agent of the inventory's authorization requests to the API server. */
export const INVENTORY_USER_AGENT = 'forklift-inventory (lab)';

export type AuthDecision = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

export interface AuthTarget {
  namespace?: string; // '' or undefined: cluster-wide list
  name?: string; // set: get one Provider
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

function getStatus(url: string, token: string, caPem: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'GET',
        ca: caPem,
        // Names this client in the API server's request accounting (the benchmark counts the suite's requests only).
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'User-Agent': INVENTORY_USER_AGENT },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`API server did not answer ${url} within 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

export class InventoryAuth {
  private readonly cache = new Map<string, number>(); // key -> expiry (ms epoch)

  constructor(
    private readonly apiServerUrl: string,
    private readonly caPem: string,
  ) {}

  private url(t: AuthTarget): string {
    const base = `${this.apiServerUrl}/apis/forklift.konveyor.io/v1beta1`;
    if (t.name) return `${base}/namespaces/${encodeURIComponent(t.namespace ?? '')}/providers/${encodeURIComponent(t.name)}`;
    if (t.namespace) return `${base}/namespaces/${encodeURIComponent(t.namespace)}/providers?limit=1`;
    return `${base}/providers?limit=1`;
  }

  async authorize(token: string | undefined, target: AuthTarget): Promise<AuthDecision> {
    if (!token) return { allowed: false, status: 401, message: 'Authorization: Bearer <token> header required.' };
    const key = `${token}\u0000${target.namespace ?? ''}\u0000${target.name ?? ''}`;
    const expiry = this.cache.get(key);
    if (expiry !== undefined && expiry > Date.now()) return { allowed: true };
    const status = await getStatus(this.url(target), token, this.caPem);
    if (status === 401) return { allowed: false, status: 401, message: 'Token not authenticated.' };
    if (status === 403)
      return {
        allowed: false,
        status: 403,
        message: `Forbidden: ${target.name ? 'get' : 'list'} providers.forklift.konveyor.io not allowed.`,
      };
    if (status >= 200 && status < 300) {
      this.cache.set(key, Date.now() + AUTH_CACHE_MS);
      return { allowed: true };
    }
    // The provider vanished between lookup and review, or the API server failed: not authorized.
    return { allowed: false, status: 403, message: `Access review failed: API server answered ${status}.` };
  }
}
