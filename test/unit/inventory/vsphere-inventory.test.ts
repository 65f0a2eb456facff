/** The inventory client and vSphere adapter against the lab: Route discovery, bearer auth, lookups and mappings. */
import fs from 'node:fs';
import path from 'node:path';
import type { V1beta1Provider } from '@kubev2v/types';
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog } from '../../../lib/k8s/log';
import { waitForCondition } from '../../../lib/k8s/waits';
import { inventoryForProvider, InventoryClient, VsphereInventory } from '../../../lib/inventory';
import { fetchServerCa } from '../../../fixtures/vsphere-source';
import { X509Certificate } from 'node:crypto';
import { useLab } from '../../support/lab';
import { VmNotFoundError } from '../../../exceptions/migration';

const lab = useLab();

describe('Forklift inventory (vSphere) through the lab', () => {
  let client: K8sClient;
  let inv: VsphereInventory;
  const ns = `inv-test-${process.pid}`;

  beforeAll(async () => {
    client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
    const entry = (
      JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Record<
        string,
        { api_url: string; username: string; password: string }
      >
    ).vsphere!;
    await client.create('Namespace', { metadata: { name: ns } });
    // Secure mode needs the lab's vCenter to present its CA (see the report); the inventory is what is tested here.
    await client.create('Secret', {
      metadata: { name: 'vs', namespace: ns },
      stringData: { user: entry.username, password: entry.password, url: entry.api_url, insecureSkipVerify: 'true' },
    });
    await client.create('Provider', {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Provider',
      metadata: { name: 'vs', namespace: ns },
      spec: { type: 'vsphere', url: entry.api_url, secret: { name: 'vs', namespace: ns } },
    } as V1beta1Provider);
    await waitForCondition(client, 'Provider', 'vs', ns, 'Ready', { timeoutMs: 30_000 });
    inv = (await inventoryForProvider(client, 'openshift-mtv', { name: 'vs', namespace: ns })) as VsphereInventory;
  }, 60_000);
  afterAll(async () => {
    inv?.http.close();
    await client?.delete('Namespace', ns).catch(() => undefined);
    client?.close();
  });

  it('finds the inventory through the forklift-inventory Route and keys it by the Provider uid', async () => {
    const provider = await client.get('Provider', 'vs', ns);
    expect(inv.providerUid).toBe(provider.metadata?.uid);
    expect(inv.http.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('looks a VM up by name and by id, with full detail', async () => {
    const vm = await inv.vmByName('mtv-tests-rhel8');
    expect(vm.id).toBe('vm-100');
    expect(vm.cpuCount).toBe(2);
    expect(vm.disks.length).toBeGreaterThan(0);
    const byId = await inv.getVm(vm.id);
    expect(byId.name).toBe('mtv-tests-rhel8');
    expect(await inv.findVm('no-such-vm')).toBeUndefined();
  });

  it('maps disks to datastore names and NICs to network names (first NIC first)', async () => {
    const vm = await inv.vmByName('mtv-rhel8-warm-2disks2nics');
    const storages = await inv.storageMappings([vm]);
    const networks = await inv.networkMappings([vm]);
    expect(storages.length).toBeGreaterThan(0);
    for (const s of storages) expect(typeof s.name).toBe('string');
    expect(networks).toHaveLength(2);
    const firstNicNetwork = [...(vm.nics ?? [])].sort((a, b) => a.order - b.order)[0]!.network.id;
    expect(networks[0]!.name).toBe((await inv.network(firstNicNetwork)).name);
  });

  it('waitForVm gives up after its timeout naming the VM', async () => {
    const lines: string[] = [];
    const error = await inv.waitForVm('never-cloned-vm', 700, { info: (m) => lines.push(m) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmNotFoundError);
    expect(String(error)).toMatch(/VM "never-cloned-vm" did not appear in the inventory of provider vs within 700 ms/);
    expect(lines).toEqual([expect.stringMatching(/^waiting up to .* for VM never-cloned-vm in the inventory of provider vs$/)]);
  });

  it('fetchServerCa returns the certificate chain the vCenter presents, as PEM', async () => {
    const entry = (JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Record<string, { api_url: string }>)
      .vsphere!;
    const pem = await fetchServerCa(entry.api_url);
    const first = new X509Certificate(pem);
    expect(first.checkIssued(new X509Certificate(lab().caPem))).toBe(true);
  });

  it('refuses without a bearer token (401), reported as an inventory error', async () => {
    const anon = new InventoryClient(inv.http.baseUrl, {}, { ca: lab().caPem, rejectUnauthorized: true }, silentLog);
    await expect(anon.get(`/providers/vsphere/${inv.providerUid}/vms`)).rejects.toThrow(/HTTP 401/);
    anon.close();
  });
});
