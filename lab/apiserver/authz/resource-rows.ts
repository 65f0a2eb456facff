/**
 * The resource-table rows of RBAC, the access reviews and OpenShift's SecurityContextConstraints
 * (kept apart from resource-types.ts, which lists the rest of the lab's kinds).
 */
import { col, type Row } from '../resource-row';

export const AUTHZ_ROWS: Row[] = [
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectrulesreviews',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'security.openshift.io',
    version: 'v1',
    plural: 'securitycontextconstraints',
    printerColumns: [
      col('Priv', '.allowPrivilegedContainer', 'boolean'),
      col('SELinux', '.seLinuxContext.type'),
      col('RunAsUser', '.runAsUser.type'),
      col('Priority', '.priority', 'integer'),
    ],
    kind: 'SecurityContextConstraints',
    namespaced: false,
    shortNames: ['scc'],
  },
];
