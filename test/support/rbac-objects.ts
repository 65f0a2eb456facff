/** RBAC objects the tests create the way the Python suite's fixtures do. */

/** The ClusterRole `oc adm policy add-scc-to-user <scc>` relies on: verb "use" on that one SCC. */
export function sccUseClusterRole(scc: string): { apiVersion: string; kind: string; metadata: { name: string }; rules: object[] } {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: `system:openshift:scc:${scc}` },
    rules: [{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: [scc], verbs: ['use'] }],
  };
}

/** A RoleBinding `name` in `namespace` granting that SCC's ClusterRole to one ServiceAccount of the namespace. */
export function sccUseRoleBinding(scc: string, name: string, namespace: string, serviceAccount: string): object {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: sccUseClusterRole(scc).metadata.name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
  };
}
