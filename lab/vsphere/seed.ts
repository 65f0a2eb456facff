/**
 * The lab vCenter's starting inventory: one datacenter, a three-host cluster, XCOPY-capable and
 * plain datastores, standard and distributed networks, and the source VMs the scenarios name
 * (defined in seed-vm-defs, built in seed-vms). Everything is deterministic (MoRefs fixed,
 * UUIDs/MACs from a fixed seed), so lab runs repeat.
 */
import { IdSource } from './ids';
import type { VSphereModelSnapshot } from './model';
import { GiB, SEED_IDS } from './seed-ids';
import { seedVms } from './seed-vms';

export { SEED_IDS } from './seed-ids';

const ds = SEED_IDS.datastores;
const net = SEED_IDS.networks;

/** The seeded inventory (a fresh deep object on every call). */
export function seedInventory(seed = 'mtv-lab-vsphere'): VSphereModelSnapshot {
  const ids = new IdSource(seed);
  // IdSource is a counter: hosts draw their thumbprints first, then vCenter's UUID, then the VMs.
  const hosts = seedHosts(ids);
  return {
    about: {
      version: '8.0.2',
      apiVersion: '8.0.2.0',
      instanceUuid: ids.uuid('vcenter/instanceUuid'),
      fullName: 'VMware vCenter Server 8.0.2 build-22385739',
    },
    datacenters: [
      {
        moref: SEED_IDS.datacenter,
        name: 'mtv-datacenter',
        vmFolder: SEED_IDS.vmFolder,
        hostFolder: SEED_IDS.hostFolder,
        networkFolder: SEED_IDS.networkFolder,
        datastoreFolder: SEED_IDS.datastoreFolder,
      },
    ],
    clusters: [
      {
        moref: SEED_IDS.cluster,
        name: 'mtv-cluster',
        datacenter: SEED_IDS.datacenter,
        hosts: [...SEED_IDS.hosts],
        resourcePool: SEED_IDS.resourcePool,
      },
    ],
    hosts,
    datastores: seedDatastores(),
    networks: seedNetworks(),
    dvSwitches: [{ moref: net.dvSwitch, name: 'mtv-dvswitch', uuid: '50 2a 3b 4c 5d 6e 7f 80-91 a2 b3 c4 d5 e6 f7 08' }],
    folders: seedFolders(),
    vms: seedVms(ids),
  };
}

function seedHosts(ids: IdSource): VSphereModelSnapshot['hosts'] {
  return SEED_IDS.hosts.map((moref, i) => ({
    moref,
    name: `esxi-0${i + 1}.mtv.lab`,
    cluster: SEED_IDS.cluster,
    managementIp: `10.10.1.${11 + i}`,
    inMaintenance: false,
    cpuSockets: 2,
    cpuCores: 32,
    memoryBytes: 256 * GiB,
    productVersion: '8.0.2',
    thumbprint: ids.thumbprint(`${moref}/thumbprint`),
  }));
}

function seedDatastores(): VSphereModelSnapshot['datastores'] {
  return [
    {
      moref: ds.primary,
      name: 'mtv-datastore1',
      type: 'VMFS',
      capacityBytes: 4096 * GiB,
      freeBytes: 2900 * GiB,
      xcopyCapable: true,
      backingDevices: ['naa.600a098038314648593f517773636a41'],
    },
    {
      moref: ds.secondary,
      name: 'mtv-xcopy-ds2',
      type: 'VMFS',
      capacityBytes: 2048 * GiB,
      freeBytes: 1700 * GiB,
      xcopyCapable: true,
      backingDevices: ['naa.600a098038314648593f517773636a42'],
    },
    {
      moref: ds.nfs,
      name: 'mtv-nfs-ds',
      type: 'NFS',
      capacityBytes: 1024 * GiB,
      freeBytes: 800 * GiB,
      xcopyCapable: false,
      backingDevices: [],
    },
  ];
}

function seedNetworks(): VSphereModelSnapshot['networks'] {
  return [
    { moref: net.vmNetwork, name: 'VM Network', variant: 'Standard', vlanId: 0 },
    { moref: net.mgmt, name: 'Mgmt Network', variant: 'Standard', vlanId: 20 },
    { moref: net.dvpg, name: 'mtv-dvpg-vlan100', variant: 'DvPortGroup', vlanId: 100, dvSwitch: net.dvSwitch },
  ];
}

function seedFolders(): VSphereModelSnapshot['folders'] {
  return [
    { moref: SEED_IDS.rootFolder, name: 'Datacenters', parent: '', childType: 'Datacenter' },
    { moref: SEED_IDS.vmFolder, name: 'vm', parent: SEED_IDS.datacenter, childType: 'VirtualMachine' },
    { moref: SEED_IDS.hostFolder, name: 'host', parent: SEED_IDS.datacenter, childType: 'HostSystem' },
    { moref: SEED_IDS.datastoreFolder, name: 'datastore', parent: SEED_IDS.datacenter, childType: 'Datastore' },
    { moref: SEED_IDS.networkFolder, name: 'network', parent: SEED_IDS.datacenter, childType: 'Network' },
  ];
}
