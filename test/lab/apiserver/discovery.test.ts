import { Discovery } from '../../../lab/apiserver/discovery';
import { ApiError } from '../../../lab/apiserver/errors';
import { RESOURCE_TYPES, ResourceIndex } from '../../../lab/apiserver/resource-types';
import { routeApi, splitPath } from '../../../lab/apiserver/router';

const index = new ResourceIndex();
const discovery = new Discovery(index);
const route = (p: string) => routeApi(splitPath(p), index, discovery.knownGroups);
const routeError = (p: string): string => {
  try {
    route(p);
  } catch (e) {
    return `${(e as ApiError).code} ${(e as ApiError).reason}`;
  }
  return 'ok';
};

describe('resource table and discovery', () => {
  it('has every kind the issue lists, each once', () => {
    const keys = RESOURCE_TYPES.map((r) => `${r.group}/${r.plural}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of [
      '/namespaces',
      '/secrets',
      '/configmaps',
      '/pods',
      '/nodes',
      '/services',
      '/serviceaccounts',
      '/events',
      '/persistentvolumeclaims',
      '/persistentvolumes',
      'storage.k8s.io/storageclasses',
      'batch/jobs',
      'k8s.cni.cncf.io/network-attachment-definitions',
      'kubevirt.io/virtualmachines',
      'kubevirt.io/virtualmachineinstances',
      'cdi.kubevirt.io/datavolumes',
      'cdi.kubevirt.io/storageprofiles',
      'forklift.konveyor.io/providers',
      'forklift.konveyor.io/plans',
      'forklift.konveyor.io/migrations',
      'forklift.konveyor.io/storagemaps',
      'forklift.konveyor.io/networkmaps',
      'forklift.konveyor.io/hooks',
      'forklift.konveyor.io/hosts',
      'forklift.konveyor.io/forkliftcontrollers',
      'forklift.konveyor.io/vspherexcopyvolumepopulators',
      'route.openshift.io/routes',
      'console.openshift.io/consoleclidownloads',
      'config.openshift.io/clusterversions',
      'config.openshift.io/imagedigestmirrorsets',
      'operators.coreos.com/subscriptions',
      'operators.coreos.com/clusterserviceversions',
    ]) {
      expect(keys).toContain(k);
    }
    expect(index.byApiVersionKind('forklift.konveyor.io/v1beta1', 'Plan')?.plural).toBe('plans');
    expect(index.byApiVersionKind('v1', 'Pod')?.custom).toBeUndefined();
    expect(index.byApiVersionKind('kubevirt.io/v1', 'VirtualMachine')?.custom).toBe(true);
  });

  it('serves APIResourceLists with verbs, short names and subresources', () => {
    const core = discovery.resourceList('', 'v1') as {
      groupVersion: string;
      resources: Array<{ name: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[] }>;
    };
    expect(core.groupVersion).toBe('v1');
    const pods = core.resources.find((r) => r.name === 'pods');
    expect(pods).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(pods?.verbs).toEqual(
      expect.arrayContaining(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']),
    );
    expect(core.resources.find((r) => r.name === 'pods/status')?.verbs).toEqual(['get', 'patch', 'update']);
    const kv = discovery.resourceList('kubevirt.io', 'v1') as { resources: Array<{ name: string; shortNames?: string[] }> };
    expect(kv.resources.find((r) => r.name === 'virtualmachines')?.shortNames).toEqual(['vm', 'vms']);
    const sub = discovery.resourceList('subresources.kubevirt.io', 'v1') as { resources: Array<{ name: string }> };
    expect(sub.resources.map((r) => r.name)).toContain('virtualmachines/portforward');
    const groups = discovery.groupList() as { groups: Array<{ name: string; preferredVersion: { groupVersion: string } }> };
    expect(groups.groups.find((g) => g.name === 'forklift.konveyor.io')?.preferredVersion.groupVersion).toBe(
      'forklift.konveyor.io/v1beta1',
    );
    expect(groups.groups.map((g) => g.name)).toContain('subresources.kubevirt.io');
  });

  it('routes Kubernetes paths, including namespaces vs. namespaced resources and legacy watch paths', () => {
    expect(route('/api')).toEqual({ kind: 'core-versions' });
    expect(route('/apis/kubevirt.io/v1')).toEqual({ kind: 'resources', group: 'kubevirt.io', version: 'v1' });
    expect(route('/api/v1/namespaces/foo')).toMatchObject({ kind: 'object', name: 'foo', rt: { plural: 'namespaces' } });
    expect(route('/api/v1/namespaces/foo/status')).toMatchObject({ name: 'foo', subresource: 'status', rt: { plural: 'namespaces' } });
    expect(route('/api/v1/namespaces/foo/pods')).toMatchObject({ namespace: 'foo', rt: { plural: 'pods' } });
    expect(route('/api/v1/namespaces/foo/pods/p/status')).toMatchObject({ namespace: 'foo', name: 'p', subresource: 'status' });
    expect(route('/api/v1/watch/namespaces/foo/pods/p')).toMatchObject({ namespace: 'foo', name: 'p', watchPrefix: true });
    expect(route('/apis/forklift.konveyor.io/v1beta1/plans')).toMatchObject({ rt: { plural: 'plans' } });
    expect(routeError('/apis/forklift.konveyor.io/v1/plans')).toBe('404 NotFound');
    expect(routeError('/apis/forklift.konveyor.io/v1beta1/namespaces/a/plans/p/scale')).toBe('404 NotFound');
    expect(routeError('/apis/storage.k8s.io/v1/namespaces/a/storageclasses')).toBe('404 NotFound');
    expect(routeError('/api/v1/namespaces/a/pods/p/status/extra')).toBe('404 NotFound');
  });
});
