/**
 * StorageMap and NetworkMap from the inventory (utilities/mtv_migration.py get_storage_migration_map
 * / get_network_migration_map): every datastore of the VMs' disks maps to the configured storage
 * class; the first NIC network maps to the pod network and each further one to a multus NAD
 * `<nad base>-<n>` in the NAD namespace. Both wait for Ready, failing with the map's conditions: at
 * once on a Critical condition (e.g. DestinationStorageNotValid), else at the timeout.
 */
import type { V1beta1NetworkMap, V1beta1NetworkMapSpecMap, V1beta1StorageMap, V1beta1StorageMapSpecMap } from '@kubev2v/types';
import { createAndTrack } from '../../lib/resources/create';
import type { SourceRef } from '../../lib/inventory';
import type { ObjectOf } from '../../lib/k8s/kinds';
import type { MigrationContext } from './context';
import { waitForkliftReady } from './critical-waits';

export interface MapWaitOptions {
  readyTimeoutMs: number;
}

export function storageMapEntries(sources: readonly SourceRef[], storageClass: string): V1beta1StorageMapSpecMap[] {
  return sources.map((source) => ({ source, destination: { storageClass } }));
}

/** gen_network_map_list: network #0 → pod, network #n → multus `<base>-<n>`. */
export function networkMapEntries(
  sources: readonly SourceRef[],
  multus: { baseName: string; namespace: string } | undefined,
): V1beta1NetworkMapSpecMap[] {
  return sources.map((source, i) => {
    if (i === 0) return { source, destination: { type: 'pod' } };
    if (!multus)
      throw new Error(`the VMs use ${sources.length} networks but no multus NADs were prepared for networks 2..${sources.length}`);
    return { source, destination: { name: `${multus.baseName}-${i}`, namespace: multus.namespace, type: 'multus' } };
  });
}

function providers(ctx: MigrationContext) {
  return { source: { ...ctx.sourceProvider }, destination: { ...ctx.destinationProvider } };
}

type MapKind = 'StorageMap' | 'NetworkMap';

/** Creates a map of either kind (tracked the moment it exists) and waits for its Ready condition (ending at once on a Critical one). */
async function createMap<K extends MapKind>(
  ctx: MigrationContext,
  kind: K,
  map: NonNullable<ObjectOf<K>['spec']>['map'],
  opts: MapWaitOptions,
): Promise<ObjectOf<K>> {
  const body = {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind,
    metadata: { namespace: ctx.namespace },
    spec: { provider: providers(ctx), map },
  };
  const created = await createAndTrack(ctx, kind, body as ObjectOf<K>);
  return waitForkliftReady(ctx.client, kind, created.metadata!.name!, ctx.namespace, {
    timeoutMs: opts.readyTimeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

export function createStorageMap(
  ctx: MigrationContext,
  entries: V1beta1StorageMapSpecMap[],
  opts: MapWaitOptions,
): Promise<V1beta1StorageMap> {
  return createMap(ctx, 'StorageMap', entries, opts);
}

export function createNetworkMap(
  ctx: MigrationContext,
  entries: V1beta1NetworkMapSpecMap[],
  opts: MapWaitOptions,
): Promise<V1beta1NetworkMap> {
  return createMap(ctx, 'NetworkMap', entries, opts);
}
