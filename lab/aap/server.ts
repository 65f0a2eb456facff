/**
 * The lab AAP's HTTPS front on 127.0.0.1: the part of AWX's REST API (/api/v2/) that the Python
 * suite (utilities/aap.py) and Forklift's AAP hook client use: ping, me, organizations, OAuth2
 * tokens (POST /api/v2/tokens/ and /api/v2/users/{id}/personal_tokens/ with basic auth), job
 * templates (list with ?name=, get, launch) and jobs. Everything but ping needs a bearer token or
 * the admin's basic auth, else 401 as AWX answers.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readTextBody } from '../http-body';
import { ADMIN, AapModel, INVENTORY, ORGANIZATION, type JobTemplate } from './model';

export interface AapSimulatorOptions {
  model: AapModel;
  /** Serving certificate (PEM); without it the simulator speaks plain HTTP (tests only). */
  tls?: { certPem: string; keyPem: string };
  /** Read on every launch: true fails every job launched from then on (fault aap-job-fails). */
  failJobs: () => boolean;
  port?: number;
}

export interface RunningAapSimulator {
  url: string;
  stop(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
}

const MAX_BODY_BYTES = 256 * 1024;
const AWX_VERSION = '24.6.1';
const notFound: Reply = { status: 404, body: { detail: 'Not found.' } };

const page = (results: unknown[]): Reply => ({ status: 200, body: { count: results.length, next: null, previous: null, results } });

function authorized(model: AapModel, header: string | undefined): 'ok' | 'none' | 'invalid' {
  if (!header) return 'none';
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return model.tokens.has(value) ? 'ok' : 'invalid';
  if (scheme?.toLowerCase() === 'basic') {
    const [user, ...rest] = Buffer.from(value, 'base64').toString('utf8').split(':');
    return user === ADMIN.username && rest.join(':') === model.adminPassword ? 'ok' : 'invalid';
  }
  return 'invalid';
}

function parseBody(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** extra_vars as AWX takes it: an object, or a JSON/YAML-ish string holding one (JSON here). */
function extraVarsOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const raw = body.extra_vars;
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw === 'string') return parseBody(raw);
  return undefined;
}

function launch(opts: AapSimulatorOptions, template: JobTemplate, body: Record<string, unknown>): Reply {
  const vars = extraVarsOf(body);
  if (!vars) return { status: 400, body: { extra_vars: ['Must be a valid JSON or YAML dictionary.'] } };
  const job = opts.model.launch(template, vars, opts.failJobs());
  return { status: 201, body: { job: job.id, ignored_fields: job.ignoredFields, ...opts.model.jobView(job) } };
}

function tokenReply(model: AapModel, body: Record<string, unknown>): Reply {
  const scope = typeof body.scope === 'string' ? body.scope : 'write';
  if (scope !== 'read' && scope !== 'write')
    return { status: 400, body: { scope: ['Must be a simple space-separated string with allowed scopes [read, write].'] } };
  const t = model.addToken(typeof body.description === 'string' ? body.description : '', scope);
  return {
    status: 201,
    body: { ...t, type: 'o_auth2_access_token', url: `/api/v2/tokens/${t.id}/`, user: ADMIN.id, application: null, refresh_token: null },
  };
}

const notAllowed = (method: string): Reply => ({ status: 405, body: { detail: `Method "${method}" not allowed.` } });

/** /api/v2/job_templates/{id}/[launch/] and /api/v2/jobs/{id}/. */
function routeById(opts: AapSimulatorOptions, method: string, path: string, body: Record<string, unknown>): Reply {
  const { model } = opts;
  const t = /^\/api\/v2\/job_templates\/(\d+)\/(launch\/)?$/.exec(path);
  if (t) {
    const template = model.template(Number(t[1]));
    if (!template) return notFound;
    if (t[2]) return method === 'POST' ? launch(opts, template, body) : notAllowed(method);
    return method === 'GET' ? { status: 200, body: model.templateView(template) } : notAllowed(method);
  }
  const j = /^\/api\/v2\/jobs\/(\d+)\/$/.exec(path);
  if (!j) return notFound;
  if (method !== 'GET') return notAllowed(method);
  const job = model.jobs.get(Number(j[1]));
  return job ? { status: 200, body: model.jobView(job) } : notFound;
}

function route(opts: AapSimulatorOptions, method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Reply {
  const { model } = opts;
  const get = method === 'GET';
  if (path === '/api/v2/me/' && get) return page([ADMIN]);
  if (path === '/api/v2/organizations/' && get) return page([ORGANIZATION]);
  if (path === '/api/v2/inventories/' && get) return page([INVENTORY]);
  if ((path === '/api/v2/tokens/' || path === `/api/v2/users/${ADMIN.id}/personal_tokens/`) && method === 'POST')
    return tokenReply(model, body);
  if (path === '/api/v2/job_templates/' && get) {
    const name = query.get('name');
    return page(model.templates.filter((t) => name === null || t.name === name).map((t) => model.templateView(t)));
  }
  return routeById(opts, method, path, body);
}

async function handle(opts: AapSimulatorOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://aap.lab');
  // AWX's URLs end in "/"; it redirects the others. Clients here always send it, so answer both.
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  let reply: Reply;
  if (path === '/api/v2/ping/' && req.method === 'GET') {
    reply = {
      status: 200,
      body: { ha: false, version: AWX_VERSION, active_node: 'awx-lab', install_uuid: '00000000-0000-4000-8000-00000000a4a4' },
    };
  } else {
    const auth = authorized(opts.model, req.headers.authorization);
    const text = await readTextBody(req, MAX_BODY_BYTES);
    const body = parseBody(text);
    if (auth === 'none') reply = { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
    else if (auth === 'invalid') reply = { status: 401, body: { detail: 'Invalid token.' } };
    else if (!body) reply = { status: 400, body: { detail: 'JSON parse error - the request body is not a JSON object.' } };
    else reply = route(opts, req.method ?? 'GET', path, url.searchParams, body);
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }).end(payload);
}

export async function startAapSimulator(opts: AapSimulatorOptions): Promise<RunningAapSimulator> {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(opts, req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: `lab AAP error: ${e instanceof Error ? e.message : String(e)}` }));
    });
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
