/**
 * The lab model seen as vim25 managed objects: for every MoRef, its properties as vim25 data
 * (VirtualMachine config/runtime/guest/snapshot/summary, HostSystem, Datastore, Network, ...),
 * field names and types as in the vim25 WSDL (govmomi's vim25/types is the reference).
 */
import { createHash } from 'node:crypto';
import type { SimDisk, SimNetwork, SimSnapshot, SimVm, VSphereModelSnapshot } from '../model';
import { arr, data, enumV, long, mo, poly, typed, type MoRefV, type Val } from './values';

export type Props = Record<string, Val>;

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
  if (/^group-[dvhsn]\d+$/.test(moref)) return 'Folder';
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
  ResourcePool: ['ManagedEntity'],
  Folder: ['ManagedEntity'],
};

export function isA(type: string, wanted: string): boolean {
  return type === wanted || (SUPERTYPES[type] ?? []).includes(wanted);
}

const ref = (moref: string): MoRefV => mo(moTypeOf(moref) ?? 'ManagedEntity', moref);
const refs = (morefs: string[]): Val => arr('ManagedObjectReference', morefs.map(ref));

function diskUuid(fileName: string): string {
  const h = createHash('sha256').update(fileName).digest('hex');
  // vSphere prints disk UUIDs as 16 space-separated bytes with a dash in the middle.
  const bytes = h.slice(0, 32).match(/../g) ?? [];
  return `${bytes.slice(0, 8).join(' ')}-${bytes.slice(8).join(' ')}`;
}

function description(label: string, summary: string): Val {
  return poly('Description', { label, summary });
}

function diskDevice(d: SimDisk, vm: SimVm): Val {
  const backing = d.rdm
    ? poly('VirtualDiskRawDiskMappingVer1BackingInfo', {
        fileName: d.fileName,
        datastore: ref(d.datastore),
        backingObjectId: undefined,
        lunUuid: `0200000000${diskUuid(d.fileName).replace(/[ -]/g, '').slice(0, 32)}`,
        deviceName: `vml.0200000000${d.key}`,
        compatibilityMode: d.rdm === 'physical' ? 'physicalMode' : 'virtualMode',
        diskMode: d.mode,
        uuid: diskUuid(d.fileName),
        sharing: d.shared ? 'sharingMultiWriter' : 'sharingNone',
      })
    : poly('VirtualDiskFlatVer2BackingInfo', {
        fileName: d.fileName,
        datastore: ref(d.datastore),
        diskMode: d.mode,
        split: false,
        writeThrough: false,
        thinProvisioned: d.provisioning === 'thin',
        eagerlyScrub: d.provisioning === 'thick-eager',
        uuid: diskUuid(d.fileName),
        contentId: createHash('md5').update(`${vm.moref}/${d.fileName}`).digest('hex'),
        digestEnabled: false,
        sharing: d.shared ? 'sharingMultiWriter' : 'sharingNone',
      });
  return poly('VirtualDisk', {
    key: d.key,
    deviceInfo: description(d.label, `${(d.capacityBytes / 1024).toLocaleString('en-US')} KB`),
    backing,
    controllerKey: d.controllerKey,
    unitNumber: d.unitNumber,
    capacityInKB: long(Math.floor(d.capacityBytes / 1024)),
    capacityInBytes: long(d.capacityBytes),
  });
}

function controllers(vm: SimVm): Val[] {
  const keys = [...new Set(vm.disks.map((d) => d.controllerKey))].sort((a, b) => a - b);
  if (!keys.includes(1000)) keys.unshift(1000);
  return keys.map((key) => {
    if (key >= 15000) {
      return poly('VirtualAHCIController', { key, deviceInfo: description(`SATA controller ${key - 15000}`, 'AHCI'), controllerKey: 100, unitNumber: 24, busNumber: key - 15000, device: arr('xsd:int', vm.disks.filter((d) => d.controllerKey === key).map((d) => d.key)) });
    }
    const bus = key - 1000;
    const type = vm.guestFamily === 'windowsGuest' ? 'VirtualLsiLogicSASController' : 'ParaVirtualSCSIController';
    return poly(type, {
      key,
      deviceInfo: description(`SCSI controller ${bus}`, type === 'ParaVirtualSCSIController' ? 'VMware paravirtual SCSI' : 'LSI Logic SAS'),
      slotInfo: poly('VirtualDevicePciBusSlotInfo', { pciSlotNumber: 160 + bus * 64 }),
      controllerKey: 100,
      unitNumber: 3 + bus,
      busNumber: bus,
      device: arr('xsd:int', vm.disks.filter((d) => d.controllerKey === key).map((d) => d.key)),
      hotAddRemove: true,
      sharedBus: vm.disks.some((d) => d.controllerKey === key && d.shared) ? 'physicalSharing' : 'noSharing',
      scsiCtlrUnitNumber: 7,
    });
  });
}

function nicDevices(vm: SimVm, snap: VSphereModelSnapshot): Val[] {
  return vm.nics.map((n, i) => {
    const network = snap.networks.find((x) => x.moref === n.network);
    const dvs = network?.dvSwitch ? snap.dvSwitches?.find((s) => s.moref === network.dvSwitch) : undefined;
    const backing =
      network?.variant === 'DvPortGroup'
        ? poly('VirtualEthernetCardDistributedVirtualPortBackingInfo', { port: data('DistributedVirtualSwitchPortConnection', { switchUuid: dvs?.uuid ?? '', portgroupKey: n.network }) })
        : poly('VirtualEthernetCardNetworkBackingInfo', { deviceName: network?.name ?? n.network, useAutoDetect: false, network: ref(n.network) });
    const type = vm.guestFamily === 'windowsGuest' ? 'VirtualE1000e' : 'VirtualVmxnet3';
    return poly(type, {
      key: n.key,
      deviceInfo: description(n.label, network?.name ?? n.network),
      backing,
      connectable: data('VirtualDeviceConnectInfo', { migrateConnect: 'unset', startConnected: true, allowGuestControl: true, connected: vm.powerState === 'poweredOn', status: 'ok' }),
      slotInfo: poly('VirtualDevicePciBusSlotInfo', { pciSlotNumber: 192 + i * 64 }),
      controllerKey: 100,
      unitNumber: 7 + i,
      addressType: 'assigned',
      macAddress: n.mac,
      wakeOnLanEnabled: true,
      uptCompatibilityEnabled: type === 'VirtualVmxnet3' ? true : undefined,
    });
  });
}

function hardware(vm: SimVm, snap: VSphereModelSnapshot): Val {
  const fixed: Val[] = [
    poly('VirtualIDEController', { key: 200, deviceInfo: description('IDE 0', 'IDE 0'), busNumber: 0 }),
    poly('VirtualIDEController', { key: 201, deviceInfo: description('IDE 1', 'IDE 1'), busNumber: 1 }),
    poly('VirtualPCIController', { key: 100, deviceInfo: description('PCI controller 0', 'PCI controller 0'), busNumber: 0 }),
    poly('VirtualMachineVideoCard', { key: 500, deviceInfo: description('Video card ', 'Video card'), controllerKey: 100, unitNumber: 0, videoRamSizeInKB: 4096, numDisplays: 1 }),
  ];
  const tpm = vm.tpmPresent ? [poly('VirtualTPM', { key: 11000, deviceInfo: description('Virtual TPM', 'Virtual TPM'), controllerKey: 100, unitNumber: 24 })] : [];
  return data('VirtualHardware', {
    numCPU: vm.numCPU,
    numCoresPerSocket: vm.numCoresPerSocket,
    autoCoresPerSocket: false,
    memoryMB: vm.memoryMB,
    virtualICH7MPresent: false,
    virtualSMCPresent: false,
    device: arr('VirtualDevice', [...fixed, ...controllers(vm), ...vm.disks.map((d) => diskDevice(d, vm)), ...nicDevices(vm, snap), ...tpm]),
  });
}

function guest(vm: SimVm): Val {
  const running = vm.toolsRunning === true;
  const toolsStatus = !vm.toolsInstalled ? 'toolsNotInstalled' : running ? 'toolsOk' : 'toolsNotRunning';
  const net = running
    ? vm.guestNics.map((g) =>
        data('GuestNicInfo', {
          network: g.network,
          ipAddress: arr('xsd:string', g.ips.map((i) => i.ipAddress)),
          macAddress: g.mac,
          connected: g.connected,
          deviceConfigId: g.deviceConfigId,
          ipConfig: data('NetIpConfigInfo', {
            ipAddress: arr('NetIpConfigInfoIpAddress', g.ips.map((i) => data('NetIpConfigInfoIpAddress', { ipAddress: i.ipAddress, prefixLength: i.prefixLength, origin: i.origin, state: 'preferred' }))),
          }),
        }),
      )
    : [];
  const routes: Val[] = [];
  if (running) {
    vm.guestNics.forEach((g, i) => {
      if (g.gateway) routes.push(data('NetIpRouteConfigInfoIpRoute', { network: '0.0.0.0', prefixLength: 0, gateway: data('NetIpRouteConfigInfoGateway', { ipAddress: g.gateway, device: String(i) }) }));
    });
    vm.guestNics.forEach((g, i) => {
      for (const ip of g.ips) {
        const octets = ip.ipAddress.split('.').map(Number);
        const mask = ip.prefixLength === 0 ? 0 : (~0 << (32 - ip.prefixLength)) >>> 0;
        const netNum = ((((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) & mask) >>> 0;
        const network = [24, 16, 8, 0].map((s) => (netNum >>> s) & 255).join('.');
        routes.push(data('NetIpRouteConfigInfoIpRoute', { network, prefixLength: ip.prefixLength, gateway: data('NetIpRouteConfigInfoGateway', { device: String(i) }) }));
      }
    });
  }
  const dns = vm.guestNics.find((g) => g.dns && g.dns.length > 0)?.dns ?? [];
  return data('GuestInfo', {
    toolsStatus: enumV('VirtualMachineToolsStatus', toolsStatus),
    toolsVersionStatus: vm.toolsInstalled ? 'guestToolsCurrent' : 'guestToolsNotInstalled',
    toolsVersionStatus2: vm.toolsInstalled ? 'guestToolsCurrent' : 'guestToolsNotInstalled',
    toolsRunningStatus: running ? 'guestToolsRunning' : 'guestToolsNotRunning',
    toolsVersion: vm.toolsInstalled ? '12352' : '0',
    toolsInstallType: vm.toolsInstalled ? (vm.guestFamily === 'windowsGuest' ? 'guestToolsTypeMSI' : 'guestToolsTypeOpenVMTools') : undefined,
    guestId: running ? vm.guestId : undefined,
    guestFamily: running ? vm.guestFamily : undefined,
    guestFullName: running ? vm.guestFullName : undefined,
    hostName: running ? vm.hostName : undefined,
    ipAddress: running ? vm.guestNics[0]?.ips[0]?.ipAddress : undefined,
    net: arr('GuestNicInfo', net),
    ipStack: running
      ? arr('GuestStackInfo', [
          data('GuestStackInfo', {
            dnsConfig: data('NetDnsConfigInfo', { dhcp: false, hostName: vm.hostName, domainName: 'mtv.lab', ipAddress: arr('xsd:string', dns), searchDomain: arr('xsd:string', ['mtv.lab']) }),
            ipRouteConfig: data('NetIpRouteConfigInfo', { ipRoute: arr('NetIpRouteConfigInfoIpRoute', routes) }),
          }),
        ])
      : undefined,
    guestState: running ? 'running' : 'notRunning',
    appHeartbeatStatus: 'appStatusGray',
    guestOperationsReady: running,
    interactiveGuestOperationsReady: false,
    guestStateChangeSupported: running,
  });
}

function snapshotTree(s: SimSnapshot, vm: SimVm): Val {
  return data('VirtualMachineSnapshotTree', {
    snapshot: mo('VirtualMachineSnapshot', s.moref),
    vm: mo('VirtualMachine', vm.moref),
    name: s.name,
    description: s.description,
    id: s.id,
    createTime: s.createTime,
    state: enumV('VirtualMachinePowerState', s.state),
    quiesced: false,
    childSnapshotList: arr('VirtualMachineSnapshotTree', s.children.map((c) => snapshotTree(c, vm))),
    replaySupported: false,
  });
}

function vmPathName(vm: SimVm, snap: VSphereModelSnapshot): string {
  const first = vm.disks[0];
  const dsName = snap.datastores.find((d) => d.moref === (first?.datastore ?? vm.datastores[0]))?.name ?? 'datastore';
  return `[${dsName}] ${vm.name}/${vm.name}.vmx`;
}

function vmProps(vm: SimVm, snap: VSphereModelSnapshot): Props {
  const vmx = vmPathName(vm, snap);
  const runtime = data('VirtualMachineRuntimeInfo', {
    host: mo('HostSystem', vm.host),
    connectionState: 'connected',
    powerState: enumV('VirtualMachinePowerState', vm.powerState),
    faultToleranceState: 'notConfigured',
    toolsInstallerMounted: false,
    suspendInterval: 0,
    maxCpuUsage: vm.powerState === 'poweredOn' ? vm.numCPU * 2400 : undefined,
    maxMemoryUsage: vm.powerState === 'poweredOn' ? vm.memoryMB : undefined,
    numMksConnections: 0,
    recordReplayState: 'inactive',
    consolidationNeeded: false,
    cryptoState: 'unlocked',
  });
  const config = data('VirtualMachineConfigInfo', {
    changeVersion: '2026-01-01T00:00:00.000000Z',
    modified: '1970-01-01T00:00:00Z',
    name: vm.name,
    guestFullName: vm.guestFullName,
    version: 'vmx-19',
    uuid: vm.uuid,
    instanceUuid: vm.instanceUuid,
    template: vm.isTemplate,
    guestId: vm.guestId,
    alternateGuestName: '',
    files: data('VirtualMachineFileInfo', { vmPathName: vmx, snapshotDirectory: vmx.replace(/[^/]+$/, ''), suspendDirectory: vmx.replace(/[^/]+$/, ''), logDirectory: vmx.replace(/[^/]+$/, '') }),
    flags: data('VirtualMachineFlagInfo', { enableLogging: true, useToe: false, runWithDebugInfo: false, monitorType: 'release', htSharing: 'any', snapshotDisabled: false, snapshotLocked: false, diskUuidEnabled: true, virtualMmuUsage: 'automatic', virtualExecUsage: 'hvAuto', snapshotPowerOffBehavior: 'powerOff', recordReplayEnabled: false, faultToleranceType: 'unset', vvtdEnabled: false, vbsEnabled: false }),
    defaultPowerOps: data('VirtualMachineDefaultPowerOpInfo', { powerOffType: 'soft', suspendType: 'hard', resetType: 'soft', defaultPowerOffType: 'soft', defaultSuspendType: 'hard', defaultResetType: 'soft', standbyAction: 'checkpoint' }),
    hardware: hardware(vm, snap),
    memoryHotAddEnabled: false,
    cpuHotAddEnabled: false,
    cpuHotRemoveEnabled: false,
    extraConfig: arr('OptionValue', Object.entries(vm.extraConfig).map(([key, value]) => poly('OptionValue', { key, value: typed('xsd:string', value) }))),
    bootOptions: data('VirtualMachineBootOptions', { bootDelay: 0, enterBIOSSetup: false, efiSecureBootEnabled: vm.firmware === 'efi' ? vm.secureBoot : undefined, bootRetryEnabled: false, bootRetryDelay: 10000, networkBootProtocol: 'ipv4' }),
    vAssertsEnabled: false,
    changeTrackingEnabled: vm.changeTrackingEnabled,
    firmware: vm.firmware,
    maxMksConnections: 40,
    guestAutoLockEnabled: true,
    memoryReservationLockedToMax: false,
    nestedHVEnabled: false,
    vPMCEnabled: false,
    messageBusTunnelEnabled: false,
    sevEnabled: false,
  });
  const guestInfo = guest(vm);
  const g = guestInfo && typeof guestInfo === 'object' && guestInfo.kind === 'data' ? guestInfo.fields : {};
  return {
    name: vm.name,
    parent: mo('Folder', vm.folder),
    overallStatus: enumV('ManagedEntityStatus', 'green'),
    configStatus: enumV('ManagedEntityStatus', 'green'),
    resourcePool: mo('ResourcePool', vm.resourcePool),
    datastore: refs(vm.datastores),
    network: refs([...new Set(vm.nics.map((n) => n.network))]),
    config,
    runtime,
    guest: guestInfo,
    guestHeartbeatStatus: enumV('ManagedEntityStatus', vm.toolsRunning ? 'green' : 'gray'),
    snapshot:
      vm.snapshots.length > 0
        ? data('VirtualMachineSnapshotInfo', {
            currentSnapshot: vm.currentSnapshot ? mo('VirtualMachineSnapshot', vm.currentSnapshot) : undefined,
            rootSnapshotList: arr('VirtualMachineSnapshotTree', vm.snapshots.map((s) => snapshotTree(s, vm))),
          })
        : undefined,
    rootSnapshot: arr('ManagedObjectReference', vm.snapshots.map((s) => mo('VirtualMachineSnapshot', s.moref))),
    summary: data('VirtualMachineSummary', {
      vm: mo('VirtualMachine', vm.moref),
      runtime,
      guest: data('VirtualMachineGuestSummary', {
        guestId: g['guestId'],
        guestFullName: g['guestFullName'],
        toolsStatus: g['toolsStatus'],
        toolsVersionStatus: g['toolsVersionStatus'],
        toolsVersionStatus2: g['toolsVersionStatus2'],
        toolsRunningStatus: g['toolsRunningStatus'],
        hostName: g['hostName'],
        ipAddress: g['ipAddress'],
      }),
      config: data('VirtualMachineConfigSummary', {
        name: vm.name,
        template: vm.isTemplate,
        vmPathName: vmx,
        memorySizeMB: vm.memoryMB,
        numCpu: vm.numCPU,
        numEthernetCards: vm.nics.length,
        numVirtualDisks: vm.disks.length,
        uuid: vm.uuid,
        instanceUuid: vm.instanceUuid,
        guestId: vm.guestId,
        guestFullName: vm.guestFullName,
        tpmPresent: vm.tpmPresent,
        hwVersion: 'vmx-19',
      }),
      quickStats: data('VirtualMachineQuickStats', {}),
      overallStatus: 'green',
    }),
  };
}

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
      defaultPortConfig: poly('VMwareDVSPortSetting', { vlan: poly('VmwareDistributedVirtualSwitchVlanIdSpec', { inherited: false, vlanId: n.vlanId }) }),
      type: 'earlyBinding',
    }),
  };
}

/** Every inventory object of the model, keyed "Type:moref". */
export function inventoryObjects(snap: VSphereModelSnapshot): Map<string, { ref: MoRefV; props: Props }> {
  const out = new Map<string, { ref: MoRefV; props: Props }>();
  const put = (type: string, moref: string, props: Props): void => {
    out.set(`${type}:${moref}`, { ref: mo(type, moref), props });
  };
  const green = enumV('ManagedEntityStatus', 'green');
  for (const f of snap.folders) {
    const kids: string[] =
      f.childType === 'Datacenter'
        ? snap.datacenters.map((d) => d.moref)
        : f.childType === 'VirtualMachine'
          ? snap.vms.filter((v) => v.folder === f.moref).map((v) => v.moref)
          : f.childType === 'HostSystem'
            ? snap.clusters.filter((c) => snap.datacenters.some((d) => d.hostFolder === f.moref && d.moref === c.datacenter)).map((c) => c.moref)
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
        drsConfig: data('ClusterDrsConfigInfo', { enabled: true, defaultVmBehavior: 'fullyAutomated' }),
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
  for (const h of snap.hosts) {
    const product = data('AboutInfo', { name: 'VMware ESXi', fullName: `VMware ESXi ${h.productVersion} build-22380479`, vendor: 'VMware, Inc.', version: h.productVersion, build: '22380479', localeVersion: 'INTL', localeBuild: '000', osType: 'vmnix-x86', productLineId: 'embeddedEsx', apiType: 'HostAgent', apiVersion: '8.0.2.0' });
    const runtime = data('HostRuntimeInfo', { connectionState: 'connected', powerState: 'poweredOn', standbyMode: 'none', inMaintenanceMode: h.inMaintenance, inQuarantineMode: false, bootTime: '2026-01-01T00:00:00Z' });
    put('HostSystem', h.moref, {
      name: h.name,
      parent: mo('ClusterComputeResource', h.cluster),
      overallStatus: green,
      runtime,
      summary: data('HostListSummary', {
        host: mo('HostSystem', h.moref),
        hardware: data('HostHardwareSummary', { vendor: 'Dell Inc.', model: 'PowerEdge R650', uuid: `4c4c4544-${h.moref.replace(/\D/g, '').padStart(4, '0')}-8010-8048-b7c04f4e3233`, memorySize: long(h.memoryBytes), cpuModel: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', cpuMhz: 2000, numCpuPkgs: h.cpuSockets, numCpuCores: h.cpuCores, numCpuThreads: h.cpuCores * 2, numNics: 4, numHBAs: 2 }),
        runtime,
        config: data('HostConfigSummary', { name: h.name, port: 443, sslThumbprint: h.thumbprint, product, vmotionEnabled: true, faultToleranceEnabled: false }),
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
  for (const d of snap.datastores) {
    const dc = snap.datacenters[0];
    const url = d.type === 'NFS' ? `ds:///vmfs/volumes/${d.moref}-nfs/` : `ds:///vmfs/volumes/${createHash('sha256').update(d.moref).digest('hex').slice(0, 8)}-${d.moref}/`;
    put('Datastore', d.moref, {
      name: d.name,
      parent: dc ? mo('Folder', dc.datastoreFolder) : undefined,
      overallStatus: green,
      summary: data('DatastoreSummary', { datastore: mo('Datastore', d.moref), name: d.name, url, capacity: long(d.capacityBytes), freeSpace: long(d.freeBytes), uncommitted: long(0), accessible: true, multipleHostAccess: true, type: d.type, maintenanceMode: 'normal' }),
      info:
        d.type === 'NFS'
          ? poly('NasDatastoreInfo', { name: d.name, url, freeSpace: d.freeBytes, maxFileSize: 62 * 1024 ** 4, nas: data('HostNasVolume', { type: 'NFS', name: d.name, capacity: d.capacityBytes, remoteHost: 'nfs.mtv.lab', remotePath: `/export/${d.name}` }) })
          : poly('VmfsDatastoreInfo', {
              name: d.name,
              url,
              freeSpace: d.freeBytes,
              maxFileSize: 62 * 1024 ** 4,
              vmfs: data('HostVmfsVolume', { type: 'VMFS', name: d.name, capacity: d.capacityBytes, blockSizeMb: 1, majorVersion: 6, version: '6.82', uuid: d.moref, extent: arr('HostScsiDiskPartition', d.backingDevices.map((diskName) => data('HostScsiDiskPartition', { diskName, partition: 1 }))), vmfsUpgradable: false, ssd: true, local: false }),
            }),
      host: arr('DatastoreHostMount', snap.hosts.map((h) => data('DatastoreHostMount', { key: mo('HostSystem', h.moref), mountInfo: data('HostMountInfo', { path: url.replace('ds://', ''), accessMode: 'readWrite', mounted: true, accessible: true }) }))),
      vm: refs(snap.vms.filter((v) => v.datastores.includes(d.moref)).map((v) => v.moref)),
    });
  }
  for (const n of snap.networks) put(n.variant === 'DvPortGroup' ? 'DistributedVirtualPortgroup' : 'Network', n.moref, networkProps(n, snap));
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
  for (const vm of snap.vms) {
    put('VirtualMachine', vm.moref, vmProps(vm, snap));
    const walk = (list: SimSnapshot[]): void => {
      for (const s of list) {
        put('VirtualMachineSnapshot', s.moref, { vm: mo('VirtualMachine', vm.moref), childSnapshot: arr('ManagedObjectReference', s.children.map((c) => mo('VirtualMachineSnapshot', c.moref))) });
        walk(s.children);
      }
    };
    walk(vm.snapshots);
  }
  return out;
}
