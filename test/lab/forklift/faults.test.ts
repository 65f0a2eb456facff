/**
 * Each Forklift-side lab fault changes exactly what lab/faults-catalog.ts says, seen through the
 * public API: a migration with the fault on is compared with the same migration without it.
 */
import { useLab } from '../../support/lab';
import { b64, cond, FORKLIFT, ForkliftLab, migrateOne, vmTemplate, type MigratedVm, type Obj } from './support';

const lab = useLab();
let f: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
let baseline: MigratedVm;
const NS = 'fault-test';
const SRC = 'mtv-rhel8-warm-2disks2nics'; // 2 disks, 2 NICs, BIOS, 2 vCPU (1 socket x 2 cores), 4 GiB
const OPTIONS = {
  targetLabels: { 'mtv-fault': 'x' },
  targetAffinity: {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
      ],
    },
  },
  pvcNameTemplate: '{{.PlanName}}-d{{.DiskIndex}}',
  pvcNameTemplateUseGenerateName: false,
  targetPowerState: 'on',
};

const tmpl = (r: MigratedVm) => vmTemplate(r.vm);
const domain = (r: MigratedVm) => tmpl(r).spec.domain;

/** Runs the standard migration with `fault` on (and turns it off again). */
async function withFault(fault: string, tag: string, vm = SRC, options: Record<string, unknown> = OPTIONS): Promise<MigratedVm> {
  await f.fault(fault, true);
  try {
    return await migrateOne(f, NS, pair, tag, vm, options);
  } finally {
    await f.fault(fault, false);
  }
}

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  pair = await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 3000);
  baseline = await migrateOne(f, NS, pair, 'baseline', SRC, OPTIONS);
}, 30_000);

describe('baseline (no fault)', () => {
  it('migrates with everything the plan asked for', () => {
    expect(cond(baseline.plan, 'Succeeded')).toBeDefined();
    expect(tmpl(baseline).metadata.labels['mtv-fault']).toBe('x');
    expect(domain(baseline).cpu).toMatchObject({ sockets: 1, cores: 2 });
    expect(domain(baseline).memory.guest).toBe('4096Mi');
    expect(baseline.vm?.spec?.runStrategy).toBe('Always');
    expect(baseline.dataVolumes.map((d) => d.metadata.name).sort()).toEqual(['baseline-d0', 'baseline-d1']);
    expect(baseline.dataVolumes.every((d) => d.spec?.storage?.storageClassName === 'nfs')).toBe(true);
    expect(tmpl(baseline).spec.networks).toEqual([
      { name: 'net-0', pod: {} },
      { name: 'net-1', multus: { networkName: 'default/fault-test-baseline-mgmt' } },
    ]);
    expect(tmpl(baseline).spec.affinity).toEqual(OPTIONS.targetAffinity);
    expect(domain(baseline).firmware.serial).toMatch(/^VMware-([0-9A-F]{2} ){7}[0-9A-F]{2}-([0-9A-F]{2} ){7}[0-9A-F]{2}$/);
  });
});

describe('target VM faults', () => {
  it('drop-target-labels: no targetLabels on the template (app stays)', async () => {
    const r = await withFault('drop-target-labels', 'f-labels');
    expect(tmpl(r).metadata.labels).toEqual({ app: SRC });
  });
  it('cpu-mismatch: one socket more', async () => {
    const r = await withFault('cpu-mismatch', 'f-cpu');
    expect(domain(r).cpu).toMatchObject({ sockets: 2, cores: 2 });
    expect(domain(r).memory.guest).toBe('4096Mi');
  });
  it('memory-mismatch: 512 MiB less', async () => {
    const r = await withFault('memory-mismatch', 'f-mem');
    expect(domain(r).memory.guest).toBe('3584Mi');
    expect(domain(r).cpu).toEqual(domain(baseline).cpu);
  });
  it('wrong-power-state: runStrategy opposite of targetPowerState', async () => {
    const r = await withFault('wrong-power-state', 'f-power');
    expect(r.vm?.spec?.runStrategy).toBe('Halted');
  });
  it('ignore-pvc-template: the default template (trunc 15 of plan and VM name, generateName) instead of the plan template', async () => {
    const r = await withFault('ignore-pvc-template', 'f-pvc');
    expect(r.dataVolumes.map((d) => d.metadata.name).sort()).toEqual([
      expect.stringMatching(/^f-pvc-mtv-rhel8-warm--disk-0-[a-z0-9]{5}$/),
      expect.stringMatching(/^f-pvc-mtv-rhel8-warm--disk-1-[a-z0-9]{5}$/),
    ]);
  });
  it('wrong-storage-class: DataVolumes use another storage class than the map', async () => {
    const r = await withFault('wrong-storage-class', 'f-sc');
    const classes = r.dataVolumes.map((d) => d.spec?.storage?.storageClassName);
    expect(classes.every((c) => c && c !== 'nfs')).toBe(true);
    expect(r.dataVolumes).toHaveLength(2);
  });
  it('wrong-network-mapping: the first NIC goes to a multus network', async () => {
    const r = await withFault('wrong-network-mapping', 'f-net');
    const nets = tmpl(r).spec.networks as Array<Record<string, unknown>>;
    expect(nets[0]).toEqual({ name: 'net-0', multus: { networkName: expect.any(String) } });
    expect(nets[1]).toEqual({ name: 'net-1', multus: { networkName: 'default/fault-test-f-net-mgmt' } });
  });
  it('mac-changed: the NICs get new MAC addresses', async () => {
    const r = await withFault('mac-changed', 'f-mac');
    const macs = (domain(r).devices.interfaces as Array<{ macAddress: string }>).map((i) => i.macAddress);
    const before = (domain(baseline).devices.interfaces as Array<{ macAddress: string }>).map((i) => i.macAddress);
    expect(macs).toHaveLength(before.length);
    macs.forEach((m, i) => expect(m).not.toBe(before[i]));
  });
  it('drop-affinity: no affinity on the template', async () => {
    const r = await withFault('drop-affinity', 'f-aff');
    expect(tmpl(r).spec.affinity).toBeUndefined();
    expect(tmpl(r).metadata.labels['mtv-fault']).toBe('x');
  });
  it('serial-changed: firmware.serial is a random UUID, not the source serial', async () => {
    const r = await withFault('serial-changed', 'f-serial');
    expect(domain(r).firmware.serial).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(domain(r).firmware.serial).not.toBe(domain(baseline).firmware.serial);
  });
  it('disk-missing: the last disk gets no DataVolume (nor volume)', async () => {
    const r = await withFault('disk-missing', 'f-disk');
    expect(r.dataVolumes.map((d) => d.metadata.name)).toEqual(['f-disk-d0']);
    expect(tmpl(r).spec.volumes).toHaveLength(1);
  });
});

describe('migration faults', () => {
  it('source-snapshots-removed: the source VM loses its snapshots', async () => {
    const vc = await f.vcenter();
    try {
      const before = (await vc.vmFacts('vm-100')).snapshots.length;
      expect(before).toBeGreaterThan(0);
      const r = await withFault('source-snapshots-removed', 'f-snap', 'mtv-tests-rhel8');
      expect(cond(r.plan, 'Succeeded')).toBeDefined();
      expect((await vc.vmFacts('vm-100')).snapshots).toHaveLength(0);
    } finally {
      await vc.logout();
    }
  });

  it('hook-fails-at-wrong-step: a failing PostHook is reported at PreHook', async () => {
    await f.create(FORKLIFT, 'hooks', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Hook',
      metadata: { name: 'post-fail' },
      spec: { image: 'quay.io/konveyor/hook-runner:latest', playbook: b64('- hosts: localhost\n  tasks:\n  - fail:\n      msg: no\n') },
    });
    await f.waitFor(FORKLIFT, 'hooks', NS, 'post-fail', (o) => !!cond(o, 'Ready'), 3000, 'Ready');
    await f.fault('hook-fails-at-wrong-step', true);
    try {
      const target = `${NS}-f-hook`;
      await f.namespace(target);
      const map = await f.maps(NS, pair, { prefix: 'f-hook' });
      await f.plan(NS, 'f-hook', {
        provider: pair,
        map,
        targetNamespace: target,
        vms: [{ name: 'mtv-win2019-79', hooks: [{ hook: { name: 'post-fail', namespace: NS }, step: 'PostHook' }] }],
      });
      await f.readyPlan(NS, 'f-hook');
      await f.migrate(NS, 'f-hook');
      const done = await f.planDone(NS, 'f-hook');
      const pipeline = done.status?.migration?.vms?.[0]?.pipeline as Array<{ name: string; error?: { reasons: string[] } }>;
      expect(pipeline.find((s) => s.error)?.name).toBe('PreHook');
      expect(pipeline.find((s) => s.name === 'PostHook')?.error).toBeUndefined();
    } finally {
      await f.fault('hook-fails-at-wrong-step', false);
    }
  });

  it('map-destination-invalid: an existing destination storage class gets DestinationStorageNotValid (Critical) and no Ready', async () => {
    await f.fault('map-destination-invalid', true);
    try {
      const map = await f.maps(NS, pair, {
        prefix: 'f-sc-invalid',
        storage: [{ source: { id: 'datastore-20' }, destination: { storageClass: 'nfs' } }],
      });
      const sm = await f.waitFor(
        FORKLIFT,
        'storagemaps',
        NS,
        map.storage.name,
        (o) => !!cond(o, 'DestinationStorageNotValid'),
        3000,
        'DestinationStorageNotValid',
      );
      expect(cond(sm, 'DestinationStorageNotValid')).toMatchObject({
        status: 'True',
        category: 'Critical',
        reason: 'NotFound',
        message: 'Destination storage not valid.',
        items: ['nfs'],
      });
      expect(cond(sm, 'Ready')).toBeUndefined();
      // The fault is about storage only: the NetworkMap beside it still becomes Ready.
      const nm = await f.waitFor(FORKLIFT, 'networkmaps', NS, map.network.name, (o) => cond(o, 'Ready')?.status === 'True', 3000, 'Ready');
      expect(cond(nm, 'DestinationNetworkNotValid')).toBeUndefined();
    } finally {
      await f.fault('map-destination-invalid', false);
    }
    const clean = await f.maps(NS, pair, {
      prefix: 'f-sc-valid',
      storage: [{ source: { id: 'datastore-20' }, destination: { storageClass: 'nfs' } }],
    });
    const sm = await f.waitFor(FORKLIFT, 'storagemaps', NS, clean.storage.name, (o) => cond(o, 'Ready')?.status === 'True', 3000, 'Ready');
    expect(cond(sm, 'DestinationStorageNotValid')).toBeUndefined();
  });

  it('plan-never-ready: the plan keeps a Ready-withholding condition and a Migration never starts', async () => {
    await f.fault('plan-never-ready', true);
    try {
      const map = await f.maps(NS, pair, { prefix: 'f-never' });
      await f.plan(NS, 'f-never', { provider: pair, map, targetNamespace: `${NS}-f-never`, vms: [{ name: 'mtv-tests-rhel8' }] });
      const p = await f.waitFor(FORKLIFT, 'plans', NS, 'f-never', (o) => !!cond(o, 'ValidatingVDDK'), 3000, 'ValidatingVDDK');
      expect(cond(p, 'Ready')).toBeUndefined();
      const m = await f.migrate(NS, 'f-never');
      const mig = await f.waitFor(FORKLIFT, 'migrations', NS, m.metadata.name, (o) => !!cond(o, 'PlanNotReady'), 3000, 'PlanNotReady');
      expect(cond(mig, 'PlanNotReady')).toMatchObject({ category: 'Critical', message: 'The `plan` does not have Ready condition.' });
      expect(cond(mig, 'Running')).toBeUndefined();
    } finally {
      await f.fault('plan-never-ready', false);
    }
    // Without the fault the plan becomes Ready and the waiting Migration runs.
    const done = await f.planDone(NS, 'f-never');
    expect(cond(done, 'Succeeded')).toBeDefined();
  });

  it('migration-stuck: the VM never leaves its first step (until the fault is off)', async () => {
    await f.fault('migration-stuck', true);
    let plan: Obj | undefined;
    try {
      const map = await f.maps(NS, pair, { prefix: 'f-stuck' });
      await f.namespace(`${NS}-f-stuck`);
      await f.plan(NS, 'f-stuck', { provider: pair, map, targetNamespace: `${NS}-f-stuck`, vms: [{ name: 'mtv-win2019-79' }] });
      await f.readyPlan(NS, 'f-stuck');
      await f.migrate(NS, 'f-stuck');
      plan = await f.waitFor(
        FORKLIFT,
        'plans',
        NS,
        'f-stuck',
        (o) => o.status?.migration?.vms?.[0]?.phase === 'Started',
        3000,
        'VM phase Started',
      );
      // Ten lab minutes later it is still there.
      await new Promise((r) => setTimeout(r, 1000));
      plan = await f.get(FORKLIFT, 'plans', NS, 'f-stuck');
      const vm = plan?.status?.migration?.vms?.[0] as { phase: string; pipeline: Array<{ name: string; phase: string }> };
      expect(vm.phase).toBe('Started');
      expect(vm.pipeline.filter((s) => s.phase !== 'Pending').map((s) => s.name)).toEqual(['Initialize']);
      expect(cond(plan, 'Executing')).toBeDefined();
    } finally {
      await f.fault('migration-stuck', false);
    }
    expect(cond(await f.planDone(NS, 'f-stuck'), 'Succeeded')).toBeDefined();
  });
});
