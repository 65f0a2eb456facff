/**
 * Inventory adapters by provider type (vSphere, oVirt, OpenStack, OpenShift, OVA). Asking for another type names
 * what is missing instead of returning a half-working adapter.
 */
import type { K8sClient } from '../k8s/client';
import { InventoryClient } from './client';
import { OpenStackInventory } from './openstack';
import { OvirtInventory } from './ovirt';
import { OpenshiftInventory } from './openshift';
import { OvaInventory } from './ova';
import type { ProviderInventory } from './provider-inventory';
import { VsphereInventory } from './vsphere';

export { InventoryClient } from './client';
export { VsphereInventory, type VSphereVmDetail } from './vsphere';
export { OvirtInventory, type OvirtVmDetail } from './ovirt';
export { OpenStackInventory, type OpenStackVmDetail } from './openstack';
export { OpenshiftInventory, type OpenshiftVmDetail } from './openshift';
export { OvaInventory, type OvaVmDetail } from './ova';
export { ProviderInventory, type SourceRef, type InventoryVmSummary } from './provider-inventory';

/** The adapter of the session's source provider; VM details are opaque outside the adapter. */
export type SourceInventory = ProviderInventory<object>;

/** The adapter for a source Provider CR (its metadata.uid is the inventory's provider id). */
export async function inventoryForProvider(
  client: K8sClient,
  mtvNamespace: string,
  provider: { name: string; namespace: string },
  opts: { http?: InventoryClient; ocpVmNamespace?: string } = {},
): Promise<SourceInventory> {
  const cr = await client.get('Provider', provider.name, provider.namespace);
  const type = cr.spec?.type;
  const uid = cr.metadata?.uid;
  if (!uid) throw new Error(`Provider ${provider.namespace}/${provider.name} has no uid`);
  const transport = opts.http ?? (await InventoryClient.fromCluster(client, mtvNamespace));
  const adapters: Record<string, () => SourceInventory> = {
    vsphere: () => new VsphereInventory(transport, uid, provider.name),
    ovirt: () => new OvirtInventory(transport, uid, provider.name),
    openstack: () => new OpenStackInventory(transport, uid, provider.name),
    openshift: () => new OpenshiftInventory(transport, uid, provider.name, opts.ocpVmNamespace ?? ''),
    ova: () => new OvaInventory(transport, uid, provider.name),
  };
  const adapter = type ? adapters[type] : undefined;
  if (!adapter) throw new Error(`no inventory adapter for provider type "${type}" yet (built: ${Object.keys(adapters).join(', ')})`);
  return adapter();
}
