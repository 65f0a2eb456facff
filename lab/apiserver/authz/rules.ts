/**
 * One RBAC PolicyRule against one request, as kube-apiserver's rbac/v1 helpers match them
 * (pkg/apis/rbac/v1/evaluation_helpers.go): verbs, API groups, resources ("*", "pods/log", and
 * "*\/<subresource>" for that subresource of any resource; "pods/*" is not a pattern there either),
 * resourceNames, and nonResourceURLs with a trailing "*" prefix.
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** A request on an API resource (the authorizer's ResourceAttributes). */
export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  group: string;
  resource: string; // plural, e.g. "pods"
  subresource?: string; // e.g. "log"
  namespace?: string; // undefined or '': cluster scope (or all namespaces)
  name?: string;
}

/** A request on a path that is not a resource (/api, /version, /openapi/v2, ...). */
export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceRequest | NonResourceRequest;

const has = (list: readonly string[] | undefined, v: string): boolean => !!list && (list.includes('*') || list.includes(v));

function resourceMatches(rule: PolicyRule, req: ResourceRequest): boolean {
  const combined = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  return (rule.resources ?? []).some((r) => {
    if (r === '*' || r === combined) return true;
    return !!req.subresource && r.startsWith('*/') && r.slice(1) === `/${req.subresource}`;
  });
}

function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (!rule.resourceNames?.length) return true;
  return name !== undefined && name !== '' && rule.resourceNames.includes(name);
}

function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, req: RequestAttributes): boolean {
  if (!has(rule.verbs, req.verb)) return false;
  if (req.kind === 'nonResource') return nonResourceUrlMatches(rule, req.path);
  return has(rule.apiGroups, req.group) && resourceMatches(rule, req) && resourceNameMatches(rule, req.name);
}

/** The rules of a Role or ClusterRole object, tolerating a missing or malformed rules field. */
export function rulesOf(role: Record<string, unknown> | undefined): PolicyRule[] {
  const rules = role?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.filter((r): r is PolicyRule => !!r && typeof r === 'object' && Array.isArray((r as PolicyRule).verbs));
}
