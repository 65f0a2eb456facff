/**
 * Lab operations outside the Kubernetes API (admin token only): health, request metrics and
 * marks, fault switches, and closing open watch streams (to exercise clients' resume path).
 */
import type http from 'node:http';
import { FaultError, type LabFaultState } from '../faults';
import { errors } from './errors';
import { readBody, sendJson } from './http-util';
import type { Metrics } from './metrics';
import type { WatchRegistry } from './watch';

export interface LabRouteContext {
  faults: LabFaultState;
  metrics: Metrics;
  watches: WatchRegistry;
}

const MARK_NAME = /^[A-Za-z0-9._-]{1,100}$/;

type LabRoute = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segments: string[],
  query: URLSearchParams,
  ctx: LabRouteContext,
) => Promise<boolean>;

/** GET /lab/metrics[?since=mark] reports; POST|PUT /lab/metrics/marks/<name> sets a mark. */
const metricsRoute: LabRoute = async (req, res, segments, query, ctx) => {
  const method = req.method ?? 'GET';
  const [, , arg, extra] = segments;
  if (segments.length === 2 && method === 'GET') {
    const since = query.get('since') ?? undefined;
    if (since !== undefined && !ctx.metrics.hasMark(since)) throw errors.notFound('', 'metrics marks', since);
    sendJson(res, 200, ctx.metrics.report(since));
    return true;
  }
  if (arg !== 'marks' || extra === undefined || segments.length !== 4 || (method !== 'POST' && method !== 'PUT')) return false;
  if (!MARK_NAME.test(extra)) throw errors.badRequest(`invalid mark name ${JSON.stringify(extra)}: use letters, digits, '.', '_' or '-'`);
  ctx.metrics.mark(extra);
  sendJson(res, 201, { mark: extra });
  return true;
};

/** PUT|POST sets, DELETE clears one fault; a FaultError (unknown name, bad value) is a 400. */
async function changeFault(req: http.IncomingMessage, name: string, query: URLSearchParams, faults: LabFaultState): Promise<void> {
  const method = req.method ?? 'GET';
  try {
    if (method === 'PUT' || method === 'POST') faults.set(name, query.get('value') ?? (await valueFromBody(req)));
    else if (method === 'DELETE') faults.clear(name);
    else throw errors.methodNotAllowed();
  } catch (e) {
    if (e instanceof FaultError) throw errors.badRequest(e.message);
    throw e;
  }
}

/** GET|DELETE /lab/faults lists or clears all; /lab/faults/<name> changes one. */
const faultsRoute: LabRoute = async (req, res, segments, query, ctx) => {
  const method = req.method ?? 'GET';
  const arg = segments[2];
  if (segments.length === 2 && (method === 'GET' || method === 'DELETE')) {
    if (method === 'DELETE') ctx.faults.clearAll();
    sendJson(res, 200, { faults: ctx.faults.list() });
    return true;
  }
  if (arg === undefined || segments.length !== 3) return false;
  await changeFault(req, arg, query, ctx.faults);
  sendJson(
    res,
    200,
    ctx.faults.list().find((f) => f.name === arg),
  );
  return true;
};

const LAB_ROUTES: Record<string, LabRoute> = {
  healthz: async (req, res, segments) => {
    if (segments.length !== 2 || (req.method ?? 'GET') !== 'GET') return false;
    sendJson(res, 200, { status: 'ok' });
    return true;
  },
  metrics: metricsRoute,
  faults: faultsRoute,
  watches: async (req, res, segments, _query, ctx) => {
    if (segments.length !== 2 || req.method !== 'DELETE') return false;
    sendJson(res, 200, { closed: ctx.watches.closeAll() });
    return true;
  },
};

export async function handleLab(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segments: string[],
  query: URLSearchParams,
  ctx: LabRouteContext,
): Promise<void> {
  const what = segments[1];
  const route = what !== undefined && Object.hasOwn(LAB_ROUTES, what) ? LAB_ROUTES[what] : undefined;
  if (route && (await route(req, res, segments, query, ctx))) return;
  throw errors.notFound('', 'lab endpoints', segments.join('/'));
}

/** A fault value may come as ?value=, a JSON body {"value": n}, or a bare text body. */
async function valueFromBody(req: http.IncomingMessage): Promise<string | undefined> {
  const raw = (await readBody(req)).toString('utf8').trim();
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'number' || typeof parsed === 'string') return String(parsed);
    if (parsed && typeof parsed === 'object' && 'value' in parsed) {
      const v = (parsed as { value: unknown }).value;
      if (v === undefined || v === null) return undefined;
      return String(v);
    }
  } catch {
    return raw;
  }
  throw errors.badRequest('fault value must be a number, a string, or {"value": ...}');
}
