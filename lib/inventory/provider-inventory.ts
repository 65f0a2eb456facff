/**
 * What every source type's inventory adapter offers the fixtures (libs/forklift_inventory.py
 * ForkliftInventory): VMs by name, waiting for a freshly cloned VM to show as the suite made it,
 * and the source sides of the StorageMap and NetworkMap. Subclasses say how their type's VMs are
 * found and read; the waiting is shared.
 */
import { InventoryError } from '../../exceptions/inventory';
import { VmNotFoundError } from '../../exceptions/migration';
import { formatDuration } from '../../exceptions/k8s';
import type { InventoryClient } from './client';
import { pollUntil } from '../providers/poll';

export interface SourceRef {
  id?: string;
  name?: string;
  /** OpenShift: a NAD's namespace. */
  namespace?: string;
  /** OpenShift: `pod` for the pod network. */
  type?: string;
}

/** What the fixtures compare between the source and its inventory: disk count and power. */
export interface InventoryVmSummary {
  disks: number;
  power: 'on' | 'off' | 'other';
  /** vSphere: each disk's mode in disk order (other sources do not say). */
  diskModes?: string[];
}

export abstract class ProviderInventory<V> {
  abstract readonly type: string;

  constructor(
    readonly http: InventoryClient,
    readonly providerUid: string,
    readonly providerName: string,
  ) {}

  get base(): string {
    return `/providers/${this.type}/${this.providerUid}`;
  }

  /** The VM named `name` with the detail the adapter's other methods read, or undefined. */
  abstract findVm(name: string): Promise<V | undefined>;
  abstract summary(vm: V): InventoryVmSummary;
  /** Source side of the StorageMap: one entry per distinct storage of the VMs' disks, in disk order. */
  abstract storageMappings(vms: readonly V[]): Promise<SourceRef[]>;
  /** The network id of each NIC of each VM, in NIC order. */
  protected abstract nicNetworks(vms: readonly V[]): Promise<string[]>;

  /** Source side of the NetworkMap: one entry per distinct NIC network, first NIC first. */
  async networkMappings(vms: readonly V[]): Promise<SourceRef[]> {
    return this.networkRefs(unique(await this.nicNetworks(vms)));
  }

  /** get_per_nic_networks: one entry per NIC of every VM, duplicates kept (each NIC can map to its own destination). */
  async networkMappingsPerNic(vms: readonly V[]): Promise<SourceRef[]> {
    return this.networkRefs(await this.nicNetworks(vms));
  }

  /** How a map names a network: by id unless the type says otherwise. */
  protected async networkRefs(ids: readonly string[]): Promise<SourceRef[]> {
    return ids.map((id) => ({ id }));
  }

  async vmByName(name: string): Promise<V> {
    const vm = await this.findVm(name);
    if (!vm) throw new VmNotFoundError(`VM "${name}" is not in the inventory of provider ${this.providerName}`);
    return vm;
  }

  /**
   * A VM cloned moments ago shows up once the collector has seen it. The inventory cannot be
   * watched, so this re-asks with bounded backoff (50 ms doubling to 2 s) until the timeout: a
   * collector that is quick (the lab's, ~20 ms) is caught at once, a slow one (a real cluster's,
   * seconds) costs two more GETs than a backoff from 0.2 s would.
   */
  async waitForVm(
    name: string,
    timeoutMs: number,
    log?: { info(m: string): void },
    /** Also wait until the inventory reflects this (e.g. disks just added to the clone). */
    until?: { what: string; ok: (vm: V) => boolean },
  ): Promise<V> {
    log?.info(
      `waiting up to ${formatDuration(timeoutMs)} for VM ${name} in the inventory of provider ${this.providerName}${until ? ` with ${until.what}` : ''}`,
    );
    const started = Date.now();
    const deadline = started + timeoutMs;
    let vm: V | undefined;
    const shown = await pollUntil(
      async () => {
        vm = await this.findVm(name).catch((error: unknown) => {
          if (error instanceof InventoryError && Date.now() < deadline) return undefined;
          throw error;
        });
        return vm !== undefined && (!until || until.ok(vm));
      },
      timeoutMs,
      50,
    );
    if (!shown || !vm)
      throw new VmNotFoundError(
        vm
          ? `VM "${name}" is in the inventory of provider ${this.providerName} but did not show ${until?.what} within ${formatDuration(timeoutMs)}`
          : `VM "${name}" did not appear in the inventory of provider ${this.providerName} within ${formatDuration(timeoutMs)}`,
      );
    log?.info(`VM ${name} is in the inventory of provider ${this.providerName} (after ${formatDuration(Date.now() - started)})`);
    return vm;
  }

  /** The single VM a name-filtered list returned (several is an inventory error). */
  protected single<T>(hits: T[], name: string): T | undefined {
    if (hits.length > 1) throw new InventoryError(`inventory of provider ${this.providerName} has ${hits.length} VMs named "${name}"`);
    return hits[0];
  }
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
