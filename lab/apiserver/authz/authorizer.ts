/**
 * The RBAC authorizer, as kube-apiserver's plugin/pkg/auth/authorizer/rbac evaluates requests:
 * every ClusterRoleBinding, then the RoleBindings of the request's namespace, whose subjects name
 * the user (User, Group or ServiceAccount), contribute the rules of their roleRef; the request is
 * allowed when one rule allows it. It reads the store on every call, so a binding takes effect (or
 * stops) with the write that makes it, as the informer-fed authorizer does within milliseconds.
 */
import type { Identity } from '../auth';
import type { KubeObject, ResourceType } from '../contract';
import type { MemoryStore } from '../store';
import { type PolicyRule, type RequestAttributes, ruleAllows, rulesOf } from './rules';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** The rules one binding grants, and how kube describes that grant in an "allowed" reason. */
export interface Grant {
  rules: PolicyRule[];
  describe: (subject: string) => string;
  subject: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** "system:serviceaccount:<ns>:<name>" → its namespace and name. */
export function serviceAccountOf(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const [namespace, name, ...rest] = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

/** kube's appliesToUser: the subject of a binding in `bindingNamespace` ('' for cluster bindings). */
function subjectMatches(s: Subject, who: Identity, bindingNamespace: string): string | undefined {
  switch (s.kind) {
    case 'User':
      return s.name === who.name ? `User "${who.name}"` : undefined;
    case 'Group':
      return s.name !== undefined && who.groups.includes(s.name) ? `Group "${s.name}"` : undefined;
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return ns && s.name && who.name === `${SERVICE_ACCOUNT_PREFIX}${ns}:${s.name}` ? `ServiceAccount "${s.name}/${ns}"` : undefined;
    }
    default:
      return undefined;
  }
}

function subjectsOf(binding: KubeObject): Subject[] {
  const subjects = binding.subjects;
  return Array.isArray(subjects) ? subjects.filter((s): s is Subject => !!s && typeof s === 'object') : [];
}

function roleRefOf(binding: KubeObject): { kind: string; name: string } | undefined {
  const ref = binding.roleRef as { kind?: unknown; name?: unknown } | undefined;
  return ref && typeof ref.kind === 'string' && typeof ref.name === 'string' ? { kind: ref.kind, name: ref.name } : undefined;
}

export class RbacAuthorizer {
  private readonly types: Record<'roles' | 'rolebindings' | 'clusterroles' | 'clusterrolebindings', ResourceType>;

  constructor(private readonly store: MemoryStore) {
    const t = (plural: string): ResourceType => {
      const rt = store.resourceType(RBAC_GROUP, plural);
      if (!rt) throw new Error(`the lab resource table has no ${plural}.${RBAC_GROUP} row`);
      return rt;
    };
    this.types = {
      roles: t('roles'),
      rolebindings: t('rolebindings'),
      clusterroles: t('clusterroles'),
      clusterrolebindings: t('clusterrolebindings'),
    };
  }

  authorize(who: Identity, req: RequestAttributes): Decision {
    if (who.admin) return { allowed: true, reason: '' };
    const namespace = req.kind === 'resource' ? (req.namespace ?? '') : '';
    for (const grant of this.grants(who, namespace))
      if (grant.rules.some((r) => ruleAllows(r, req)))
        return { allowed: true, reason: `RBAC: allowed by ${grant.describe(grant.subject)}` };
    return { allowed: false, reason: '' };
  }

  /** Every rule that applies to `who` in `namespace` ('' = cluster bindings only), for SelfSubjectRulesReview. */
  rulesFor(who: Identity, namespace: string): PolicyRule[] {
    return [...this.grants(who, namespace)].flatMap((g) => g.rules);
  }

  private *grants(who: Identity, namespace: string): Generator<Grant> {
    for (const b of this.store.listRaw(this.types.clusterrolebindings)) {
      const grant = this.grantOf(b, who, '');
      if (grant) yield grant;
    }
    if (!namespace) return;
    for (const b of this.store.listRaw(this.types.rolebindings, namespace)) {
      const grant = this.grantOf(b, who, namespace);
      if (grant) yield grant;
    }
  }

  private grantOf(binding: KubeObject, who: Identity, namespace: string): Grant | undefined {
    const ref = roleRefOf(binding);
    if (!ref) return undefined;
    const subject = subjectsOf(binding)
      .map((s) => subjectMatches(s, who, namespace))
      .find((d) => d !== undefined);
    if (subject === undefined) return undefined;
    // A RoleBinding may name a Role of its namespace or a ClusterRole; a ClusterRoleBinding only a ClusterRole.
    const role =
      ref.kind === 'Role' && namespace
        ? this.store.getRaw(this.types.roles, namespace, ref.name)
        : ref.kind === 'ClusterRole'
          ? this.store.getRaw(this.types.clusterroles, undefined, ref.name)
          : undefined;
    const name = binding.metadata.name ?? '';
    const bindingDesc = namespace ? `RoleBinding "${name}/${namespace}"` : `ClusterRoleBinding "${name}"`;
    return { rules: rulesOf(role), subject, describe: (s) => `${bindingDesc} of ${ref.kind} "${ref.name}" to ${s}` };
  }
}
