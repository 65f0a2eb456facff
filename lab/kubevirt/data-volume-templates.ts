/**
 * KubeVirt's VM controller creates the DataVolumes of a VM's `spec.dataVolumeTemplates` in the
 * VM's namespace, owned by the VM (controller reference, so they go when the VM goes), before it
 * starts the VM; an existing DataVolume of that name is left as it is (virt-controller adopts it).
 */
import type { KubeObject, ResourceType, Store } from '../apiserver/contract';

interface DataVolumeTemplate {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export function ensureDataVolumeTemplates(store: Store, dvRt: ResourceType, vm: KubeObject): void {
  const ns = vm.metadata.namespace ?? '';
  const templates = ((vm.spec as { dataVolumeTemplates?: DataVolumeTemplate[] } | undefined)?.dataVolumeTemplates ?? []).filter(
    (t) => t.metadata?.name,
  );
  for (const t of templates) {
    const name = t.metadata?.name ?? '';
    if (store.get(dvRt, ns, name)) continue;
    store.create(dvRt, {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: {
        name,
        namespace: ns,
        ...(t.metadata?.labels ? { labels: { ...t.metadata.labels } } : {}),
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ownerReferences: [
          {
            apiVersion: 'kubevirt.io/v1',
            kind: 'VirtualMachine',
            name: vm.metadata.name ?? '',
            uid: vm.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { ...(t.spec ?? {}) },
    });
  }
}
