/**
 * What a request asks to do, in the authorizer's terms, and the 403 kube-apiserver answers when it
 * may not (endpoints/handlers/responsewriters: BuildForbiddenMessage + apierrors.NewForbidden).
 */
import { ApiError, qualifiedResource } from '../errors';
import type { ObjectRoute } from '../router';
import type { RequestAttributes, ResourceRequest } from './rules';

export function resourceRequest(route: ObjectRoute, verb: string): ResourceRequest {
  const req: ResourceRequest = { kind: 'resource', verb, group: route.rt.group, resource: route.rt.plural };
  if (route.subresource !== undefined) req.subresource = route.subresource;
  if (route.namespace !== undefined) req.namespace = route.namespace;
  if (route.name !== undefined) req.name = route.name;
  return req;
}

/** The authorizer's view of a path kube serves as a resource request although the lab routes it apart. */
export function pathRequest(verb: string, segments: readonly string[]): RequestAttributes {
  const [root, a, b, ...rest] = segments;
  const gv = root === 'api' ? { group: '', rest: [b, ...rest] } : root === 'apis' ? { group: a ?? '', rest } : undefined;
  if (!gv) return { kind: 'nonResource', verb, path: `/${segments.join('/')}` };
  let parts = gv.rest.filter((s): s is string => s !== undefined);
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [resource = '', name, subresource] = parts;
  const req: ResourceRequest = { kind: 'resource', verb, group: gv.group, resource };
  if (namespace !== undefined) req.namespace = namespace;
  if (name !== undefined) req.name = name;
  if (subresource !== undefined) req.subresource = subresource;
  return req;
}

export function forbiddenMessage(user: string, req: RequestAttributes): string {
  if (req.kind === 'nonResource') return `User ${JSON.stringify(user)} cannot ${req.verb} path ${JSON.stringify(req.path)}`;
  const resource = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const where = req.namespace ? `in the namespace ${JSON.stringify(req.namespace)}` : 'at the cluster scope';
  return `User ${JSON.stringify(user)} cannot ${req.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(req.group)} ${where}`;
}

/** 403 Forbidden with kube's message and details (group, kind = the resource, name). */
export function forbidden(user: string, req: RequestAttributes): ApiError {
  const why = forbiddenMessage(user, req);
  if (req.kind === 'nonResource') return new ApiError(403, 'Forbidden', `forbidden: ${why}`, {});
  const qualified = qualifiedResource(req.group, req.resource);
  const subject = req.name ? `${qualified} ${JSON.stringify(req.name)}` : qualified;
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    ...(req.name ? { name: req.name } : {}),
    ...(req.group ? { group: req.group } : {}),
    kind: req.resource,
  });
}
