/** The lab's NAD pool (lab/forklift/nic-networks.ts): which NetworkMap row each NIC of a VM gets. */
import { assignNicRows, type NetworkRow } from '../../../lab/forklift/nic-networks';

const nics = [{ network: { id: 'net-1' } }, { network: { id: 'net-1' } }];
const pod: NetworkRow = { source: { name: 'VM Network' }, destination: { type: 'pod' } };
const nad = (name: string): NetworkRow => ({ source: { name: 'VM Network' }, destination: { type: 'multus', name, namespace: 'ns' } });
const opts = { networkName: (id: string) => (id === 'net-1' ? 'VM Network' : undefined), defaultNamespace: 'ns', ignorePool: false };

describe('NIC to NetworkMap row assignment', () => {
  test('a per-NIC map (pod, then a NAD) gives two NICs on one network distinct destinations', () => {
    const a = assignNicRows(nics, [pod, nad('cb-1')], opts);
    expect(a.rows.map((r) => r?.destination?.type)).toEqual(['pod', 'multus']);
    expect([a.podDuplicate, a.nadDuplicate]).toEqual([false, false]);
  });

  test('one row per network: two NICs share it (pod: multiple pod mappings; NAD: duplicate NAD)', () => {
    expect(assignNicRows(nics, [pod], opts).podDuplicate).toBe(true);
    const shared = assignNicRows(nics, [nad('cb-1')], opts);
    expect([shared.podDuplicate, shared.nadDuplicate]).toEqual([false, true]);
  });

  test('two NADs for the network: a NAD pool, no duplicate', () => {
    expect(assignNicRows(nics, [nad('a'), nad('b')], opts).nadDuplicate).toBe(false);
  });

  test('nad-pool-ignored: every NIC takes its network last row, so the per-NIC map shares a NAD', () => {
    const a = assignNicRows(nics, [pod, nad('cb-1')], { ...opts, ignorePool: true });
    expect(a.rows.map((r) => r?.destination?.name)).toEqual(['cb-1', 'cb-1']);
    expect(a.nadDuplicate).toBe(true);
  });

  test('rows by id, and an unmapped network gets no row', () => {
    const byId = { source: { id: 'net-1' }, destination: { type: 'pod' } };
    expect(assignNicRows([{ network: { id: 'net-1' } }, { network: { id: 'net-2' } }], [byId], opts).rows).toEqual([byId, undefined]);
  });
});
