/**
 * Walking the inventory as vCenter's ViewManager and SearchIndex do: the entities a ContainerView
 * shows, the root folder, and FindByInventoryPath.
 */
import type { VSphereModelSnapshot } from '../model';
import { fault } from './faults';
import { isA, type inventoryObjects, type Props } from './inventory-objects';
import type { ContainerViewState } from './service-types';
import { mo, type MoRefV, type Val } from './values';

type Inventory = ReturnType<typeof inventoryObjects>;

function morefs(v: Val): MoRefV[] {
  if (v && typeof v === 'object' && v.kind === 'array')
    return v.items.filter((i): i is MoRefV => !!i && typeof i === 'object' && i.kind === 'moref');
  if (v && typeof v === 'object' && v.kind === 'moref') return [v];
  return [];
}

/** What a container holds, by the properties vCenter's ContainerView follows for its type. */
const CONTAINED: Record<string, string[]> = {
  Folder: ['childEntity'],
  Datacenter: ['vmFolder', 'hostFolder', 'datastoreFolder', 'networkFolder'],
  ClusterComputeResource: ['host', 'resourcePool'],
  ComputeResource: ['host', 'resourcePool'],
  ResourcePool: ['resourcePool'],
};

/** Entities under a container (children only, or the whole subtree), filtered by type. */
export function viewContents(inv: Inventory, v: ContainerViewState): MoRefV[] {
  const out: MoRefV[] = [];
  const seen = new Set<string>();
  const walk = (ref: MoRefV): void => {
    const props: Props = inv.get(`${ref.type}:${ref.value}`)?.props ?? {};
    for (const k of (CONTAINED[ref.type] ?? []).flatMap((p) => morefs(props[p]))) {
      const key = `${k.type}:${k.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (v.types.length === 0 || v.types.some((t) => isA(k.type, t))) out.push(k);
      if (v.recursive) walk(k);
    }
  };
  walk(v.container);
  return out;
}

/** The folder holding the datacenters (the model's only Datacenter folder without a parent). */
export function rootFolder(snap: VSphereModelSnapshot): MoRefV {
  const root = snap.folders.find((f) => f.childType === 'Datacenter' && !f.parent);
  if (!root) throw fault('SystemError', 'the lab vCenter model has no root folder', { reason: 'no Datacenter folder without parent' });
  return mo('Folder', root.moref);
}

/** SearchIndex.FindByInventoryPath: "dc/vm/folder/name", each step by name (URL-decoded). */
export function findByPath(inv: Inventory, root: MoRefV, path: string): MoRefV | undefined {
  let cur: MoRefV | undefined = root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (!cur) return undefined;
    const props: Props = inv.get(`${cur.type}:${cur.value}`)?.props ?? {};
    const candidates = ['childEntity', 'vmFolder', 'hostFolder', 'datastoreFolder', 'networkFolder', 'host'].flatMap((k) =>
      morefs(props[k]),
    );
    const name = decodeURIComponent(part);
    cur = candidates.find((r) => inv.get(`${r.type}:${r.value}`)?.props['name'] === name);
  }
  return cur;
}
