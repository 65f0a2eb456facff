/**
 * Cold migrations from the lab's oVirt engine and OpenStack cloud, and an oVirt warm migration,
 * end to end through the lab API with client-node calls: Provider, maps from the inventory, Plan
 * (Ready), Migration, until Succeeded; then the pipeline Forklift runs for the type, the
 * DataVolumes, the VM built with the type's rules, the source powered off (and event 33 only when
 * it was running), engine snapshots for warm, and OpenStack warm refused by the plan webhook.
 */
import { OvirtApi } from '../../../lab/inventory/source-clients';
import { useLab } from '../../support/lab';
import { CDI, cond, FORKLIFT, ForkliftLab, KUBEVIRT, stepNames, vmTemplate, type Obj } from './support';
import { inventoryList, openstackApiFor, ovirtApiFor, sourceMaps, sourceProvider, sourceUrl, type SourceType } from './source-support';

const lab = useLab();
let f: ForkliftLab;
const NS = 'src-mig';
const uids: Record<string, string> = {};

const ovirtApi = (): OvirtApi => ovirtApiFor(f);

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  for (const type of ['ovirt', 'openstack'] as const) {
    await sourceProvider(f, NS, type);
    uids[type] = (await f.readyProvider(NS, type, 5000)).metadata.uid ?? '';
  }
});

async function migrate(
  type: SourceType,
  tag: string,
  vmName: string,
  planSpec: Record<string, unknown> = {},
): Promise<{ plan: Obj; vm: Obj | undefined; dvs: Obj[]; target: string; srcId: string }> {
  const pair = { source: { name: type, namespace: NS }, destination: { name: 'host', namespace: NS } };
  const target = `${NS}-${tag}`;
  await f.namespace(target);
  const map = await sourceMaps(f, NS, type, uids[type] ?? '', pair, tag);
  const vms = await inventoryList<{ id: string; name: string }>(f, type, uids[type] ?? '', 'vms');
  const srcId = vms.find((v) => v.name === vmName)?.id ?? '';
  await f.plan(NS, tag, { provider: pair, map, targetNamespace: target, vms: [{ id: srcId }], ...planSpec });
  await f.readyPlan(NS, tag, 5000);
  await f.migrate(NS, tag, planSpec.warm ? { cutover: new Date(Date.now() + 60_000).toISOString() } : {});
  const plan = await f.planDone(NS, tag, 20_000);
  return { plan, vm: (await f.list(KUBEVIRT, 'virtualmachines', target))[0], dvs: await f.list(CDI, 'datavolumes', target), target, srcId };
}

it('oVirt cold: Initialize, DiskTransfer, VirtualMachineCreation; imageio DataVolumes; the VM by the oVirt rules', async () => {
  const api = ovirtApi();
  const before = await api.list('/events?search=code%3D33', 'event');
  const { plan, vm, dvs, srcId } = await migrate('ovirt', 'ov-cold', 'mtv-tests-rhel8');
  expect(cond(plan, 'Succeeded')?.status).toBe('True');
  const status = plan.status?.migration?.vms?.[0];
  expect(stepNames(status)).toEqual(['Initialize', 'DiskTransfer', 'VirtualMachineCreation']);
  expect(status?.restorePowerState).toBe('Off');
  const src = (await api.get(`/vms/${srcId}`)) as { memory: string; cpu: { topology: { sockets: string; cores: string } } };
  const disks = await api.list(`/vms/${srcId}/diskattachments`, 'disk_attachment');
  const nics = await api.list(`/vms/${srcId}/nics`, 'nic');
  expect(dvs).toHaveLength(disks.length);
  const dvSpec = dvs[0]?.spec as { source?: { imageio?: { diskId?: string; url?: string } } };
  expect(dvSpec.source?.imageio).toMatchObject({ diskId: String(disks[0]?.id), url: sourceUrl(f, 'ovirt') });
  const t = vmTemplate(vm);
  expect((t.spec.domain.firmware as { uuid?: string }).uuid).toBe(srcId);
  expect(t.spec.domain.cpu).toMatchObject({ sockets: Number(src.cpu.topology.sockets), cores: Number(src.cpu.topology.cores) });
  expect((t.spec.domain.cpu as { model?: string }).model).toBeUndefined();
  expect(t.spec.domain.memory.guest).toBe(`${Number(src.memory) / 1024 ** 2}Mi`);
  expect(t.spec.domain.devices.interfaces[0]).toMatchObject({ macAddress: (nics[0]?.mac as { address: string }).address, model: 'virtio' });
  // The source was already down: Forklift did not power it off, so the engine has no new event 33.
  const after = await api.list('/events?search=code%3D33', 'event');
  expect(after.length).toBe(before.length);
  api.close();
});

it('oVirt cold from a running VM: the source is shut down as Forklift does (event 73, never the hard stop 33) and the target runs', async () => {
  const api = ovirtApi();
  const vms = await inventoryList<{ id: string; name: string }>(f, 'ovirt', uids.ovirt ?? '', 'vms');
  const id = vms.find((v) => v.name === 'mtv-win2019-3disks')?.id ?? '';
  await api.call('POST', `/vms/${id}/start`, '<action/>');
  for (let i = 0; i < 100 && (await api.get(`/vms/${id}`)).status !== 'up'; i++) await new Promise((r) => setTimeout(r, 20));
  const { plan, vm } = await migrate('ovirt', 'ov-running', 'mtv-win2019-3disks');
  expect(cond(plan, 'Succeeded')?.status).toBe('True');
  expect(plan.status?.migration?.vms?.[0]?.restorePowerState).toBe('On');
  expect((await api.get(`/vms/${id}`)).status).toBe('down');
  const events = await api.list(`/events?search=vms.id%3D${id}`, 'event');
  expect(events.filter((e) => String(e.code) === '73')).toHaveLength(1); // USER_INITIATED_SHUTDOWN_VM
  expect(events.filter((e) => String(e.code) === '33')).toHaveLength(0); // USER_STOP_VM: what check_false_vm_power_off flags
  expect((vm?.spec as { runStrategy?: string }).runStrategy).toBe('Always');
  api.close();
});

it('OpenStack cold: DiskTransfer then ConvertOpenstackSnapshot; volumes imported from snapshots that are removed after', async () => {
  const { plan, vm, dvs } = await migrate('openstack', 'os-cold', 'mtv-tests-rhel8');
  expect(cond(plan, 'Succeeded')?.status).toBe('True');
  const status = plan.status?.migration?.vms?.[0];
  expect(stepNames(status)).toEqual(['Initialize', 'DiskTransfer', 'ConvertOpenstackSnapshot', 'VirtualMachineCreation']);
  expect(status?.pipeline.every((s) => s.phase === 'Completed')).toBe(true);
  const full = (await (await f.inventory()).get(`/providers/openstack/${uids.openstack}/vms/${status?.id}`)).data as {
    attachedVolumes: Array<{ ID: string }>;
    ports: Array<{ mac: string }>;
  };
  expect(dvs.map((d) => d.metadata.annotations?.['forklift.konveyor.io/disk-source']).sort()).toEqual(
    full.attachedVolumes.map((v) => v.ID).sort(),
  );
  expect((dvs[0]?.spec as { source?: { http?: { url?: string } } }).source?.http?.url).toMatch(/\/snapshots\/[0-9a-f-]{36}$/);
  const t = vmTemplate(vm);
  expect(t.spec.volumes.map((v) => v.name)).toEqual(full.attachedVolumes.map((v) => `vol-${v.ID}`));
  expect(t.spec.domain.devices.interfaces[0]?.macAddress).toBe(full.ports[0]?.mac);
  expect(t.spec.domain.cpu).toMatchObject({ sockets: 2, cores: 1, threads: 1 });
  // Cinder itself (the inventory follows it only at its next poll): the migration's volume snapshots are gone.
  const api = openstackApiFor(f);
  const snaps = ((await api.get('volumev3', '/snapshots/detail')).snapshots ?? []) as Array<{ volume_id: string }>;
  expect(snaps.filter((sn) => full.attachedVolumes.some((v) => v.ID === sn.volume_id))).toEqual([]);
  api.close();
});

it('OpenStack warm is refused by the plan webhook', async () => {
  const pair = { source: { name: 'openstack', namespace: NS }, destination: { name: 'host', namespace: NS } };
  await expect(
    f.plan(NS, 'os-warm', {
      provider: pair,
      map: { network: { name: 'x', namespace: NS }, storage: { name: 'y', namespace: NS } },
      warm: true,
      vms: [{ name: 'mtv-tests-rhel8' }],
    }),
  ).rejects.toThrow(/warm migration is not supported by the provider/);
});

it('oVirt warm: engine snapshots open each precopy, DataVolume checkpoints follow them, Cutover then VM creation', async () => {
  const { plan, srcId, dvs } = await migrate('ovirt', 'ov-warm', 'mtv-rhel8-warm-2disks2nics', { warm: true });
  expect(cond(plan, 'Succeeded')?.status).toBe('True');
  const status = plan.status?.migration?.vms?.[0];
  expect(stepNames(status)).toEqual(['Initialize', 'DiskTransfer', 'Cutover', 'VirtualMachineCreation']);
  const precopies = status?.warm?.precopies ?? [];
  expect(precopies.length).toBeGreaterThanOrEqual(2);
  const api = ovirtApi();
  const snaps = await api.list(`/vms/${srcId}/snapshots`, 'snapshot');
  for (const p of precopies)
    expect(snaps.find((s) => s.id === p.snapshot)).toMatchObject({ snapshot_status: 'ok', snapshot_type: 'regular' });
  expect(dvs[0]?.spec?.checkpoints?.map((c) => c.current)).toEqual(precopies.map((p) => p.snapshot));
  api.close();
});

it('plan validation for an oVirt source: VMNotFound for an unknown id, VMNetworksNotMapped when a NIC network is not mapped', async () => {
  const pair = { source: { name: 'ovirt', namespace: NS }, destination: { name: 'host', namespace: NS } };
  const nets = await inventoryList<{ id: string; name: string }>(f, 'ovirt', uids.ovirt ?? '', 'networks');
  const sds = await inventoryList<{ id: string }>(f, 'ovirt', uids.ovirt ?? '', 'storagedomains');
  const vms = await inventoryList<{ id: string; name: string; nics: Array<{ profile: string }> }>(f, 'ovirt', uids.ovirt ?? '', 'vms');
  const profiles = await inventoryList<{ id: string; network: string }>(f, 'ovirt', uids.ovirt ?? '', 'nicprofiles');
  const vm = vms.find((v) => new Set(v.nics.map((n) => profiles.find((p) => p.id === n.profile)?.network)).size > 1);
  expect(vm).toBeDefined();
  const used = profiles.find((p) => p.id === vm?.nics[0]?.profile)?.network;
  await f.create(FORKLIFT, 'networkmaps', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'NetworkMap',
    metadata: { name: 'val-net' },
    spec: { provider: pair, map: nets.filter((n) => n.id === used).map((n) => ({ source: { id: n.id }, destination: { type: 'pod' } })) },
  });
  await f.create(FORKLIFT, 'storagemaps', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'StorageMap',
    metadata: { name: 'val-storage' },
    spec: { provider: pair, map: sds.map((s) => ({ source: { id: s.id }, destination: { storageClass: 'nfs' } })) },
  });
  const map = { network: { name: 'val-net', namespace: NS }, storage: { name: 'val-storage', namespace: NS } };
  await f.plan(NS, 'ov-val', { provider: pair, map, vms: [{ id: vm?.id }, { id: '00000000-dead-beef-0000-000000000000' }] });
  const plan = await f.waitFor(
    FORKLIFT,
    'plans',
    NS,
    'ov-val',
    (o) => !!cond(o, 'VMNotFound') && !!cond(o, 'VMNetworksNotMapped'),
    5000,
    'VM conditions',
  );
  expect(cond(plan, 'VMNotFound')).toMatchObject({
    category: 'Critical',
    reason: 'NotFound',
    items: [" id:00000000-dead-beef-0000-000000000000 name:'' "],
  });
  expect(cond(plan, 'VMNetworksNotMapped')).toMatchObject({
    category: 'Critical',
    reason: 'NotValid',
    items: [` id:${vm?.id} name:'${vm?.name}' `],
  });
  expect(cond(plan, 'Ready')).toBeUndefined();
});

it('the lab faults the suite checks rely on corrupt an oVirt target VM too (cpu-mismatch, mac-changed)', async () => {
  await f.fault('cpu-mismatch', true);
  await f.fault('mac-changed', true);
  try {
    const { plan, vm, srcId } = await migrate('ovirt', 'ov-fault', 'mtv-win2022-ip-3disks');
    expect(cond(plan, 'Succeeded')?.status).toBe('True');
    const api = ovirtApi();
    const src = (await api.get(`/vms/${srcId}`)) as { cpu: { topology: { sockets: string } } };
    const nics = await api.list(`/vms/${srcId}/nics`, 'nic');
    api.close();
    const t = vmTemplate(vm);
    expect(t.spec.domain.cpu.sockets).toBe(Number(src.cpu.topology.sockets) + 1);
    expect(t.spec.domain.devices.interfaces[0]?.macAddress).not.toBe((nics[0]?.mac as { address: string }).address);
  } finally {
    await f.fault('cpu-mismatch', false);
    await f.fault('mac-changed', false);
  }
});
