/**
 * The roles and bindings every cluster starts with (kube-apiserver's bootstrap policy, plus
 * OpenShift's cluster-admins binding): cluster-admin for system:masters and system:cluster-admins
 * (OpenShift's kubeadmin), discovery, "who am I" and access reviews for every authenticated user.
 */
import type { KubeObject } from '../contract';
import type { MemoryStore } from '../store';
import { RBAC_GROUP } from './authorizer';
import type { PolicyRule } from './rules';

const API_VERSION = `${RBAC_GROUP}/v1`;
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

export function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = BOOTSTRAP_LABELS): KubeObject {
  return { apiVersion: API_VERSION, kind: 'ClusterRole', metadata: { name, labels }, rules };
}

type SubjectRef = { kind: 'Group' | 'User'; name: string } | { kind: 'ServiceAccount'; name: string; namespace: string };

export function clusterRoleBinding(name: string, role: string, subjects: SubjectRef[]): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: BOOTSTRAP_LABELS },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: subjects.map((s) => (s.kind === 'ServiceAccount' ? s : { apiGroup: RBAC_GROUP, ...s })),
  };
}

const AUTHENTICATED: SubjectRef = { kind: 'Group', name: 'system:authenticated' };

const ROLES: KubeObject[] = [
  clusterRole('cluster-admin', [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ]),
  clusterRole('system:discovery', [
    {
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
      verbs: ['get'],
    },
  ]),
  clusterRole('system:basic-user', [
    { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
    // OpenShift's basic-user: "who am I" (GET users/~).
    { apiGroups: ['user.openshift.io'], resources: ['users'], resourceNames: ['~'], verbs: ['get'] },
  ]),
];

const BINDINGS: KubeObject[] = [
  clusterRoleBinding('cluster-admin', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]),
  clusterRoleBinding('cluster-admins', 'cluster-admin', [
    { kind: 'Group', name: 'system:cluster-admins' },
    { kind: 'User', name: 'system:admin' },
  ]),
  clusterRoleBinding('system:discovery', 'system:discovery', [AUTHENTICATED]),
  clusterRoleBinding('system:basic-user', 'system:basic-user', [AUTHENTICATED]),
];

export function seedBootstrapPolicy(store: MemoryStore): void {
  const roles = store.resourceType(RBAC_GROUP, 'clusterroles');
  const bindings = store.resourceType(RBAC_GROUP, 'clusterrolebindings');
  if (!roles || !bindings) throw new Error('the lab resource table has no RBAC rows');
  for (const r of ROLES) store.create(roles, r);
  for (const b of BINDINGS) store.create(bindings, b);
}
