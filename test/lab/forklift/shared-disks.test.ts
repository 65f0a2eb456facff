/**
 * Shared disks as Forklift migrates them: in one plan, the VM with migrateSharedDisks true
 * migrates the shared VMDK into one PVC labelled shareable=true; the VM with migrateSharedDisks
 * false transfers only its own disks and attaches that PVC; both VMs see it as a shareable disk.
 * Under the lab fault 'shared-disk-not-shared' the second VM gets its own (empty) copy instead.
 */
import { useLab } from '../../support/lab';
import { CDI, ForkliftLab, KUBEVIRT, cond, vmTemplate, type Obj } from './support';

const lab = useLab();
let f: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
const NS = 'shared-test';

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  pair = await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 3000);
});

async function migratePair(
  tag: string,
): Promise<{ vms: Obj[]; pvcs: Array<{ metadata?: { name?: string; labels?: Record<string, string> } }>; plan: Obj }> {
  const target = `${NS}-${tag}`;
  await f.namespace(target);
  const map = await f.maps(NS, pair, { prefix: tag });
  await f.plan(NS, tag, {
    provider: pair,
    map,
    targetNamespace: target,
    migrateSharedDisks: true,
    targetPowerState: 'on',
    vms: [
      { name: 'mtv-feature-shared-rhel1', migrateSharedDisks: true },
      { name: 'mtv-feature-shared-rhel2', migrateSharedDisks: false },
    ],
  });
  await f.readyPlan(NS, tag);
  await f.migrate(NS, tag);
  const plan = await f.planDone(NS, tag, 20_000);
  const vms = await f.list(KUBEVIRT, 'virtualmachines', target);
  const pvcs = (await f.core.listNamespacedPersistentVolumeClaim({ namespace: target })).items;
  return { vms, pvcs, plan };
}

const claimsOf = (vm: Obj | undefined): string[] =>
  ((vmTemplate(vm) as unknown as { spec: { volumes: Array<{ persistentVolumeClaim?: { claimName: string } }> } }).spec.volumes ?? []).map(
    (v) => v.persistentVolumeClaim?.claimName ?? '',
  );
const byName = (vms: Obj[], name: string) => vms.find((v) => v.metadata.name === name);

describe('shared disks', () => {
  it('one shareable PVC, migrated by the VM that migrates shared disks and attached to both', async () => {
    const { vms, pvcs, plan } = await migratePair('ok');
    expect(cond(plan, 'Succeeded')).toBeDefined();
    const shareable = pvcs.filter((p) => p.metadata?.labels?.shareable === 'true').map((p) => p.metadata?.name);
    expect(shareable).toHaveLength(1);
    expect(pvcs).toHaveLength(3); // two boot disks, one shared disk
    const vm1 = claimsOf(byName(vms, 'mtv-feature-shared-rhel1'));
    const vm2 = claimsOf(byName(vms, 'mtv-feature-shared-rhel2'));
    expect(vm1).toContain(shareable[0]);
    expect(vm2).toContain(shareable[0]);
    const disks = (
      vmTemplate(byName(vms, 'mtv-feature-shared-rhel2')) as unknown as {
        spec: { domain: { devices: { disks: Array<{ shareable?: boolean; cache?: string }> } } };
      }
    ).spec.domain.devices.disks;
    expect(disks[1]).toMatchObject({ shareable: true, cache: 'none' });
    expect(disks[0]?.shareable).toBeUndefined();
    const dvs = await f.list(CDI, 'datavolumes', `${NS}-ok`);
    expect(dvs).toHaveLength(3);
  });

  it('shared-disk-not-shared: the second VM gets its own copy, so no PVC is common to both', async () => {
    await f.fault('shared-disk-not-shared', true);
    try {
      const { vms, pvcs } = await migratePair('fault');
      expect(pvcs).toHaveLength(4);
      const vm1 = claimsOf(byName(vms, 'mtv-feature-shared-rhel1'));
      const vm2 = claimsOf(byName(vms, 'mtv-feature-shared-rhel2'));
      expect(vm1.filter((c) => vm2.includes(c))).toEqual([]);
    } finally {
      await f.fault('shared-disk-not-shared', false);
    }
  });
});
