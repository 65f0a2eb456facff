/**
 * The lab Forklift's destination cluster (lab/forklift/destination.ts) in-process: a plan's
 * destination provider with the remote's url is acted on with its token through the remote's RBAC,
 * the conversion pod needs forklift-controller-scc, and the faults remote-destination-ignored and
 * remote-rbac-ignored switch those off.
 */
import { RbacAuthorizer } from '../../../lab/apiserver/authz/authorizer';
import { clusterRoleBinding, seedBootstrapPolicy } from '../../../lab/apiserver/authz/bootstrap-policy';
import { serviceAccountIdentity } from '../../../lab/apiserver/authz/service-account-tokens';
import type { KubeObject, ResourceType, Store } from '../../../lab/apiserver/contract';
import { MemoryStore } from '../../../lab/apiserver/store';
import { forkliftClusterRoles, forkliftControllerScc } from '../../../lab/bootstrap/forklift-rbac';
import { LabFaultState } from '../../../lab/faults';
import { destinationFor, type Destination } from '../../../lab/forklift/destination';
import { Kinds } from '../../../lab/forklift/kinds';
import type { RemoteCluster } from '../../../lab/remote/cluster';
import { sccUseClusterRole, sccUseRoleBinding } from '../../support/rbac-objects';

const URL = 'https://127.0.0.1:7443';
const SA_TOKEN = 'sa-token';

function rt(store: Store, group: string, plural: string): ResourceType {
  const t = store.resourceType(group, plural);
  if (!t) throw new Error(`no ${plural}`);
  return t;
}

function namespaces(store: Store, ...names: string[]): void {
  for (const name of names) store.create(rt(store, '', 'namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

function remoteCluster(): RemoteCluster {
  const store = new MemoryStore();
  namespaces(store, 'openshift-mtv');
  seedBootstrapPolicy(store);
  for (const role of forkliftClusterRoles()) store.create(rt(store, 'rbac.authorization.k8s.io', 'clusterroles'), role);
  store.create(rt(store, 'security.openshift.io', 'securitycontextconstraints'), forkliftControllerScc());
  store.create(
    rt(store, 'rbac.authorization.k8s.io', 'clusterrolebindings'),
    clusterRoleBinding('migrator', 'forklift-migrator-role', [{ kind: 'ServiceAccount', name: 'sa', namespace: 'openshift-mtv' }]),
  );
  return {
    name: '127.0.0.1:7443',
    url: URL,
    kubeconfig: '/dev/null',
    store,
    authorizer: new RbacAuthorizer(store),
    identify: (token) => (token === SA_TOKEN ? serviceAccountIdentity('openshift-mtv', 'sa') : undefined),
  };
}

function hostKinds(token: string): Kinds {
  const store = new MemoryStore();
  namespaces(store, 'ns');
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'dst', namespace: 'ns' },
    data: { token: Buffer.from(token).toString('base64') },
  };
  store.create(rt(store, '', 'secrets'), secret);
  return new Kinds(store);
}

const provider = (url: string): KubeObject => ({
  apiVersion: 'forklift.konveyor.io/v1beta1',
  kind: 'Provider',
  metadata: { name: 'dst', namespace: 'ns' },
  spec: { type: 'openshift', url, secret: { name: 'dst', namespace: 'ns' } },
});

const dataVolume = (ns: string): KubeObject => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name: 'dv', namespace: ns },
  spec: { source: { blank: {} }, storage: {} },
});

function resolve(url: string, token = SA_TOKEN, faults: string[] = []): { d: Destination | string; local: Kinds; remote: RemoteCluster } {
  const state = new LabFaultState();
  for (const f of faults) state.set(f);
  const local = hostKinds(token);
  const remote = remoteCluster();
  return { d: destinationFor(local, provider(url), [remote], state), local, remote };
}

describe('the destination cluster of a plan', () => {
  it('is the host cluster for an OpenShift provider without a url', () => {
    const { d, local } = resolve('');
    expect(typeof d).not.toBe('string');
    expect((d as Destination).kinds).toBe(local);
    expect((d as Destination).podAdmissionError('ns', 'p')).toBeUndefined();
  });

  it('is the remote for its url, acted on through its RBAC with the provider token', () => {
    const { d, remote } = resolve(`${URL}/`);
    const kinds = (d as Destination).kinds;
    expect(kinds.store).not.toBe(remote.store);
    // forklift-migrator-role: DataVolumes and namespaces yes; ClusterVersion no.
    kinds.store.create(kinds.rt('namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'target' } });
    kinds.store.create(kinds.rt('dataVolume'), dataVolume('target'));
    expect(remote.store.get(rt(remote.store, 'cdi.kubevirt.io', 'datavolumes'), 'target', 'dv')).toBeDefined();
    expect(() => kinds.get('clusterVersion', undefined, 'version')).toThrow(
      /system:serviceaccount:openshift-mtv:sa" cannot get resource "clusterversions"/,
    );
  });

  it('admits the conversion pod only with forklift-controller-scc for the requester or the default ServiceAccount', () => {
    const { d, remote } = resolve(URL);
    const dest = d as Destination;
    namespaces(remote.store, 'target');
    expect(dest.podAdmissionError('target', 'plan-vm-1-')).toMatch(
      /pods "plan-vm-1-" is forbidden: unable to validate against any security context constraint: provider "forklift-controller-scc"/,
    );
    remote.store.create(
      rt(remote.store, 'rbac.authorization.k8s.io', 'clusterroles'),
      sccUseClusterRole('forklift-controller-scc') as KubeObject,
    );
    remote.store.create(
      rt(remote.store, 'rbac.authorization.k8s.io', 'rolebindings'),
      sccUseRoleBinding('forklift-controller-scc', 'scc', 'target', 'default') as KubeObject,
    );
    expect(dest.podAdmissionError('target', 'plan-vm-1-')).toBeUndefined();
    expect(dest.podAdmissionError('other', 'plan-vm-1-')).toBeDefined();
  });

  it('says why an unknown url or a bad token cannot be used', () => {
    expect(resolve('https://elsewhere:6443').d).toMatch(/https:\/\/elsewhere:6443 is not reachable from the lab/);
    expect(resolve(URL, 'wrong').d).toMatch(/token is not valid on https:\/\/127\.0\.0\.1:7443 \(401 Unauthorized\)/);
  });

  it('fault remote-destination-ignored: the host cluster; fault remote-rbac-ignored: the remote without RBAC or SCC', () => {
    const ignored = resolve(URL, SA_TOKEN, ['remote-destination-ignored']);
    expect((ignored.d as Destination).kinds).toBe(ignored.local);
    const open = resolve(URL, SA_TOKEN, ['remote-rbac-ignored']);
    const dest = open.d as Destination;
    expect(dest.kinds.store).toBe(open.remote.store);
    expect(dest.kinds.get('clusterVersion', undefined, 'version')).toBeUndefined();
    expect(dest.podAdmissionError('target', 'p')).toBeUndefined();
  });
});
