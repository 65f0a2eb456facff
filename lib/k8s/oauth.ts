/**
 * OpenShift user/password login, the way `oc login` does it without a browser: discover the OAuth
 * server from /.well-known/oauth-authorization-server, then ask its authorize endpoint for a token
 * as the `openshift-challenging-client` with HTTP Basic credentials. The server answers 302 with the
 * token in the Location fragment (#access_token=...). The password is only ever sent in the
 * Authorization header; neither it nor the token is logged.
 */
import https from 'node:https';
import { ClusterLoginError, RequestTimeoutError } from '../../exceptions/k8s';

export interface OAuthLoginOptions {
  server: string; // API server URL
  username: string;
  password: string;
  insecureSkipTlsVerify: boolean;
  caPem?: string;
  timeoutMs?: number;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsGet(url: string, headers: Record<string, string>, opts: OAuthLoginOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'GET', headers, rejectUnauthorized: !opts.insecureSkipTlsVerify, ca: opts.caPem, timeout: opts.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new RequestTimeoutError(new URL(url).origin, opts.timeoutMs ?? 30_000)));
    req.on('error', reject);
    req.end();
  });
}

/** The OAuth authorize URL a discovery document names, directly or through its issuer. */
function authorizeEndpointOf(meta: { authorization_endpoint?: unknown; issuer?: unknown } | null): string | undefined {
  if (typeof meta?.authorization_endpoint === 'string') return meta.authorization_endpoint;
  if (typeof meta?.issuer === 'string') return `${meta.issuer.replace(/\/+$/, '')}/oauth/authorize`;
  return undefined;
}

export async function loginWithPassword(opts: OAuthLoginOptions): Promise<string> {
  const server = opts.server.replace(/\/+$/, '');
  let discovery: RawResponse;
  try {
    discovery = await httpsGet(`${server}/.well-known/oauth-authorization-server`, { Accept: 'application/json' }, opts);
  } catch (error) {
    throw new ClusterLoginError(`cannot reach ${server} for OAuth discovery: ${String(error)}`);
  }
  if (discovery.status !== 200) {
    throw new ClusterLoginError(
      `OAuth discovery at ${server}/.well-known/oauth-authorization-server answered HTTP ${discovery.status}; is this an OpenShift cluster?`,
    );
  }
  let meta: { authorization_endpoint?: unknown; issuer?: unknown } | null;
  try {
    meta = JSON.parse(discovery.body) as typeof meta;
  } catch (error) {
    throw new ClusterLoginError(`OAuth discovery document from ${server} is not usable: ${String(error)}`);
  }
  const authorizeEndpoint = authorizeEndpointOf(meta);
  if (!authorizeEndpoint) {
    throw new ClusterLoginError(
      `OAuth discovery document from ${server} is not usable: expected authorization_endpoint or issuer, found neither`,
    );
  }
  const url = new URL(authorizeEndpoint);
  url.searchParams.set('client_id', 'openshift-challenging-client');
  url.searchParams.set('response_type', 'token');
  const basic = Buffer.from(`${opts.username}:${opts.password}`, 'utf8').toString('base64');
  const rsp = await httpsGet(url.toString(), { Authorization: `Basic ${basic}`, 'X-CSRF-Token': '1' }, opts);
  if (rsp.status === 401)
    throw new ClusterLoginError(`login as "${opts.username}" at ${url.origin} was refused (HTTP 401): check the username and password`);
  const location = rsp.headers.location;
  if (rsp.status !== 302 || typeof location !== 'string') {
    throw new ClusterLoginError(`OAuth authorize at ${url.origin} answered HTTP ${rsp.status} without a redirect carrying a token`);
  }
  const fragment = new URL(location, url).hash.replace(/^#/, '');
  const params = new URLSearchParams(fragment);
  const token = params.get('access_token');
  if (!token) {
    const err = params.get('error') ?? new URL(location, url).searchParams.get('error');
    throw new ClusterLoginError(`OAuth authorize at ${url.origin} redirected without an access_token${err ? ` (error: ${err})` : ''}`);
  }
  return token;
}
