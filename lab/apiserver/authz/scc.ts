/**
 * Which SecurityContextConstraints an identity may use, as OpenShift's SCC admission decides for a
 * pod: the SCC lists the user (or one of its groups) in users/groups, or RBAC allows verb "use" on
 * securitycontextconstraints/<name> in the pod's namespace (how `oc adm policy add-scc-to-user`
 * and the system:openshift:scc:<name> ClusterRoles grant it).
 */
import type { Identity } from '../auth';
import type { KubeObject } from '../contract';
import type { MemoryStore } from '../store';
import type { RbacAuthorizer } from './authorizer';

export const SCC_GROUP = 'security.openshift.io';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function mayUseScc(authorizer: RbacAuthorizer, who: Identity, namespace: string, scc: KubeObject): boolean {
  const name = scc.metadata.name ?? '';
  if (strings(scc.users).includes(who.name)) return true;
  if (strings(scc.groups).some((g) => who.groups.includes(g))) return true;
  return authorizer.authorize(who, {
    kind: 'resource',
    verb: 'use',
    group: SCC_GROUP,
    resource: 'securitycontextconstraints',
    namespace,
    name,
  }).allowed;
}

/** The names of the SCCs `who` may use for a pod in `namespace`, sorted. */
export function usableSccs(store: MemoryStore, authorizer: RbacAuthorizer, who: Identity, namespace: string): string[] {
  const rt = store.resourceType(SCC_GROUP, 'securitycontextconstraints');
  if (!rt) return [];
  return store
    .listRaw(rt)
    .filter((scc) => mayUseScc(authorizer, who, namespace, scc))
    .map((scc) => scc.metadata.name ?? '')
    .sort();
}
