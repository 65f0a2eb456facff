/**
 * The lab's Forklift inventory through its Route with a bearer token (axios), as the suite and
 * the console reach it: auth, provider lists and detail levels, the seeded VMs in the
 * @kubev2v/types shapes, ?name= lookups, 404 X-Reason ProviderNotFound, and the lag behind vCenter
 * (fault inventory-lag) observed through a real vim25 power-on.
 */
import type { VSphereDataStore, VSphereHostInventory, VSphereNetwork, VSphereVM } from '@kubev2v/types';
import { useLab } from '../../support/lab';
import { ForkliftLab } from '../forklift/support';

const lab = useLab();
let f: ForkliftLab;
let uid: string;
const NS = 'inv-test';

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  await f.providers(NS);
  const p = await f.readyProvider(NS, 'vsphere', 3000);
  uid = p.metadata.uid ?? '';
});

describe('forklift-inventory', () => {
  it('is exposed as Route forklift-inventory (reencrypt) and rejects requests without a valid token', async () => {
    const route = (await f.co.getNamespacedCustomObject({
      group: 'route.openshift.io',
      version: 'v1',
      namespace: 'openshift-mtv',
      plural: 'routes',
      name: 'forklift-inventory',
    })) as { spec: { host: string; tls: { termination: string } } };
    expect(route.spec.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(route.spec.tls.termination).toBe('reencrypt');
    expect((await (await f.inventory(null)).get('/providers')).status).toBe(401);
    expect((await (await f.inventory('not-a-token')).get(`/providers/vsphere/${uid}/vms`)).status).toBe(401);
    expect((await (await f.inventory()).get('/providers')).status).toBe(200);
  });

  it('lists providers by type, with counts at detail 1', async () => {
    const inv = await f.inventory();
    const all = (await inv.get('/providers')).data as Record<string, Array<{ uid: string; name: string; namespace: string }>>;
    expect(Object.keys(all).sort()).toEqual(['ec2', 'hyperv', 'openshift', 'openstack', 'ova', 'ovirt', 'vsphere']);
    expect(all.vsphere).toEqual(
      expect.arrayContaining([
        { uid, version: expect.any(String), namespace: NS, name: 'vsphere', selfLink: `providers/vsphere/${uid}`, id: uid },
      ]),
    );
    expect(all.openshift?.some((p) => p.name === 'host' && p.namespace === 'openshift-mtv')).toBe(true);
    const one = (await inv.get(`/providers/vsphere/${uid}`)).data as Record<string, unknown>;
    expect(one).toMatchObject({
      uid,
      type: 'vsphere',
      hostCount: 3,
      datastoreCount: 3,
      networkCount: 3,
      product: expect.stringContaining('vCenter'),
    });
    expect((one.object as { metadata: { name: string } }).metadata.name).toBe('vsphere');
  });

  it('serves the seeded VMs at full detail in the @kubev2v/types shape, by id and by ?name=', async () => {
    const inv = await f.inventory();
    const res = await inv.get(`/providers/vsphere/${uid}/vms`);
    expect(res.status).toBe(200);
    const vms = res.data as Array<
      VSphereVM & {
        cpuCount: number;
        coresPerSocket: number;
        memoryMB: number;
        uuid: string;
        firmware: string;
        nics: Array<{ mac: string; network: { id: string } }>;
      }
    >;
    for (const name of [
      'mtv-tests-rhel8',
      'mtv-win2019-3disks',
      'mtv-win2022-ip-3disks',
      'mtv-rhel8-warm-2disks2nics',
      'mtv-win2019-79',
      'xcopy-template-test',
    ]) {
      expect(vms.some((v) => v.name === name)).toBe(true);
    }
    const vc = await f.vcenter();
    try {
      const win = vms.find((v) => v.name === 'mtv-win2019-3disks');
      if (!win) throw new Error('mtv-win2019-3disks missing');
      const facts = await vc.vmFacts(win.id);
      expect(win).toMatchObject({
        id: facts.id,
        uuid: facts.uuid,
        cpuCount: facts.cpu.total,
        coresPerSocket: facts.cpu.coresPerSocket,
        memoryMB: facts.memoryMB,
        isTemplate: false,
        powerState: 'poweredOff',
        parent: { kind: 'Folder', id: expect.any(String) },
        path: expect.stringMatching(/\/vm\/mtv-win2019-3disks$/),
      });
      expect(win.disks.map((d) => d.capacity)).toEqual(facts.disks.map((d) => d.capacityBytes));
      expect(win.disks.map((d) => d.file)).toEqual(facts.disks.map((d) => d.fileName));
      expect(win.disks[0]).toEqual(
        expect.objectContaining({
          key: expect.any(Number),
          file: expect.stringMatching(/^\[[^\]]+\] /),
          datastore: { kind: 'Datastore', id: expect.any(String) },
          shared: false,
          rdm: false,
        }),
      );
      expect(win.nics.map((n) => n.mac)).toEqual(facts.nics.map((n) => n.mac));
      const byId = (await inv.get(`/providers/vsphere/${uid}/vms/${win.id}`)).data as VSphereVM;
      expect(byId).toEqual(win);
      const byName = (await inv.get(`/providers/vsphere/${uid}/vms`, { params: { name: 'mtv-win2019-3disks' } })).data as VSphereVM[];
      expect(byName.map((v) => v.id)).toEqual([win.id]);
      const workload = (await inv.get(`/providers/vsphere/${uid}/workloads/${win.id}`)).data as {
        host: { id: string; cluster: { datacenter: { name: string } } };
      };
      expect(workload.host.id).toBe(win.host);
      expect(workload.host.cluster.datacenter.name).toBeTruthy();
    } finally {
      await vc.logout();
    }
  });

  it('serves networks, datastores and hosts (Resource at detail 0, full at detail 1)', async () => {
    const inv = await f.inventory();
    const nets0 = (await inv.get(`/providers/vsphere/${uid}/networks`)).data as Array<Record<string, unknown>>;
    expect(Object.keys(nets0[0] ?? {}).sort()).toEqual(['id', 'name', 'parent', 'path', 'revision', 'selfLink', 'variant']);
    const nets = (await inv.get(`/providers/vsphere/${uid}/networks?detail=1`)).data as VSphereNetwork[];
    expect(nets.map((n) => n.name)).toEqual(expect.arrayContaining(['VM Network', 'Mgmt Network']));
    expect(nets.find((n) => n.name === 'mtv-dvpg-vlan100')?.variant).toBe('DvPortGroup');
    const ds = (await inv.get(`/providers/vsphere/${uid}/datastores?detail=all`)).data as VSphereDataStore[];
    expect(ds.every((d) => d.capacity > 0 && d.free > 0 && typeof d.type === 'string')).toBe(true);
    const hosts = (await inv.get(`/providers/vsphere/${uid}/hosts?detail=1`)).data as VSphereHostInventory[];
    expect(hosts).toHaveLength(3);
    expect(hosts[0]).toMatchObject({ cluster: expect.any(String), inMaintenance: false, productName: 'VMware ESXi' });
    expect((await inv.get(`/providers/vsphere/${uid}/datastores?detail=x`)).status).toBe(400);
  });

  it('answers 404 with X-Reason ProviderNotFound for an unknown provider uid', async () => {
    const res = await (await f.inventory()).get('/providers/vsphere/00000000-0000-0000-0000-000000000000/vms');
    expect(res.status).toBe(404);
    expect(res.headers['x-reason']).toBe('ProviderNotFound');
    expect((await (await f.inventory()).get(`/providers/vsphere/${uid}/vms/vm-does-not-exist`)).status).toBe(404);
  });

  it('serves the host provider basics (namespaces, storage classes)', async () => {
    const inv = await f.inventory();
    const host = ((await inv.get('/providers/openshift')).data as Array<{ uid: string; name: string; namespace: string }>).find(
      (p) => p.name === 'host' && p.namespace === 'openshift-mtv',
    );
    if (!host) throw new Error('host provider not in the inventory');
    const nss = (await inv.get(`/providers/openshift/${host.uid}/namespaces`)).data as Array<{ name: string }>;
    expect(nss.map((n) => n.name)).toEqual(expect.arrayContaining([NS, 'openshift-mtv']));
    const scs = (await inv.get(`/providers/openshift/${host.uid}/storageclasses?detail=1`)).data as Array<{
      name: string;
      object: { provisioner: string };
    }>;
    expect(scs.length).toBeGreaterThan(0);
    expect(scs[0]?.object.provisioner).toBeTruthy();
  });

  it('fault inventory-lag: a vCenter change shows up only after the configured lag', async () => {
    await f.fault('inventory-lag', true, 1500);
    const vc = await f.vcenter();
    try {
      const inv = await f.inventory();
      const vm = ((await inv.get(`/providers/vsphere/${uid}/vms`, { params: { name: 'mtv-win2019-79' } })).data as VSphereVM[])[0];
      if (!vm) throw new Error('mtv-win2019-79 missing');
      expect(vm.powerState).toBe('poweredOff');
      const t0 = Date.now();
      await vc.powerOn(vm.id);
      expect(((await inv.get(`/providers/vsphere/${uid}/vms/${vm.id}`)).data as VSphereVM).powerState).toBe('poweredOff');
      // Event-free by nature (the inventory API has no watch): sample until the change is visible.
      let seenAt = 0;
      for (let i = 0; i < 40 && !seenAt; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (((await inv.get(`/providers/vsphere/${uid}/vms/${vm.id}`)).data as VSphereVM).powerState === 'poweredOn') seenAt = Date.now();
      }
      expect(seenAt).toBeGreaterThan(0);
      expect(seenAt - t0).toBeGreaterThanOrEqual(1400);
    } finally {
      await f.fault('inventory-lag', false);
      await vc.logout();
    }
  });
});
