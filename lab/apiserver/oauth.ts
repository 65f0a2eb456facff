/**
 * OpenShift's OAuth server, as much of it as `oc login -u -p` and the suite's
 * username/password login use: the discovery document and the implicit-grant challenge flow of
 * the "openshift-challenging-client" (Basic credentials in, 302 with the token in the fragment out).
 */
import type http from 'node:http';
import type { Authenticator } from './auth';
import { sendJson, sendText } from './http-util';

export const CHALLENGING_CLIENT = 'openshift-challenging-client';

export function oauthMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    scopes_supported: ['user:check-access', 'user:full', 'user:info', 'user:list-projects', 'user:list-scoped-projects'],
    response_types_supported: ['code', 'token'],
    grant_types_supported: ['authorization_code', 'implicit'],
    code_challenge_methods_supported: ['plain', 'S256'],
  };
}

function basicCredentials(req: http.IncomingMessage): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  return { user: text.slice(0, i), password: text.slice(i + 1) };
}

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="openshift"' };

/** GET /oauth/authorize. Returns the HTTP code it answered with (for metrics). */
export function handleAuthorize(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  query: URLSearchParams,
  issuer: string,
  auth: Authenticator,
): number {
  const clientId = query.get('client_id');
  const responseType = query.get('response_type');
  if (clientId !== CHALLENGING_CLIENT) {
    sendJson(res, 400, {
      error: 'unauthorized_client',
      error_description: `client ${JSON.stringify(clientId ?? '')} is not known; the lab serves ${CHALLENGING_CLIENT}`,
    });
    return 400;
  }
  if (responseType !== 'token') {
    sendJson(res, 400, { error: 'unsupported_response_type', error_description: `${CHALLENGING_CLIENT} uses response_type=token` });
    return 400;
  }
  const creds = basicCredentials(req);
  const identity = creds ? auth.login(creds.user, creds.password) : undefined;
  if (!identity) {
    sendText(res, 401, creds ? 'Unauthorized: wrong username or password\n' : 'Unauthorized: send Basic credentials\n', CHALLENGE);
    return 401;
  }
  const { token, expiresIn } = auth.mint(identity);
  const fragment = new URLSearchParams({ access_token: token, expires_in: String(expiresIn), scope: 'user:full', token_type: 'Bearer' });
  const state = query.get('state');
  if (state !== null) fragment.set('state', state);
  res.writeHead(302, {
    Location: `${issuer}/oauth/token/implicit#${fragment.toString()}`,
    'Cache-Control': 'no-cache, no-store',
    'Content-Length': 0,
  });
  res.end();
  return 302;
}

/** GET /oauth/token/implicit: where the redirect lands; the token is in the fragment only. */
export function handleImplicit(res: http.ServerResponse): number {
  sendText(res, 200, 'The access token is in the URL fragment of the redirect that brought you here.\n');
  return 200;
}
