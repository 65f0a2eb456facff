/**
 * vSphere view of the Forklift inventory (libs/forklift_inventory.py VsphereForkliftInventory):
 * VMs by name or id, waiting for a freshly cloned VM to appear, and the source sides of the maps —
 * datastores by the disks' datastore ids, networks by the NICs' network ids, named as the
 * inventory names them.
 */
import type { Ref, VSphereDataStore, VSphereNetwork, VSphereVM } from '@kubev2v/types';
import { ProviderInventory, unique, type InventoryVmSummary, type SourceRef } from './provider-inventory';

/** The full VM detail (GET by id, or the vSphere list which always returns full detail). */
export interface VSphereVmDetail extends VSphereVM {
  /** Forklift also reports each disk's mode (persistent, independent_persistent, ...). */
  disks: Array<VSphereVM['disks'][number] & { mode?: string }>;
  uuid?: string;
  instanceUuid?: string;
  firmware?: string;
  cpuCount?: number;
  coresPerSocket?: number;
  memoryMB?: number;
  guestId?: string;
  guestName?: string;
  ipAddress?: string;
  changeTrackingEnabled?: boolean;
  snapshot?: Ref;
  nics?: Array<{ network: Ref; mac: string; order: number; deviceKey?: number }>;
  guestNetworks?: Array<{ device?: string; mac?: string; ip?: string; origin?: string; prefix?: number }>;
  toolsStatus?: string;
  toolsRunningStatus?: string;
}

export class VsphereInventory extends ProviderInventory<VSphereVmDetail> {
  readonly type = 'vsphere';

  async vms(): Promise<VSphereVmDetail[]> {
    return this.http.get<VSphereVmDetail[]>(`${this.base}/vms?detail=all`);
  }

  async findVm(name: string): Promise<VSphereVmDetail | undefined> {
    return this.single(await this.http.get<VSphereVmDetail[]>(`${this.base}/vms?detail=all&name=${encodeURIComponent(name)}`), name);
  }

  async getVm(id: string): Promise<VSphereVmDetail> {
    return this.http.get<VSphereVmDetail>(`${this.base}/vms/${encodeURIComponent(id)}`);
  }

  summary(vm: VSphereVmDetail): InventoryVmSummary {
    return {
      disks: vm.disks?.length ?? 0,
      power: vm.powerState === 'poweredOn' ? 'on' : vm.powerState === 'poweredOff' ? 'off' : 'other',
      diskModes: (vm.disks ?? []).map((d) => d.mode ?? ''),
    };
  }

  async datastore(id: string): Promise<VSphereDataStore> {
    return this.http.get<VSphereDataStore>(`${this.base}/datastores/${encodeURIComponent(id)}`);
  }

  async network(id: string): Promise<VSphereNetwork> {
    return this.http.get<VSphereNetwork>(`${this.base}/networks/${encodeURIComponent(id)}`);
  }

  /** Source side of the StorageMap: one `{name}` per distinct datastore of the VMs' disks, in disk order. */
  async storageMappings(vms: readonly VSphereVmDetail[]): Promise<SourceRef[]> {
    const ids = unique(vms.flatMap((vm) => (vm.disks ?? []).map((d) => d.datastore?.id).filter((id): id is string => !!id)));
    const out: SourceRef[] = [];
    for (const id of ids) out.push({ name: (await this.datastore(id)).name });
    return out;
  }

  protected async nicNetworks(vms: readonly VSphereVmDetail[]): Promise<string[]> {
    return nicNetworkIds(vms);
  }

  /** vSphere maps name networks as the inventory names them. */
  protected override async networkRefs(ids: readonly string[]): Promise<SourceRef[]> {
    const out: SourceRef[] = [];
    for (const id of ids) out.push({ name: (await this.network(id)).name });
    return out;
  }
}

/** The network of each NIC of each VM, in NIC order (the VM's networks when the inventory lists no NICs). */
function nicNetworkIds(vms: readonly VSphereVmDetail[]): string[] {
  return vms
    .flatMap((vm) => {
      const nics = [...(vm.nics ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
      return nics.length ? nics.map((n) => n.network?.id) : (vm.networks ?? []).map((n) => n.id);
    })
    .filter((id): id is string => !!id);
}
