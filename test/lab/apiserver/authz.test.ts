/**
 * The RBAC authorizer in-process: rule matching as kube's rbac/v1 helpers do it, the MTV
 * install's forklift-migrator-role, and which SCCs a ServiceAccount may use.
 */
import { RbacAuthorizer } from '../../../lab/apiserver/authz/authorizer';
import { clusterRoleBinding } from '../../../lab/apiserver/authz/bootstrap-policy';
import { type RequestAttributes, ruleAllows } from '../../../lab/apiserver/authz/rules';
import { usableSccs } from '../../../lab/apiserver/authz/scc';
import { serviceAccountIdentity } from '../../../lab/apiserver/authz/service-account-tokens';
import type { KubeObject, ResourceType } from '../../../lab/apiserver/contract';
import { MemoryStore } from '../../../lab/apiserver/store';
import { forkliftClusterRoles, forkliftControllerScc } from '../../../lab/bootstrap/forklift-rbac';
import { sccUseClusterRole, sccUseRoleBinding } from '../../support/rbac-objects';

const get = (resource: string, extra: Partial<Extract<RequestAttributes, { kind: 'resource' }>> = {}): RequestAttributes => ({
  kind: 'resource',
  verb: 'get',
  group: '',
  resource,
  namespace: 'ns',
  ...extra,
});

describe('RBAC rule matching', () => {
  it('matches verbs, groups, resources, subresources, resourceNames and nonResourceURLs like kube', () => {
    const rule = { verbs: ['get'], apiGroups: [''], resources: ['pods/log', '*/scale'], resourceNames: ['a'] };
    expect(ruleAllows(rule, get('pods', { subresource: 'log', name: 'a' }))).toBe(true);
    expect(ruleAllows(rule, get('pods', { subresource: 'log', name: 'b' }))).toBe(false);
    expect(ruleAllows(rule, get('pods', { name: 'a' }))).toBe(false);
    expect(ruleAllows(rule, get('deployments', { subresource: 'scale', name: 'a' }))).toBe(true);
    expect(ruleAllows(rule, get('pods', { subresource: 'log', name: 'a', verb: 'list' }))).toBe(false);
    expect(ruleAllows(rule, get('pods', { subresource: 'log', name: 'a', group: 'apps' }))).toBe(false);
    // "pods/*" is not a pattern in kube's matcher.
    expect(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['pods/*'] }, get('pods', { subresource: 'log' }))).toBe(false);
    const urls = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    expect(ruleAllows(urls, { kind: 'nonResource', verb: 'get', path: '/apis/forklift.konveyor.io' })).toBe(true);
    expect(ruleAllows(urls, { kind: 'nonResource', verb: 'get', path: '/healthz/etcd' })).toBe(false);
    expect(ruleAllows(urls, get('healthz'))).toBe(false);
  });
});

describe('the MTV install roles and SCCs', () => {
  const store = new MemoryStore();
  const t = (group: string, plural: string): ResourceType => store.resourceType(group, plural) as ResourceType;
  const authorizer = new RbacAuthorizer(store);
  const sa = serviceAccountIdentity('openshift-mtv', 'migrator');
  for (const name of ['openshift-mtv', 'target', 'elsewhere'])
    store.create(t('', 'namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KubeObject);
  for (const r of forkliftClusterRoles()) store.create(t('rbac.authorization.k8s.io', 'clusterroles'), r);
  store.create(t('rbac.authorization.k8s.io', 'clusterrolebindings'), {
    ...clusterRoleBinding('migrator', 'forklift-migrator-role', [{ kind: 'ServiceAccount', name: 'migrator', namespace: 'openshift-mtv' }]),
  });
  store.create(t('security.openshift.io', 'securitycontextconstraints'), forkliftControllerScc());

  it('forklift-migrator-role lets a bound ServiceAccount create VMs, DataVolumes and PVCs anywhere, but not Forklift CRs', () => {
    const can = (verb: string, group: string, resource: string): boolean =>
      authorizer.authorize(sa, { kind: 'resource', verb, group, resource, namespace: 'target' }).allowed;
    expect(can('create', 'kubevirt.io', 'virtualmachines')).toBe(true);
    expect(can('create', 'cdi.kubevirt.io', 'datavolumes')).toBe(true);
    expect(can('delete', '', 'persistentvolumeclaims')).toBe(true);
    expect(can('create', 'kubevirt.io', 'virtualmachineinstances')).toBe(false);
    expect(can('list', 'k8s.cni.cncf.io', 'network-attachment-definitions')).toBe(true);
    expect(can('create', 'forklift.konveyor.io', 'plans')).toBe(false);
  });

  it('forklift-controller-scc is usable by the forklift-controller SA (listed) and by others only once RBAC grants "use"', () => {
    expect(usableSccs(store, authorizer, serviceAccountIdentity('openshift-mtv', 'forklift-controller'), 'openshift-mtv')).toEqual([
      'forklift-controller-scc',
    ]);
    const podSa = serviceAccountIdentity('target', 'default');
    expect(usableSccs(store, authorizer, podSa, 'target')).toEqual([]);
    store.create(t('rbac.authorization.k8s.io', 'clusterroles'), sccUseClusterRole('forklift-controller-scc') as KubeObject);
    store.create(
      t('rbac.authorization.k8s.io', 'rolebindings'),
      sccUseRoleBinding('forklift-controller-scc', 'scc', 'target', 'default') as KubeObject,
    );
    expect(usableSccs(store, authorizer, podSa, 'target')).toEqual(['forklift-controller-scc']);
    expect(usableSccs(store, authorizer, podSa, 'elsewhere')).toEqual([]);
  });
});
