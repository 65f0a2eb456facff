/**
 * The lab engine's HTTPS front, paths as on a real engine: the SSO token and logout services, the
 * CA download (pki-resource, and /ca.crt as the engine's web server offers it), and the REST API
 * under /ovirt-engine/api (XML by default, JSON when the client accepts application/json; a
 * missing or bad token is 401 with the engine's body and a Basic challenge). Binds 127.0.0.1.
 */
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-routes';
import { EngineAuth, type EngineCredentials } from './auth';
import type { OvirtEngineModel } from './model';
import { API_PREFIX, toJson, toXml, type XNode } from './xml';
import { readTextBody } from '../http-body';

export interface OvirtSimulatorOptions {
  credentials: EngineCredentials;
  model: OvirtEngineModel;
  tls: { certPem: string; keyPem: string; caCertPem: string };
  port?: number;
}

export interface RunningOvirtSimulator {
  /** https://127.0.0.1:<port>/ovirt-engine/api */
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const UNAUTHORIZED_BODY = '<html><head><title>Error</title></head><body>Unauthorized</body></html>';

function send(
  res: http.ServerResponse,
  status: number,
  contentType: string | undefined,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...(contentType ? { 'content-type': contentType } : {}),
    'content-length': String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

function sendRepresentation(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: XNode | undefined): void {
  if (!body) return send(res, status, undefined, '');
  const json = /application\/json/i.test(req.headers.accept ?? '');
  send(res, status, json ? 'application/json' : 'application/xml;charset=UTF-8', json ? toJson(body) : toXml(body));
}

async function route(opts: OvirtSimulatorOptions, auth: EngineAuth, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://engine');
  const method = req.method ?? 'GET';
  const body = await readTextBody(req, MAX_BODY_BYTES);
  if (url.pathname === '/ovirt-engine/sso/oauth/token' && method === 'POST') {
    const r = auth.issueToken(new URLSearchParams(body));
    return send(res, r.ok ? 200 : r.status, 'application/json', JSON.stringify(r.body));
  }
  if (url.pathname === '/ovirt-engine/services/sso-logout' && method === 'POST') {
    auth.revoke(new URLSearchParams(body).get('token'));
    return send(res, 200, 'application/json', '{}');
  }
  const caRequest = url.pathname === '/ovirt-engine/services/pki-resource' && url.searchParams.get('resource') === 'ca-certificate';
  if ((caRequest || url.pathname === '/ca.crt') && method === 'GET')
    return send(res, 200, 'application/x-x509-ca-cert', opts.tls.caCertPem);
  if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`))
    return send(res, 404, 'text/html', '<html><body>Not Found</body></html>');
  if (!auth.authorized(req.headers.authorization)) {
    return send(res, 401, 'text/html;charset=UTF-8', UNAUTHORIZED_BODY, { 'www-authenticate': 'Basic realm="RESTAPI"' });
  }
  const seg = url.pathname
    .slice(API_PREFIX.length)
    .split('/')
    .filter((s) => s !== '');
  const answer = handleApi(opts.model, method, seg, url.searchParams, body);
  sendRepresentation(req, res, answer.status, answer.body);
}

export async function startOvirtSimulator(opts: OvirtSimulatorOptions): Promise<RunningOvirtSimulator> {
  const auth = new EngineAuth(opts.credentials);
  const server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, (req, res) => {
    route(opts, auth, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `lab engine error: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}${API_PREFIX}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
