/**
 * Unit tests of the Forklift controllers' pure logic (no lab process): itineraries and pipelines,
 * condition staging, hook checks and playbook evaluation, secret key rules, serials, lab time.
 */
import { ConditionStage, refItem, setCondition } from '../../../lab/forklift/conditions';
import { isStdBase64, isValidImageRef, validateHook } from '../../../lab/forklift/hook-controller';
import { LabClock, AbortedError } from '../../../lab/forklift/lab-clock';
import { buildPipeline, itinerary, stepOf, type PipelineFlags } from '../../../lab/forklift/pipeline';
import { runPlaybook } from '../../../lab/forklift/playbook';
import { missingSecretKeys } from '../../../lab/forklift/provider-controller';
import { firmwareSerial, vmwareSerial } from '../../../lab/forklift/serial';
import type { InvVm } from '../../../lab/inventory/types';
import { fromVsphere } from '../../../lab/forklift/source-vm';

const cold: PipelineFlags = {
  warm: false,
  hasPreHook: false,
  hasPostHook: false,
  requiresConversion: true,
  useV2vForTransfer: true,
  runPreflightInspection: false,
  windowsWaitForReboot: false,
  waitForFinalSnapshotConsolidation: true,
  vsphere: true,
  openstack: false,
};
const warm: PipelineFlags = { ...cold, warm: true, useV2vForTransfer: false, runPreflightInspection: true };
const vm = fromVsphere({
  id: 'vm-1',
  name: 'a',
  guestId: 'rhel8_64Guest',
  guestName: 'RHEL 8',
  nics: [],
  disks: [
    { file: '[ds1] a/a.vmdk', capacity: 2 * 1024 ** 3, datastore: { kind: 'Datastore', id: 'datastore-1' }, shared: false },
    { file: '[ds1] a/a_1-000002.vmdk', capacity: 1024 ** 3, datastore: { kind: 'Datastore', id: 'datastore-1' }, shared: false },
  ],
} as unknown as InvVm);
const names = (f: PipelineFlags) => buildPipeline(f, vm).map((s) => s.name);
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('pipelines (reference §2.4)', () => {
  it('vSphere cold, v2v path, with both hooks and the Windows reboot wait', () => {
    expect(names(cold)).toEqual(['Initialize', 'DiskAllocation', 'ImageConversion', 'DiskTransferV2v', 'VirtualMachineCreation']);
    expect(names({ ...cold, hasPreHook: true, hasPostHook: true, windowsWaitForReboot: true })).toEqual([
      'Initialize',
      'PreHook',
      'DiskAllocation',
      'ImageConversion',
      'DiskTransferV2v',
      'VirtualMachineCreation',
      'WaitForGuestReboots',
      'PostHook',
    ]);
    expect(itinerary(cold)).toEqual([
      'Started',
      'StorePowerState',
      'PowerOffSource',
      'WaitForPowerOff',
      'CreateDataVolumes',
      'AllocateDisks',
      'CreateGuestConversionPod',
      'ConvertGuest',
      'CopyDisksVirtV2V',
      'CreateVM',
      'Completed',
    ]);
  });
  it('vSphere cold CDI path and skipGuestConversion', () => {
    expect(names({ ...cold, useV2vForTransfer: false })).toEqual([
      'Initialize',
      'DiskTransfer',
      'ImageConversion',
      'VirtualMachineCreation',
    ]);
    expect(names({ ...cold, useV2vForTransfer: false, requiresConversion: false })).toEqual([
      'Initialize',
      'DiskTransfer',
      'VirtualMachineCreation',
    ]);
  });
  it('vSphere warm, with and without preflight inspection', () => {
    expect(names(warm)).toEqual([
      'Initialize',
      'PreflightInspection',
      'DiskTransfer',
      'Cutover',
      'ImageConversion',
      'VirtualMachineCreation',
      'WaitForFinalSnapshotConsolidation',
    ]);
    expect(
      names({ ...warm, runPreflightInspection: false, waitForFinalSnapshotConsolidation: false, hasPreHook: true, hasPostHook: true }),
    ).toEqual(['Initialize', 'PreHook', 'DiskTransfer', 'Cutover', 'ImageConversion', 'VirtualMachineCreation', 'PostHook']);
  });
  it('maps phases to steps like BaseMigrator.Step', () => {
    expect(stepOf('PowerOffSource', cold)).toBe('Initialize');
    expect(stepOf('PowerOffSource', warm)).toBe('Cutover');
    expect(stepOf('CreateDataVolumes', warm)).toBe('DiskTransfer');
    expect(stepOf('CreateDataVolumes', { ...warm, runPreflightInspection: false })).toBe('Initialize');
    expect(stepOf('CopyingPaused', warm)).toBe('DiskTransfer');
    expect(stepOf('WaitForFinalSnapshotRemoval', warm)).toBe('WaitForFinalSnapshotConsolidation');
  });
  it('disk steps carry one task per disk in MiB (warm: base file names)', () => {
    const transfer = buildPipeline(warm, vm).find((s) => s.name === 'DiskTransfer');
    expect(transfer?.tasks?.map((t) => [t.name, t.progress.total])).toEqual([
      ['[ds1] a/a.vmdk', 2048],
      ['[ds1] a/a_1.vmdk', 1024],
    ]);
    expect(transfer?.progress.total).toBe(3072);
    expect(transfer?.annotations).toEqual({ unit: 'MB' });
  });
});

describe('conditions', () => {
  it('stage keeps durable conditions, drops the rest, keeps timestamps of unchanged ones', () => {
    const prev = [
      { type: 'Ready', status: 'True' as const, category: 'Required', message: 'm', lastTransitionTime: '2020-01-01T00:00:00Z' },
      { type: 'Succeeded', status: 'True' as const, category: 'Advisory', durable: true, lastTransitionTime: '2020-01-01T00:00:00Z' },
      { type: 'VMNotFound', status: 'True' as const, category: 'Critical', lastTransitionTime: '2020-01-01T00:00:00Z' },
    ];
    const stage = new ConditionStage(prev);
    stage.set({ type: 'Ready', category: 'Required', message: 'm' });
    const out = stage.commit();
    expect(out.map((c) => c.type).sort()).toEqual(['Ready', 'Succeeded']);
    expect(out.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2020-01-01T00:00:00Z');
    expect(stage.hasBlocker()).toBe(false);
  });
  it('a type appears once (the last set wins) and Ref.String() has Forklift spacing', () => {
    const list = setCondition(setCondition([], { type: 'NotValid', category: 'Critical', message: 'a' }), {
      type: 'NotValid',
      category: 'Critical',
      message: 'b',
    });
    expect(list).toHaveLength(1);
    expect(list[0]?.message).toBe('b');
    expect(refItem({ id: 'vm-1', name: 'foo' })).toBe(" id:vm-1 name:'foo' ");
  });
});

describe('hooks', () => {
  it('validates image, playbook encoding and AAP exclusivity', () => {
    const check = (spec: object) => {
      const s = new ConditionStage();
      validateHook(spec, s);
      return s.commit().map((c) => [c.type, c.reason]);
    };
    expect(check({ image: 'quay.io/konveyor/hook-runner:latest', playbook: b64('- hosts: all') })).toEqual([]);
    expect(check({ image: 'quay.io/konveyor/hook-runner', playbook: 'no base64!' })).toEqual([['InvalidPlaybook', 'DataError']]);
    expect(check({})).toEqual([['InvalidHookExecute', 'NotSet']]);
    expect(check({ image: 'Bad Image' })).toEqual([['InvalidImage', 'NotSet']]);
    expect(check({ aap: { jobTemplateId: 3 }, image: 'x' })).toEqual([['InvalidHookExecute', 'NotSet']]);
    expect(isStdBase64('YWJj\nZA==')).toBe(true);
    expect(isStdBase64('YWJjZA')).toBe(false);
    expect(isValidImageRef('registry.example.com:5000/ns/img@sha256:' + 'a'.repeat(64))).toBe(true);
  });
  it('runs playbooks: fail (any spelling) fails, rescue catches, anything else succeeds', () => {
    expect(runPlaybook(b64('- hosts: localhost\n  tasks:\n  - debug: {msg: hi}\n')).ok).toBe(true);
    expect(runPlaybook(b64('- hosts: localhost\n  tasks:\n  - ansible.builtin.fail: {msg: x}\n')).ok).toBe(false);
    expect(runPlaybook(b64('- hosts: localhost\n  pre_tasks:\n  - action: fail msg=x\n')).ok).toBe(false);
    expect(
      runPlaybook(b64('- hosts: localhost\n  tasks:\n  - block:\n    - fail: {msg: x}\n    rescue:\n    - debug: {msg: ok}\n')).ok,
    ).toBe(true);
    expect(runPlaybook(b64('hosts: [unclosed')).ok).toBe(false);
    expect(runPlaybook(undefined).ok).toBe(true);
  });
});

describe('providers, serials, lab time', () => {
  it('requires the secret keys of reference §1.1', () => {
    expect(missingSecretKeys('vsphere', { user: 'u', password: 'p' }, true)).toEqual(['ca.crt']);
    expect(missingSecretKeys('vsphere', { user: 'u', password: 'p', insecureSkipVerify: 'true' }, true)).toEqual([]);
    expect(missingSecretKeys('vsphere', { user: 'u', password: 'p', cacert: 'x' }, true)).toEqual([]);
    expect(missingSecretKeys('openshift', {}, true)).toEqual(['token']);
    expect(missingSecretKeys('ova', {}, true)).toEqual(['url']);
  });
  it('formats the VMware system serial from OpenShift 4.20 on', () => {
    const uuid = '420a1b2c-3d4e-5f60-7182-93a4b5c6d7e8';
    expect(vmwareSerial(uuid)).toBe('VMware-42 0A 1B 2C 3D 4E 5F 60-71 82 93 A4 B5 C6 D7 E8');
    expect(firmwareSerial(uuid, '4.20.3', true)).toBe(vmwareSerial(uuid));
    expect(firmwareSerial(uuid, '4.19.9', true)).toBe(uuid);
    expect(firmwareSerial(uuid, '4.21.0', false)).toBe(uuid);
  });
  it('scales MTV minutes and absolute cutover instants', async () => {
    const clock = new LabClock(10);
    expect(clock.ms(6)).toBe(60);
    expect(clock.scaledInstant(1_000_000, 1_000_000 + 60 * 60_000)).toBe(1_000_000 + 600);
    const ac = new AbortController();
    const t0 = Date.now();
    await clock.sleep(3, ac.signal);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    const pending = clock.until(() => undefined, ac.signal);
    ac.abort('UserRequested');
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });
});
