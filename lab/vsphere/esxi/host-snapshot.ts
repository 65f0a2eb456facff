/**
 * One ESXi host of the lab's vCenter as that host's own endpoint (hostd) shows it: a single
 * datacenter `ha-datacenter` with the fixed folders `ha-folder-*`, the host `ha-host` in its
 * standalone compute resource `ha-compute-res` (root pool `ha-root-pool`), the datastores and
 * networks of the vCenter, and only the VMs registered on that host. VM, datastore and network
 * MoRefs stay the vCenter's, so a VM cloned through vCenter shows up here under the same id
 * (a real ESXi numbers its VMs itself; the suite finds VMs by name on both endpoints).
 */
import type { SimVm, VSphereModelSnapshot } from '../model';

/** The MoRefs every ESXi host answers with (hostd's fixed names; govmomi's simulator.ESX() uses the same). */
export const ESXI_IDS = {
  rootFolder: 'ha-folder-root',
  datacenter: 'ha-datacenter',
  vmFolder: 'ha-folder-vm',
  hostFolder: 'ha-folder-host',
  datastoreFolder: 'ha-folder-datastore',
  networkFolder: 'ha-folder-network',
  computeResource: 'ha-compute-res',
  host: 'ha-host',
  resourcePool: 'ha-root-pool',
} as const;

/** The model's vCenter snapshot cut down to what the ESXi host `hostMoref` serves itself. */
export function esxiHostSnapshot(snap: VSphereModelSnapshot, hostMoref: string): VSphereModelSnapshot {
  const host = snap.hosts.find((h) => h.moref === hostMoref);
  if (!host) throw new Error(`the lab vCenter has no host ${hostMoref} to serve as an ESXi endpoint`);
  const vms: SimVm[] = snap.vms
    .filter((v) => v.host === hostMoref)
    .map((v) => ({ ...v, host: ESXI_IDS.host, folder: ESXI_IDS.vmFolder, resourcePool: ESXI_IDS.resourcePool }));
  const dc = ESXI_IDS.datacenter;
  return {
    about: {
      version: host.productVersion,
      apiVersion: snap.about.apiVersion,
      instanceUuid: '',
      fullName: `VMware ESXi ${host.productVersion} build-22380479`,
    },
    datacenters: [
      {
        moref: dc,
        name: 'ha-datacenter',
        vmFolder: ESXI_IDS.vmFolder,
        hostFolder: ESXI_IDS.hostFolder,
        networkFolder: ESXI_IDS.networkFolder,
        datastoreFolder: ESXI_IDS.datastoreFolder,
      },
    ],
    clusters: [
      { moref: ESXI_IDS.computeResource, name: host.name, datacenter: dc, hosts: [ESXI_IDS.host], resourcePool: ESXI_IDS.resourcePool },
    ],
    hosts: [{ ...host, moref: ESXI_IDS.host, cluster: ESXI_IDS.computeResource }],
    datastores: snap.datastores,
    networks: snap.networks.map((n) => ({ moref: n.moref, name: n.name, variant: n.variant, vlanId: n.vlanId })), // the switch itself is vCenter's object
    dvSwitches: [],
    folders: [
      { moref: ESXI_IDS.rootFolder, name: 'ha-folder-root', parent: '', childType: 'Datacenter' },
      { moref: ESXI_IDS.vmFolder, name: 'vm', parent: dc, childType: 'VirtualMachine' },
      { moref: ESXI_IDS.hostFolder, name: 'host', parent: dc, childType: 'HostSystem' },
      { moref: ESXI_IDS.datastoreFolder, name: 'datastore', parent: dc, childType: 'Datastore' },
      { moref: ESXI_IDS.networkFolder, name: 'network', parent: dc, childType: 'Network' },
    ],
    vms,
  };
}
