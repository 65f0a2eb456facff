/**
 * The lab cloud's HTTPS front on 127.0.0.1: Keystone at / and /v3, Nova at /compute, Cinder at
 * /volume, Glance at /image, Neutron at /network (devstack's layout, one port). Every request but
 * the version documents and Keystone's own must carry a valid X-Auth-Token, else 401 as
 * keystonemiddleware answers.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { cinderRoutes } from './cinder';
import { OpenStackCloud } from './cloud';
import { glanceRoutes } from './glance';
import { BadRequest, json, type ApiReply, type Router } from './http';
import { header, Keystone, unauthorized, type KeystoneCredentials } from './keystone';
import { neutronRoutes } from './neutron';
import { novaRoutes } from './nova';
import { seedCloud } from './seed';
import { readTextBody } from '../http-body';

export interface OpenStackSimulatorOptions {
  credentials: KeystoneCredentials;
  /** Serving certificate (PEM); without it the simulator speaks plain HTTP (tests only). */
  tls?: { certPem: string; keyPem: string };
  cloud?: OpenStackCloud;
  port?: number;
}

export interface RunningOpenStackSimulator {
  url: string; // http(s)://127.0.0.1:<port>
  authUrl: string; // <url>/v3
  cloud: OpenStackCloud;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function send(res: http.ServerResponse, reply: ApiReply, head: boolean): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  headers['x-openstack-request-id'] = `req-${randomUUID()}`;
  res.writeHead(reply.status, headers).end(head ? undefined : payload);
}

interface Mount {
  prefix: string;
  router: Router;
}

function route(mounts: Mount[], path: string): { mount: Mount; rest: string } | undefined {
  for (const mount of mounts) {
    if (mount.prefix === '') return { mount, rest: path };
    if (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) return { mount, rest: path.slice(mount.prefix.length) || '/' };
  }
  return undefined;
}

async function answer(req: http.IncomingMessage, mounts: Mount[], keystone: Keystone, baseUrl: string): Promise<ApiReply> {
  const url = new URL(req.url ?? '/', baseUrl);
  const method = req.method ?? 'GET';
  const found = route(mounts, url.pathname.replace(/\/+$/, '') || '/');
  const m = found?.mount.router.match(method, found.rest);
  if (!found || !m) return json(404, { error: { code: 404, title: 'Not Found', message: 'The resource could not be found.' } });
  if (m === 'method')
    return json(405, { error: { code: 405, title: 'Method Not Allowed', message: `${method} is not allowed on ${url.pathname}` } });
  if (!m.open && !keystone.valid(header(req, 'x-auth-token')))
    return unauthorized('The request you have made requires authentication.', baseUrl);
  const text = await readTextBody(req, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    return json(400, { badRequest: { code: 400, message: 'Malformed request body' } });
  }
  try {
    return m.handler({ method, path: found.rest, params: m.params, query: url.searchParams, headers: req.headers, body, baseUrl });
  } catch (e) {
    if (e instanceof BadRequest) return json(400, { error: { code: 400, title: 'Bad Request', message: e.message } });
    throw e;
  }
}

export async function startOpenStackSimulator(options: OpenStackSimulatorOptions): Promise<RunningOpenStackSimulator> {
  const cloud = options.cloud ?? new OpenStackCloud(seedCloud(options.credentials.username));
  const keystone = new Keystone(cloud.data.identity, options.credentials);
  const mounts: Mount[] = [
    { prefix: '/compute', router: novaRoutes(cloud) },
    { prefix: '/volume', router: cinderRoutes(cloud) },
    { prefix: '/image', router: glanceRoutes(cloud) },
    { prefix: '/network', router: neutronRoutes(cloud) },
    { prefix: '', router: keystone.routes() },
  ];
  const secure = options.tls !== undefined;
  let baseUrl = '';
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    answer(req, mounts, keystone, baseUrl).then(
      (reply) => send(res, reply, req.method === 'HEAD'),
      (e: unknown) =>
        send(
          res,
          json(500, { error: { code: 500, title: 'Internal Server Error', message: e instanceof Error ? e.message : String(e) } }),
          false,
        ),
    );
  };
  const server = secure
    ? https.createServer({ cert: options.tls!.certPem, key: options.tls!.keyPem }, handler)
    : http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `${secure ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    authUrl: `${baseUrl}/v3`,
    cloud,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
