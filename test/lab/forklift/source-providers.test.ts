/**
 * oVirt and OpenStack providers against the lab's engine and cloud, through the public API only:
 * the connection test logs in over the real APIs (SSO / Keystone), a wrong password gives
 * ConnectionAuthFailed, missing secret keys give SecretNotValid, and the inventory serves both
 * types in Forklift's shapes, read from the simulators over their APIs, following their changes.
 */
import { useLab } from '../../support/lab';
import { cond, FORKLIFT, ForkliftLab } from './support';
import { inventoryList, openstackApiFor, ovirtApiFor, sourceProvider, type SourceType } from './source-support';

const lab = useLab();
let f: ForkliftLab;
const NS = 'src-prov';

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
});

describe.each<SourceType>(['ovirt', 'openstack'])('%s provider', (type) => {
  it('becomes Ready after a real connection test and loads its inventory', async () => {
    await sourceProvider(f, NS, type);
    const p = await f.readyProvider(NS, type, 5000);
    expect(cond(p, 'ConnectionTestSucceeded')).toMatchObject({
      category: 'Required',
      reason: 'Tested',
      message: 'Connection test, succeeded.',
    });
    expect(cond(p, 'InventoryCreated')).toMatchObject({ category: 'Required', reason: 'Completed' });
    expect(cond(p, 'Ready')).toMatchObject({ category: 'Required', message: 'The provider is ready.' });
    expect(cond(p, 'ConnectionInsecure')).toBeUndefined();
  });

  it('a wrong password fails the login: ConnectionAuthFailed, phase ConnectionFailed, no Ready', async () => {
    await sourceProvider(f, NS, type, { name: `${type}-badpw`, password: 'not-the-password' });
    const p = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      `${type}-badpw`,
      (o) => o.status?.phase === 'ConnectionFailed',
      5000,
      'ConnectionFailed',
    );
    expect(cond(p, 'ConnectionAuthFailed')).toMatchObject({ category: 'Critical', reason: 'Tested' });
    expect(cond(p, 'ConnectionAuthFailed')?.message).toMatch(
      type === 'ovirt'
        ? /^Connection auth failed, error: Error during SSO authentication access_denied/
        : /^Connection auth failed, error: Authentication failed/,
    );
    expect(cond(p, 'Ready')).toBeUndefined();
  });
});

it('an oVirt secret without the engine CA and without insecureSkipVerify is SecretNotValid (cacert is always required)', async () => {
  await sourceProvider(f, NS, 'ovirt', { name: 'ovirt-noca', noCa: true });
  const p = await f.waitFor(
    FORKLIFT,
    'providers',
    NS,
    'ovirt-noca',
    (o) => o.status?.phase === 'ValidationFailed',
    3000,
    'ValidationFailed',
  );
  expect(cond(p, 'SecretNotValid')).toMatchObject({ category: 'Critical', reason: 'DataErr', items: ['ca.crt'] });
});

it('an OpenStack secret without regionName and projectName is SecretNotValid naming them', async () => {
  await sourceProvider(f, NS, 'openstack', {
    name: 'osp-nokeys',
    data: {
      username: Buffer.from('x').toString('base64'),
      password: Buffer.from('y').toString('base64'),
      domainName: Buffer.from('Default').toString('base64'),
    },
  });
  const p = await f.waitFor(
    FORKLIFT,
    'providers',
    NS,
    'osp-nokeys',
    (o) => o.status?.phase === 'ValidationFailed',
    3000,
    'ValidationFailed',
  );
  expect(cond(p, 'SecretNotValid')?.items).toEqual(['regionName', 'projectName']);
});

it('an OpenStack provider without the lab CA fails the TLS verification: ConnectionTestFailed', async () => {
  await sourceProvider(f, NS, 'openstack', { name: 'osp-noca', noCa: true });
  const p = await f.waitFor(FORKLIFT, 'providers', NS, 'osp-noca', (o) => o.status?.phase === 'ConnectionFailed', 5000, 'ConnectionFailed');
  expect(cond(p, 'ConnectionTestFailed')?.message).toMatch(/^Connection test, failed: .*certificate/);
});

describe('inventory', () => {
  it('serves oVirt collections in Forklift shapes, with the provider counts', async () => {
    const p = await f.readyProvider(NS, 'ovirt', 5000);
    const uid = p.metadata.uid ?? '';
    const inv = await f.inventory();
    const prov = await inv.get(`/providers/ovirt/${uid}`);
    expect(prov.data).toMatchObject({
      uid,
      type: 'ovirt',
      datacenterCount: 1,
      clusterCount: 1,
      hostCount: 2,
      networkCount: 2,
      storageDomainCount: 2,
    });
    const list0 = await inv.get(`/providers/ovirt/${uid}/vms?name=mtv-tests-rhel8`);
    expect(list0.data).toHaveLength(1);
    expect(Object.keys(list0.data[0]).sort()).toEqual(['description', 'id', 'name', 'revision', 'selfLink']);
    const vm1 = (await inv.get(`/providers/ovirt/${uid}/vms?name=mtv-tests-rhel8&detail=1`)).data[0];
    expect(vm1).toMatchObject({
      cluster: expect.any(String),
      status: 'down',
      diskAttachments: [expect.objectContaining({ interface: 'virtio_scsi', bootable: true })],
    });
    expect(vm1.cpuSockets).toBeUndefined();
    const full = (await inv.get(`/providers/ovirt/${uid}/vms/${vm1.id}`)).data;
    expect(full).toMatchObject({
      id: vm1.id,
      selfLink: `providers/ovirt/${uid}/vms/${vm1.id}`,
      cpuSockets: expect.any(Number),
      memory: expect.any(Number),
      bios: expect.stringMatching(/^q35/),
    });
    expect(full.nics[0]).toMatchObject({ mac: expect.stringMatching(/^56:6f:/), profile: expect.any(String), interface: 'virtio' });
    const disks = await inventoryList<{ id: string; storageDomain: string; provisionedSize: number }>(f, 'ovirt', uid, 'disks');
    expect(disks.find((d) => d.id === full.diskAttachments[0].disk)).toMatchObject({
      provisionedSize: expect.any(Number),
      storageDomain: expect.any(String),
    });
    const networks = await inventoryList<{ name: string; nicProfiles: string[]; vlan: string }>(f, 'ovirt', uid, 'networks');
    expect(networks.find((n) => n.name === 'mtv-vlan100')).toMatchObject({ vlan: '100', nicProfiles: [expect.any(String)] });
    const workload = (await inv.get(`/providers/ovirt/${uid}/workloads/${vm1.id}`)).data;
    expect(workload.cluster).toMatchObject({ name: 'mtv-cluster', dataCenter: { name: 'MTV-CNV' } });
    expect((await inv.get(`/providers/vsphere/${uid}/vms`)).status).toBe(404);
  });

  it('serves OpenStack collections in Forklift shapes', async () => {
    const p = await f.readyProvider(NS, 'openstack', 5000);
    const uid = p.metadata.uid ?? '';
    const inv = await f.inventory();
    expect((await inv.get(`/providers/openstack/${uid}`)).data).toMatchObject({
      type: 'openstack',
      regionCount: 1,
      projectCount: 1,
      volumeTypeCount: 2,
      networkCount: 2,
    });
    const vm1 = (await inv.get(`/providers/openstack/${uid}/vms?name=mtv-tests-rhel8&detail=1`)).data[0];
    expect(vm1).toMatchObject({ status: 'SHUTOFF', flavorID: expect.any(String), attachedVolumes: [{ ID: expect.any(String) }] });
    const full = (await inv.get(`/providers/openstack/${uid}/vms/${vm1.id}`)).data;
    expect(full.flavor).toMatchObject({ vcpus: expect.any(Number), ram: expect.any(Number) });
    const volumes = await inventoryList<{ id: string; volumeType: string; bootable: string; size: number }>(f, 'openstack', uid, 'volumes');
    expect(volumes.find((v) => v.id === vm1.attachedVolumes[0].ID)).toMatchObject({
      bootable: 'true',
      volumeType: expect.any(String),
      size: expect.any(Number),
    });
    const types = await inventoryList<{ name: string }>(f, 'openstack', uid, 'volumetypes');
    expect(types.map((t) => t.name).sort()).toEqual(['ceph', 'nfs']);
  });
});

describe('inventory follows the source', () => {
  it('a VM cloned on the oVirt engine appears in the inventory (the collector follows the engine events)', async () => {
    const p = await f.readyProvider(NS, 'ovirt', 5000);
    const uid = p.metadata.uid ?? '';
    const api = ovirtApiFor(f);
    const template = (await api.list('/templates?search=name%3Dmtv-tests-rhel8', 'template'))[0] as { id: string; cluster: { id: string } };
    await api.call(
      'POST',
      '/vms?clone=true',
      `<vm><name>inv-follow-clone</name><cluster id="${template.cluster.id}"/><template id="${template.id}"/></vm>`,
    );
    const inv = await f.inventory();
    const seen = await waitUntil(
      async () => ((await inv.get(`/providers/ovirt/${uid}/vms?name=inv-follow-clone`)).data as unknown[]).length === 1,
      5000,
    );
    expect(seen).toBe(true);
    api.close();
  });

  it('an OpenStack server started through Nova shows ACTIVE in the inventory after the collector polls', async () => {
    const p = await f.readyProvider(NS, 'openstack', 5000);
    const uid = p.metadata.uid ?? '';
    const inv = await f.inventory();
    const vm = (
      (await inv.get(`/providers/openstack/${uid}/vms?name=mtv-win2019-79&detail=1`)).data as Array<{ id: string; status: string }>
    )[0];
    expect(vm?.status).toBe('SHUTOFF');
    const api = openstackApiFor(f);
    await api.call('compute', 'POST', `/servers/${vm?.id}/action`, { 'os-start': null });
    const seen = await waitUntil(
      async () => ((await inv.get(`/providers/openstack/${uid}/vms/${vm?.id}`)).data as { status: string }).status === 'ACTIVE',
      5000,
    );
    expect(seen).toBe(true);
    await api.call('compute', 'POST', `/servers/${vm?.id}/action`, { 'os-stop': null });
    api.close();
  });
});

/** Polls `check` on a short interval (an HTTP read; the inventory has no watch) until true or the bound passes. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
