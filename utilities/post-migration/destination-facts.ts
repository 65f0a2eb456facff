import type { IoK8sApiCoreV1PersistentVolumeClaim, V1VirtualMachine, V1VirtualMachineInstance } from '@kubev2v/types';
import { normalizeMac } from '../guest-parsers';
import type { DestinationDisk, DestinationNetwork, DestinationNic, DestinationVmFacts, PowerState } from './facts';
import { quantityToMiB } from './quantity';

/** Forklift annotates each DataVolume/PVC with the source disk it was copied from. */
export const DISK_SOURCE_ANNOTATION = 'forklift.konveyor.io/disk-source';

/** The PVC names a VM's template references, in volume order (cloud-init and others excluded). */
export function pvcNamesOf(vm: V1VirtualMachine): string[] {
  return (vm.spec.template.spec?.volumes ?? []).flatMap((volume) => {
    const claim = volume.dataVolume?.name ?? volume.persistentVolumeClaim?.claimName;
    return claim === undefined ? [] : [claim];
  });
}

/**
 * Power as the checks see it. A running VMI is "on". "off" needs both a stopped VM
 * (printableStatus Stopped, or a Halted/Manual runStrategy) and no running VMI. Anything in
 * between (Starting, Provisioning, ErrorUnschedulable...) is "other" with the reason, so a
 * check failure shows what KubeVirt said.
 */
function runStrategyOf(vm: V1VirtualMachine): string | undefined {
  if (vm.spec.runStrategy !== undefined) return vm.spec.runStrategy;
  if (vm.spec.running === undefined) return undefined;
  return vm.spec.running ? 'Always' : 'Halted';
}

function powerOf(vm: V1VirtualMachine, vmi: V1VirtualMachineInstance | undefined): { state: PowerState; reason: string } {
  if (vmi?.status?.phase === 'Running') return { state: 'on', reason: 'VMI phase Running' };
  const printable = vm.status?.printableStatus;
  const strategy = runStrategyOf(vm);
  const vmiText = vmi === undefined ? 'no VMI' : `VMI phase ${vmi.status?.phase ?? 'unknown'}`;
  const reason = `printableStatus ${printable ?? 'unset'}, runStrategy ${strategy ?? 'unset'}, ${vmiText}`;
  const haltedWithoutVmi = printable === undefined && (strategy === 'Halted' || strategy === 'Manual') && vmi === undefined;
  return { state: printable === 'Stopped' || haltedWithoutVmi ? 'off' : 'other', reason };
}

function networkOf(networkName: string, vm: V1VirtualMachine): DestinationNetwork | undefined {
  const network = (vm.spec.template.spec?.networks ?? []).find((candidate) => candidate.name === networkName);
  if (network === undefined) return undefined;
  if (network.pod !== undefined) return { type: 'pod' };
  if (network.multus !== undefined) {
    // Multus resolves "name" without a namespace in the VM's own namespace.
    const [first, second] = network.multus.networkName.split('/');
    return second === undefined
      ? { type: 'multus', name: first ?? '', namespace: vm.metadata?.namespace ?? '' }
      : { type: 'multus', name: second, namespace: first ?? '' };
  }
  return undefined;
}

type Domain = NonNullable<V1VirtualMachine['spec']['template']['spec']>['domain'];

function nicsOf(vm: V1VirtualMachine, vmi: V1VirtualMachineInstance | undefined): DestinationNic[] {
  const vmiInterfaces = vmi?.status?.interfaces ?? [];
  return (vm.spec.template.spec?.domain.devices.interfaces ?? []).map((iface) => {
    const status = vmiInterfaces.find((candidate) => candidate.name === iface.name);
    const mac = iface.macAddress ?? status?.mac;
    return {
      name: iface.name,
      mac: mac === undefined ? undefined : normalizeMac(mac),
      network: networkOf(iface.name, vm),
      ...(status?.interfaceName === undefined ? {} : { guestInterfaceName: status.interfaceName }),
      ipAddresses: status?.ipAddresses ?? (status?.ipAddress === undefined ? [] : [status.ipAddress]),
    };
  });
}

function pvcFacts(pvc: IoK8sApiCoreV1PersistentVolumeClaim): NonNullable<DestinationDisk['pvc']> {
  return {
    storageClass: pvc.spec?.storageClassName,
    accessModes: pvc.spec?.accessModes ?? pvc.status?.accessModes ?? [],
    volumeMode: pvc.spec?.volumeMode,
    diskSource: pvc.metadata?.annotations?.[DISK_SOURCE_ANNOTATION],
  };
}

/** The domain device a volume is attached as (disk, lun or cdrom) and its bus. */
function deviceOf(vm: V1VirtualMachine, volume: string): DestinationDisk['device'] {
  const device = (vm.spec.template.spec?.domain.devices.disks ?? []).find((d) => d.name === volume);
  if (device === undefined) return undefined;
  if (device.lun !== undefined) return { type: 'lun', bus: device.lun.bus };
  if (device.cdrom !== undefined) return { type: 'cdrom', bus: device.cdrom.bus };
  return { type: 'disk', bus: device.disk?.bus };
}

/** The VM's PVC-backed volumes in order, each with its device and its PVC's facts when the PVC exists. */
function disksOf(vm: V1VirtualMachine, pvcs: readonly IoK8sApiCoreV1PersistentVolumeClaim[]): DestinationDisk[] {
  const disks: DestinationDisk[] = [];
  for (const volume of vm.spec.template.spec?.volumes ?? []) {
    const claim = volume.dataVolume?.name ?? volume.persistentVolumeClaim?.claimName;
    if (claim === undefined) continue;
    const pvc = pvcs.find((candidate) => candidate.metadata?.name === claim);
    const device = deviceOf(vm, volume.name);
    disks.push({
      volumeName: volume.name,
      index: disks.length,
      pvcName: claim,
      ...(device === undefined ? {} : { device }),
      ...(pvc === undefined ? {} : { pvc: pvcFacts(pvc) }),
    });
  }
  return disks;
}

function firmwareOf(domain: Domain | undefined): DestinationVmFacts['firmware'] {
  const efi = domain?.firmware?.bootloader?.efi;
  const tpm = domain?.devices.tpm as ({ enabled?: boolean } & object) | undefined;
  return {
    bootFirmware: efi === undefined ? 'bios' : 'efi',
    // KubeVirt: an efi bootloader without secureBoot means secureBoot true.
    secureBoot: efi !== undefined && efi.secureBoot !== false,
    tpm: tpm !== undefined && tpm.enabled !== false,
  };
}

function cpuOf(domain: Domain | undefined): DestinationVmFacts['cpu'] {
  return {
    sockets: domain?.cpu?.sockets,
    cores: domain?.cpu?.cores,
    features: (domain?.cpu?.features ?? []).map((feature) => ({
      name: feature.name,
      ...(feature.policy === undefined ? {} : { policy: feature.policy }),
    })),
  };
}

function memoryMiBOf(domain: Domain | undefined): DestinationVmFacts['memoryMB'] {
  return quantityToMiB(domain?.memory?.guest ?? (domain?.resources?.requests as Record<string, string> | undefined)?.['memory']);
}

/** Where the VM may run (template labels, affinity, node selector) and where its VMI runs. */
function placementOf(
  vm: V1VirtualMachine,
  vmi: V1VirtualMachineInstance | undefined,
): Pick<DestinationVmFacts, 'templateLabels' | 'affinity' | 'nodeSelector' | 'nodeName'> {
  const template = vm.spec.template;
  return {
    templateLabels: { ...(template.metadata?.labels ?? {}) },
    affinity: template.spec?.affinity,
    nodeSelector: { ...(template.spec?.nodeSelector ?? {}) },
    nodeName: vmi?.status?.nodeName,
  };
}

function agentConnected(vmi: V1VirtualMachineInstance | undefined): boolean {
  return (vmi?.status?.conditions ?? []).some((condition) => condition.type === 'AgentConnected' && condition.status === 'True');
}

/**
 * Builds the destination facts from the raw KubeVirt objects: the VirtualMachine, its VMI (absent
 * when stopped) and the PVCs in its namespace (only those the VM references are used).
 */
export function buildDestinationVmFacts(
  vm: V1VirtualMachine,
  vmi: V1VirtualMachineInstance | undefined,
  pvcs: readonly IoK8sApiCoreV1PersistentVolumeClaim[],
): DestinationVmFacts {
  const template = vm.spec.template;
  const domain = template.spec?.domain;
  const power = powerOf(vm, vmi);
  return {
    name: vm.metadata?.name ?? '',
    namespace: vm.metadata?.namespace ?? '',
    powerState: power.state,
    powerStateReason: power.reason,
    serial: domain?.firmware?.serial,
    firmware: firmwareOf(domain),
    cpu: cpuOf(domain),
    memoryMB: memoryMiBOf(domain),
    ...placementOf(vm, vmi),
    guestAgentConnected: agentConnected(vmi),
    nics: nicsOf(vm, vmi),
    disks: disksOf(vm, pvcs),
  };
}
