/**
 * The OVA source in the lab's Forklift, end to end through the lab API: a Provider of type ova
 * whose url is the lab's NFS share (from providers.json, as a QE engineer writes it) becomes Ready;
 * its inventory serves the VMs, networks, disks and storages read from the OVF descriptors inside
 * the OVA files, in Forklift's shapes; a share the NFS server does not export fails the connection
 * test; a cold migration of the Windows Server 2019 VM with three disks runs Forklift's OVA
 * itinerary (virt-v2v path) and builds the VM from the OVF's hardware, under the plan's targetName.
 */
import fs from 'node:fs';
import path from 'node:path';
import { useLab } from '../../support/lab';
import { b64, CDI, cond, FORKLIFT, ForkliftLab, KUBEVIRT, stepNames, vmTemplate, type Obj } from './support';

const lab = useLab();
let f: ForkliftLab;
const NS = 'ova-src';
let uid = '';

function share(): string {
  const file = JSON.parse(fs.readFileSync(path.join(f.lab.stateDir, 'providers.json'), 'utf8')) as { ova?: { api_url: string } };
  if (!file.ova) throw new Error('the lab providers.json has no ova entry');
  return file.ova.api_url;
}

async function ovaProvider(name: string, url: string): Promise<void> {
  await f.core.createNamespacedSecret({
    namespace: NS,
    body: {
      metadata: { name: `${name}-secret`, labels: { createdForProviderType: 'ova' } },
      type: 'Opaque',
      data: { url: b64(url) },
    },
  });
  await f.create(FORKLIFT, 'providers', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name },
    spec: { type: 'ova', url, secret: { name: `${name}-secret`, namespace: NS } },
  });
}

async function list<T>(coll: string): Promise<T[]> {
  const res = await (await f.inventory()).get(`/providers/ova/${uid}/${coll}?detail=all`);
  if (res.status !== 200) throw new Error(`GET /providers/ova/${uid}/${coll}: HTTP ${res.status}`);
  return res.data as T[];
}

interface OvaVm {
  id: string;
  name: string;
  firmware: string;
  secureBoot: boolean;
  cpuCount: number;
  coresPerSocket: number;
  memoryMB: number;
  osType: string;
  disks: Array<{ ID: string; Name: string; Capacity: number; FilePath: string }>;
  nics: Array<{ Name: string; MAC: string; Network: string }>;
  networks: Array<{ ID: string; Name: string }>;
}

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  await ovaProvider('ova', share());
  await f.create(FORKLIFT, 'providers', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: 'host' },
    spec: { type: 'openshift', url: '', secret: {} },
  });
  uid = (await f.readyProvider(NS, 'ova', 5000)).metadata.uid ?? '';
});

it('the ova provider is Ready with its counts, and its VMs are what the OVF descriptors on the share say', async () => {
  const detail = (await (await f.inventory()).get(`/providers/ova/${uid}`)).data as Record<string, unknown>;
  expect(detail).toMatchObject({ type: 'ova', vmCount: 3, networkCount: 2, diskCount: 5, storageCount: 5 });
  const vms = await list<OvaVm>('vms');
  const win = vms.find((v) => v.name === 'mtv-win2019-3disks');
  expect(win).toMatchObject({ firmware: 'bios', secureBoot: false, cpuCount: 4, coresPerSocket: 2, memoryMB: 8192 });
  expect(win?.osType).toMatch(/^windows2019/);
  expect(win?.id).toMatch(/^[0-9a-f]{36}$/); // VirtualSystem id is the name, not a UUID: sha256 cut to 36
  expect(win?.disks.map((d) => [d.Name, d.Capacity])).toEqual([
    ['mtv-win2019-3disks-disk1.vmdk', 60 * 1024 ** 3],
    ['mtv-win2019-3disks-disk2.vmdk', 10 * 1024 ** 3],
    ['mtv-win2019-3disks-disk3.vmdk', 5 * 1024 ** 3],
  ]);
  expect(win?.nics).toEqual([expect.objectContaining({ MAC: '00:50:56:a1:0c:51', Network: 'VM Network' })]);
  const efi = vms.find((v) => v.name === 'mtv-rhel9-efi-ova');
  expect(efi).toMatchObject({ id: '9b7e6c2d-1f3a-4e8b-8c5d-0a4f2e6b7d31', firmware: 'efi', secureBoot: true, cpuCount: 2 });
  expect(efi?.networks.map((n) => n.Name).sort()).toEqual(['Mgmt Network', 'VM Network']);
  const storages = await list<{ id: string; name: string }>('storages');
  expect(storages.filter((s) => s.name.includes('mtv-win2019-3disks')).map((s) => s.id)).toEqual(win?.disks.map((d) => d.ID));
  const byName = await (await f.inventory()).get(`/providers/ova/${uid}/vms?name=mtv-win2019-3disks&detail=0`);
  expect(byName.data).toEqual([expect.objectContaining({ id: win?.id, name: 'mtv-win2019-3disks' })]);
  expect(Object.keys((byName.data as object[])[0] ?? {})).not.toContain('cpuCount');
});

it('a share the NFS server does not export fails the connection test; a url that is not server:/path is not valid', async () => {
  const [host] = share().split(':');
  await ovaProvider('ova-denied', `${host}:/srv/not-exported`);
  const denied = await f.waitFor(
    FORKLIFT,
    'providers',
    NS,
    'ova-denied',
    (o) => o.status?.phase === 'ConnectionFailed',
    5000,
    'ConnectionFailed',
  );
  expect(cond(denied, 'ConnectionTestFailed')?.message).toMatch(/mount\.nfs: access denied by server/);
  await ovaProvider('ova-url', `nfs://${host}/exports`);
  const bad = await f.waitFor(
    FORKLIFT,
    'providers',
    NS,
    'ova-url',
    (o) => o.status?.phase === 'ValidationFailed',
    5000,
    'ValidationFailed',
  );
  expect(cond(bad, 'UrlNotValid')?.reason).toBe('Malformed');
});

it('cold migration of mtv-win2019-3disks: the OVA itinerary, three blank DataVolumes for virt-v2v, the VM from the OVF under its targetName', async () => {
  const pair = { source: { name: 'ova', namespace: NS }, destination: { name: 'host', namespace: NS } };
  const vm = (await list<OvaVm>('vms')).find((v) => v.name === 'mtv-win2019-3disks');
  const target = `${NS}-target`;
  await f.namespace(target);
  await f.create(FORKLIFT, 'networkmaps', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'NetworkMap',
    metadata: { name: 'ova-net' },
    spec: { provider: pair, map: (vm?.networks ?? []).map((n) => ({ source: { id: n.ID }, destination: { type: 'pod' } })) },
  });
  // As the Python suite maps OVA storage: by the disk file name.
  await f.create(FORKLIFT, 'storagemaps', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'StorageMap',
    metadata: { name: 'ova-storage' },
    spec: { provider: pair, map: (vm?.disks ?? []).map((d) => ({ source: { name: d.Name }, destination: { storageClass: 'nfs' } })) },
  });
  const map = { network: { name: 'ova-net', namespace: NS }, storage: { name: 'ova-storage', namespace: NS } };
  await f.plan(NS, 'ova-cold', {
    provider: pair,
    map,
    targetNamespace: target,
    targetPowerState: 'on',
    vms: [{ id: vm?.id, targetName: 'abc123-mtv-win2019-3disks' }],
  });
  await f.readyPlan(NS, 'ova-cold', 5000);
  await f.migrate(NS, 'ova-cold', {});
  const plan = await f.planDone(NS, 'ova-cold', 20_000);
  expect(cond(plan, 'Succeeded')?.status).toBe('True');
  const status = plan.status?.migration?.vms?.[0];
  expect(stepNames(status)).toEqual([
    'Initialize',
    'DiskAllocation',
    'ImageConversion',
    'DiskTransferV2v',
    'VirtualMachineCreation',
    'WaitForGuestReboots',
  ]);
  const dvs = await f.list(CDI, 'datavolumes', target);
  expect(dvs.map((d) => (d.spec as { source?: unknown }).source)).toEqual([{ blank: {} }, { blank: {} }, { blank: {} }]);
  const vms: Obj[] = await f.list(KUBEVIRT, 'virtualmachines', target);
  expect(vms.map((v) => v.metadata.name)).toEqual(['abc123-mtv-win2019-3disks']);
  const t = vmTemplate(vms[0]);
  expect(t.spec.domain.cpu).toMatchObject({ sockets: 2, cores: 2 });
  expect(t.spec.domain.memory.guest).toBe('8192Mi');
  expect(t.spec.domain.firmware.bootloader).toEqual({ bios: {} });
  expect(t.spec.domain.devices.interfaces[0]?.macAddress).toBe('00:50:56:a1:0c:51');
  expect((vms[0]?.spec as { runStrategy?: string }).runStrategy).toBe('Always');
});
