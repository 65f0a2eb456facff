/**
 * Each Plan option the suite exercises changes the migrated VM the way Forklift does (reference
 * §3-§4) — one test per option, public API only.
 */
import { useLab } from '../../support/lab';
import { cond, FORKLIFT, ForkliftLab, migrateOne, vmTemplate } from './support';

const lab = useLab();
let f: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
const NS = 'opt-test';
const SRC = 'mtv-tests-rhel8'; // 1 disk, 1 NIC, powered off

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  pair = await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 3000);
});

const template = vmTemplate;

describe('plan options on the migrated VM', () => {
  it('targetPowerState on: runStrategy Always although the source is off', async () => {
    const r = await migrateOne(f, NS, pair, 'pwr-on', SRC, { targetPowerState: 'on' });
    expect(cond(r.plan, 'Succeeded')).toBeDefined();
    expect(r.vm?.spec?.runStrategy).toBe('Always');
    expect(r.vm?.spec?.running).toBeUndefined();
  });

  it('targetPowerState off on a Windows VM: Halted, and no WaitForGuestReboots step', async () => {
    const r = await migrateOne(f, NS, pair, 'pwr-off', 'mtv-win2019-79', { targetPowerState: 'off' });
    expect(r.vm?.spec?.runStrategy).toBe('Halted');
    expect(r.plan.status?.migration?.vms?.[0]?.pipeline.map((s: { name: string }) => s.name)).not.toContain('WaitForGuestReboots');
  });

  it('no targetPowerState on a Windows VM: WaitForGuestReboots runs and the VM is Always', async () => {
    const r = await migrateOne(f, NS, pair, 'pwr-auto-win', 'mtv-win2019-79');
    expect(r.plan.status?.migration?.vms?.[0]?.pipeline.map((s: { name: string }) => s.name)).toEqual([
      'Initialize',
      'DiskAllocation',
      'ImageConversion',
      'DiskTransferV2v',
      'VirtualMachineCreation',
      'WaitForGuestReboots',
    ]);
    expect(r.vm?.spec?.runStrategy).toBe('Always');
  });

  it('pvcNameTemplate without generateName: the rendered names exactly', async () => {
    const r = await migrateOne(f, NS, pair, 'pvc-name', 'mtv-win2022-ip-3disks', {
      pvcNameTemplate: '{{.VmName}}-{{.DiskIndex}}-{{ trunc 3 .PlanName }}',
      pvcNameTemplateUseGenerateName: false,
      targetPowerState: 'off',
    });
    expect(r.dataVolumes.map((d) => d.metadata.name).sort()).toEqual([
      'mtv-win2022-ip-3disks-0-pvc',
      'mtv-win2022-ip-3disks-1-pvc',
      'mtv-win2022-ip-3disks-2-pvc',
    ]);
    expect(r.dataVolumes.every((d) => d.metadata.generateName === undefined)).toBe(true);
    const claims = template(r.vm).spec.volumes.map((v) => v.persistentVolumeClaim?.claimName);
    expect(claims).toEqual(['mtv-win2022-ip-3disks-0-pvc', 'mtv-win2022-ip-3disks-1-pvc', 'mtv-win2022-ip-3disks-2-pvc']);
  });

  it('pvcNameTemplate with generateName (default): rendered prefix + 5 random characters', async () => {
    const r = await migrateOne(f, NS, pair, 'pvc-gen', SRC, { pvcNameTemplate: 'data-{{.DiskIndex}}' });
    expect(r.dataVolumes.map((d) => d.metadata.name)).toEqual([expect.stringMatching(/^data-0-[a-z0-9]{5}$/)]);
    expect(r.dataVolumes[0]?.metadata.generateName).toBe('data-0-');
  });

  it('targetLabels go on the VM template (with app=<vm name>), not on the VM metadata', async () => {
    const r = await migrateOne(f, NS, pair, 'labels', SRC, { targetLabels: { 'mtv-test': 'labels', tier: 'gold' } });
    expect(template(r.vm).metadata.labels).toEqual({ 'mtv-test': 'labels', tier: 'gold', app: SRC });
    expect(r.vm?.metadata.labels?.tier).toBeUndefined();
  });

  it('targetNodeSelector goes to the template nodeSelector', async () => {
    const r = await migrateOne(f, NS, pair, 'nodesel', SRC, { targetNodeSelector: { 'mtv-lab/zone': 'a' } });
    expect(template(r.vm).spec.nodeSelector).toEqual({ 'mtv-lab/zone': 'a' });
  });

  it('targetAffinity goes to the template affinity unchanged', async () => {
    const affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    };
    const r = await migrateOne(f, NS, pair, 'affinity', SRC, { targetAffinity: affinity });
    expect(template(r.vm).spec.affinity).toEqual(affinity);
  });

  it('enableNestedVirtualization false disables vmx/svm; unset adds no CPU features', async () => {
    const r = await migrateOne(f, NS, pair, 'nested', SRC, { enableNestedVirtualization: false });
    expect(template(r.vm).spec.domain.cpu.features).toEqual([
      { name: 'vmx', policy: 'disable' },
      { name: 'svm', policy: 'disable' },
    ]);
    const plain = await f.get({ group: 'kubevirt.io', version: 'v1' }, 'virtualmachines', `${NS}-pwr-on`, SRC);
    expect(template(plain).spec.domain.cpu.features).toBeUndefined();
  });

  it('targetName names the VM (and feeds .TargetVmName)', async () => {
    const r = await migrateOne(f, NS, pair, 'tname', SRC, {}, { targetName: 'renamed-rhel8' });
    expect(r.vm?.metadata.name).toBe('renamed-rhel8');
    expect(template(r.vm).metadata.labels.app).toBe('renamed-rhel8');
    expect(r.dataVolumes[0]?.metadata.name).toMatch(/^tname-renamed-rhel8-disk-0-[a-z0-9]{5}$/);
  });

  it('preserveStaticIPs with a pod mapping warns NetMapPreservingIPsOnPodNetwork; false does not', async () => {
    const map = await f.maps(NS, pair, { prefix: 'ips' });
    await f.plan(NS, 'ips-default', { provider: pair, map, targetNamespace: `${NS}-ips`, vms: [{ name: SRC }] });
    await f.plan(NS, 'ips-off', { provider: pair, map, targetNamespace: `${NS}-ips`, preserveStaticIPs: false, vms: [{ name: SRC }] });
    const on = await f.readyPlan(NS, 'ips-default');
    const off = await f.readyPlan(NS, 'ips-off');
    expect(cond(on, 'NetMapPreservingIPsOnPodNetwork')).toMatchObject({ category: 'Warn' });
    expect(cond(off, 'NetMapPreservingIPsOnPodNetwork')).toBeUndefined();
    expect(cond(off, 'VMMissingGuestIPs')).toBeUndefined();
  });

  it('a multus mapping gives a bridge interface on the NAD; pod gives masquerade', async () => {
    const target = `${NS}-multus`;
    await f.namespace(target);
    await f.create({ group: 'k8s.cni.cncf.io', version: 'v1' }, 'network-attachment-definitions', target, {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: 'br1' },
      spec: { config: '{"cniVersion":"0.3.1","type":"cnv-bridge","bridge":"br1"}' },
    });
    const map = await f.maps(NS, pair, {
      prefix: 'multus',
      network: [
        { source: { id: 'network-30' }, destination: { type: 'multus', name: 'br1', namespace: target } },
        { source: { id: 'network-31' }, destination: { type: 'pod' } },
      ],
    });
    await f.plan(NS, 'multus', { provider: pair, map, targetNamespace: target, vms: [{ name: 'mtv-rhel8-warm-2disks2nics' }] });
    await f.readyPlan(NS, 'multus');
    await f.migrate(NS, 'multus');
    await f.planDone(NS, 'multus');
    const vm = await f.get({ group: 'kubevirt.io', version: 'v1' }, 'virtualmachines', target, 'mtv-rhel8-warm-2disks2nics');
    expect(template(vm).spec.networks).toEqual([
      { name: 'net-0', multus: { networkName: `${target}/br1` } },
      { name: 'net-1', pod: {} },
    ]);
    expect(
      template(vm).spec.domain.devices.interfaces.map((i: Record<string, unknown>) =>
        Object.keys(i).find((k) => k === 'bridge' || k === 'masquerade'),
      ),
    ).toEqual(['bridge', 'masquerade']);
    expect(cond(await f.get(FORKLIFT, 'plans', NS, 'multus'), 'Succeeded')).toBeDefined();
  });

  it('a source name that is not DNS-1123 is renamed by ChangeVmName: newName, annotations, TargetNameNotValid warning', async () => {
    const vc = await f.vcenter();
    let cloneId = '';
    try {
      cloneId = await vc.cloneVm('vm-100', { name: 'My_VM Prod' });
      const target = `${NS}-rename`;
      await f.namespace(target);
      const map = await f.maps(NS, pair, { prefix: 'rename' });
      await f.plan(NS, 'rename', { provider: pair, map, targetNamespace: target, vms: [{ name: 'My_VM Prod' }] });
      // The clone reaches the inventory after its lag; the plan turns Ready then.
      const ready = await f.readyPlan(NS, 'rename', 5000);
      expect(cond(ready, 'TargetNameNotValid')).toMatchObject({
        category: 'Warn',
        reason: 'NotValid',
        message: 'Target VM name does not comply with DNS1123 RFC, will be automatically changed.',
      });
      await f.migrate(NS, 'rename');
      const done = await f.planDone(NS, 'rename');
      expect(done.status?.migration?.vms?.[0]?.newName).toBe('my-vm-prod');
      const vm = await f.get({ group: 'kubevirt.io', version: 'v1' }, 'virtualmachines', target, 'my-vm-prod');
      expect(vm?.metadata.annotations).toMatchObject({ 'openshift.io/display-name': 'My_VM Prod', 'original-ID': cloneId });
    } finally {
      if (cloneId) await vc.destroyVm(cloneId).catch(() => undefined);
      await vc.logout();
    }
  });

  it('a name ChangeVmName keeps dots in cannot use the default PVC template (NotValid, as Forklift HEAD)', async () => {
    const vc = await f.vcenter();
    let cloneId = '';
    try {
      cloneId = await vc.cloneVm('vm-100', { name: 'My.Dotted' });
      const map = await f.maps(NS, pair, { prefix: 'dotted' });
      await f.plan(NS, 'dotted', { provider: pair, map, targetNamespace: `${NS}-dotted`, vms: [{ name: 'My.Dotted' }] });
      const p = await f.waitFor(FORKLIFT, 'plans', NS, 'dotted', (o) => !!cond(o, 'NotValid'), 5000, 'NotValid');
      expect(cond(p, 'NotValid')?.message).toBe('VM PVC name template is invalid.');
      expect(cond(p, 'TargetNameNotValid')?.category).toBe('Warn');
    } finally {
      if (cloneId) await vc.destroyVm(cloneId).catch(() => undefined);
      await vc.logout();
    }
  });

  it('a pvcNameTemplate that does not render to a DNS-1123 label makes the plan NotValid', async () => {
    const map = await f.maps(NS, pair, { prefix: 'badpvc' });
    await f.plan(NS, 'badpvc', {
      provider: pair,
      map,
      targetNamespace: `${NS}-badpvc`,
      pvcNameTemplate: '{{.VmName}}_Disk',
      vms: [{ name: SRC }],
    });
    const p = await f.waitFor(FORKLIFT, 'plans', NS, 'badpvc', (o) => !!cond(o, 'NotValid'), 3000, 'NotValid');
    expect(cond(p, 'NotValid')).toMatchObject({ category: 'Critical', reason: 'NotValid', message: 'VM PVC name template is invalid.' });
    expect(cond(p, 'NotValid')?.items?.[0]).toContain('template:{{.VmName}}_Disk');
    expect(cond(p, 'Ready')).toBeUndefined();
  });
});
