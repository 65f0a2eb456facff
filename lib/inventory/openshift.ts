/**
 * OpenShift view of the Forklift inventory (libs/forklift_inventory.py OpenshiftForkliftInventory):
 * VMs are found by name in the session's source namespace (names repeat across namespaces), with
 * their raw VirtualMachine (`object`) and running instance (`instance`); the storage of each
 * PVC-backed volume is its PVC's StorageClass, named by name; networks are `{type: pod}` for the
 * pod network and `{name, namespace}` for a multus NAD — the refs Forklift's OCP validator
 * matches NetworkMap entries by.
 */
import type { IoK8sApiCoreV1PersistentVolumeClaim, V1VirtualMachine, V1VirtualMachineInstance } from '@kubev2v/types';
import type { InventoryClient } from './client';
import { ProviderInventory, unique, type InventoryVmSummary, type SourceRef } from './provider-inventory';

export interface OpenshiftVmDetail {
  id: string;
  name: string;
  namespace: string;
  object?: V1VirtualMachine;
  instance?: V1VirtualMachineInstance;
}

const POD = 'pod';

/** The PVC names of a VM's DataVolume / PVC volumes, in template order. */
function claims(vm: OpenshiftVmDetail): string[] {
  return (vm.object?.spec.template?.spec?.volumes ?? [])
    .map((v) => v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName ?? '')
    .filter((n) => n !== '');
}

export class OpenshiftInventory extends ProviderInventory<OpenshiftVmDetail> {
  readonly type = 'openshift';

  constructor(
    http: InventoryClient,
    providerUid: string,
    providerName: string,
    /** The namespace the session's source VMs are in. */
    readonly vmNamespace: string,
  ) {
    super(http, providerUid, providerName);
  }

  async findVm(name: string): Promise<OpenshiftVmDetail | undefined> {
    const query = `name=${encodeURIComponent(name)}&namespace=${encodeURIComponent(this.vmNamespace)}&detail=1`;
    return this.single(await this.http.get<OpenshiftVmDetail[]>(`${this.base}/vms?${query}`), name);
  }

  summary(vm: OpenshiftVmDetail): InventoryVmSummary {
    const phase = vm.instance?.status?.phase;
    return { disks: claims(vm).length, power: phase === 'Running' ? 'on' : phase === undefined ? 'off' : 'other' };
  }

  /** One `{name: <StorageClass>}` per distinct class of the VMs' PVCs. */
  async storageMappings(vms: readonly OpenshiftVmDetail[]): Promise<SourceRef[]> {
    const classes: string[] = [];
    for (const vm of vms) {
      for (const claim of claims(vm)) {
        const query = `name=${encodeURIComponent(claim)}&namespace=${encodeURIComponent(vm.namespace)}&detail=1`;
        const [pvc] = await this.http.get<Array<{ object?: IoK8sApiCoreV1PersistentVolumeClaim }>>(
          `${this.base}/persistentvolumeclaims?${query}`,
        );
        classes.push(pvc?.object?.spec?.storageClassName ?? '');
      }
    }
    return unique(classes).map((name) => ({ name }));
  }

  /** Each template network: `pod`, or the multus NAD as `<namespace>/<name>` (a bare name is in the VM's namespace). */
  protected async nicNetworks(vms: readonly OpenshiftVmDetail[]): Promise<string[]> {
    return vms.flatMap((vm) =>
      (vm.object?.spec.template?.spec?.networks ?? []).map((n) => {
        if (n.pod) return POD;
        const nad = n.multus?.networkName ?? '';
        return nad.includes('/') ? nad : `${vm.namespace}/${nad}`;
      }),
    );
  }

  protected override async networkRefs(ids: readonly string[]): Promise<SourceRef[]> {
    return ids.map((id) => {
      if (id === POD) return { type: POD };
      const [namespace = '', name = ''] = id.split('/');
      return { name, namespace };
    });
  }
}
