/**
 * The OpenShift source through the lab: the inventory adapter finds a KubeVirt VM by name in the
 * session's source namespace, summarises its disks and power, and gives the map sources Forklift's
 * OCP validator matches (StorageClass by name; `{type: pod}` and the NAD's name and namespace); the
 * facts the suite records from the KubeVirt API match the VM.
 */
import type { V1beta1Provider, V1VirtualMachine } from '@kubev2v/types';
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog } from '../../../lib/k8s/log';
import { waitForCondition, waitForObject } from '../../../lib/k8s/waits';
import { inventoryForProvider, OpenshiftInventory } from '../../../lib/inventory';
import { vmFacts } from '../../../fixtures/sources/openshift';
import { sourceNad } from '../../../lib/providers/openshift/source-vm';
import { kubevirtSourceVm } from '../../support/kubevirt-source';
import { useLab } from '../../support/lab';

const lab = useLab();
const ns = `ocp-inv-${process.pid}`;
const src = `${ns}-source-vms`;
let client: K8sClient;
let inv: OpenshiftInventory;

beforeAll(async () => {
  client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
  for (const name of [ns, src]) await client.create('Namespace', { metadata: { name } });
  await client.create('NetworkAttachmentDefinition', sourceNad('src-bridge', src));
  const vm = kubevirtSourceVm('ocp-vm', {
    runStrategy: 'Always',
    nad: `${src}/src-bridge`,
    macs: ['02:00:00:00:00:01', '02:00:00:00:00:02'],
  });
  await client.create('VirtualMachine', { ...(vm as V1VirtualMachine), metadata: { name: 'ocp-vm', namespace: src } });
  await client.create('Provider', {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: 'ocp', namespace: ns },
    spec: { type: 'openshift', url: '', secret: {} },
  } as V1beta1Provider);
  await waitForCondition(client, 'Provider', 'ocp', ns, 'Ready', { timeoutMs: 30_000 });
  await waitForObject(client, 'VirtualMachine', 'ocp-vm', src, (o) => o?.status?.ready === true, { timeoutMs: 30_000 });
  inv = (await inventoryForProvider(
    client,
    'openshift-mtv',
    { name: 'ocp', namespace: ns },
    { ocpVmNamespace: src },
  )) as OpenshiftInventory;
}, 60_000);

afterAll(async () => {
  inv?.http.close();
  for (const name of [ns, src]) await client?.delete('Namespace', name).catch(() => undefined);
  client?.close();
});

it('finds the VM by name in the source namespace, running, with its one PVC-backed disk', async () => {
  const vm = await inv.vmByName('ocp-vm');
  expect(vm).toMatchObject({ name: 'ocp-vm', namespace: src });
  expect(inv.summary(vm)).toEqual({ disks: 1, power: 'on' });
  expect(await inv.findVm('no-such-vm')).toBeUndefined();
});

it('gives the StorageClass by name and the pod network and NAD refs as map sources', async () => {
  const vm = await inv.vmByName('ocp-vm');
  expect(await inv.storageMappings([vm])).toEqual([{ name: 'nfs' }]);
  expect(await inv.networkMappings([vm])).toEqual([{ type: 'pod' }, { name: 'src-bridge', namespace: src }]);
});

it('records the facts of the KubeVirt VM: topology, memory, disks as <ns>/<pvc> on their class, NICs with MACs, power', async () => {
  const vm = await client.get('VirtualMachine', 'ocp-vm', src);
  const vmi = await client.tryGet('VirtualMachineInstance', 'ocp-vm', src);
  const disks = [{ key: 0, controllerKey: 0, unitNumber: 0, fileName: `${src}/ocp-vm-root`, datastore: { name: 'nfs' } }];
  const facts = vmFacts(vm, vmi, disks);
  expect(facts).toMatchObject({
    providerType: 'openshift',
    id: vm.metadata?.uid,
    powerState: 'on',
    cpu: { sockets: 1, coresPerSocket: 2 },
    memoryMB: 2048,
  });
  expect(facts.nics.map((n) => [n.mac, n.network.name])).toEqual([
    ['02:00:00:00:00:01', 'pod'],
    ['02:00:00:00:00:02', `${src}/src-bridge`],
  ]);
  expect(facts.disks).toEqual(disks);
});
