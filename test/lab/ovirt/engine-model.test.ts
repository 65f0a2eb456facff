/** The lab engine's state machine: status transitions, clone from template, remove, and the audit events. */
import { OvirtEngineModel } from '../../../lab/ovirt/model';
import { EVENT } from '../../../lab/ovirt/model-types';
import { seedEngineInventory, stableId } from '../../../lab/ovirt/seed';
import { EngineFault } from '../../../lab/ovirt/fault';

const PHASE = 100;
let model: OvirtEngineModel;

beforeEach(() => {
  jest.useFakeTimers();
  model = new OvirtEngineModel(seedEngineInventory(), { phaseMs: PHASE });
});
afterEach(() => {
  model.close();
  jest.useRealTimers();
});

const vmNamed = (name: string) => {
  const vm = model.inventory.vms.find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm;
};
const codesFor = (vmId: string): number[] =>
  model
    .eventList()
    .filter((e) => e.vmId === vmId)
    .map((e) => e.code)
    .reverse();

test('start walks down → wait_for_launch → powering_up → up, on a host, with the start events', () => {
  const vm = vmNamed('mtv-tests-rhel8');
  const job = model.start(vm.id);
  expect(vm.status).toBe('wait_for_launch');
  jest.advanceTimersByTime(PHASE);
  expect(vm.status).toBe('powering_up');
  jest.advanceTimersByTime(PHASE);
  expect(vm.status).toBe('up');
  expect(vm.hostId).toBeDefined();
  expect(job.status).toBe('finished');
  expect(codesFor(vm.id)).toEqual([EVENT.USER_STARTED_VM, EVENT.USER_RUN_VM]);
  expect(() => model.start(vm.id)).toThrow(EngineFault);
});

test.each([
  ['stop', EVENT.USER_STOP_VM],
  ['shutdown', EVENT.USER_INITIATED_SHUTDOWN_VM],
] as const)('%s walks up → powering_down → down and writes event %i then VM_DOWN', (how, code) => {
  const vm = vmNamed('mtv-win2019-79');
  model.start(vm.id);
  jest.advanceTimersByTime(2 * PHASE);
  model.powerDown(vm.id, how);
  expect(vm.status).toBe('powering_down');
  jest.advanceTimersByTime(PHASE);
  expect(vm.status).toBe('down');
  expect(vm.hostId).toBeUndefined();
  expect(codesFor(vm.id).slice(2)).toEqual([code, EVENT.VM_DOWN]);
  // Only a power-off (stop) is the USER_STOP_VM event check_false_vm_power_off fails on.
  expect(codesFor(vm.id).includes(EVENT.USER_STOP_VM)).toBe(how === 'stop');
});

test('a clone from a template copies its disks and NICs, is image_locked, then down', () => {
  const template = model.inventory.templates.find((t) => t.name === 'mtv-rhel8-warm-2disks2nics')!;
  const vm = model.cloneFromTemplate({ name: 'abc123-mtv-rhel8-warm-2disks2nics', templateId: template.id });
  expect(vm.status).toBe('image_locked');
  expect(vm.templateId).toBe(template.id);
  expect(vm.topology).toEqual(template.topology);
  expect(vm.memoryBytes).toBe(template.memoryBytes);
  expect(vm.disks.map((a) => a.diskId)).not.toEqual(template.disks.map((a) => a.diskId));
  const copies = vm.disks.map((a) => model.inventory.disks.find((d) => d.id === a.diskId)!);
  expect(copies.map((d) => d.status)).toEqual(['locked', 'locked']);
  expect(vm.nics.map((n) => n.vnicProfileId)).toEqual(template.nics.map((n) => n.vnicProfileId));
  expect(new Set(vm.nics.map((n) => n.mac)).size).toBe(2);
  jest.advanceTimersByTime(PHASE);
  expect(vm.status).toBe('down');
  expect(copies.map((d) => d.status)).toEqual(['ok', 'ok']);
  expect(codesFor(vm.id)).toEqual([EVENT.USER_ADD_VM, EVENT.USER_ADD_VM_FINISHED_SUCCESS]);
  expect(() => model.cloneFromTemplate({ name: vm.name, templateId: template.id })).toThrow(/name is already in use/);
});

test('remove refuses a running VM and removes a down one with its disks', () => {
  const vm = vmNamed('mtv-tests-rhel8');
  const diskIds = vm.disks.map((a) => a.diskId);
  model.start(vm.id);
  expect(() => model.remove(vm.id)).toThrow(/Cannot remove VM/);
  jest.advanceTimersByTime(2 * PHASE);
  model.powerDown(vm.id, 'stop');
  jest.advanceTimersByTime(PHASE);
  model.remove(vm.id);
  expect(() => model.vm(vm.id)).toThrow(EngineFault);
  expect(model.inventory.disks.filter((d) => diskIds.includes(d.id))).toEqual([]);
});

test('seed ids are stable across restarts and every scenario VM has a template of the same name', () => {
  const again = seedEngineInventory();
  expect(again.vms.map((v) => v.id)).toEqual(model.inventory.vms.map((v) => v.id));
  expect(stableId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(model.inventory.templates.map((t) => t.name).sort()).toEqual(model.inventory.vms.map((v) => v.name).sort());
  expect(model.inventory.dataCenters.find((d) => d.name === 'MTV-CNV')?.status).toBe('up');
});
