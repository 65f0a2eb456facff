/**
 * Managed object types of the lab's MoRefs and the vim25 inheritance among them (a PropertySpec or
 * a ContainerView may name a base type such as ManagedEntity or Network).
 */
import { arr, mo, type MoRefV, type Val } from './values';

/** The fixed MoRefs of an ESXi host's own endpoint (lab/vsphere/esxi). */
const ESXI_FIXED: Record<string, string> = {
  'ha-datacenter': 'Datacenter',
  'ha-host': 'HostSystem',
  'ha-compute-res': 'ComputeResource',
  'ha-root-pool': 'ResourcePool',
};

/** The managed object type of a model MoRef, from its prefix as vCenter assigns them. */
export function moTypeOf(moref: string): string | undefined {
  const prefix = moref.replace(/-\d+$/, '');
  const byPrefix: Record<string, string> = {
    vm: 'VirtualMachine',
    host: 'HostSystem',
    datastore: 'Datastore',
    network: 'Network',
    dvportgroup: 'DistributedVirtualPortgroup',
    dvs: 'VmwareDistributedVirtualSwitch',
    datacenter: 'Datacenter',
    resgroup: 'ResourcePool',
    snapshot: 'VirtualMachineSnapshot',
  };
  if (/^group-[dvhsn]\d+$/.test(moref) || moref.startsWith('ha-folder-')) return 'Folder';
  if (ESXI_FIXED[moref]) return ESXI_FIXED[moref];
  if (/^domain-c\d+$/.test(moref)) return 'ClusterComputeResource';
  return byPrefix[prefix];
}

/** vim25 inheritance used when a PropertySpec names a base type (ManagedEntity, Network...). */
const SUPERTYPES: Record<string, string[]> = {
  VirtualMachine: ['ManagedEntity'],
  HostSystem: ['ManagedEntity'],
  Datastore: ['ManagedEntity'],
  Network: ['ManagedEntity'],
  DistributedVirtualPortgroup: ['Network', 'ManagedEntity'],
  VmwareDistributedVirtualSwitch: ['DistributedVirtualSwitch', 'ManagedEntity'],
  Datacenter: ['ManagedEntity'],
  ClusterComputeResource: ['ComputeResource', 'ManagedEntity'],
  ComputeResource: ['ManagedEntity'],
  ResourcePool: ['ManagedEntity'],
  Folder: ['ManagedEntity'],
};

export function isA(type: string, wanted: string): boolean {
  return type === wanted || (SUPERTYPES[type] ?? []).includes(wanted);
}

/** A MoRef of the model, typed by its prefix. */
export const ref = (moref: string): MoRefV => mo(moTypeOf(moref) ?? 'ManagedEntity', moref);
export const refs = (morefs: string[]): Val => arr('ManagedObjectReference', morefs.map(ref));
