/** The pure parts of check xcopy used and the throttling verifiers. */
import { expectsXcopy, xcopyFindings } from '../../../utilities/copyoffload/xcopy';
import { copyOffloadStorageMapEntries, offloadDatastores } from '../../../utilities/copyoffload/storage-map';
import {
  PopulatorTracker,
  populatorThrottlingFindings,
  VmInflightTracker,
  vmInflightFindings,
} from '../../../utilities/copyoffload/throttling';

describe('check xcopy used', () => {
  it('expects XCOPY except with snapshots or on the non-XCOPY datastore', () => {
    expect(expectsXcopy({ datastoreId: 'ds-1' }, { snapshots: 0 }, 'ds-9')).toBe(true);
    expect(expectsXcopy({ datastoreId: 'ds-1' }, { snapshots: 2 }, 'ds-9')).toBe(false);
    expect(expectsXcopy({ datastoreId: 'ds-9' }, { snapshots: 0 }, 'ds-9')).toBe(false);
  });

  it('reports per VM the disks with the other outcome or none reported', () => {
    const e = (disk: string, expectXcopy: boolean) => ({ vm: 'vm1', disk, datastoreId: 'ds-1', datastoreName: 'ds1', expectXcopy });
    const findings = xcopyFindings(
      [e('[ds1] a.vmdk', true), e('[ds1] b.vmdk', false), e('[ds1] c.vmdk', true)],
      new Map([
        ['[ds1] a.vmdk', '1'],
        ['[ds1] b.vmdk', '1'],
      ]),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.failures.map((f) => [f.subject, f.expected, f.actual])).toEqual([
      ['disk [ds1] b.vmdk on datastore ds1 (ds-1)', 'xcopyUsed=0 (fallback host copy)', 'xcopyUsed=1 (copied by the storage array)'],
      [
        'disk [ds1] c.vmdk on datastore ds1 (ds-1)',
        'xcopyUsed=1 (copied by the storage array)',
        'xcopyUsed not reported by its VSphereXcopyVolumePopulator',
      ],
    ]);
  });

  it('maps datastore_id and every disk datastore once, each with the XCOPY plugin and Block volumes', () => {
    const ids = offloadDatastores('ds-1', ['ds-2', 'ds-1', '']);
    expect(ids).toEqual(['ds-1', 'ds-2']);
    expect(copyOffloadStorageMapEntries(ids, 'sc', { secretRef: 's', storageVendorProduct: 'ontap' })[1]).toEqual({
      source: { id: 'ds-2' },
      destination: { storageClass: 'sc', volumeMode: 'Block' },
      offloadPlugin: { vsphereXcopyConfig: { secretRef: 's', storageVendorProduct: 'ontap' } },
    });
  });
});

describe('throttling verifiers', () => {
  const pod = (name: string, phase: string) => ({ metadata: { name, labels: { sourceHost: 'host-1' } }, status: { phase } });
  it('keeps the peak of Running populate pods per host and fails above the limit or without throttling', () => {
    const t = new PopulatorTracker();
    t.observe([pod('a', 'Running'), pod('b', 'Running'), pod('c', 'Pending')]);
    t.observe([pod('a', 'Succeeded'), pod('b', 'Running'), pod('c', 'Running')]);
    expect(t.peakByHost.get('host-1')).toBe(2);
    expect(populatorThrottlingFindings(t, 2, 1)).toEqual([]);
    expect(populatorThrottlingFindings(t, 1, 0).map((f) => f.actual)).toEqual(['2 at once', 'none']);
  });

  it('keeps the peak of VMs in flight per plan and who was held back', () => {
    const t = new VmInflightTracker();
    const vm = (name: string, started?: string, completed?: string, pending = false) => ({
      name,
      started,
      completed,
      conditions: pending ? [{ type: 'Pending', message: 'Waiting to start migration: in-flight limit reached (max 1).' }] : [],
    });
    t.observe([{ metadata: { name: 'p' }, status: { migration: { vms: [vm('a', 't1'), vm('b', undefined, undefined, true)] } } }] as never);
    t.observe([{ metadata: { name: 'p' }, status: { migration: { vms: [vm('a', 't1', 't2'), vm('b', 't2')] } } }] as never);
    expect(vmInflightFindings(t, 'p', 1)).toEqual([]);
    t.observe([{ metadata: { name: 'p' }, status: { migration: { vms: [vm('a', 't3'), vm('b', 't3')] } } }] as never);
    expect(vmInflightFindings(t, 'p', 1).map((f) => f.actual)).toEqual(['2 at once']);
  });
});
