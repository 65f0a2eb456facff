/**
 * CRUD on one resource target (get, list, watch, create, update, patch, delete,
 * deletecollection, and the status subresource), translating HTTP to store calls.
 */
import type http from 'node:http';
import YAML from 'yaml';
import type { KubeObject, ResourceType } from './contract';
import { decodeFields, parseFieldValidation } from './crd/field-validation';
import { ApiError, errors } from './errors';
import { mediaType, readBody, sendJson } from './http-util';
import { clone, isPlainObject } from './objects';
import { applyPatch, PATCH_CONTENT_TYPES } from './patch';
import { apiVersionOf } from './resource-types';
import type { ObjectRoute } from './router';
import type { MemoryStore } from './store';
import { parseIncludeObject, requestedTableVersion, toTable } from './table';
import { serveWatch, type WatchRegistry } from './watch';

export interface HandlerContext {
  store: MemoryStore;
  watches: WatchRegistry;
  bookmarkIntervalMs: number;
}

/** The request body types kube-apiserver decodes (protobuf is not served by the lab). */
export const BODY_TYPES = ['application/json', 'application/yaml'];

/** The Kubernetes verb a request maps to (for metrics and method checks). */
export function verbOf(method: string, route: ObjectRoute, query: URLSearchParams): string {
  const watch = route.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
      if (watch) return 'watch';
      return route.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

/** Objects nested deeper than this are refused (the store's recursive helpers stay far from the stack limit). */
const MAX_DEPTH = 100;

function tooDeep(v: unknown): boolean {
  const stack: Array<[unknown, number]> = [[v, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [cur, depth] = item;
    if (cur === null || typeof cur !== 'object') continue;
    if (depth > MAX_DEPTH) return true;
    for (const child of Object.values(cur)) stack.push([child, depth + 1]);
  }
  return false;
}

export async function parseBody(req: http.IncomingMessage, types: string[]): Promise<unknown> {
  // Like kube-apiserver, a body without Content-Type is read as the first supported type (JSON);
  // kubectl 1.20's typed create commands send none.
  const type = mediaType(req) || (types[0] ?? '');
  if (!types.includes(type)) throw errors.unsupportedMediaType(type, types);
  const raw = await readBody(req);
  const text = raw.toString('utf8');
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  let parsed: unknown;
  try {
    parsed = type === 'application/yaml' ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(
      `the request body is not valid ${type === 'application/yaml' ? 'YAML' : 'JSON'}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  if (tooDeep(parsed)) throw errors.badRequest(`the request body nests deeper than ${MAX_DEPTH} levels`);
  return parsed;
}

function asObject(rt: ResourceType, body: unknown): KubeObject {
  if (!isPlainObject(body)) throw errors.badRequest(`the request body must be a JSON object (a ${rt.kind})`);
  const want = apiVersionOf(rt);
  if (body.apiVersion !== undefined && body.apiVersion !== want)
    throw errors.badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${want})`);
  if (body.kind !== undefined && body.kind !== rt.kind)
    throw errors.badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${rt.kind})`);
  if (body.metadata !== undefined && !isPlainObject(body.metadata)) throw errors.badRequest('metadata must be an object');
  const obj = {
    ...body,
    apiVersion: want,
    kind: rt.kind,
    metadata: isPlainObject(body.metadata) ? { ...body.metadata } : {},
  } as KubeObject;
  return obj;
}

function checkNamespace(obj: KubeObject, route: ObjectRoute): void {
  if (!route.rt.namespaced) return;
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== route.namespace)
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (route.namespace !== undefined) obj.metadata.namespace = route.namespace;
}

function rejectDryRun(query: URLSearchParams): void {
  if (query.has('dryRun')) throw errors.badRequest('dryRun is supported only on create by the MTV lab API server');
}

/** `?dryRun=All` (the only value kube-apiserver accepts) on create: `kubectl apply --dry-run=server` of new objects. */
function dryRunCreate(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.length === 0) return false;
  if (values.some((v) => v !== 'All'))
    throw errors.badRequest(`Invalid dryRun value ${JSON.stringify(values.join(','))}: the only valid value is All`);
  return true;
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw errors.badRequest(`invalid ${name} ${JSON.stringify(v)}: must be a non-negative integer`);
  return Number(v);
}

function listKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

function decodeContinue(token: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isPlainObject(parsed) && typeof parsed.start === 'string') return parsed.start;
  } catch {
    // fall through
  }
  throw errors.badRequest('continue key is not valid: malformed continue token');
}

function requireName(route: ObjectRoute): string {
  if (route.name === undefined) throw errors.methodNotAllowed();
  return route.name;
}

function requireNamespaceFor(route: ObjectRoute): void {
  if (route.rt.namespaced && route.namespace === undefined)
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/** One request on a resource target, as the per-verb handlers see it. */
interface Call {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  route: ObjectRoute;
  query: URLSearchParams;
  verb: string;
  ctx: HandlerContext;
}

function getOne({ req, res, route, query, ctx }: Call): void {
  requireNamespaceFor(route);
  const o = ctx.store.getRaw(route.rt, route.namespace, requireName(route));
  if (!o) throw errors.notFound(route.rt.group, route.rt.plural, route.name ?? '');
  const tableVersion = requestedTableVersion(req.headers.accept);
  if (tableVersion)
    return sendJson(
      res,
      200,
      toTable(route.rt, [o], {
        version: tableVersion,
        includeObject: parseIncludeObject(query.get('includeObject')),
        headers: true,
        listMeta: { resourceVersion: o.metadata.resourceVersion },
      }),
    );
  return sendJson(res, 200, o);
}

function list({ req, res, route, query, ctx }: Call): void {
  const { rt } = route;
  const limit = intParam(query, 'limit');
  const cont = query.get('continue');
  const rv = String(ctx.store.currentResourceVersion());
  let items = ctx.store.listRaw(rt, route.namespace, {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  });
  if (cont) {
    const start = decodeContinue(cont);
    items = items.filter((o) => listKey(o) > start);
  }
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (limit !== undefined && limit > 0 && items.length > limit) {
    const rest = items.length - limit;
    items = items.slice(0, limit);
    const last = items[items.length - 1];
    if (last) metadata.continue = Buffer.from(JSON.stringify({ start: listKey(last), rv })).toString('base64url');
    metadata.remainingItemCount = rest;
  }
  const tableVersion = requestedTableVersion(req.headers.accept);
  if (tableVersion)
    return sendJson(
      res,
      200,
      toTable(rt, items, {
        version: tableVersion,
        includeObject: parseIncludeObject(query.get('includeObject')),
        headers: true,
        listMeta: metadata,
      }),
    );
  return sendJson(res, 200, { apiVersion: apiVersionOf(rt), kind: `${rt.kind}List`, metadata, items });
}

function watch({ req, res, route, query, ctx }: Call): void {
  const timeout = intParam(query, 'timeoutSeconds');
  const w: Parameters<typeof serveWatch>[3] = { rt: route.rt, allowWatchBookmarks: query.get('allowWatchBookmarks') === 'true' };
  if (route.namespace !== undefined) w.namespace = route.namespace;
  if (route.name !== undefined) w.name = route.name;
  const ls = query.get('labelSelector');
  const fs = query.get('fieldSelector');
  const rv = query.get('resourceVersion');
  if (ls !== null) w.labelSelector = ls;
  if (fs !== null) w.fieldSelector = fs;
  if (rv !== null) w.resourceVersion = rv;
  if (timeout !== undefined) w.timeoutSeconds = timeout;
  const tableVersion = requestedTableVersion(req.headers.accept);
  if (tableVersion) w.table = { version: tableVersion, includeObject: parseIncludeObject(query.get('includeObject')) };
  serveWatch(req, res, ctx.store, w, ctx.watches, ctx.bookmarkIntervalMs);
}

async function create({ req, res, route, query, verb, ctx }: Call): Promise<void> {
  const { rt } = route;
  if (route.name !== undefined) throw errors.methodNotAllowed();
  requireNamespaceFor(route);
  const dryRun = dryRunCreate(query);
  const directive = parseFieldValidation(query, verb);
  const obj = asObject(rt, await parseBody(req, BODY_TYPES));
  checkNamespace(obj, route);
  decodeFields(ctx.store.schemas, rt, obj, directive, verb, res);
  // Writes to the main resource never set status where a status subresource exists.
  if (rt.subresources?.includes('status')) delete obj.status;
  return sendJson(res, 201, ctx.store.create(rt, obj, { dryRun }));
}

async function update({ req, res, route, query, verb, ctx }: Call): Promise<void> {
  const { rt } = route;
  const name = requireName(route);
  requireNamespaceFor(route);
  rejectDryRun(query);
  const directive = parseFieldValidation(query, verb);
  const obj = asObject(rt, await parseBody(req, BODY_TYPES));
  checkNamespace(obj, route);
  decodeFields(ctx.store.schemas, rt, obj, directive, verb, res);
  if (obj.metadata.name !== undefined && obj.metadata.name !== name)
    throw errors.badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`);
  obj.metadata.name = name;
  if (!ctx.store.getRaw(rt, route.namespace, name)) throw errors.notFound(rt.group, rt.plural, name);
  return sendJson(res, 200, route.subresource === 'status' ? ctx.store.updateStatus(rt, obj) : ctx.store.update(rt, obj));
}

async function patch({ req, res, route, query, verb, ctx }: Call): Promise<void> {
  const { rt } = route;
  const name = requireName(route);
  requireNamespaceFor(route);
  rejectDryRun(query);
  const directive = parseFieldValidation(query, verb);
  const type = mediaType(req);
  const patchType = PATCH_CONTENT_TYPES[type];
  if (!patchType) throw errors.unsupportedMediaType(type, Object.keys(PATCH_CONTENT_TYPES));
  // Custom resources have no patch strategy metadata, so kube-apiserver refuses strategic merge for them.
  if (patchType === 'strategic' && rt.custom)
    throw errors.unsupportedMediaType(type, [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
  const body = await parseBody(req, [type]);
  if (patchType !== 'json' && !isPlainObject(body)) throw errors.badRequest('a merge patch must be a JSON object');
  const cur = ctx.store.get(rt, route.namespace, name);
  if (!cur) throw errors.notFound(rt.group, rt.plural, name);
  const obj = asObject(rt, applyPatch(patchType, clone(cur), body));
  if (obj.metadata.name !== name)
    throw errors.invalid(rt.kind, rt.group, name, [{ field: 'metadata.name', message: 'Invalid value: field is immutable' }]);
  checkNamespace(obj, route);
  decodeFields(ctx.store.schemas, rt, obj, directive, verb, res);
  return sendJson(res, 200, route.subresource === 'status' ? ctx.store.updateStatus(rt, obj) : ctx.store.update(rt, obj));
}

async function deleteOne({ req, res, route, query, ctx }: Call): Promise<void> {
  const name = requireName(route);
  requireNamespaceFor(route);
  rejectDryRun(query);
  const policy = await deletePolicy(req, query);
  const o = ctx.store.delete(route.rt, route.namespace, name, policy ? { propagationPolicy: policy } : {});
  if (!o) throw errors.notFound(route.rt.group, route.rt.plural, name);
  return sendJson(res, 200, o);
}

async function deleteCollection({ req, res, route, query, ctx }: Call): Promise<void> {
  const { rt } = route;
  rejectDryRun(query);
  const policy = await deletePolicy(req, query);
  const items = ctx.store.listRaw(rt, route.namespace, {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  });
  const deleted: KubeObject[] = [];
  for (const o of items) {
    const d = ctx.store.delete(rt, o.metadata.namespace, o.metadata.name ?? '', policy ? { propagationPolicy: policy } : {});
    if (d) deleted.push(d);
  }
  return sendJson(res, 200, {
    apiVersion: apiVersionOf(rt),
    kind: `${rt.kind}List`,
    metadata: { resourceVersion: String(ctx.store.currentResourceVersion()) },
    items: deleted,
  });
}

const VERB_HANDLERS: Record<string, (call: Call) => void | Promise<void>> = {
  get: getOne,
  list,
  watch,
  create,
  update,
  patch,
  delete: deleteOne,
  deletecollection: deleteCollection,
};

export async function handleObject(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: ObjectRoute,
  query: URLSearchParams,
  verb: string,
  ctx: HandlerContext,
): Promise<void> {
  const handler = Object.hasOwn(VERB_HANDLERS, verb) ? VERB_HANDLERS[verb] : undefined;
  if (!handler) throw errors.methodNotAllowed(`the server does not allow method ${req.method ?? '?'} on the requested resource`);
  await handler({ req, res, route, query, verb, ctx });
}

const POLICIES = ['Background', 'Foreground', 'Orphan'] as const;
type Policy = (typeof POLICIES)[number];

/** propagationPolicy from the query or a DeleteOptions body (kubectl sends the body). */
async function deletePolicy(req: http.IncomingMessage, query: URLSearchParams): Promise<Policy | undefined> {
  let p: unknown = query.get('propagationPolicy') ?? undefined;
  const raw = await readBody(req);
  if (raw.length) {
    const type = mediaType(req);
    if (type !== 'application/json' && type !== '') throw errors.unsupportedMediaType(type, ['application/json']);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw errors.badRequest(`the DeleteOptions body is not valid JSON: ${(e as Error).message}`);
    }
    if (!isPlainObject(body)) throw errors.badRequest('DeleteOptions must be a JSON object');
    if (body.propagationPolicy !== undefined) p = body.propagationPolicy;
    else if (body.orphanDependents === true) p = 'Orphan';
  }
  if (p === undefined || p === null) return undefined;
  if (typeof p !== 'string' || !(POLICIES as readonly string[]).includes(p))
    throw errors.badRequest(`invalid propagationPolicy ${JSON.stringify(p)}`);
  return p as Policy;
}
