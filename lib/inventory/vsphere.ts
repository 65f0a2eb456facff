/**
 * vSphere view of the Forklift inventory (libs/forklift_inventory.py VsphereForkliftInventory):
 * VMs by name or id, waiting for a freshly cloned VM to appear, and the source sides of the maps —
 * datastores by the disks' datastore ids, networks by the NICs' network ids, named as the
 * inventory names them.
 */
import type { Ref, VSphereDataStore, VSphereNetwork, VSphereVM } from '@kubev2v/types';
import { InventoryError } from '../../exceptions/inventory';
import { VmNotFoundError } from '../../exceptions/migration';
import { formatDuration } from '../../exceptions/k8s';
import type { InventoryClient } from './client';

/** The full VM detail (GET by id, or the vSphere list which always returns full detail). */
export interface VSphereVmDetail extends VSphereVM {
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

export interface SourceRef {
  id?: string;
  name?: string;
}

export class VsphereInventory {
  readonly base: string;

  constructor(
    readonly http: InventoryClient,
    readonly providerUid: string,
    readonly providerName: string,
  ) {
    this.base = `/providers/vsphere/${providerUid}`;
  }

  async vms(): Promise<VSphereVmDetail[]> {
    return this.http.get<VSphereVmDetail[]>(`${this.base}/vms?detail=all`);
  }

  async findVm(name: string): Promise<VSphereVmDetail | undefined> {
    const hits = await this.http.get<VSphereVmDetail[]>(`${this.base}/vms?detail=all&name=${encodeURIComponent(name)}`);
    if (hits.length > 1) throw new InventoryError(`inventory of provider ${this.providerName} has ${hits.length} VMs named "${name}"`);
    return hits[0];
  }

  async getVm(id: string): Promise<VSphereVmDetail> {
    return this.http.get<VSphereVmDetail>(`${this.base}/vms/${encodeURIComponent(id)}`);
  }

  async vmByName(name: string): Promise<VSphereVmDetail> {
    const vm = await this.findVm(name);
    if (!vm) throw new VmNotFoundError(`VM "${name}" is not in the inventory of provider ${this.providerName}`);
    return vm;
  }

  /**
   * A VM cloned moments ago shows up once the collector has seen it. The inventory cannot be
   * watched, so this re-asks with bounded backoff (0.2 s doubling to 2 s) until the timeout.
   */
  async waitForVm(
    name: string,
    timeoutMs: number,
    log?: { info(m: string): void },
    /** Also wait until the inventory reflects this (e.g. disks just added to the clone). */
    until?: { what: string; ok: (vm: VSphereVmDetail) => boolean },
  ): Promise<VSphereVmDetail> {
    log?.info(
      `waiting up to ${formatDuration(timeoutMs)} for VM ${name} in the inventory of provider ${this.providerName}${until ? ` with ${until.what}` : ''}`,
    );
    const started = Date.now();
    const deadline = started + timeoutMs;
    let delay = 200;
    for (;;) {
      const remaining = deadline - Date.now();
      const vm = await this.findVm(name).catch((error: unknown) => {
        if (error instanceof InventoryError && remaining > 0) return undefined;
        throw error;
      });
      if (vm && (!until || until.ok(vm))) {
        log?.info(`VM ${name} is in the inventory of provider ${this.providerName} (after ${formatDuration(Date.now() - started)})`);
        return vm;
      }
      if (Date.now() + delay > deadline) {
        throw new VmNotFoundError(
          vm
            ? `VM "${name}" is in the inventory of provider ${this.providerName} but did not show ${until?.what} within ${formatDuration(timeoutMs)}`
            : `VM "${name}" did not appear in the inventory of provider ${this.providerName} within ${formatDuration(timeoutMs)}`,
        );
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
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

  /** Source side of the NetworkMap: one `{name}` per distinct NIC network, first NIC first. */
  async networkMappings(vms: readonly VSphereVmDetail[]): Promise<SourceRef[]> {
    return this.networkRefs(unique(nicNetworkIds(vms)));
  }

  /**
   * get_per_nic_networks: one source network per NIC of every VM, in NIC order, duplicates kept
   * (two NICs on one network give two entries, so each NIC can map to its own destination).
   */
  async networkMappingsPerNic(vms: readonly VSphereVmDetail[]): Promise<SourceRef[]> {
    return this.networkRefs(nicNetworkIds(vms));
  }

  private async networkRefs(ids: readonly string[]): Promise<SourceRef[]> {
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

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
