/**
 * The lab model seen as vim25 managed objects: for every MoRef, its properties as vim25 data
 * (VirtualMachine config/runtime/guest/snapshot/summary, HostSystem, Datastore, Network, ...),
 * field names and types as in the vim25 WSDL (govmomi's vim25/types is the reference).
 */
import { createHash } from 'node:crypto';
import type { SimNetwork, SimSnapshot, VSphereModelSnapshot } from '../model';
import { ref, refs } from './managed-types';
import { arr, data, enumV, long, mo, poly, type MoRefV, type Val } from './values';
import { vmProps } from './vm-properties';

export { isA, moTypeOf } from './managed-types';
export type Props = Record<string, Val>;

function networkProps(n: SimNetwork, snap: VSphereModelSnapshot): Props {
  const dc = snap.datacenters[0];
  const vms = snap.vms.filter((v) => v.nics.some((x) => x.network === n.moref)).map((v) => v.moref);
  const common: Props = {
    name: n.name,
    parent: dc ? mo('Folder', dc.networkFolder) : undefined,
    overallStatus: enumV('ManagedEntityStatus', 'green'),
    summary: data('NetworkSummary', { network: ref(n.moref), name: n.name, accessible: true, ipPoolName: '' }),
    host: refs(snap.hosts.map((h) => h.moref)),
    vm: refs(vms),
  };
  if (n.variant !== 'DvPortGroup') return common;
  return {
    ...common,
    key: n.moref,
    config: data('DVPortgroupConfigInfo', {
      key: n.moref,
      name: n.name,
      numPorts: 128,
      distributedVirtualSwitch: n.dvSwitch ? mo('VmwareDistributedVirtualSwitch', n.dvSwitch) : undefined,
      defaultPortConfig: poly('VMwareDVSPortSetting', {
        vlan: poly('VmwareDistributedVirtualSwitchVlanIdSpec', { inherited: false, vlanId: n.vlanId }),
      }),
      type: 'earlyBinding',
    }),
  };
}

type Put = (type: string, moref: string, props: Props) => void;

/** Folders with their child entities by child type. */
function putFolders(snap: VSphereModelSnapshot, put: Put): void {
  const green = enumV('ManagedEntityStatus', 'green');
  for (const f of snap.folders) {
    const kids: string[] =
      f.childType === 'Datacenter'
        ? snap.datacenters.map((d) => d.moref)
        : f.childType === 'VirtualMachine'
          ? snap.vms.filter((v) => v.folder === f.moref).map((v) => v.moref)
          : f.childType === 'HostSystem'
            ? snap.clusters
                .filter((c) => snap.datacenters.some((d) => d.hostFolder === f.moref && d.moref === c.datacenter))
                .map((c) => c.moref)
            : f.childType === 'Datastore'
              ? snap.datastores.map((d) => d.moref)
              : [...snap.networks.map((n) => n.moref), ...(snap.dvSwitches ?? []).map((s) => s.moref)];
    const childType: Record<string, string[]> = {
      Datacenter: ['Folder', 'Datacenter'],
      VirtualMachine: ['Folder', 'VirtualMachine', 'VirtualApp'],
      HostSystem: ['Folder', 'ComputeResource'],
      Datastore: ['Folder', 'Datastore', 'StoragePod'],
      Network: ['Folder', 'Network', 'DistributedVirtualSwitch'],
    };
    put('Folder', f.moref, {
      name: f.name,
      parent: f.parent ? ref(f.parent) : undefined,
      overallStatus: green,
      childType: arr('xsd:string', childType[f.childType] ?? []),
      childEntity: refs(kids),
    });
  }
}

/** Datacenters and their four folders. */
function putDatacenters(snap: VSphereModelSnapshot, put: Put): void {
  const green = enumV('ManagedEntityStatus', 'green');
  const rootFolder = snap.folders.find((f) => f.childType === 'Datacenter');
  for (const d of snap.datacenters) {
    put('Datacenter', d.moref, {
      name: d.name,
      parent: rootFolder ? mo('Folder', rootFolder.moref) : undefined,
      overallStatus: green,
      vmFolder: mo('Folder', d.vmFolder),
      hostFolder: mo('Folder', d.hostFolder),
      datastoreFolder: mo('Folder', d.datastoreFolder),
      networkFolder: mo('Folder', d.networkFolder),
      datastore: refs(snap.datastores.map((x) => x.moref)),
      network: refs(snap.networks.map((x) => x.moref)),
    });
  }
}

/** Clusters (DRS on, HA off) and their root resource pools. */
function putClusters(snap: VSphereModelSnapshot, put: Put): void {
  const green = enumV('ManagedEntityStatus', 'green');
  for (const c of snap.clusters) {
    const dc = snap.datacenters.find((d) => d.moref === c.datacenter);
    put('ClusterComputeResource', c.moref, {
      name: c.name,
      parent: dc ? mo('Folder', dc.hostFolder) : undefined,
      overallStatus: green,
      host: refs(c.hosts),
      datastore: refs(snap.datastores.map((x) => x.moref)),
      network: refs(snap.networks.map((x) => x.moref)),
      resourcePool: c.resourcePool ? mo('ResourcePool', c.resourcePool) : undefined,
      configurationEx: poly('ClusterConfigInfoEx', {
        dasConfig: data('ClusterDasConfigInfo', { enabled: false }),
        drsConfig: data('ClusterDrsConfigInfo', { enabled: c.drsEnabled ?? true, defaultVmBehavior: 'fullyAutomated' }),
        drsVmConfig: arr(
          'ClusterDrsVmConfigInfo',
          (c.drsVmConfig ?? []).map((o) =>
            data('ClusterDrsVmConfigInfo', {
              key: mo('VirtualMachine', o.vm),
              enabled: o.enabled,
              behavior: enumV('DrsBehavior', o.behavior),
            }),
          ),
        ),
      }),
    });
    if (c.resourcePool) {
      put('ResourcePool', c.resourcePool, {
        name: 'Resources',
        parent: mo('ClusterComputeResource', c.moref),
        owner: mo('ClusterComputeResource', c.moref),
        overallStatus: green,
        resourcePool: refs([]),
        vm: refs(snap.vms.filter((v) => v.resourcePool === c.resourcePool).map((v) => v.moref)),
      });
    }
  }
}

/** ESXi hosts: runtime and summary (hardware, product, thumbprint). */
function putHosts(snap: VSphereModelSnapshot, put: Put): void {
  const green = enumV('ManagedEntityStatus', 'green');
  for (const h of snap.hosts) {
    const product = data('AboutInfo', {
      name: 'VMware ESXi',
      fullName: `VMware ESXi ${h.productVersion} build-22380479`,
      vendor: 'VMware, Inc.',
      version: h.productVersion,
      build: '22380479',
      localeVersion: 'INTL',
      localeBuild: '000',
      osType: 'vmnix-x86',
      productLineId: 'embeddedEsx',
      apiType: 'HostAgent',
      apiVersion: '8.0.2.0',
    });
    const runtime = data('HostRuntimeInfo', {
      connectionState: 'connected',
      powerState: 'poweredOn',
      standbyMode: 'none',
      inMaintenanceMode: h.inMaintenance,
      inQuarantineMode: false,
      bootTime: '2026-01-01T00:00:00Z',
    });
    put('HostSystem', h.moref, {
      name: h.name,
      parent: mo('ClusterComputeResource', h.cluster),
      overallStatus: green,
      runtime,
      summary: data('HostListSummary', {
        host: mo('HostSystem', h.moref),
        hardware: data('HostHardwareSummary', {
          vendor: 'Dell Inc.',
          model: 'PowerEdge R650',
          uuid: `4c4c4544-${h.moref.replace(/\D/g, '').padStart(4, '0')}-8010-8048-b7c04f4e3233`,
          memorySize: long(h.memoryBytes),
          cpuModel: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
          cpuMhz: 2000,
          numCpuPkgs: h.cpuSockets,
          numCpuCores: h.cpuCores,
          numCpuThreads: h.cpuCores * 2,
          numNics: 4,
          numHBAs: 2,
        }),
        runtime,
        config: data('HostConfigSummary', {
          name: h.name,
          port: 443,
          sslThumbprint: h.thumbprint,
          product,
          vmotionEnabled: true,
          faultToleranceEnabled: false,
        }),
        quickStats: data('HostListSummaryQuickStats', {}),
        overallStatus: 'green',
        rebootRequired: false,
        managementServerIp: '10.10.1.5',
      }),
      datastore: refs(snap.datastores.map((x) => x.moref)),
      network: refs(snap.networks.map((x) => x.moref)),
      vm: refs(snap.vms.filter((v) => v.host === h.moref).map((v) => v.moref)),
    });
  }
}

/** VMFS and NFS datastores with their host mounts. */
function putDatastores(snap: VSphereModelSnapshot, put: Put): void {
  const green = enumV('ManagedEntityStatus', 'green');
  for (const d of snap.datastores) {
    const dc = snap.datacenters[0];
    const url =
      d.type === 'NFS'
        ? `ds:///vmfs/volumes/${d.moref}-nfs/`
        : `ds:///vmfs/volumes/${createHash('sha256').update(d.moref).digest('hex').slice(0, 8)}-${d.moref}/`;
    put('Datastore', d.moref, {
      name: d.name,
      parent: dc ? mo('Folder', dc.datastoreFolder) : undefined,
      overallStatus: green,
      summary: data('DatastoreSummary', {
        datastore: mo('Datastore', d.moref),
        name: d.name,
        url,
        capacity: long(d.capacityBytes),
        freeSpace: long(d.freeBytes),
        uncommitted: long(0),
        accessible: true,
        multipleHostAccess: true,
        type: d.type,
        maintenanceMode: 'normal',
      }),
      info:
        d.type === 'NFS'
          ? poly('NasDatastoreInfo', {
              name: d.name,
              url,
              freeSpace: d.freeBytes,
              maxFileSize: 62 * 1024 ** 4,
              nas: data('HostNasVolume', {
                type: 'NFS',
                name: d.name,
                capacity: d.capacityBytes,
                remoteHost: 'nfs.mtv.lab',
                remotePath: `/export/${d.name}`,
              }),
            })
          : poly('VmfsDatastoreInfo', {
              name: d.name,
              url,
              freeSpace: d.freeBytes,
              maxFileSize: 62 * 1024 ** 4,
              vmfs: data('HostVmfsVolume', {
                type: 'VMFS',
                name: d.name,
                capacity: d.capacityBytes,
                blockSizeMb: 1,
                majorVersion: 6,
                version: '6.82',
                uuid: d.moref,
                extent: arr(
                  'HostScsiDiskPartition',
                  d.backingDevices.map((diskName) => data('HostScsiDiskPartition', { diskName, partition: 1 })),
                ),
                vmfsUpgradable: false,
                ssd: true,
                local: false,
              }),
            }),
      host: arr(
        'DatastoreHostMount',
        snap.hosts.map((h) =>
          data('DatastoreHostMount', {
            key: mo('HostSystem', h.moref),
            mountInfo: data('HostMountInfo', { path: url.replace('ds://', ''), accessMode: 'readWrite', mounted: true, accessible: true }),
          }),
        ),
      ),
      vm: refs(snap.vms.filter((v) => v.datastores.includes(d.moref)).map((v) => v.moref)),
    });
  }
}

/** Standard networks and distributed port groups. */
function putNetworks(snap: VSphereModelSnapshot, put: Put): void {
  for (const n of snap.networks)
    put(n.variant === 'DvPortGroup' ? 'DistributedVirtualPortgroup' : 'Network', n.moref, networkProps(n, snap));
}

/** Distributed switches. */
function putDvSwitches(snap: VSphereModelSnapshot, put: Put): void {
  const green = enumV('ManagedEntityStatus', 'green');
  for (const s of snap.dvSwitches ?? []) {
    const dc = snap.datacenters[0];
    put('VmwareDistributedVirtualSwitch', s.moref, {
      name: s.name,
      uuid: s.uuid,
      parent: dc ? mo('Folder', dc.networkFolder) : undefined,
      overallStatus: green,
      portgroup: refs(snap.networks.filter((n) => n.dvSwitch === s.moref).map((n) => n.moref)),
      summary: data('DVSSummary', { name: s.name, uuid: s.uuid, numPorts: 128 }),
    });
  }
}

/** VMs and their snapshots. */
function putVms(snap: VSphereModelSnapshot, put: Put): void {
  for (const vm of snap.vms) {
    put('VirtualMachine', vm.moref, vmProps(vm, snap));
    const walk = (list: SimSnapshot[]): void => {
      for (const s of list) {
        put('VirtualMachineSnapshot', s.moref, {
          vm: mo('VirtualMachine', vm.moref),
          childSnapshot: arr(
            'ManagedObjectReference',
            s.children.map((c) => mo('VirtualMachineSnapshot', c.moref)),
          ),
        });
        walk(s.children);
      }
    };
    walk(vm.snapshots);
  }
}

/** Every inventory object of the model, keyed "Type:moref". */
export function inventoryObjects(snap: VSphereModelSnapshot): Map<string, { ref: MoRefV; props: Props }> {
  const out = new Map<string, { ref: MoRefV; props: Props }>();
  const put: Put = (type, moref, props) => {
    out.set(`${type}:${moref}`, { ref: mo(type, moref), props });
  };
  for (const add of [putFolders, putDatacenters, putClusters, putHosts, putDatastores, putNetworks, putDvSwitches, putVms]) add(snap, put);
  return out;
}
