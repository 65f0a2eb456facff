import { destinationAccessFor, waitForVmiConditionFor } from '../../../utilities/post-migration';
import { useFakeCluster } from '../k8s/fake-apiserver';

const KV = '/apis/kubevirt.io/v1/namespaces/t1';

describe("checkVms' cluster waits stop on the step's signal", () => {
  const fake = useFakeCluster();

  test('stable power and VMI condition waits reject when the step is aborted, and close their watches', async () => {
    fake.api.put(`${KV}/virtualmachines`, { metadata: { name: 'vm1' }, status: { printableStatus: 'Starting' } });
    fake.api.put(`${KV}/virtualmachineinstances`, { metadata: { name: 'vm1' }, status: { conditions: [] } });
    const step = new AbortController();
    const power = destinationAccessFor(fake.client, step.signal).waitForStablePower('t1', 'vm1', 60_000);
    const agent = waitForVmiConditionFor(fake.client, step.signal)({ namespace: 't1', name: 'vm1' }, 'AgentConnected', 60_000);
    await fake.api.whenWatching();
    step.abort('Jest finished "check VMs"');
    await expect(power).rejects.toThrow(/aborted \(Jest finished "check VMs"\)/);
    await expect(agent).rejects.toThrow(/aborted \(Jest finished "check VMs"\)/);
    await fake.api.whenNoWatches(2000);
  });
});
