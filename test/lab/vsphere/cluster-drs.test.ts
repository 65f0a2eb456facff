/**
 * ReconfigureComputeResource_Task on the lab's cluster: DRS off for the cluster and per-VM DRS
 * overrides (add, edit, remove), as a suite pins its clones to the host it cloned them to; the
 * faults clone-ignores-host and drs-override-ignored.
 */
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { SEED_IDS, seedInventory } from '../../../lab/vsphere/seed';
import { reconfigureComputeResource } from '../../../lab/vsphere/soap/cluster-methods';
import type { TaskManager } from '../../../lab/vsphere/soap/tasks';
import { mo } from '../../../lab/vsphere/soap/values';
import { parseXml } from '../../../lab/vsphere/soap/xml';

/** Runs the task's work at once (the task machinery itself is covered by the simulator tests). */
const tasks = { start: (_info: unknown, work: () => unknown) => (work(), mo('Task', 'task-1')) } as unknown as TaskManager;
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const call = (model: LabVSphereModel, spec: string) =>
  reconfigureComputeResource(
    parseXml(
      `<ReconfigureComputeResource_Task ${XSI}><_this type="ClusterComputeResource">${SEED_IDS.cluster}</_this><spec xsi:type="ClusterConfigSpecEx">${spec}</spec><modify>true</modify></ReconfigureComputeResource_Task>`,
    ),
    mo('ClusterComputeResource', SEED_IDS.cluster),
    model,
    tasks,
    'administrator@vsphere.local',
  );

describe('cluster DRS', () => {
  it('a per-VM override disables DRS for that VM; remove drops it; the cluster flag turns DRS off', () => {
    const model = new LabVSphereModel(seedInventory());
    const vm = model.vm('xcopy-template-test')?.moref ?? '';
    call(
      model,
      `<drsVmConfigSpec><operation>add</operation><info><key type="VirtualMachine">${vm}</key><enabled>false</enabled><behavior>manual</behavior></info></drsVmConfigSpec>`,
    );
    const cluster = () => model.snapshot().clusters.find((c) => c.moref === SEED_IDS.cluster);
    expect(cluster()?.drsVmConfig).toEqual([{ vm, enabled: false, behavior: 'manual' }]);
    call(model, `<drsVmConfigSpec><operation>remove</operation><removeKey type="VirtualMachine">${vm}</removeKey></drsVmConfigSpec>`);
    expect(cluster()?.drsVmConfig).toEqual([]);
    call(model, '<drsConfig><enabled>false</enabled></drsConfig>');
    expect(cluster()?.drsEnabled).toBe(false);
  });

  it('an override for a VM that does not exist is refused', () => {
    const model = new LabVSphereModel(seedInventory());
    expect(() =>
      call(
        model,
        '<drsVmConfigSpec><operation>add</operation><info><key type="VirtualMachine">vm-9999</key><enabled>false</enabled></info></drsVmConfigSpec>',
      ),
    ).toThrow();
  });
});

describe('placement faults', () => {
  const faultsOn = (name: string) => ({ isOn: (n: string) => n === name });

  it('a clone goes to the RelocateSpec host; under clone-ignores-host to another host of its cluster', () => {
    const [asked] = SEED_IDS.hosts;
    const honest = new LabVSphereModel(seedInventory());
    const template = honest.vm('xcopy-template-test')?.moref ?? '';
    expect(honest.cloneVm(template, { name: 'c1', host: asked }).host).toBe(asked);
    const faulty = new LabVSphereModel(seedInventory(), { faults: faultsOn('clone-ignores-host') });
    const landed = faulty.cloneVm(template, { name: 'c1', host: asked }).host;
    expect(landed).not.toBe(asked);
    expect(SEED_IDS.hosts).toContain(landed);
  });

  it('drs-override-ignored: the reconfigure succeeds and stores no override', () => {
    const model = new LabVSphereModel(seedInventory(), { faults: faultsOn('drs-override-ignored') });
    const vm = model.vm('xcopy-template-test')?.moref ?? '';
    call(
      model,
      `<drsVmConfigSpec><operation>add</operation><info><key type="VirtualMachine">${vm}</key><enabled>false</enabled><behavior>manual</behavior></info></drsVmConfigSpec>`,
    );
    expect(model.snapshot().clusters.find((c) => c.moref === SEED_IDS.cluster)?.drsVmConfig).toEqual([]);
  });
});
