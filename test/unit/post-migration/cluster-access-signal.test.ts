import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { destinationAccessFor, waitForVmiConditionFor } from '../../../utilities/post-migration';
import { FakeApiServer, kubeconfigYaml } from '../k8s/fake-apiserver';

const KV = '/apis/kubevirt.io/v1/namespaces/t1';

describe("checkVms' cluster waits stop on the step's signal", () => {
  let api: FakeApiServer;
  let client: K8sClient;
  beforeEach(async () => {
    api = await new FakeApiServer().start();
    client = await connect({ kind: 'kubeconfig', yaml: kubeconfigYaml(api.url) }, { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} });
  });
  afterEach(async () => {
    client.close();
    await api.stop();
  });

  test('stable power and VMI condition waits reject when the step is aborted, and close their watches', async () => {
    api.put(`${KV}/virtualmachines`, { metadata: { name: 'vm1' }, status: { printableStatus: 'Starting' } });
    api.put(`${KV}/virtualmachineinstances`, { metadata: { name: 'vm1' }, status: { conditions: [] } });
    const step = new AbortController();
    const power = destinationAccessFor(client, step.signal).waitForStablePower('t1', 'vm1', 60_000);
    const agent = waitForVmiConditionFor(client, step.signal)({ namespace: 't1', name: 'vm1' }, 'AgentConnected', 60_000);
    await api.whenWatching();
    step.abort('Jest finished "check VMs"');
    await expect(power).rejects.toThrow(/aborted \(Jest finished "check VMs"\)/);
    await expect(agent).rejects.toThrow(/aborted \(Jest finished "check VMs"\)/);
    await api.whenNoWatches(2000);
  });
});
