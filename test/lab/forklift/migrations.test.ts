/**
 * Plans and Migrations on the lab's Forklift, through the public API only: validation conditions,
 * cold and warm runs with Forklift's pipeline step names in order, hooks that fail at PreHook /
 * PostHook, cancel, archive. Times are lab minutes (100 ms), so each migration takes about a second.
 */
import http from 'node:http';
import { useLab } from '../../support/lab';
import { b64, BATCH, CDI, cond, FORKLIFT, ForkliftLab, KUBEVIRT, stepNames, vmTemplate, type Obj, type VmTemplate } from './support';

const lab = useLab();
let f: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
const NS = 'mig-test';

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  pair = await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 3000);
  await f.readyProvider(NS, 'host', 3000);
});

/** A fresh target namespace + maps per test, so target VM names never collide. */
async function setup(tag: string, mapOpts: Parameters<ForkliftLab['maps']>[2] = {}) {
  const ns = `${NS}-${tag}`;
  await f.namespace(ns);
  const maps = await f.maps(NS, pair, { prefix: tag, ...mapOpts });
  return { ns, map: maps };
}

const vmStatus = (o: Obj) =>
  (o.status?.migration?.vms ?? [])[0] as {
    id: string;
    name: string;
    phase: string;
    pipeline: Array<{
      name: string;
      phase: string;
      error?: { reasons: string[] };
      tasks?: Array<{ progress: { total: number; completed: number }; phase: string }>;
    }>;
    conditions?: Array<{ type: string; reason?: string }>;
    warm?: { successes: number; precopies?: Array<{ start?: string; end?: string; snapshot?: string }> };
  };

describe('Plan validation', () => {
  it('a plan naming an unknown VM gets VMNotFound and no Ready', async () => {
    const { ns, map } = await setup('notfound');
    await f.plan(NS, 'notfound', { provider: pair, map, targetNamespace: ns, vms: [{ name: 'no-such-vm' }] });
    const p = await f.waitFor(FORKLIFT, 'plans', NS, 'notfound', (o) => !!cond(o, 'VMNotFound'), 3000, 'VMNotFound');
    expect(cond(p, 'VMNotFound')).toMatchObject({
      status: 'True',
      category: 'Critical',
      reason: 'NotFound',
      message: 'VM not found.',
      items: [" id: name:'no-such-vm' "],
    });
    expect(cond(p, 'Ready')).toBeUndefined();
  });

  it('a VM with a disk on an unmapped datastore gets VMStorageNotMapped', async () => {
    const { ns, map } = await setup('unmapped', { storage: [{ source: { id: 'datastore-20' }, destination: { storageClass: 'nfs' } }] });
    await f.plan(NS, 'unmapped', { provider: pair, map, targetNamespace: ns, vms: [{ name: 'mtv-win2019-3disks' }] });
    const p = await f.waitFor(FORKLIFT, 'plans', NS, 'unmapped', (o) => !!cond(o, 'VMStorageNotMapped'), 3000, 'VMStorageNotMapped');
    expect(cond(p, 'VMStorageNotMapped')).toMatchObject({
      category: 'Critical',
      reason: 'NotValid',
      message: 'VM has unmapped storage.',
      items: [" id:vm-101 name:'mtv-win2019-3disks' "],
    });
    expect(cond(p, 'Ready')).toBeUndefined();
  });

  it('a warm plan for a VM without CBT gets VMMissingChangedBlockTracking', async () => {
    const { ns, map } = await setup('nocbt');
    await f.plan(NS, 'nocbt', { provider: pair, map, targetNamespace: ns, type: 'warm', vms: [{ name: 'mtv-tests-rhel8' }] });
    const p = await f.waitFor(
      FORKLIFT,
      'plans',
      NS,
      'nocbt',
      (o) => !!cond(o, 'VMMissingChangedBlockTracking'),
      3000,
      'VMMissingChangedBlockTracking',
    );
    expect(cond(p, 'VMMissingChangedBlockTracking')).toMatchObject({ category: 'Critical', reason: 'MissingChangedBlockTracking' });
  });

  it('an invalid target namespace is NamespaceNotValid', async () => {
    const { map } = await setup('badns');
    await f.plan(NS, 'badns', { provider: pair, map, targetNamespace: 'Not_Valid', vms: [{ name: 'mtv-tests-rhel8' }] });
    const p = await f.waitFor(FORKLIFT, 'plans', NS, 'badns', (o) => !!cond(o, 'NamespaceNotValid'), 3000, 'NamespaceNotValid');
    expect(cond(p, 'NamespaceNotValid')).toMatchObject({
      category: 'Critical',
      reason: 'NotValid',
      message: 'Target namespace is not valid.',
    });
  });
});

/** The Migration completed with Succeeded, owned by its plan, its VM Completed. */
async function expectMigrationSucceeded(name: string, plan: Obj): Promise<void> {
  const mig = await f.waitFor(FORKLIFT, 'migrations', NS, name, (o) => !!o.status?.completed, 2000, 'completed');
  expect(cond(mig, 'Succeeded')).toMatchObject({ message: 'The migration has SUCCEEDED.' });
  expect(cond(mig, 'Running')).toBeUndefined();
  expect(cond(mig, 'Ready')?.status).toBe('True');
  expect(mig.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Plan', name: 'cold', uid: plan.metadata.uid })]);
  expect(mig.status?.vms?.[0]?.phase).toBe('Completed');
}

type VmFacts = Awaited<ReturnType<Awaited<ReturnType<ForkliftLab['vcenter']>>['vmFacts']>>;

/** The target VM's domain has the source's CPU topology, memory, firmware, MACs and serial. */
function expectDomainMatches(domain: VmTemplate['spec']['domain'], src: VmFacts): void {
  const hex = src.uuid.replace(/-/g, '').toUpperCase().match(/.{2}/g) ?? [];
  expect(domain).toMatchObject({
    cpu: { sockets: src.cpu.sockets, cores: src.cpu.coresPerSocket },
    memory: { guest: `${src.memoryMB}Mi` },
    firmware: { serial: `VMware-${hex.slice(0, 8).join(' ')}-${hex.slice(8).join(' ')}` },
  });
  expect(domain.firmware.bootloader).toEqual(
    src.firmware.bootFirmware === 'efi' ? { efi: { secureBoot: src.firmware.secureBoot } } : { bios: {} },
  );
  expect(domain.devices.interfaces.map((i) => i.macAddress)).toEqual(src.nics.map((n) => n.mac));
}

/** One DataVolume per source disk, named after the plan, VM and disk, owned by the target VM. */
async function expectColdDataVolumes(ns: string, src: VmFacts): Promise<void> {
  const dvs = await f.list(CDI, 'datavolumes', ns);
  expect(dvs).toHaveLength(src.disks.length);
  const dv = dvs[0];
  expect(dv?.metadata.name).toMatch(/^cold-mtv-tests-rhel8-disk-0-[a-z0-9]{5}$/);
  expect(dv?.metadata.annotations?.['forklift.konveyor.io/disk-source']).toBe(src.disks[0]?.fileName);
  expect(dv?.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'VirtualMachine', name: 'mtv-tests-rhel8' })]);
  expect(dv?.spec?.storage?.storageClassName).toBe('nfs');
}

/** The cold target VM and its DataVolumes match the source VM, which is left powered off. */
async function expectTargetMatchesSource(ns: string, plan: Obj, m: Obj): Promise<void> {
  const vc = await f.vcenter();
  try {
    const src = await vc.vmFacts('vm-100');
    const target = await f.get(KUBEVIRT, 'virtualmachines', ns, 'mtv-tests-rhel8');
    expectDomainMatches(vmTemplate(target).spec.domain, src);
    expect(vmTemplate(target).spec.networks).toEqual([{ name: 'net-0', pod: {} }]);
    expect(target?.metadata.labels).toMatchObject({
      'plan-name': 'cold',
      'plan-namespace': NS,
      vmID: 'vm-100',
      plan: plan.metadata.uid,
      migration: m.metadata.uid,
    });
    expect(target?.spec?.runStrategy).toBe(src.powerState === 'on' ? 'Always' : 'Halted');
    await expectColdDataVolumes(ns, src);
    expect((await vc.vmFacts('vm-100')).powerState).toBe('off');
  } finally {
    await vc.logout();
  }
}

/** CDI path: VDDK DataVolumes that took one checkpoint per snapshot, the last one final, with a DataVolume secret. */
async function expectWarmDataVolumes(ns: string, snapshots: Array<string | undefined>): Promise<void> {
  const dvs = await f.list(CDI, 'datavolumes', ns);
  expect(dvs).toHaveLength(2);
  for (const dv of dvs) {
    expect(dv.spec?.source?.vddk).toMatchObject({
      backingFile: dv.metadata.annotations?.['forklift.konveyor.io/disk-source'],
      uuid: expect.any(String),
      thumbprint: expect.stringMatching(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/),
      initImageURL: 'quay.io/kubev2v/vddk:lab',
    });
    expect((dv.spec?.checkpoints as Array<{ current: string }>).map((c) => c.current)).toEqual(snapshots);
    expect(dv.spec?.finalCheckpoint).toBe(true);
    expect(dv.status?.phase).toBe('Succeeded');
  }
  const secret = await f.core.readNamespacedSecret({ namespace: ns, name: dvs[0]?.spec?.source?.vddk?.secretRef ?? '' });
  expect(secret.metadata?.labels).toMatchObject({ isDV: 'true', vmID: 'vm-103' });
}

describe('cold migration', () => {
  it('runs Initialize, DiskAllocation, ImageConversion, DiskTransferV2v, VirtualMachineCreation and succeeds', async () => {
    const { ns, map } = await setup('cold');
    await f.plan(NS, 'cold', { provider: pair, map, targetNamespace: ns, vms: [{ name: 'mtv-tests-rhel8' }] });
    const ready = await f.readyPlan(NS, 'cold');
    expect(cond(ready, 'Ready')).toMatchObject({ category: 'Required', message: 'The migration plan is ready.' });
    expect(cond(ready, 'NetMapPreservingIPsOnPodNetwork')?.category).toBe('Warn');
    const m = await f.migrate(NS, 'cold');
    const done = await f.planDone(NS, 'cold');
    expect(cond(done, 'Succeeded')).toMatchObject({ category: 'Advisory', message: 'The plan execution has SUCCEEDED.', durable: true });
    expect(cond(done, 'Executing')).toBeUndefined();
    expect(cond(done, 'Ready')?.status).toBe('True');
    const vm = vmStatus(done);
    expect(vm).toMatchObject({ id: 'vm-100', name: 'mtv-tests-rhel8', phase: 'Completed' });
    expect(stepNames(vm)).toEqual(['Initialize', 'DiskAllocation', 'ImageConversion', 'DiskTransferV2v', 'VirtualMachineCreation']);
    expect(vm.pipeline.every((s) => s.phase === 'Completed' && !s.error)).toBe(true);
    const transfer = vm.pipeline.find((s) => s.name === 'DiskTransferV2v');
    expect(
      transfer?.tasks?.every((t) => t.phase === 'Completed' && t.progress.completed === t.progress.total && t.progress.total === 20 * 1024),
    ).toBe(true);
    expect(done.status?.migration?.history?.[0]?.conditions?.map((c: { type: string }) => c.type)).toEqual(['Succeeded']);

    await expectMigrationSucceeded(m.metadata.name, done);
    await expectTargetMatchesSource(ns, done, m);
  });

  it('a second plan for the same VM into the same namespace gets VMAlreadyExists', async () => {
    const ns = `${NS}-cold`;
    await f.plan(NS, 'again', {
      provider: pair,
      map: { network: { name: 'cold-net', namespace: NS }, storage: { name: 'cold-storage', namespace: NS } },
      targetNamespace: ns,
      vms: [{ name: 'mtv-tests-rhel8' }],
    });
    const p = await f.waitFor(FORKLIFT, 'plans', NS, 'again', (o) => !!cond(o, 'VMAlreadyExists'), 3000, 'VMAlreadyExists');
    expect(cond(p, 'VMAlreadyExists')).toMatchObject({ category: 'Critical', reason: 'NotUnique', message: 'Target VM already exists.' });
  });

  it('archiving the plan sets Archived and withdraws Ready', async () => {
    await f.patch(FORKLIFT, 'plans', NS, 'cold', { spec: { archived: true } });
    const p = await f.waitFor(FORKLIFT, 'plans', NS, 'cold', (o) => !!cond(o, 'Archived'), 3000, 'Archived');
    expect(cond(p, 'Archived')).toMatchObject({
      category: 'Advisory',
      reason: 'UserRequested',
      message: 'The migration plan has been archived.',
    });
    expect(cond(p, 'Ready')).toBeUndefined();
    expect(cond(p, 'Succeeded')).toBeDefined();
  });
});

describe('warm migration', () => {
  it('precopies at controller_precopy_interval until the cutover, then runs Cutover', async () => {
    await f.patch(FORKLIFT, 'forkliftcontrollers', 'openshift-mtv', 'forklift-controller', { spec: { controller_precopy_interval: '2' } });
    const { ns, map } = await setup('warm');
    await f.plan(NS, 'warm', { provider: pair, map, targetNamespace: ns, type: 'warm', vms: [{ name: 'mtv-rhel8-warm-2disks2nics' }] });
    await f.readyPlan(NS, 'warm');
    const m = await f.migrate(NS, 'warm');
    // No cutover yet: the VM keeps precopying (2 lab minutes = 200 ms apart).
    const paused = await f.waitFor(FORKLIFT, 'plans', NS, 'warm', (o) => (vmStatus(o)?.warm?.successes ?? 0) >= 3, 5000, '3 precopies');
    expect(vmStatus(paused).phase).not.toBe('Completed');
    await f.patch(FORKLIFT, 'migrations', NS, m.metadata.name, { spec: { cutover: new Date().toISOString() } });
    const done = await f.planDone(NS, 'warm');
    expect(cond(done, 'Succeeded')).toBeDefined();
    const vm = vmStatus(done);
    expect(stepNames(vm)).toEqual([
      'Initialize',
      'PreflightInspection',
      'DiskTransfer',
      'Cutover',
      'ImageConversion',
      'VirtualMachineCreation',
      'WaitForFinalSnapshotConsolidation',
    ]);
    expect(vm.warm?.successes).toBeGreaterThanOrEqual(3);
    expect(vm.warm?.precopies?.length).toBeGreaterThanOrEqual(3);
    expect(vm.warm?.precopies?.every((p) => p.start && p.snapshot)).toBe(true);
    expect(await f.get(KUBEVIRT, 'virtualmachines', ns, 'mtv-rhel8-warm-2disks2nics')).toBeDefined();
    await expectWarmDataVolumes(
      ns,
      (vm.warm?.precopies ?? []).map((p) => p.snapshot),
    );
  });
});

describe('plan deletion', () => {
  it('removes the plan-labelled orphans (the DataVolume secret) but keeps the VM and its DataVolumes', async () => {
    const ns = `${NS}-warm`;
    const plan = await f.get(FORKLIFT, 'plans', NS, 'warm');
    const selector = `plan=${plan?.metadata.uid}`;
    expect((await f.core.listNamespacedSecret({ namespace: ns, labelSelector: selector })).items).toHaveLength(1);
    await f.delete(FORKLIFT, 'plans', NS, 'warm');
    await f.secretsGone(ns, selector, 3000);
    expect(await f.list(CDI, 'datavolumes', ns)).toHaveLength(2);
    expect(await f.get(KUBEVIRT, 'virtualmachines', ns, 'mtv-rhel8-warm-2disks2nics')).toBeDefined();
  });
});

describe('hooks', () => {
  const failing = b64('- hosts: localhost\n  tasks:\n  - name: break on purpose\n    fail:\n      msg: expected failure\n');
  const passing = b64('- hosts: localhost\n  tasks:\n  - name: say hi\n    debug:\n      msg: hello\n');
  const hook = (name: string, playbook: string) =>
    f.create(FORKLIFT, 'hooks', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Hook',
      metadata: { name },
      spec: { image: 'quay.io/konveyor/hook-runner:latest', playbook },
    });

  beforeAll(async () => {
    await hook('fail-hook', failing);
    await hook('ok-hook', passing);
    await f.waitFor(FORKLIFT, 'hooks', NS, 'fail-hook', (o) => !!cond(o, 'Ready'), 3000, 'Ready');
  });

  it('a hook with a non-base64 playbook is InvalidPlaybook', async () => {
    await hook('bad-hook', 'not base64!!');
    const h = await f.waitFor(FORKLIFT, 'hooks', NS, 'bad-hook', (o) => !!cond(o, 'InvalidPlaybook'), 3000, 'InvalidPlaybook');
    expect(cond(h, 'InvalidPlaybook')).toMatchObject({ category: 'Critical', reason: 'DataError' });
    expect(cond(h, 'Ready')).toBeUndefined();
  });

  it('a failing pre-hook fails the VM at PreHook and creates no target VM', async () => {
    const { ns, map } = await setup('prehook');
    await f.plan(NS, 'prehook', {
      provider: pair,
      map,
      targetNamespace: ns,
      vms: [{ name: 'mtv-tests-rhel8', hooks: [{ hook: { name: 'fail-hook', namespace: NS }, step: 'PreHook' }] }],
    });
    await f.readyPlan(NS, 'prehook');
    await f.migrate(NS, 'prehook');
    const done = await f.planDone(NS, 'prehook');
    expect(cond(done, 'Failed')).toMatchObject({ message: 'The plan execution has FAILED.' });
    const vm = vmStatus(done);
    expect(stepNames(vm)).toEqual([
      'Initialize',
      'PreHook',
      'DiskAllocation',
      'ImageConversion',
      'DiskTransferV2v',
      'VirtualMachineCreation',
    ]);
    const failedStep = vm.pipeline.find((s) => s.error);
    expect(failedStep?.name).toBe('PreHook');
    expect(failedStep?.error?.reasons).toEqual(['Job has reached the specified backoff limit']);
    expect(vm.conditions?.map((c) => c.type)).toContain('Failed');
    expect(await f.list(KUBEVIRT, 'virtualmachines', ns)).toHaveLength(0);
    const jobs = await f.list(BATCH, 'jobs', NS, `plan=${done.metadata.uid},step=PreHook`);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.metadata.name).toMatch(/^prehook-vm-100-prehook-[a-z0-9]{5}$/);
    expect(jobs[0]?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Plan', name: 'prehook' });
    expect(jobs[0]?.spec?.backoffLimit).toBe(1);
    expect(jobs[0]?.status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Failed', status: 'True', message: 'Job has reached the specified backoff limit' }),
      ]),
    );
    const cms = (await f.core.listNamespacedConfigMap({ namespace: NS, labelSelector: `plan=${done.metadata.uid}` })).items;
    expect(Object.keys(cms[0]?.data ?? {}).sort()).toEqual(['plan.yml', 'playbook.yml', 'workload.yml']);
  });

  it("an AAP pre-hook without any AAP connection fails at PreHook with Forklift's message", async () => {
    await f.create(FORKLIFT, 'hooks', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Hook',
      metadata: { name: 'aap-hook' },
      spec: { aap: { jobTemplateId: 7 } },
    });
    await f.waitFor(FORKLIFT, 'hooks', NS, 'aap-hook', (o) => !!cond(o, 'Ready'), 3000, 'Ready');
    const { ns, map } = await setup('aap');
    await f.plan(NS, 'aap', {
      provider: pair,
      map,
      targetNamespace: ns,
      vms: [{ name: 'mtv-tests-rhel8', hooks: [{ hook: { name: 'aap-hook', namespace: NS }, step: 'PreHook' }] }],
    });
    await f.readyPlan(NS, 'aap');
    await f.migrate(NS, 'aap');
    const done = await f.planDone(NS, 'aap');
    const failed = (done.status?.migration?.vms?.[0]?.pipeline as Array<{ name: string; error?: { reasons: string[] } }>).find(
      (st) => st.error,
    );
    expect(failed?.name).toBe('PreHook');
    expect(failed?.error?.reasons).toEqual([
      'AAP is not configured: set ForkliftController aap_url and aap_token_secret_name, or spec.aap.url and spec.aap.tokenSecret',
    ]);
    expect(await f.list(KUBEVIRT, 'virtualmachines', ns)).toHaveLength(0);
  });

  it('an AAP post-hook launches the job template with Forklift extra_vars and waits for the job', async () => {
    const launches: Array<{ auth?: string; body: { extra_vars: Record<string, string> } }> = [];
    let polls = 0;
    const aap = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        if (req.method === 'POST' && req.url === '/api/v2/job_templates/42/launch/') {
          launches.push({ auth: req.headers.authorization, body: JSON.parse(body) as { extra_vars: Record<string, string> } });
          res.end(JSON.stringify({ job: 900, id: 900 }));
        } else if (req.method === 'GET' && req.url === '/api/v2/jobs/900/') {
          polls += 1;
          res.end(JSON.stringify({ id: 900, status: polls < 3 ? 'running' : 'successful' }));
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => aap.listen(0, '127.0.0.1', resolve));
    try {
      const port = (aap.address() as { port: number }).port;
      await f.core.createNamespacedSecret({
        namespace: NS,
        body: { metadata: { name: 'aap-token' }, stringData: { token: 'aap-token-value' } },
      });
      await f.create(FORKLIFT, 'hooks', NS, {
        apiVersion: 'forklift.konveyor.io/v1beta1',
        kind: 'Hook',
        metadata: { name: 'aap-ok' },
        spec: { aap: { jobTemplateId: 42, url: `http://127.0.0.1:${port}`, tokenSecret: { name: 'aap-token' } } },
      });
      await f.waitFor(FORKLIFT, 'hooks', NS, 'aap-ok', (o) => !!cond(o, 'Ready'), 3000, 'Ready');
      const { ns, map } = await setup('aapok');
      await f.plan(NS, 'aapok', {
        provider: pair,
        map,
        targetNamespace: ns,
        vms: [{ name: 'mtv-tests-rhel8', hooks: [{ hook: { name: 'aap-ok', namespace: NS }, step: 'PostHook' }] }],
      });
      await f.readyPlan(NS, 'aapok');
      await f.migrate(NS, 'aapok');
      const done = await f.planDone(NS, 'aapok');
      expect(cond(done, 'Succeeded')).toBeDefined();
      expect(launches).toEqual([
        {
          auth: 'Bearer aap-token-value',
          body: {
            extra_vars: {
              vm_id: 'vm-100',
              vm_name: 'mtv-tests-rhel8',
              plan_name: 'aapok',
              plan_namespace: NS,
              migration_phase: 'PostHook',
            },
          },
        },
      ]);
      expect(polls).toBe(3);
    } finally {
      await new Promise<void>((resolve) => aap.close(() => resolve()));
    }
  });

  it('a failing post-hook fails the VM at PostHook after the target VM exists; a passing pre-hook succeeds', async () => {
    const { ns, map } = await setup('posthook');
    await f.plan(NS, 'posthook', {
      provider: pair,
      map,
      targetNamespace: ns,
      vms: [
        {
          name: 'mtv-tests-rhel8',
          hooks: [
            { hook: { name: 'ok-hook', namespace: NS }, step: 'PreHook' },
            { hook: { name: 'fail-hook', namespace: NS }, step: 'PostHook' },
          ],
        },
      ],
    });
    await f.readyPlan(NS, 'posthook');
    await f.migrate(NS, 'posthook');
    const done = await f.planDone(NS, 'posthook');
    const vm = vmStatus(done);
    expect(stepNames(vm)).toEqual([
      'Initialize',
      'PreHook',
      'DiskAllocation',
      'ImageConversion',
      'DiskTransferV2v',
      'VirtualMachineCreation',
      'PostHook',
    ]);
    expect(vm.pipeline.find((s) => s.name === 'PreHook')).toMatchObject({ phase: 'Completed' });
    expect(vm.pipeline.find((s) => s.name === 'PreHook')?.error).toBeUndefined();
    expect(vm.pipeline.find((s) => s.error)?.name).toBe('PostHook');
    expect(cond(done, 'Failed')).toBeDefined();
    expect(await f.get(KUBEVIRT, 'virtualmachines', ns, 'mtv-tests-rhel8')).toBeDefined();
  });
});

describe('multi-VM plans and re-runs', () => {
  it('one failing VM fails the plan; a new Migration re-runs only it and the plan succeeds', async () => {
    await f.create(FORKLIFT, 'hooks', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Hook',
      metadata: { name: 'fixable' },
      spec: { image: 'quay.io/konveyor/hook-runner:latest', playbook: b64('- hosts: localhost\n  tasks:\n  - fail: {msg: not yet}\n') },
    });
    await f.waitFor(FORKLIFT, 'hooks', NS, 'fixable', (o) => !!cond(o, 'Ready'), 3000, 'Ready');
    const { ns, map } = await setup('rerun');
    await f.plan(NS, 'rerun', {
      provider: pair,
      map,
      targetNamespace: ns,
      targetPowerState: 'off',
      vms: [
        { name: 'mtv-win2019-79' },
        { name: 'mtv-tests-rhel8', hooks: [{ hook: { name: 'fixable', namespace: NS }, step: 'PostHook' }] },
      ],
    });
    await f.readyPlan(NS, 'rerun');
    await f.migrate(NS, 'rerun');
    const first = await f.planDone(NS, 'rerun');
    expect(cond(first, 'Failed')).toBeDefined();
    const byName = (o: Obj, n: string) =>
      (o.status?.migration?.vms as Array<{ name: string; conditions?: Array<{ type: string }>; started?: string }>).find(
        (v) => v.name === n,
      );
    expect(byName(first, 'mtv-win2019-79')?.conditions?.map((c) => c.type)).toContain('Succeeded');
    expect(byName(first, 'mtv-tests-rhel8')?.conditions?.map((c) => c.type)).toContain('Failed');
    const winStarted = byName(first, 'mtv-win2019-79')?.started;

    await f.patch(FORKLIFT, 'hooks', NS, 'fixable', { spec: { playbook: b64('- hosts: localhost\n  tasks:\n  - debug: {msg: fixed}\n') } });
    await f.create(FORKLIFT, 'migrations', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Migration',
      metadata: { name: 'rerun-2' },
      spec: { plan: { name: 'rerun', namespace: NS } },
    });
    const second = await f.waitFor(FORKLIFT, 'plans', NS, 'rerun', (o) => !!cond(o, 'Succeeded'), 10_000, 'Succeeded');
    expect(cond(second, 'Failed')).toBeUndefined();
    expect(second.status?.migration?.history).toHaveLength(2);
    expect(byName(second, 'mtv-win2019-79')?.started).toBe(winStarted); // kept as it was
    expect(byName(second, 'mtv-tests-rhel8')?.conditions?.map((c) => c.type)).toEqual(['Succeeded']);
    expect(await f.list(KUBEVIRT, 'virtualmachines', ns)).toHaveLength(2);
    expect(await f.list(CDI, 'datavolumes', ns)).toHaveLength(2); // 1 + 1 disks, none duplicated
  });
});

describe('in-flight limit', () => {
  it('VMs beyond controller_max_vm_inflight wait with Pending and the plan Ready message counts them', async () => {
    await f.patch(FORKLIFT, 'forkliftcontrollers', 'openshift-mtv', 'forklift-controller', { spec: { controller_max_vm_inflight: '1' } });
    try {
      const { ns, map } = await setup('inflight');
      await f.plan(NS, 'inflight', {
        provider: pair,
        map,
        targetNamespace: ns,
        targetPowerState: 'off',
        vms: [{ name: 'mtv-win2022-ip-3disks' }, { name: 'mtv-tests-rhel8' }],
      });
      await f.readyPlan(NS, 'inflight');
      await f.migrate(NS, 'inflight');
      const queued = await f.waitFor(
        FORKLIFT,
        'plans',
        NS,
        'inflight',
        (o) => cond(o, 'Ready')?.message === '1 VM(s) waiting to start migration (in-flight limit: 1).',
        3000,
        'queued Ready message',
      );
      const second = (
        queued.status?.migration?.vms as Array<{ name: string; conditions?: Array<{ type: string; message?: string }> }>
      ).find((v) => v.name === 'mtv-tests-rhel8');
      expect(second?.conditions).toEqual([
        expect.objectContaining({
          type: 'Pending',
          category: 'Advisory',
          message: 'Waiting to start migration: in-flight limit reached (max 1).',
        }),
      ]);
      const done = await f.planDone(NS, 'inflight');
      expect(cond(done, 'Succeeded')).toBeDefined();
      expect(cond(done, 'Ready')?.message).toBe('The migration plan is ready.');
    } finally {
      await f.patch(FORKLIFT, 'forkliftcontrollers', 'openshift-mtv', 'forklift-controller', {
        spec: { controller_max_vm_inflight: '20' },
      });
    }
  });
});

describe('cancel', () => {
  it('spec.cancel cancels the VM: Canceled conditions, target removed, source power restored', async () => {
    const vc = await f.vcenter();
    try {
      await vc.powerOn('vm-103');
      const { ns, map } = await setup('cancel');
      await f.plan(NS, 'cancel', {
        provider: pair,
        map,
        targetNamespace: ns,
        type: 'warm',
        preserveStaticIPs: false,
        vms: [{ name: 'mtv-rhel8-warm-2disks2nics' }],
      });
      await f.readyPlan(NS, 'cancel');
      const m = await f.migrate(NS, 'cancel');
      await f.waitFor(FORKLIFT, 'plans', NS, 'cancel', (o) => vmStatus(o)?.phase === 'CopyingPaused', 5000, 'CopyingPaused');
      expect((await vc.vmFacts('vm-103')).powerState).toBe('on'); // warm: the source runs until cutover
      await f.patch(FORKLIFT, 'migrations', NS, m.metadata.name, { spec: { cancel: [{ id: 'vm-103' }, { name: 'no-such-vm' }] } });
      const done = await f.planDone(NS, 'cancel');
      expect(cond(done, 'Canceled')).toMatchObject({ message: 'The plan execution has been CANCELED.' });
      expect(vmStatus(done).conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'Canceled', reason: 'UserRequested' })]),
      );
      expect(vmStatus(done).phase).toBe('Completed');
      const mig = await f.waitFor(FORKLIFT, 'migrations', NS, m.metadata.name, (o) => !!cond(o, 'Canceled'), 2000, 'Canceled');
      expect(mig.status?.completed).toBeUndefined();
      expect(cond(mig, 'VMNotFound')).toMatchObject({ category: 'Warn', reason: 'NotFound', items: [" id: name:'no-such-vm' "] });
      expect(await f.list(CDI, 'datavolumes', ns)).toHaveLength(0);
      expect((await vc.vmFacts('vm-103')).powerState).toBe('on');
    } finally {
      await vc.powerOff('vm-103').catch(() => undefined);
      await vc.logout();
    }
  });
});

describe('migration deleted while running', () => {
  it('cancels the VMs and records Canceled (reason Deleted) in the history snapshot and on the plan', async () => {
    const { ns, map } = await setup('deleted');
    await f.plan(NS, 'deleted', { provider: pair, map, targetNamespace: ns, type: 'warm', vms: [{ name: 'mtv-rhel8-warm-2disks2nics' }] });
    await f.readyPlan(NS, 'deleted');
    const m = await f.migrate(NS, 'deleted');
    await f.waitFor(
      FORKLIFT,
      'plans',
      NS,
      'deleted',
      (o) => o.status?.migration?.vms?.[0]?.phase === 'CopyingPaused',
      5000,
      'CopyingPaused',
    );
    await f.delete(FORKLIFT, 'migrations', NS, m.metadata.name);
    const done = await f.planDone(NS, 'deleted');
    expect(cond(done, 'Canceled')).toMatchObject({ reason: 'Deleted', message: 'The migration has been deleted.' });
    expect(done.status?.migration?.history?.[0]?.conditions).toEqual([expect.objectContaining({ type: 'Canceled', reason: 'Deleted' })]);
    expect(done.status?.migration?.vms?.[0]?.conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Canceled', reason: 'Deleted' })]),
    );
  });
});
