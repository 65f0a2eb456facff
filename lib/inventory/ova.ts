/**
 * OVA view of the Forklift inventory (libs/forklift_inventory.py OvaForkliftInventory): the VM as
 * the OVA provider server read it from its OVF; storage by the storages whose name contains the VM
 * name (the disk files of its OVA), mapped by id; networks by the VM's network ids, mapped by name.
 * An OVA has no power state: Forklift reports every OVA VM off.
 */
import { InventoryError } from '../../exceptions/inventory';
import { ProviderInventory, unique, type InventoryVmSummary, type SourceRef } from './provider-inventory';

export interface OvaVmDetail {
  id: string;
  name: string;
  /** The OVF networks the VM's NICs connect to (Forklift's Go field names). */
  networks?: Array<{ ID: string; Name?: string }>;
  disks?: Array<{ ID: string; Name?: string }>;
}

interface OvaNamed {
  id: string;
  name: string;
}

export class OvaInventory extends ProviderInventory<OvaVmDetail> {
  readonly type = 'ova';

  async findVm(name: string): Promise<OvaVmDetail | undefined> {
    const hit = this.single(
      (await this.http.get<OvaNamed[]>(`${this.base}/vms`)).filter((vm) => vm.name === name),
      name,
    );
    return hit ? this.http.get<OvaVmDetail>(`${this.base}/vms/${encodeURIComponent(hit.id)}`) : undefined;
  }

  summary(vm: OvaVmDetail): InventoryVmSummary {
    return { disks: vm.disks?.length ?? 0, power: 'off' };
  }

  async storageMappings(vms: readonly OvaVmDetail[]): Promise<SourceRef[]> {
    const storages = await this.http.get<OvaNamed[]>(`${this.base}/storages?detail=1`);
    const ids = vms.flatMap((vm) => {
      const hits = storages.filter((s) => s.name.includes(vm.name));
      if (!hits.length)
        throw new InventoryError(`no storage of the inventory of ${this.providerName} is named after VM ${vm.name} (its disk files)`);
      return hits.map((s) => s.id);
    });
    return unique(ids).map((id) => ({ id }));
  }

  protected async nicNetworks(vms: readonly OvaVmDetail[]): Promise<string[]> {
    return vms.flatMap((vm) => (vm.networks ?? []).map((n) => n.ID));
  }

  /** Forklift's OVA maps name the network (vms_networks_mappings: `{name}` of the inventory network with that id). */
  protected override async networkRefs(ids: readonly string[]): Promise<SourceRef[]> {
    const networks = await this.http.get<OvaNamed[]>(`${this.base}/networks?detail=1`);
    return ids.map((id) => {
      const network = networks.find((n) => n.id === id);
      if (!network) throw new InventoryError(`network ${id} is not in the inventory of ${this.providerName}`);
      return { name: network.name };
    });
  }
}
