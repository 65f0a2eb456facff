/**
 * A VirtualMachine's properties as vCenter reports them: config (with ./vm-devices.ts hardware),
 * runtime, guest (./vm-guest.ts), snapshot tree, summary.
 */
import type { SimSnapshot, SimVm, VSphereModelSnapshot } from '../model';
import { refs } from './managed-types';
import { arr, data, enumV, mo, poly, typed, type Val } from './values';
import { hardware } from './vm-devices';
import { guest } from './vm-guest';

type Props = Record<string, Val>;

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
    childSnapshotList: arr(
      'VirtualMachineSnapshotTree',
      s.children.map((c) => snapshotTree(c, vm)),
    ),
    replaySupported: false,
  });
}

function vmPathName(vm: SimVm, snap: VSphereModelSnapshot): string {
  const first = vm.disks[0];
  const dsName = snap.datastores.find((d) => d.moref === (first?.datastore ?? vm.datastores[0]))?.name ?? 'datastore';
  return `[${dsName}] ${vm.name}/${vm.name}.vmx`;
}

function vmRuntime(vm: SimVm): Val {
  return data('VirtualMachineRuntimeInfo', {
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
}

function vmConfig(vm: SimVm, snap: VSphereModelSnapshot, vmx: string): Val {
  return data('VirtualMachineConfigInfo', {
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
    files: data('VirtualMachineFileInfo', {
      vmPathName: vmx,
      snapshotDirectory: vmx.replace(/[^/]+$/, ''),
      suspendDirectory: vmx.replace(/[^/]+$/, ''),
      logDirectory: vmx.replace(/[^/]+$/, ''),
    }),
    flags: data('VirtualMachineFlagInfo', {
      enableLogging: true,
      useToe: false,
      runWithDebugInfo: false,
      monitorType: 'release',
      htSharing: 'any',
      snapshotDisabled: false,
      snapshotLocked: false,
      diskUuidEnabled: true,
      virtualMmuUsage: 'automatic',
      virtualExecUsage: 'hvAuto',
      snapshotPowerOffBehavior: 'powerOff',
      recordReplayEnabled: false,
      faultToleranceType: 'unset',
      vvtdEnabled: false,
      vbsEnabled: false,
    }),
    defaultPowerOps: data('VirtualMachineDefaultPowerOpInfo', {
      powerOffType: 'soft',
      suspendType: 'hard',
      resetType: 'soft',
      defaultPowerOffType: 'soft',
      defaultSuspendType: 'hard',
      defaultResetType: 'soft',
      standbyAction: 'checkpoint',
    }),
    hardware: hardware(vm, snap),
    memoryHotAddEnabled: false,
    cpuHotAddEnabled: false,
    cpuHotRemoveEnabled: false,
    extraConfig: arr(
      'OptionValue',
      Object.entries(vm.extraConfig).map(([key, value]) => poly('OptionValue', { key, value: typed('xsd:string', value) })),
    ),
    bootOptions: data('VirtualMachineBootOptions', {
      bootDelay: 0,
      enterBIOSSetup: false,
      efiSecureBootEnabled: vm.firmware === 'efi' ? vm.secureBoot : undefined,
      bootRetryEnabled: false,
      bootRetryDelay: 10000,
      networkBootProtocol: 'ipv4',
    }),
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
}

function vmSummary(vm: SimVm, vmx: string, runtime: Val, g: Record<string, Val>): Val {
  return data('VirtualMachineSummary', {
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
  });
}

export function vmProps(vm: SimVm, snap: VSphereModelSnapshot): Props {
  const vmx = vmPathName(vm, snap);
  const runtime = vmRuntime(vm);
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
    config: vmConfig(vm, snap, vmx),
    runtime,
    guest: guestInfo,
    guestHeartbeatStatus: enumV('ManagedEntityStatus', vm.toolsRunning ? 'green' : 'gray'),
    snapshot:
      vm.snapshots.length > 0
        ? data('VirtualMachineSnapshotInfo', {
            currentSnapshot: vm.currentSnapshot ? mo('VirtualMachineSnapshot', vm.currentSnapshot) : undefined,
            rootSnapshotList: arr(
              'VirtualMachineSnapshotTree',
              vm.snapshots.map((s) => snapshotTree(s, vm)),
            ),
          })
        : undefined,
    rootSnapshot: arr(
      'ManagedObjectReference',
      vm.snapshots.map((s) => mo('VirtualMachineSnapshot', s.moref)),
    ),
    summary: vmSummary(vm, vmx, runtime, g),
  };
}
