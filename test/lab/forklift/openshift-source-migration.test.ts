/**
 * Cold migration from the lab cluster as an OpenShift source (a url-less openshift Provider in a
 * user namespace) to a target namespace of the same cluster, as Forklift's OCP adapter runs it:
 * pipeline Initialize, DiskTransfer (one task per source PVC `<ns>/<pvc>`), VirtualMachineCreation;
 * the source VM stopped (runStrategy Halted) and left stopped; a VirtualMachineExport made by
 * Forklift and readied by KubeVirt once the VM is down, deleted after the VM is created; one
 * DataVolume per source PVC importing the export's gzip link on the mapped StorageClass, named by
 * the OCP default template {{.SourcePVCName}} (+ generateName suffix); the VM from the source template, NICs mapped
 * through the NetworkMap with their MACs, volumes on the new DataVolumes.
 */
import { bridgeNad, kubevirtSourceVm } from '../../support/kubevirt-source';
import { useLab } from '../../support/lab';
import { CDI, cond, FORKLIFT, ForkliftLab, KUBEVIRT, stepNames, vmTemplate, type Obj } from './support';

const lab = useLab();
let f: ForkliftLab;
const NS = 'ocp-mig';
const SRC = 'ocp-mig-src';
const NAD = { group: 'k8s.cni.cncf.io', version: 'v1' };
const EXPORT = { group: 'export.kubevirt.io', version: 'v1alpha1' };
const MAC = ['02:00:00:aa:00:01', '02:00:00:aa:00:02'];
const pair = { source: { name: 'ocp-source', namespace: NS }, destination: { name: 'host', namespace: NS } };

const sourceVm = (name: string, runStrategy: string): object =>
  kubevirtSourceVm(name, { runStrategy, nad: `${SRC}/src-bridge`, macs: [MAC[0] ?? '', MAC[1] ?? ''] });

async function maps(tag: string, target: string): Promise<object> {
  await f.create(NAD, 'network-attachment-definitions', target, bridgeNad('dst-bridge', 'bridge'));
  return f.maps(NS, pair, {
    prefix: tag,
    network: [
      { source: { type: 'pod' }, destination: { type: 'pod' } },
      { source: { name: 'src-bridge', namespace: SRC }, destination: { type: 'multus', name: 'dst-bridge', namespace: target } },
    ],
    storage: [{ source: { name: 'nfs' }, destination: { storageClass: 'nfs' } }],
  });
}

async function migrate(tag: string, vmName: string, runStrategy: string, planSpec: Record<string, unknown> = {}) {
  const target = `${NS}-${tag}`;
  await f.namespace(target);
  await f.create(KUBEVIRT, 'virtualmachines', SRC, sourceVm(vmName, runStrategy));
  await f.waitFor(CDI, 'datavolumes', SRC, `${vmName}-root`, (o) => o.status?.phase === 'Succeeded', 5000, 'DataVolume Succeeded');
  const map = await maps(tag, target);
  await f.plan(NS, tag, { provider: pair, map, targetNamespace: target, vms: [{ name: vmName, namespace: SRC }], ...planSpec });
  await f.readyPlan(NS, tag, 5000);
  await f.migrate(NS, tag);
  const plan = await f.planDone(NS, tag, 20_000);
  const vm = await f.get(KUBEVIRT, 'virtualmachines', target, vmName);
  return { plan, vm, dvs: await f.list(CDI, 'datavolumes', target), target };
}

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  await f.namespace(SRC);
  await f.create(NAD, 'network-attachment-definitions', SRC, bridgeNad('src-bridge'));
  for (const [name, spec] of [
    ['ocp-source', { type: 'openshift', url: '', secret: {} }],
    ['host', { type: 'openshift', url: '', secret: {} }],
  ] as const)
    await f.create(FORKLIFT, 'providers', NS, { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'Provider', metadata: { name }, spec });
  await f.readyProvider(NS, 'ocp-source', 5000);
  await f.readyProvider(NS, 'host', 5000);
});

it('a running KubeVirt VM: stopped and left stopped; export, DataVolumes from it, the VM from the source template', async () => {
  const { plan, vm, dvs, target } = await migrate('run', 'ocp-vm1', 'Always');
  expect(cond(plan, 'Succeeded')?.status).toBe('True');
  const status = plan.status?.migration?.vms?.[0] as {
    pipeline?: Array<{ name: string; tasks?: Array<{ name: string }> }>;
    restorePowerState?: string;
  };
  expect(stepNames(status)).toEqual(['Initialize', 'DiskTransfer', 'VirtualMachineCreation']);
  expect(status.pipeline?.[1]?.tasks?.map((t) => t.name)).toEqual([`${SRC}/ocp-vm1-root`]);
  expect(status.restorePowerState).toBe('On');
  const source = await f.get(KUBEVIRT, 'virtualmachines', SRC, 'ocp-vm1');
  expect(source?.spec?.runStrategy).toBe('Halted');
  expect(await f.get(EXPORT, 'virtualmachineexports', SRC, 'ocp-vm1')).toBeUndefined();
  // The OCP default template {{.SourcePVCName}}; the CRD defaults pvcNameTemplateUseGenerateName to true.
  expect(dvs.map((d) => d.metadata.name)).toEqual([expect.stringMatching(/^ocp-vm1-root-[a-z0-9]{5}$/)]);
  const dv = dvs[0] as Obj;
  expect(dv.metadata.annotations?.['forklift.konveyor.io/disk-source']).toBe(`${SRC}/ocp-vm1-root`);
  const http = (dv.spec as { source?: { http?: { url?: string; secretExtraHeaders?: string[] } } }).source?.http;
  expect(http?.url).toMatch(new RegExp(`/namespaces/${SRC}/virtualmachineexports/ocp-vm1/volumes/ocp-vm1-root/disk.img.gz$`));
  expect(http?.secretExtraHeaders).toHaveLength(1);
  expectBuiltFromSource(vm, target, dv.metadata.name);
});

/** The target VM: the source template with the NICs' MACs, the mapped networks and the new DataVolume. */
function expectBuiltFromSource(vm: Obj | undefined, target: string, dvName: string | undefined): void {
  const t = vmTemplate(vm);
  expect(vm?.spec?.runStrategy).toBe('Always');
  expect(t.spec.domain.cpu).toMatchObject({ sockets: 1, cores: 2 });
  expect(t.spec.domain.devices.interfaces.map((i) => i.macAddress)).toEqual(MAC);
  expect(t.spec.networks).toEqual([
    { name: 'default', pod: {} },
    { name: 'br', multus: { networkName: `${target}/dst-bridge` } },
  ]);
  expect((t.spec as { volumes?: unknown[] }).volumes).toEqual([{ name: 'root', dataVolume: { name: dvName } }]);
}

it('a stopped VM stays off (targetPowerState auto); fault cpu-mismatch adds a socket to the copy', async () => {
  await f.fault('cpu-mismatch', true);
  try {
    const target = `${NS}-off`;
    const { plan, vm } = await migrate('off', 'ocp-vm2', 'Halted');
    expect(cond(plan, 'Succeeded')?.status).toBe('True');
    expect(vm?.spec?.runStrategy).toBe('Halted');
    expect(vmTemplate(vm).spec.domain.cpu).toMatchObject({ sockets: 2 });
    expect(target).toBe((vm?.metadata.namespace as string) ?? '');
  } finally {
    await f.fault('cpu-mismatch', false);
  }
});

it('an unmapped network blocks the plan (VMNetworksNotMapped)', async () => {
  await f.create(KUBEVIRT, 'virtualmachines', SRC, sourceVm('ocp-vm3', 'Halted'));
  const map = await f.maps(NS, pair, {
    prefix: 'unm',
    network: [{ source: { type: 'pod' }, destination: { type: 'pod' } }],
    storage: [{ source: { name: 'nfs' }, destination: { storageClass: 'nfs' } }],
  });
  await f.plan(NS, 'unm', { provider: pair, map, targetNamespace: NS, vms: [{ name: 'ocp-vm3', namespace: SRC }] });
  const plan = await f.waitFor(FORKLIFT, 'plans', NS, 'unm', (o) => !!cond(o, 'VMNetworksNotMapped'), 5000, 'VMNetworksNotMapped');
  expect(cond(plan, 'Ready')).toBeUndefined();
});
