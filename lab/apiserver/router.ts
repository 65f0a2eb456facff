/**
 * Maps /api and /apis paths onto discovery documents or a resource target, the way
 * kube-apiserver lays out its URL space (including the legacy /watch/ prefix kubectl 1.20 may use).
 */
import type { ResourceType } from './contract';
import { ApiError, errors } from './errors';
import type { ResourceIndex } from './resource-types';

export type ApiRoute =
  | { kind: 'core-versions' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | { kind: 'object'; rt: ResourceType; namespace?: string; name?: string; subresource?: string; watchPrefix: boolean };

/** A route to a resource target (as opposed to a discovery document). */
export type ObjectRoute = Extract<ApiRoute, { kind: 'object' }>;

function notFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

export function splitPath(pathname: string): string[] {
  const segs = pathname.split('/').filter((s) => s !== '');
  try {
    return segs.map((s) => decodeURIComponent(s));
  } catch {
    throw errors.badRequest(`malformed path ${JSON.stringify(pathname)}`);
  }
}

/** Where the resource part of a path starts: its group, version and the segments after them. */
interface GroupVersionPath {
  group: string;
  version: string;
  rest: string[];
}

function coreApiPath(segments: string[]): ApiRoute | GroupVersionPath {
  if (segments.length === 1) return { kind: 'core-versions' };
  if (segments[1] !== 'v1') throw notFound();
  if (segments.length === 2) return { kind: 'resources', group: '', version: 'v1' };
  return { group: '', version: 'v1', rest: segments.slice(2) };
}

function groupApiPath(segments: string[], index: ResourceIndex, knownGroups: ReadonlySet<string>): ApiRoute | GroupVersionPath {
  if (segments.length === 1) return { kind: 'groups' };
  const group = segments[1] ?? '';
  if (!knownGroups.has(group)) throw notFound();
  if (segments.length === 2) return { kind: 'group', group };
  const version = segments[2] ?? '';
  if (!index.groupVersions().some((gv) => gv.group === group && gv.version === version) && !knownGroups.has(`${group}/${version}`))
    throw notFound();
  if (segments.length === 3) return { kind: 'resources', group, version };
  return { group, version, rest: segments.slice(3) };
}

/** [watch/][namespaces/<ns>/]<plural>[/<name>[/<subresource>]] under a group version. */
function objectRoute({ group, version, rest: path }: GroupVersionPath, index: ResourceIndex): ApiRoute {
  const watchPrefix = path[0] === 'watch';
  let rest = watchPrefix ? path.slice(1) : path;
  const find = (plural: string | undefined): ResourceType | undefined => {
    if (plural === undefined) return undefined;
    const rt = index.byGroupPlural(group, plural);
    return rt && rt.version === version ? rt : undefined;
  };
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && find(rest[2])?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const rt = find(rest[0]);
  if (!rt || rest.length > 3) throw notFound();
  if (namespace !== undefined && !rt.namespaced) throw notFound();
  const [, name, subresource] = rest;
  checkSubresource(rt, subresource, watchPrefix);
  const route: ApiRoute = { kind: 'object', rt, watchPrefix };
  if (namespace !== undefined) route.namespace = namespace;
  if (name !== undefined) route.name = name;
  if (subresource !== undefined) route.subresource = subresource;
  return route;
}

/** A subresource must be one the type declares, and cannot be watched through /watch/. */
function checkSubresource(rt: ResourceType, subresource: string | undefined, watchPrefix: boolean): void {
  if (subresource === undefined) return;
  if (!(rt.subresources ?? []).some((s) => s === subresource)) throw notFound();
  if (watchPrefix) throw notFound();
}

export function routeApi(segments: string[], index: ResourceIndex, knownGroups: ReadonlySet<string>): ApiRoute {
  let at: ApiRoute | GroupVersionPath;
  if (segments[0] === 'api') at = coreApiPath(segments);
  else if (segments[0] === 'apis') at = groupApiPath(segments, index, knownGroups);
  else throw notFound();
  return 'kind' in at ? at : objectRoute(at, index);
}
