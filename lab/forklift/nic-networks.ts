/**
 * Which NetworkMap row each NIC of a VM gets (Forklift's NAD pool, used by plan validation and by
 * the target VM's networks alike). The rows whose source is the NIC's network (by id, or by name
 * when the row has no id) are the candidates; each NIC takes, in NIC order, the first candidate
 * whose destination this VM does not use yet, so a NetworkMap with one row per NIC (the Python
 * suite's per_nic_network_map: pod, then NAD <base>-1) gives two NICs on one network two distinct
 * destinations. When the candidates are used up the NIC takes the first one again: two NICs then
 * share the pod network (VMMultiplePodNetworkMappings) or one NAD (VMDuplicateNADMappings).
 * Forklift's own pool lets only Multus rows be pooled; the lab also pools the pod row, which is the
 * behaviour MTV-5623 (TestColdDualNicSameNetworkPlanValidation) asserts.
 *
 * The nad-pool-ignored fault models a controller that reads the map as one row per network, the
 * later row winning: every NIC of a network takes that network's last row.
 */
export interface NetworkRow {
  source?: { id?: string; name?: string };
  destination?: { type?: string; name?: string; namespace?: string };
}

export interface NicAssignment<R extends NetworkRow> {
  /** The row each NIC takes, by NIC index (undefined: the network is not mapped). */
  rows: Array<R | undefined>;
  /** More than one NIC on the pod network. */
  podDuplicate: boolean;
  /** Two NICs on one Multus NAD (namespace/name; an empty namespace means the plan's target namespace). */
  nadDuplicate: boolean;
}

function destinationKey(row: NetworkRow, defaultNamespace: string): string | undefined {
  const d = row.destination;
  if (d?.type === 'pod') return 'pod';
  if (d?.type === 'multus') return `${d.namespace || defaultNamespace}/${d.name ?? ''}`;
  return undefined; // ignored rows attach nothing
}

export function assignNicRows<R extends NetworkRow>(
  nics: ReadonlyArray<{ network: { id: string } }>,
  rows: readonly R[],
  opts: { networkName: (id: string) => string | undefined; defaultNamespace: string; ignorePool: boolean },
): NicAssignment<R> {
  const used = new Map<string, number>();
  const assigned = nics.map((nic) => {
    const name = opts.networkName(nic.network.id);
    const candidates = rows.filter(
      (r) => r.source?.id === nic.network.id || (!r.source?.id && name !== undefined && r.source?.name === name),
    );
    if (candidates.length === 0) return undefined;
    const row = opts.ignorePool
      ? candidates[candidates.length - 1]!
      : (candidates.find((r) => {
          const key = destinationKey(r, opts.defaultNamespace);
          return key === undefined || !used.has(key);
        }) ?? candidates[0]!);
    const key = destinationKey(row, opts.defaultNamespace);
    if (key !== undefined) used.set(key, (used.get(key) ?? 0) + 1);
    return row;
  });
  const twice = (key: string) => (used.get(key) ?? 0) > 1;
  return {
    rows: assigned,
    podDuplicate: twice('pod'),
    nadDuplicate: [...used.keys()].some((k) => k !== 'pod' && twice(k)),
  };
}
