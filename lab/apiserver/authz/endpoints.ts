/**
 * The API endpoints that answer from the authorizer and the token issuer instead of storing
 * anything: TokenRequest (POST serviceaccounts/<name>/token), SelfSubjectAccessReview (`kubectl
 * auth can-i`) and SelfSubjectRulesReview (`kubectl auth can-i --list`).
 */
import type http from 'node:http';
import type { Identity } from '../auth';
import { errors } from '../errors';
import { BODY_TYPES, parseBody } from '../handlers';
import { sendJson } from '../http-util';
import { isPlainObject } from '../objects';
import type { ObjectRoute } from '../router';
import type { MemoryStore } from '../store';
import type { RbacAuthorizer } from './authorizer';
import type { RequestAttributes } from './rules';
import { API_AUDIENCE, type ServiceAccountTokens } from './service-account-tokens';

export interface AuthzEndpointContext {
  store: MemoryStore;
  authorizer: RbacAuthorizer;
  tokens: ServiceAccountTokens;
}

const DEFAULT_TOKEN_SECONDS = 3600;
const MIN_TOKEN_SECONDS = 600;

async function specOf(req: http.IncomingMessage, kind: string): Promise<Record<string, unknown>> {
  const body = await parseBody(req, BODY_TYPES);
  if (!isPlainObject(body)) throw errors.badRequest(`the request body must be a JSON object (a ${kind})`);
  return isPlainObject(body.spec) ? body.spec : {};
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

async function tokenRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: ObjectRoute,
  ctx: AuthzEndpointContext,
): Promise<void> {
  const name = route.name ?? '';
  const spec = await specOf(req, 'TokenRequest');
  const seconds = spec.expirationSeconds ?? DEFAULT_TOKEN_SECONDS;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_TOKEN_SECONDS)
    throw errors.invalid('TokenRequest', 'authentication.k8s.io', name, [
      {
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${JSON.stringify(seconds)}: may not specify a duration less than 10 minutes`,
      },
    ]);
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences.map(str) : [API_AUDIENCE];
  const sa = ctx.store.get(route.rt, route.namespace, name);
  if (!sa) throw errors.notFound('', 'serviceaccounts', name);
  const { token, expiresAt } = ctx.tokens.issue(sa, audiences, seconds);
  sendJson(res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace: route.namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') },
  });
}

/** spec.resourceAttributes or spec.nonResourceAttributes → the authorizer's request. */
function reviewedRequest(spec: Record<string, unknown>): RequestAttributes {
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (isPlainObject(r) === isPlainObject(n))
    throw errors.invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [
      {
        field: 'spec.resourceAttributes',
        message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  if (isPlainObject(n)) return { kind: 'nonResource', verb: str(n.verb), path: str(n.path) };
  const a = r as Record<string, unknown>;
  const out: RequestAttributes = { kind: 'resource', verb: str(a.verb), group: str(a.group), resource: str(a.resource) };
  if (str(a.subresource)) out.subresource = str(a.subresource);
  if (str(a.namespace)) out.namespace = str(a.namespace);
  if (str(a.name)) out.name = str(a.name);
  return out;
}

async function accessReview(req: http.IncomingMessage, res: http.ServerResponse, who: Identity, ctx: AuthzEndpointContext): Promise<void> {
  const spec = await specOf(req, 'SelfSubjectAccessReview');
  const decision = ctx.authorizer.authorize(who, reviewedRequest(spec));
  sendJson(res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  });
}

async function rulesReview(req: http.IncomingMessage, res: http.ServerResponse, who: Identity, ctx: AuthzEndpointContext): Promise<void> {
  const spec = await specOf(req, 'SelfSubjectRulesReview');
  const namespace = str(spec.namespace);
  if (!namespace) throw errors.badRequest('no namespace on request');
  const rules = ctx.authorizer.rulesFor(who, namespace);
  const resourceRules = rules
    .filter((r) => r.resources?.length)
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
    }));
  const nonResourceRules = rules
    .filter((r) => r.nonResourceURLs?.length)
    .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs ?? [] }));
  sendJson(res, 201, {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { resourceRules, nonResourceRules, incomplete: false },
  });
}

/** Serves the request if it is one of these endpoints; false if it is an ordinary resource request. */
export async function serveAuthzEndpoint(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: ObjectRoute,
  verb: string,
  who: Identity,
  ctx: AuthzEndpointContext,
): Promise<boolean> {
  const { rt } = route;
  if (rt.verbs && !rt.verbs.includes(verb))
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  if (rt.group === '' && rt.plural === 'serviceaccounts' && route.subresource === 'token') {
    if (verb !== 'create') throw errors.methodNotAllowed();
    await tokenRequest(req, res, route, ctx);
  } else if (rt.group === 'authorization.k8s.io' && rt.plural === 'selfsubjectaccessreviews') await accessReview(req, res, who, ctx);
  else if (rt.group === 'authorization.k8s.io' && rt.plural === 'selfsubjectrulesreviews') await rulesReview(req, res, who, ctx);
  else return false;
  return true;
}
