/**
 * The OVA inventory adapter (libs/forklift_inventory.py OvaForkliftInventory) against the lab's OVA
 * provider server: a Provider of type ova on the lab's NFS share, VMs by name with their disk count
 * and power off, the StorageMap source as the ids of the storages named after the VM (its disk
 * files), and the NetworkMap source as network names, one per distinct network of the VMs' NICs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { V1beta1Provider } from '@kubev2v/types';
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog } from '../../../lib/k8s/log';
import { waitForCondition } from '../../../lib/k8s/waits';
import { inventoryForProvider, OvaInventory } from '../../../lib/inventory';
import { useLab } from '../../support/lab';

const lab = useLab();
let client: K8sClient;
let inv: OvaInventory;
const ns = `ova-inv-${process.pid}`;

beforeAll(async () => {
  client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
  const share = (JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as { ova: { api_url: string } }).ova
    .api_url;
  await client.create('Namespace', { metadata: { name: ns } });
  await client.create('Secret', {
    metadata: { name: 'ova', namespace: ns, labels: { createdForProviderType: 'ova' } },
    stringData: { url: share, insecureSkipVerify: 'false' },
  });
  await client.create('Provider', {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: 'ova', namespace: ns },
    spec: { type: 'ova', url: share, secret: { name: 'ova', namespace: ns } },
  } as V1beta1Provider);
  await waitForCondition(client, 'Provider', 'ova', ns, 'Ready', { timeoutMs: 30_000 });
  inv = (await inventoryForProvider(client, 'openshift-mtv', { name: 'ova', namespace: ns })) as OvaInventory;
}, 60_000);
afterAll(async () => {
  inv?.http.close();
  await client?.delete('Namespace', ns).catch(() => undefined);
  client?.close();
});

it('is the OVA adapter; finds a VM by name with its disks, always off; an unknown name is undefined', async () => {
  expect(inv).toBeInstanceOf(OvaInventory);
  const vm = await inv.vmByName('mtv-win2019-3disks');
  expect(inv.summary(vm)).toEqual({ disks: 3, power: 'off' });
  expect(await inv.findVm('no-such-vm')).toBeUndefined();
});

it("maps the VM's disk files by storage id and its networks by name", async () => {
  const win = await inv.vmByName('mtv-win2019-3disks');
  const storages = await inv.storageMappings([win]);
  expect(storages).toHaveLength(3);
  expect(storages.map((s) => s.id).sort()).toEqual((win.disks ?? []).map((d) => d.ID).sort());
  expect(await inv.networkMappings([win])).toEqual([{ name: 'VM Network' }]);
  const efi = await inv.vmByName('mtv-rhel9-efi-ova');
  expect(await inv.networkMappingsPerNic([efi, win])).toEqual([{ name: 'VM Network' }, { name: 'Mgmt Network' }, { name: 'VM Network' }]);
});
