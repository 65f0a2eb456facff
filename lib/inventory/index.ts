/**
 * Inventory adapters by provider type. Only vSphere exists today; asking for another type names
 * what is missing instead of returning a half-working adapter.
 */
import type { K8sClient } from '../k8s/client';
import { InventoryClient } from './client';
import { VsphereInventory } from './vsphere';

export { InventoryClient } from './client';
export { VsphereInventory, type VSphereVmDetail, type SourceRef } from './vsphere';

export type SourceInventory = VsphereInventory;

/** The adapter for a source Provider CR (its metadata.uid is the inventory's provider id). */
export async function inventoryForProvider(
  client: K8sClient,
  mtvNamespace: string,
  provider: { name: string; namespace: string },
  http?: InventoryClient,
): Promise<SourceInventory> {
  const cr = await client.get('Provider', provider.name, provider.namespace);
  const type = cr.spec?.type;
  const uid = cr.metadata?.uid;
  if (!uid) throw new Error(`Provider ${provider.namespace}/${provider.name} has no uid`);
  const transport = http ?? (await InventoryClient.fromCluster(client, mtvNamespace));
  if (type === 'vsphere') return new VsphereInventory(transport, uid, provider.name);
  throw new Error(`no inventory adapter for provider type "${type}" yet (only vsphere is built)`);
}
