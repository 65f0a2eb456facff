/**
 * The target objects of an oVirt, OpenStack or OVA VM (pkg/controller/plan/adapter/ovirt|openstack|ova
 * builder.go, reference §3-§4): one DataVolume per source disk named by the PVC template, and the
 * VirtualMachine with the type's rules — CPU topology, memory, firmware and NIC models and MACs
 * from the source; oVirt `firmware.uuid` = the source VM id and `cpu.model` the cluster CPU only
 * with preserveClusterCpuModel; OpenStack CPU/firmware/bus/NIC model from the image metadata and the
 * flavor, volumes named `vol-<volume id>`; OVA CPU topology, memory and firmware from the OVF,
 * blank DataVolumes that virt-v2v fills, volumes `vol-<i>`. Pure; the lab faults that corrupt a VM apply as for vSphere.
 */
import type { KubeObject } from '../apiserver/contract';
import type { LabFaults } from '../faults-catalog';
import { chooseTemplate, diskObjectName, templateTargetVmName, type DiskObjectName } from './naming';
import type { PlanSpec, PlanVm, VmStatus } from './plan-types';
import { sourcePvcFields, type SourceDisk, type SourceVm } from './source-vm';
import { dataVolumeStorage, randomMac, targetVmName, vmLabels, type MapEntries } from './target-vm';

export interface SourceTargetInput {
  plan: KubeObject;
  planVm: PlanVm;
  status: VmStatus;
  src: SourceVm;
  maps: MapEntries;
  migrationUid: string;
  controllerPvcTemplate?: string;
  otherStorageClass?: string;
  /** Each disk's DataVolume source (imageio from the engine, or the OpenStack snapshot import). */
  diskSource?: (disk: SourceDisk) => Record<string, unknown>;
  firstCheckpoint?: string;
  faults: LabFaults;
}

const spec = (input: SourceTargetInput) => (input.plan.spec ?? {}) as PlanSpec & { preserveClusterCpuModel?: boolean };

export function sourcePvcNames(input: SourceTargetInput, disks: SourceDisk[]): DiskObjectName[] {
  const s = spec(input);
  const ignore = input.faults.isOn('ignore-pvc-template');
  const { template, useGenerateName } = chooseTemplate({
    ...(!ignore ? { vm: input.planVm.pvcNameTemplate, plan: s.pvcNameTemplate, useGenerateName: s.pvcNameTemplateUseGenerateName } : {}),
    controller: input.controllerPvcTemplate,
    ocpSource: input.src.type === 'openshift',
  });
  const { src } = input;
  const TargetVmName = templateTargetVmName({
    vmId: src.id,
    sourceName: src.name,
    targetName: input.planVm.targetName,
    newName: input.status.newName,
  });
  return disks.map((d, i) =>
    diskObjectName(template, useGenerateName, {
      VmName: src.name,
      TargetVmName,
      PlanName: input.plan.metadata.name ?? '',
      VmId: src.id,
      DiskIndex: i,
      ...(src.type === 'ovirt' ? { DiskId: d.id } : {}),
      ...sourcePvcFields(src, d),
    }),
  );
}

function dataVolume(
  input: SourceTargetInput,
  d: SourceDisk,
  i: number,
  name: DiskObjectName | undefined,
  labels: Record<string, string>,
): KubeObject {
  // An OVA StorageMap names the disk file ({name}) rather than its id.
  const dest =
    input.maps.storage.find((e) => e.source?.id === d.storageId || (!e.source?.id && d.storageName && e.source?.name === d.storageName))
      ?.destination ?? {};
  const storage = dataVolumeStorage(input, dest, d.capacityBytes);
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: {
      ...(name?.name !== undefined ? { name: name.name } : { generateName: name?.generateName }),
      namespace: spec(input).targetNamespace ?? '',
      labels: { ...labels },
      annotations: {
        'forklift.konveyor.io/disk-source': d.id,
        'forklift.konveyor.io/disk-index': String(i),
        'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false',
      },
    },
    spec: {
      source: input.diskSource ? input.diskSource(d) : { blank: {} },
      storage,
      ...(input.firstCheckpoint ? { checkpoints: [{ previous: '', current: input.firstCheckpoint }], finalCheckpoint: false } : {}),
    },
  };
}

/** The disks the VM gets: all, or without the last one (fault disk-missing). */
export function targetDisks(input: SourceTargetInput): SourceDisk[] {
  const disks = input.src.disks;
  return input.faults.isOn('disk-missing') && disks.length > 0 ? disks.slice(0, -1) : disks;
}

export function buildSourceDataVolumes(input: SourceTargetInput): KubeObject[] {
  const disks = targetDisks(input);
  const names = sourcePvcNames(input, disks);
  const labels = vmLabels(input.plan, input.migrationUid, input.src.id);
  return disks.map((d, i) => dataVolume(input, d, i, names[i], labels));
}

type Cpu = { sockets: number; cores: number; threads: number; model?: string };

/** oVirt: the VM's topology; the cluster CPU model only with preserveClusterCpuModel. */
function ovirtCpu(input: SourceTargetInput, ov: NonNullable<SourceVm['ovirt']>): Cpu {
  const cpu: Cpu = { sockets: ov.vm.cpuSockets || 1, cores: ov.vm.cpuCores || 1, threads: ov.vm.cpuThreads || 1 };
  if (spec(input).preserveClusterCpuModel && ov.clusterCpu) cpu.model = ov.clusterCpu;
  return cpu;
}

/** OpenStack: the image's hw_cpu_sockets/cores/threads, else one socket per flavor vCPU. */
function openstackCpu(os: SourceVm['openstack']): Cpu {
  const meta = os?.volumeImageMetadata ?? {};
  const sockets = Number(meta.hw_cpu_sockets) || 0;
  if (sockets) return { sockets, cores: Number(meta.hw_cpu_cores) || 1, threads: Number(meta.hw_cpu_threads) || 1 };
  return { sockets: os?.vm.flavor.vcpus || 1, cores: 1, threads: 1 };
}

/** OVA: the OVF's virtual CPUs split into sockets of vmw:CoresPerSocket cores. */
function ovaCpu(ova: NonNullable<SourceVm['ova']>): Cpu {
  const cores = Math.max(1, ova.coresPerSocket);
  return { sockets: Math.max(1, Math.ceil(ova.cpuCount / cores)), cores, threads: 1 };
}

type CpuSpec = Cpu & { features?: Array<{ name: string; policy: string }> };

/** The topology, and (as for vSphere, builder.mapCPU) the vmx/svm policy the plan's nested-virtualization setting asks for. */
function cpuOf(input: SourceTargetInput): CpuSpec {
  const { src, faults } = input;
  const cpu: CpuSpec = src.ova ? ovaCpu(src.ova) : src.ovirt ? ovirtCpu(input, src.ovirt) : openstackCpu(src.openstack);
  if (faults.isOn('cpu-mismatch')) cpu.sockets += 1;
  const nested = input.planVm.enableNestedVirtualization ?? spec(input).enableNestedVirtualization;
  if (nested !== undefined) {
    // nested-virt-not-disabled: false is treated like true, so the guest can still run hypervisors.
    const policy = nested || faults.isOn('nested-virt-not-disabled') ? 'optional' : 'disable';
    cpu.features = [
      { name: 'vmx', policy },
      { name: 'svm', policy },
    ];
  }
  return cpu;
}

function memoryMiB(src: SourceVm): number {
  if (src.ova) return src.ova.memoryMB;
  if (src.ovirt) return Math.round(src.ovirt.vm.memory / 1024 ** 2);
  return src.openstack?.vm.flavor.ram ?? 0;
}

function firmwareOf(src: SourceVm, faults: LabFaults): { bootloader: Record<string, unknown>; secureBoot: boolean; uuid?: string } {
  if (src.ovirt) {
    const bios = src.ovirt.vm.bios;
    const efi = bios === 'q35_ovmf' || bios === 'q35_secure_boot';
    const secureBoot = bios === 'q35_secure_boot';
    return { bootloader: efi ? { efi: { secureBoot } } : { bios: {} }, secureBoot, uuid: src.id };
  }
  if (src.ova) {
    // firmware-misdetected: virt-v2v reports the other firmware than the OVF declares (Secure Boot lost with it).
    const declared = src.ova.firmware === 'efi' ? 'efi' : 'bios';
    const firmware = faults.isOn('firmware-misdetected') ? (declared === 'efi' ? 'bios' : 'efi') : declared;
    const secureBoot = firmware === 'efi' && declared === 'efi' && src.ova.secureBoot;
    return { bootloader: firmware === 'efi' ? { efi: { secureBoot } } : { bios: {} }, secureBoot };
  }
  const efi = (src.openstack?.volumeImageMetadata.hw_firmware_type ?? '') === 'uefi';
  return { bootloader: efi ? { efi: { secureBoot: false } } : { bios: {} }, secureBoot: false };
}

function networking(input: SourceTargetInput): { interfaces: Array<Record<string, unknown>>; networks: Array<Record<string, unknown>> } {
  const ns = spec(input).targetNamespace ?? '';
  const interfaces: Array<Record<string, unknown>> = [];
  const networks: Array<Record<string, unknown>> = [];
  for (const nic of input.src.nics) {
    const dest = input.maps.network.find((e) => e.source?.id === nic.networkId)?.destination;
    if (!dest || dest.type === 'ignored') continue;
    const name = `net-${interfaces.length}`;
    const macAddress = input.faults.isOn('mac-changed') ? randomMac() : nic.mac;
    if (dest.type === 'pod') {
      interfaces.push({ name, macAddress, model: nic.model, masquerade: {} });
      networks.push({ name, pod: {} });
    } else {
      interfaces.push({ name, macAddress, model: nic.model, bridge: {} });
      networks.push({ name, multus: { networkName: `${dest.namespace ?? ns}/${dest.name ?? ''}` } });
    }
  }
  return { interfaces, networks };
}

export function runStrategyOf(input: SourceTargetInput): 'Always' | 'Halted' {
  const target = input.planVm.targetPowerState || spec(input).targetPowerState || '';
  let on = target === 'on' || (target !== 'off' && input.status.restorePowerState === 'On');
  if (input.faults.isOn('wrong-power-state')) on = !on;
  return on ? 'Always' : 'Halted';
}

/** The VirtualMachine; `claims` are the DataVolumes' names in disk order. */
export function buildSourceVm(input: SourceTargetInput, claims: string[]): KubeObject {
  const { src, faults, status } = input;
  const s = spec(input);
  const name = targetVmName(input.planVm, status, src);
  const disks = targetDisks(input);
  const volName = (d: SourceDisk, i: number) => (src.type === 'openstack' ? `vol-${d.id}` : `vol-${i}`);
  const fw = firmwareOf(src, faults);
  const { interfaces, networks } = networking(input);
  const memory = faults.isOn('memory-mismatch') ? memoryMiB(src) - 512 : memoryMiB(src);
  const templateLabels: Record<string, string> = faults.isOn('drop-target-labels') ? {} : { ...(s.targetLabels ?? {}) };
  templateLabels.app = name;
  const templateSpec: Record<string, unknown> = {
    domain: {
      cpu: cpuOf(input),
      memory: { guest: `${memory}Mi` },
      firmware: { bootloader: fw.bootloader, ...(fw.uuid ? { uuid: fw.uuid } : {}) },
      features: { acpi: {}, ...(fw.secureBoot ? { smm: { enabled: true } } : {}) },
      machine: { type: 'q35' },
      devices: {
        disks: disks.map((d, i) => ({ name: volName(d, i), disk: { bus: d.bus }, ...(d.bootable ? { bootOrder: 1 } : {}) })),
        interfaces,
      },
    },
    networks,
    volumes: disks.map((d, i) => ({ name: volName(d, i), persistentVolumeClaim: { claimName: claims[i] ?? '' } })),
  };
  if (s.targetNodeSelector && Object.keys(s.targetNodeSelector).length > 0) templateSpec.nodeSelector = { ...s.targetNodeSelector };
  if (s.targetAffinity && !faults.isOn('drop-affinity')) templateSpec.affinity = s.targetAffinity;
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      name,
      namespace: s.targetNamespace ?? '',
      labels: { ...vmLabels(input.plan, input.migrationUid, src.id), resource: 'vm-config' },
      annotations: status.newName ? { 'openshift.io/display-name': src.name, 'original-ID': src.id } : {},
    },
    spec: {
      runStrategy: runStrategyOf(input),
      template: {
        metadata: {
          labels: templateLabels,
          // The guest OS the builder maps from the source (oVirt osType, OpenStack os_type), as Forklift's template OS.
          annotations: {
            'vm.kubevirt.io/flavor': '',
            'vm.kubevirt.io/os': src.windows ? 'windows2k19' : 'rhel8',
            'vm.kubevirt.io/workload': '',
          },
        },
        spec: templateSpec,
      },
    },
  };
}
