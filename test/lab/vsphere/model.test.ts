import { LabVSphereModel, VSphereModelError } from '../../../lab/vsphere/lab-model';
import { SEED_IDS, seedInventory } from '../../../lab/vsphere/seed';

const SCENARIO_VMS = [
  'mtv-tests-rhel8',
  'mtv-win2019-3disks',
  'mtv-win2022-ip-3disks',
  'mtv-rhel8-warm-2disks2nics',
  'mtv-win2019-79',
  'mtv-tests-rhel9-dual-nic',
  'xcopy-template-test',
];

function faultOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof VSphereModelError) return e.fault;
    throw e;
  }
  throw new Error('expected a VSphereModelError');
}

describe('lab vSphere seed', () => {
  it('is deterministic', () => {
    expect(seedInventory()).toEqual(seedInventory());
    expect(seedInventory('other').vms[0]?.uuid).not.toEqual(seedInventory().vms[0]?.uuid);
  });

  it('has every scenario VM with the hardware its scenario needs', () => {
    const inv = seedInventory();
    const byName = new Map(inv.vms.map((v) => [v.name, v]));
    for (const name of SCENARIO_VMS) expect(byName.get(name)).toBeDefined();
    const win3 = byName.get('mtv-win2019-3disks')!;
    expect(win3.disks).toHaveLength(3);
    expect(new Set(win3.disks.map((d) => d.controllerKey)).size).toBe(2);
    expect(win3.guestNics[0]?.ips[0]?.origin).toBe('manual');
    expect(win3.snapshots[0]?.children).toHaveLength(1);
    expect(win3.currentSnapshot).toBe(win3.snapshots[0]?.children[0]?.moref);
    const win22 = byName.get('mtv-win2022-ip-3disks')!;
    expect(win22.firmware).toBe('efi');
    expect(win22.guestNics[0]?.gateway).toBe('10.10.0.1');
    const warm = byName.get('mtv-rhel8-warm-2disks2nics')!;
    expect(new Set(warm.nics.map((n) => n.network)).size).toBe(2);
    const dual = byName.get('mtv-tests-rhel9-dual-nic')!;
    expect(new Set(dual.nics.map((n) => n.network)).size).toBe(1);
    expect(byName.get('xcopy-template-test')!.disks[0]?.datastore).toBe(SEED_IDS.datastores.primary);
    expect(inv.datastores.filter((d) => d.xcopyCapable).map((d) => d.name)).toEqual(['mtv-datastore1', 'mtv-xcopy-ds2']);
    const macs = inv.vms.flatMap((v) => v.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(macs.length);
  });
});

describe('LabVSphereModel', () => {
  it('clones with new identity, provisioning, relocation and CBT extraConfig', () => {
    const model = new LabVSphereModel(seedInventory());
    const src = model.vm('mtv-win2019-3disks')!;
    const rev = model.revision;
    const c = model.cloneVm(src.moref, {
      name: 'c1',
      provisioning: 'thick-eager',
      datastore: SEED_IDS.datastores.nfs,
      host: 'host-12',
      extraConfig: { ctkEnabled: 'true' },
    });
    expect(model.revision).toBeGreaterThan(rev);
    expect(c.moref).not.toBe(src.moref);
    expect(c.uuid).not.toBe(src.uuid);
    expect(c.nics[0]?.mac).not.toBe(src.nics[0]?.mac);
    expect(c.guestNics[0]?.mac).toBe(c.nics[0]?.mac);
    expect(c.disks.map((d) => d.provisioning)).toEqual(['thick-eager', 'thick-eager', 'thick-eager']);
    expect(c.disks.map((d) => d.fileName)).toEqual(['[mtv-nfs-ds] c1/c1.vmdk', '[mtv-nfs-ds] c1/c1_1.vmdk', '[mtv-nfs-ds] c1/c1_2.vmdk']);
    expect(c.host).toBe('host-12');
    expect(c.snapshots).toEqual([]);
    expect(c.changeTrackingEnabled).toBe(true);
    expect(c.extraConfig['ctkEnabled']).toBe('true');
    expect(faultOf(() => model.cloneVm(src.moref, { name: 'c1' }))).toBe('DuplicateName');
  });

  it('runs guest tools only while powered on and refuses to destroy a running VM', () => {
    const model = new LabVSphereModel(seedInventory());
    const vm = model.vm('mtv-tests-rhel8')!;
    expect(vm.toolsRunning).toBe(false);
    const seen: number[] = [];
    model.onChange((r) => seen.push(r));
    model.setPowerState(vm.moref, 'poweredOn');
    expect(model.vm(vm.moref)?.toolsRunning).toBe(true);
    expect(seen).toHaveLength(1);
    const rev = model.revision;
    model.setPowerState(vm.moref, 'poweredOn'); // idempotent for lab controllers
    expect(model.revision).toBe(rev);
    expect(faultOf(() => model.destroyVm(vm.moref))).toBe('InvalidPowerState');
    model.setPowerState(vm.moref, 'poweredOff');
    expect(model.vm(vm.moref)?.toolsRunning).toBe(false);
    model.destroyVm(vm.moref);
    expect(model.vm(vm.moref)).toBeUndefined();
    expect(faultOf(() => model.destroyVm(vm.moref))).toBe('ManagedObjectNotFound');
  });

  it('starts guest tools after the boot delay', async () => {
    const model = new LabVSphereModel(seedInventory(), { guestBootMs: 20 });
    const vm = model.vm('mtv-tests-rhel8')!;
    const booted = new Promise<void>((resolve) => model.onChange(() => model.vm(vm.moref)?.toolsRunning && resolve()));
    model.setPowerState(vm.moref, 'poweredOn');
    expect(model.vm(vm.moref)?.toolsRunning).toBe(false);
    await booted;
    model.close();
  });

  it('keeps a snapshot tree with a current snapshot', () => {
    const model = new LabVSphereModel(seedInventory(), { now: () => new Date('2026-03-01T10:00:00Z') });
    const vm = model.vm('mtv-win2019-79')!;
    const a = model.createSnapshot(vm.moref, 'a', '', false);
    const b = model.createSnapshot(vm.moref, 'b', '', false);
    let now = model.vm(vm.moref)!;
    expect(now.snapshots[0]?.children[0]?.moref).toBe(b.moref);
    expect(now.currentSnapshot).toBe(b.moref);
    expect(b.id).toBe(2);
    expect(model.snapshotOwner(a.moref)?.moref).toBe(vm.moref);
    model.removeSnapshot(a.moref, false);
    now = model.vm(vm.moref)!;
    expect(now.snapshots.map((s) => s.name)).toEqual(['b']);
    expect(now.currentSnapshot).toBe(b.moref);
    model.removeSnapshot(b.moref, false);
    expect(model.vm(vm.moref)?.currentSnapshot).toBeUndefined();
    expect(faultOf(() => model.removeSnapshot(b.moref, false))).toBe('ManagedObjectNotFound');
  });

  it('adds disks on free units with the requested mode and provisioning', () => {
    const model = new LabVSphereModel(seedInventory());
    const vm = model.vm('xcopy-template-test')!;
    model.reconfigureVm(vm.moref, {
      addDisks: [
        { capacityBytes: 30 * 1024 ** 3, datastore: SEED_IDS.datastores.secondary, provisioning: 'thin', mode: 'independent_persistent' },
        { capacityBytes: 1024 ** 3, datastore: SEED_IDS.datastores.primary, provisioning: 'thick-lazy', mode: 'persistent' },
      ],
    });
    const disks = model.vm(vm.moref)!.disks;
    expect(disks.map((d) => [d.unitNumber, d.mode, d.provisioning])).toEqual([
      [0, 'persistent', 'thin'],
      [1, 'independent_persistent', 'thin'],
      [2, 'persistent', 'thick-lazy'],
    ]);
    expect(disks[1]?.fileName).toBe('[mtv-xcopy-ds2] xcopy-template-test/xcopy-template-test_1.vmdk');
    expect(model.vm(vm.moref)!.datastores.sort()).toEqual([SEED_IDS.datastores.primary, SEED_IDS.datastores.secondary]);
  });
});
