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

export async function handleLab(req: http.IncomingMessage, res: http.ServerResponse, segments: string[], query: URLSearchParams, ctx: LabRouteContext): Promise<void> {
  const method = req.method ?? 'GET';
  const [, what, arg, extra] = segments;
  if (what === 'healthz' && segments.length === 2 && method === 'GET') return sendJson(res, 200, { status: 'ok' });

  if (what === 'metrics') {
    if (segments.length === 2 && method === 'GET') {
      const since = query.get('since') ?? undefined;
      if (since !== undefined && !ctx.metrics.hasMark(since)) throw errors.notFound('', 'metrics marks', since);
      return sendJson(res, 200, ctx.metrics.report(since));
    }
    if (arg === 'marks' && extra !== undefined && segments.length === 4 && (method === 'POST' || method === 'PUT')) {
      if (!MARK_NAME.test(extra)) throw errors.badRequest(`invalid mark name ${JSON.stringify(extra)}: use letters, digits, '.', '_' or '-'`);
      ctx.metrics.mark(extra);
      return sendJson(res, 201, { mark: extra });
    }
  }

  if (what === 'faults') {
    if (segments.length === 2 && method === 'GET') return sendJson(res, 200, { faults: ctx.faults.list() });
    if (segments.length === 2 && method === 'DELETE') {
      ctx.faults.clearAll();
      return sendJson(res, 200, { faults: ctx.faults.list() });
    }
    if (arg !== undefined && segments.length === 3) {
      try {
        if (method === 'PUT' || method === 'POST') {
          const value = query.get('value') ?? (await valueFromBody(req));
          ctx.faults.set(arg, value);
        } else if (method === 'DELETE') ctx.faults.clear(arg);
        else throw errors.methodNotAllowed();
      } catch (e) {
        if (e instanceof FaultError) throw errors.badRequest(e.message);
        throw e;
      }
      return sendJson(res, 200, ctx.faults.list().find((f) => f.name === arg));
    }
  }

  if (what === 'watches' && segments.length === 2 && method === 'DELETE') return sendJson(res, 200, { closed: ctx.watches.closeAll() });

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
