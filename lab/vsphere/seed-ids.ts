/**
 * Fixed MoRefs of the lab vCenter's seeded topology (datacenter, folders, cluster, hosts,
 * datastores, networks), shared by the seed builders and the ESXi endpoint.
 */
export const SEED_IDS = {
  rootFolder: 'group-d1',
  datacenter: 'datacenter-3',
  vmFolder: 'group-v4',
  hostFolder: 'group-h5',
  datastoreFolder: 'group-s6',
  networkFolder: 'group-n7',
  cluster: 'domain-c8',
  resourcePool: 'resgroup-9',
  hosts: ['host-10', 'host-11', 'host-12'] as const,
  datastores: { primary: 'datastore-20', secondary: 'datastore-21', nfs: 'datastore-22' },
  /** SAN LUNs presented to every host that no datastore uses: what RDM disks map (the copy-offload RDM scenarios). */
  rdmLuns: ['naa.600a098038314648593f517773636a51', 'naa.600a098038314648593f517773636a52'],
  networks: { vmNetwork: 'network-30', mgmt: 'network-31', dvpg: 'dvportgroup-32', dvSwitch: 'dvs-33' },
} as const;

export const GiB = 1024 ** 3;
