/**
 * oVirt view of the Forklift inventory (libs/forklift_inventory.py OvirtForkliftInventory): the
 * full VM (nics with their vNIC profile, disk attachments), storage domains by the disks'
 * `storageDomain`, networks by the NICs' profiles. Map entries name sources by id, the form
 * Forklift resolves without ambiguity.
 */
import type { OVirtNicProfile } from '@kubev2v/types';
import { ProviderInventory, unique, type InventoryVmSummary, type SourceRef } from './provider-inventory';

export interface OvirtVmDetail {
  id: string;
  name: string;
  status?: string;
  nics?: Array<{ id: string; name?: string; profile: string; mac: string }>;
  diskAttachments?: Array<{ id: string; disk: string; bootable?: boolean }>;
}

export class OvirtInventory extends ProviderInventory<OvirtVmDetail> {
  readonly type = 'ovirt';

  async findVm(name: string): Promise<OvirtVmDetail | undefined> {
    const hit = this.single(await this.http.get<Array<{ id: string }>>(`${this.base}/vms?name=${encodeURIComponent(name)}`), name);
    return hit ? this.http.get<OvirtVmDetail>(`${this.base}/vms/${encodeURIComponent(hit.id)}`) : undefined;
  }

  summary(vm: OvirtVmDetail): InventoryVmSummary {
    return { disks: vm.diskAttachments?.length ?? 0, power: vm.status === 'up' ? 'on' : vm.status === 'down' ? 'off' : 'other' };
  }

  async storageMappings(vms: readonly OvirtVmDetail[]): Promise<SourceRef[]> {
    const domains: string[] = [];
    for (const a of vms.flatMap((vm) => vm.diskAttachments ?? [])) {
      const disk = await this.http.get<{ storageDomain: string }>(`${this.base}/disks/${encodeURIComponent(a.disk)}`);
      domains.push(disk.storageDomain);
    }
    return unique(domains).map((id) => ({ id }));
  }

  /** The network of each NIC of each VM (through its vNIC profile), in NIC order. */
  protected async nicNetworks(vms: readonly OvirtVmDetail[]): Promise<string[]> {
    const out: string[] = [];
    for (const nic of vms.flatMap((vm) => vm.nics ?? [])) {
      const profile = await this.http.get<OVirtNicProfile>(`${this.base}/nicprofiles/${encodeURIComponent(nic.profile)}`);
      out.push(profile.network);
    }
    return out;
  }
}
