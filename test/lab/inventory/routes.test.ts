/**
 * Unit tests of the inventory's routing, detail levels and collector lag, without the HTTPS server
 * (the end-to-end inventory test in inventory.lab.test.ts goes through the lab's public API).
 */
import { MemoryStore } from '../../../lab/apiserver/store';
import type { KubeObject } from '../../../lab/apiserver/contract';
import type { LabFaults } from '../../../lab/faults-catalog';
import { InventoryRoutes } from '../../../lab/inventory/routes';
import { InventoryService } from '../../../lab/inventory/service';
import type { InvVm } from '../../../lab/inventory/types';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { seedInventory } from '../../../lab/vsphere/seed';

const noFaults = (lag?: number): LabFaults => ({ isOn: () => false, value: (n) => (n === 'inventory-lag' ? lag : undefined) });
const provider = (uid: string, type = 'vsphere'): KubeObject => ({
  apiVersion: 'forklift.konveyor.io/v1beta1',
  kind: 'Provider',
  metadata: { name: `p-${uid}`, namespace: 'ns1', uid, resourceVersion: '7' },
  spec: { type, url: 'https://127.0.0.1:9999/sdk' },
});
const get = (routes: InventoryRoutes, url: string) => {
  const u = new URL(url, 'https://x');
  return routes.handle({ path: u.pathname, query: u.searchParams });
};

describe('inventory routes', () => {
  let model: LabVSphereModel;
  let service: InventoryService;
  let routes: InventoryRoutes;
  beforeEach(() => {
    model = new LabVSphereModel(seedInventory());
    service = new InventoryService(model, 'https://127.0.0.1:9999/sdk', noFaults(20), 300);
    routes = new InventoryRoutes(service, new MemoryStore());
  });
  afterEach(() => service.close());

  const loaded = () =>
    new Promise<void>((resolve) => {
      const off = service.onChange(() => {
        if (service.collector('u1')?.loaded) {
          off();
          resolve();
        }
      });
    });

  it('answers 404 ProviderNotFound for an unknown uid and 206 while loading, then the seeded VMs', async () => {
    expect(get(routes, '/providers/vsphere/nope/vms')).toEqual({ status: 404, headers: { 'X-Reason': 'ProviderNotFound' } });
    service.startCollector(provider('u1'));
    expect(get(routes, '/providers/vsphere/u1/vms').status).toBe(206);
    await loaded();
    const vms = get(routes, '/providers/vsphere/u1/vms').body as InvVm[];
    expect(vms.map((v) => v.name)).toEqual(expect.arrayContaining(['mtv-tests-rhel8', 'mtv-win2019-3disks', 'mtv-rhel8-warm-2disks2nics']));
    const rhel = vms.find((v) => v.name === 'mtv-tests-rhel8') as InvVm;
    expect(rhel.selfLink).toBe(`providers/vsphere/u1/vms/${rhel.id}`);
    expect(rhel.path).toBe('/mtv-datacenter/vm/mtv-tests-rhel8');
    expect(rhel.parent).toEqual({ kind: 'Folder', id: 'group-v4' });
    expect(rhel.disks[0]).toEqual(
      expect.objectContaining({
        key: expect.any(Number),
        file: expect.stringMatching(/^\[.+\] .+\.vmdk$/),
        datastore: { kind: 'Datastore', id: expect.any(String) },
      }),
    );
    expect(rhel.cpuCount).toBeGreaterThan(0);
    expect(get(routes, `/providers/vsphere/u1/vms/${rhel.id}`).body).toEqual(rhel);
    expect(get(routes, '/providers/vsphere/u1/vms?name=mtv-tests-rhel8').body).toHaveLength(1);
    expect(get(routes, '/providers/vsphere/u1/vms?name=/mtv-datacenter/vm/mtv-tests-rhel8').body).toHaveLength(1);
    expect(get(routes, '/providers/vsphere/u1/vms/vm-nope').status).toBe(404);
  });

  it('serves detail levels for providers and collections and rejects a bad detail', async () => {
    service.startCollector(provider('u1'));
    await loaded();
    const list = get(routes, '/providers').body as Record<string, unknown[]>;
    expect(Object.keys(list).sort()).toEqual(['ec2', 'hyperv', 'openshift', 'openstack', 'ova', 'ovirt', 'vsphere']);
    expect(list.vsphere).toEqual([{ uid: 'u1', version: '7', namespace: 'ns1', name: 'p-u1', selfLink: 'providers/vsphere/u1', id: 'u1' }]);
    const one = get(routes, '/providers/vsphere/u1').body as Record<string, unknown>;
    expect(one).toEqual(
      expect.objectContaining({ type: 'vsphere', vmCount: expect.any(Number), datastoreCount: 3, networkCount: 3, hostCount: 3 }),
    );
    const ds0 = get(routes, '/providers/vsphere/u1/datastores').body as Array<Record<string, unknown>>;
    expect(Object.keys(ds0[0] ?? {}).sort()).toEqual(['id', 'name', 'parent', 'path', 'revision', 'selfLink']);
    const ds1 = get(routes, '/providers/vsphere/u1/datastores?detail=1').body as Array<Record<string, unknown>>;
    expect(ds1[0]).toEqual(expect.objectContaining({ type: 'VMFS', capacity: expect.any(Number), free: expect.any(Number) }));
    expect(get(routes, '/providers/vsphere/u1/datastores?detail=x').status).toBe(400);
    expect(get(routes, '/providers/openshift/u1').status).toBe(404); // type mismatch
  });

  it('shows a model change only after the lag', async () => {
    service.startCollector(provider('u1'));
    await loaded();
    const before = (get(routes, '/providers/vsphere/u1/vms?name=mtv-tests-rhel8').body as InvVm[])[0] as InvVm;
    model.setPowerState(before.id, before.powerState === 'poweredOn' ? 'poweredOff' : 'poweredOn');
    expect((get(routes, `/providers/vsphere/u1/vms/${before.id}`).body as InvVm).powerState).toBe(before.powerState);
    await new Promise<void>((resolve) => {
      const off = service.onChange(() => {
        off();
        resolve();
      });
    });
    const after = get(routes, `/providers/vsphere/u1/vms/${before.id}`).body as InvVm;
    expect(after.powerState).not.toBe(before.powerState);
    expect(after.revision).toBeGreaterThan(before.revision);
  });
});
