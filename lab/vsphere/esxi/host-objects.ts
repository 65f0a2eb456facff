/**
 * The ESXi host view (./host-snapshot.ts) as vim25 managed objects: the vCenter objects built the
 * same way (lab/vsphere/soap/inventory-objects.ts), except that the host's compute resource is a
 * standalone ComputeResource, not a ClusterComputeResource (no DRS/HA configuration).
 */
import type { VSphereModelSnapshot } from '../model';
import { inventoryObjects, type Props } from '../soap/inventory-objects';
import { mo, type MoRefV, type Val } from '../soap/values';
import { ESXI_IDS } from './host-snapshot';

type Objects = Map<string, { ref: MoRefV; props: Props }>;

const CLUSTER_KEY = `ClusterComputeResource:${ESXI_IDS.computeResource}`;

/** A copy of `v` with every MoRef to the compute resource typed ComputeResource. */
function standaloneRefs(v: Val): Val {
  if (!v || typeof v !== 'object') return v;
  if (v.kind === 'moref') return v.value === ESXI_IDS.computeResource ? { ...v, type: 'ComputeResource' } : v;
  if (v.kind === 'array') return { ...v, items: v.items.map(standaloneRefs) };
  if (v.kind === 'data') return { ...v, fields: Object.fromEntries(Object.entries(v.fields).map(([k, f]) => [k, standaloneRefs(f)])) };
  return v;
}

export function esxiInventoryObjects(view: VSphereModelSnapshot): Objects {
  const out: Objects = new Map();
  for (const [key, o] of inventoryObjects(view)) {
    const props = Object.fromEntries(Object.entries(o.props).map(([k, v]) => [k, standaloneRefs(v)]));
    if (key !== CLUSTER_KEY) {
      out.set(key, { ref: o.ref, props });
      continue;
    }
    delete props['configurationEx'];
    out.set(`ComputeResource:${ESXI_IDS.computeResource}`, { ref: mo('ComputeResource', ESXI_IDS.computeResource), props });
  }
  return out;
}
