import { isInputError } from '../../../exceptions/base';
import { KubeconfigError, NamespaceRequiredError } from '../../../exceptions/k8s';
import { kubeConfigFor } from '../../../lib/k8s/connect';
import { K8sClient } from '../../../lib/k8s/client';
import { RESOURCES, objectPath } from '../../../lib/k8s/kinds';

describe('typed errors of the cluster layer', () => {
  it('a namespaced kind without a namespace names the object', () => {
    expect(() => objectPath(RESOURCES.Plan, 'p1')).toThrow(NamespaceRequiredError);
    expect(() => objectPath(RESOURCES.Plan, 'p1')).toThrow('Plan "p1" is namespaced: a namespace is required, none was given');
    expect(objectPath(RESOURCES.Namespace, 'ns1')).toBe('/api/v1/namespaces/ns1');
  });

  it('kubeconfig access with nothing to load is an input error', async () => {
    const error = await kubeConfigFor({ kind: 'kubeconfig' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeconfigError);
    expect(isInputError(error)).toBe(true);
  });

  it('a kubeconfig without a current cluster is an input error naming the fix', async () => {
    const kc = await kubeConfigFor({ kind: 'kubeconfig', yaml: 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n' });
    expect(() => new K8sClient(kc)).toThrow(KubeconfigError);
    expect(() => new K8sClient(kc)).toThrow(/no current cluster: set current-context/);
  });
});
