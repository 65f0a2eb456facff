/**
 * OpenStack view of the Forklift inventory (libs/forklift_inventory.py OpenstackForliftinventory):
 * the server with its attached volumes and addresses; storage by the volumes' volume types,
 * networks by the address pools' network names. Map entries name sources by id.
 */
import type { OpenstackNetwork, OpenstackVolume, OpenstackVolumeType } from '@kubev2v/types';
import { InventoryError } from '../../exceptions/inventory';
import { ProviderInventory, unique, type InventoryVmSummary, type SourceRef } from './provider-inventory';

export interface OpenStackVmDetail {
  id: string;
  name: string;
  status?: string;
  attachedVolumes?: Array<{ ID: string }>;
  /** Network name → the server's addresses on it (Nova's `addresses`), one per port. */
  addresses?: Record<string, Array<{ 'OS-EXT-IPS-MAC:mac_addr'?: string }>>;
}

export class OpenStackInventory extends ProviderInventory<OpenStackVmDetail> {
  readonly type = 'openstack';

  async findVm(name: string): Promise<OpenStackVmDetail | undefined> {
    const hit = this.single(await this.http.get<Array<{ id: string }>>(`${this.base}/vms?name=${encodeURIComponent(name)}`), name);
    return hit ? this.http.get<OpenStackVmDetail>(`${this.base}/vms/${encodeURIComponent(hit.id)}`) : undefined;
  }

  summary(vm: OpenStackVmDetail): InventoryVmSummary {
    return {
      disks: vm.attachedVolumes?.length ?? 0,
      power: vm.status === 'ACTIVE' ? 'on' : vm.status === 'SHUTOFF' ? 'off' : 'other',
    };
  }

  async storageMappings(vms: readonly OpenStackVmDetail[]): Promise<SourceRef[]> {
    const types = await this.http.get<OpenstackVolumeType[]>(`${this.base}/volumetypes?detail=1`);
    const ids: string[] = [];
    for (const a of vms.flatMap((vm) => vm.attachedVolumes ?? [])) {
      const volume = await this.http.get<OpenstackVolume>(`${this.base}/volumes/${encodeURIComponent(a.ID)}`);
      const type = types.find((t) => t.name === volume.volumeType || t.id === volume.volumeType);
      if (!type)
        throw new InventoryError(
          `volume ${a.ID} has volume type "${volume.volumeType}", which the inventory of ${this.providerName} does not list`,
        );
      ids.push(type.id);
    }
    return unique(ids).map((id) => ({ id }));
  }

  /** One network id per address (port) of each server, by the pool's network name. */
  protected async nicNetworks(vms: readonly OpenStackVmDetail[]): Promise<string[]> {
    const networks = await this.http.get<OpenstackNetwork[]>(`${this.base}/networks?detail=1`);
    return vms.flatMap((vm) =>
      Object.entries(vm.addresses ?? {}).flatMap(([name, addresses]) => {
        const network = networks.find((n) => n.name === name);
        if (!network)
          throw new InventoryError(
            `server ${vm.name} has addresses on network "${name}", which the inventory of ${this.providerName} does not list`,
          );
        return addresses.map(() => network.id);
      }),
    );
  }
}
