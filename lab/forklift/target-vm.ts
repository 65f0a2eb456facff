/**
 * What the VirtualMachineCreation step creates (pkg/controller/plan/kubevirt.go, reference §3-§4):
 * the target VirtualMachine and one DataVolume per source disk, built from the inventory VM, the
 * Plan and its maps. Pure: the caller creates the objects. Lab faults that corrupt the result are
 * applied here, each exactly as lab/faults-catalog.ts describes it.
 */
import { assignNicRows } from './nic-networks';
import type { V1VirtualMachine } from '@kubev2v/types';
import crypto from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';
import { nameProblem } from '../apiserver/objects';
import type { LabFaults } from '../faults-catalog';
import type { InvDisk, InvVm } from '../inventory/types';
import {
  chooseTemplate,
  diskObjectName,
  templateFileName,
  templateRootDiskIndex,
  templateTargetVmName,
  type DiskObjectName,
} from './naming';
import { isWarmPlan } from './plan-validation';
import type { PlanSpec, PlanVm, VmStatus } from './plan-types';
import { firmwareSerial } from './serial';

export interface MapEntries {
  network: Array<{
    source?: { id?: string; name?: string; type?: string };
    destination?: { type?: string; name?: string; namespace?: string };
  }>;
  storage: Array<{
    source?: { id?: string; name?: string };
    destination?: { storageClass?: string; volumeMode?: string; accessMode?: string };
  }>;
}

export interface TargetInput {
  plan: KubeObject;
  planVm: PlanVm;
  status: VmStatus;
  inv: InvVm;
  maps: MapEntries;
  networkNames: Record<string, string>; // network MoRef -> name (for name-based map sources)
  datastoreNames: Record<string, string>; // datastore MoRef -> name
  migrationUid: string;
  controllerPvcTemplate?: string;
  clusterVersion?: string;
  vmwareSerialFeature: boolean;
  windowsWaitForReboot: boolean;
  otherStorageClass?: string; // for the wrong-storage-class fault
  /**
   * CDI transfer (warm, or cold off the virt-v2v path): the vddk source of each DataVolume minus
   * backingFile, and for warm the first checkpoint. Unset: virt-v2v fills blank DataVolumes.
   */
  vddk?: { url: string; uuid: string; thumbprint: string; secretRef: string; initImageURL?: string };
  firstCheckpoint?: string;
  faults: LabFaults;
}

export interface TargetObjects {
  vm: V1VirtualMachine & KubeObject;
  dataVolumes: KubeObject[];
}

/** §4: the name the migration's Started phase decided (targetName, the source name, or newName). */
export function targetVmName(planVm: PlanVm, status: VmStatus, inv: { name: string }): string {
  if (planVm.targetName) return planVm.targetName;
  if (!nameProblem(inv.name, false)) return inv.name;
  return status.newName ?? inv.name;
}

export function vmLabels(plan: KubeObject, migrationUid: string, vmId: string): Record<string, string> {
  return {
    migration: migrationUid,
    plan: plan.metadata.uid ?? '',
    'plan-name': plan.metadata.name ?? '',
    'plan-namespace': plan.metadata.namespace ?? '',
    vmID: vmId,
  };
}

/** Disks in (controllerKey, unitNumber) order: the order DiskIndex counts in. */
export function orderedDisks(inv: InvVm): InvDisk[] {
  return [...inv.disks].sort((a, b) => a.controllerKey - b.controllerKey || a.unitNumber - b.unitNumber);
}

/**
 * A DataVolume's spec.storage from the StorageMap destination the disk maps to (the lab fault
 * wrong-storage-class puts it on another class).
 */
export function dataVolumeStorage(
  input: { faults: LabFaults; otherStorageClass?: string },
  dest: { storageClass?: string; accessMode?: string; volumeMode?: string },
  capacityBytes: number,
): Record<string, unknown> {
  let storageClassName = dest.storageClass ?? '';
  if (input.faults.isOn('wrong-storage-class')) storageClassName = input.otherStorageClass ?? `${storageClassName}-lab-wrong`;
  const storage: Record<string, unknown> = { resources: { requests: { storage: quantity(capacityBytes) } }, storageClassName };
  if (dest.accessMode) storage.accessModes = [dest.accessMode];
  if (dest.volumeMode) storage.volumeMode = dest.volumeMode;
  return storage;
}

export function quantity(bytes: number): string {
  const Gi = 1024 ** 3;
  const Mi = 1024 ** 2;
  if (bytes % Gi === 0) return `${bytes / Gi}Gi`;
  return `${Math.ceil(bytes / Mi)}Mi`;
}

const QUANTITY_UNITS: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Bytes of a Kubernetes storage quantity ("30Gi", "500M", "1073741824"); 0 when unreadable. */
export function quantityBytes(q: string | number | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i|[kMGT])?$/.exec(String(q ?? '').trim());
  return m ? Math.round(Number(m[1]) * (QUANTITY_UNITS[m[2] ?? ''] ?? 1)) : 0;
}

export function randomMac(): string {
  const b = crypto.randomBytes(3);
  return `00:50:56:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

function runStrategy(input: TargetInput, windows: boolean): 'Always' | 'Halted' {
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const target = input.planVm.targetPowerState || spec.targetPowerState || '';
  if (input.windowsWaitForReboot && target !== 'off' && windows) return 'Always';
  if (target === 'on') return 'Always';
  if (target === 'off') return 'Halted';
  return input.status.restorePowerState === 'On' ? 'Always' : 'Halted';
}

function storageFor(input: TargetInput, disk: InvDisk) {
  const dsName = input.datastoreNames[disk.datastore.id];
  return input.maps.storage.find((e) => e.source?.id === disk.datastore.id || (!e.source?.id && e.source?.name === dsName))?.destination;
}

/**
 * Name or generateName of each disk's DataVolume (§4): template VM, plan, ForkliftController,
 * default; rendered by the lab's naming (./naming). For vSphere a template that does not render
 * to a DNS-1123 label fails the step (PvcTemplateError propagates).
 */
export function pvcNames(input: TargetInput, disks: InvDisk[]): DiskObjectName[] {
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const ignore = input.faults.isOn('ignore-pvc-template');
  const { template, useGenerateName } = chooseTemplate({
    ...(!ignore
      ? { vm: input.planVm.pvcNameTemplate, plan: spec.pvcNameTemplate, useGenerateName: spec.pvcNameTemplateUseGenerateName }
      : {}),
    controller: input.controllerPvcTemplate,
    ocpSource: false,
  });
  const targetName = templateTargetVmName({
    vmId: input.inv.id,
    sourceName: input.inv.name,
    targetName: input.planVm.targetName,
    newName: input.status.newName,
  });
  // .FileName and .RootDiskIndex as Forklift's vSphere builder fills them: warm plans name the
  // base disk (snapshot delta suffix dropped); rootDisk "/dev/sdb" gives index 1.
  const warm = isWarmPlan(spec);
  const base = {
    VmName: input.inv.name,
    TargetVmName: targetName,
    PlanName: input.plan.metadata.name ?? '',
    VmId: input.inv.id,
    RootDiskIndex: templateRootDiskIndex(input.planVm.rootDisk),
  };
  return disks.map((d, i) =>
    diskObjectName(template, useGenerateName, {
      ...base,
      DiskIndex: i,
      Shared: d.shared,
      FileName: templateFileName(d.file, warm),
      WinDriveLetter: d.winDriveLetter ?? '',
    }),
  );
}

/** vmLabels, plus shareable=true on a shared disk's volume (the PVC a VM without migrateSharedDisks attaches). */
function diskLabels(labels: Record<string, string>, d: InvDisk): Record<string, string> {
  return d.shared ? { ...labels, shareable: 'true' } : { ...labels };
}

function dataVolume(
  input: TargetInput,
  d: InvDisk,
  i: number,
  name: DiskObjectName | undefined,
  labels: Record<string, string>,
): KubeObject {
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const storage = dataVolumeStorage(input, storageFor(input, d) ?? {}, d.capacity);
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: {
      ...(name?.name !== undefined ? { name: name?.name } : { generateName: name?.generateName }),
      namespace: spec.targetNamespace ?? '',
      labels: diskLabels(labels, d),
      annotations: {
        'forklift.konveyor.io/disk-source': d.file,
        'forklift.konveyor.io/disk-index': String(i),
        'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false',
        'cdi.kubevirt.io/storage.usePopulator': 'false',
      },
    },
    spec: {
      source: input.vddk ? { vddk: { backingFile: d.file.replace(/-\d{6}\.vmdk$/, '.vmdk'), ...input.vddk } } : { blank: {} },
      storage,
      ...(input.firstCheckpoint ? { checkpoints: [{ previous: '', current: input.firstCheckpoint }], finalCheckpoint: false } : {}),
    },
  };
}

/** NICs in source order; ignored mappings get no interface; names net-<n>. */
function networkDevices(input: TargetInput): { interfaces: Array<Record<string, unknown>>; networks: Array<Record<string, unknown>> } {
  const { inv, faults } = input;
  const ns = ((input.plan.spec ?? {}) as PlanSpec).targetNamespace ?? '';
  const interfaces: Array<Record<string, unknown>> = [];
  const networks: Array<Record<string, unknown>> = [];
  const { rows } = assignNicRows(inv.nics, input.maps.network, {
    networkName: (id) => input.networkNames[id],
    defaultNamespace: ns,
    ignorePool: faults.isOn('nad-pool-ignored'),
  });
  inv.nics.forEach((nic, i) => {
    const dest = rows[i]?.destination;
    if (!dest || dest.type === 'ignored') return;
    const n = `net-${interfaces.length}`;
    let type = dest.type;
    let nadName = `${dest.namespace ?? ns}/${dest.name ?? ''}`;
    if (faults.isOn('wrong-network-mapping') && interfaces.length === 0) {
      type = 'multus';
      nadName = `${ns}/${dest.type === 'multus' && dest.name === 'lab-wrong-network' ? 'lab-wrong-network-2' : 'lab-wrong-network'}`;
    }
    const mac = faults.isOn('mac-changed') ? randomMac() : nic.mac;
    if (type === 'pod') {
      interfaces.push({ name: n, macAddress: mac, model: 'virtio', masquerade: {} });
      networks.push({ name: n, pod: {} });
    } else {
      interfaces.push({ name: n, macAddress: mac, model: 'virtio', bridge: {} });
      networks.push({ name: n, multus: { networkName: nadName } });
    }
  });
  return { interfaces, networks };
}

/**
 * CPU topology; nested virtualization: VM, then plan, then the source's nestedHVEnabled
 * (optional) decide the vmx/svm CPU feature policy (builder.mapCPU); unset everywhere means no features.
 */
function cpuFor(input: TargetInput): Record<string, unknown> {
  const { inv, faults } = input;
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const cores = Math.max(1, inv.coresPerSocket || 1);
  let sockets = Math.max(1, Math.floor(inv.cpuCount / cores));
  if (faults.isOn('cpu-mismatch')) sockets += 1;
  const nested = input.planVm.enableNestedVirtualization ?? spec.enableNestedVirtualization ?? (inv.nestedHVEnabled ? true : undefined);
  const cpu: Record<string, unknown> = { sockets, cores };
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

/**
 * A VM disk device: RDM disks of a plan with rdmAsLun are SCSI LUNs (the array LUN passed through),
 * the rest virtio disks. rdm-lun-as-disk: the RDM stays a virtio disk whatever rdmAsLun says.
 */
function diskDevice(input: TargetInput, disk: InvDisk | undefined, i: number): Record<string, unknown> {
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const asLun = disk?.rdm && spec.rdmAsLun && !input.faults.isOn('rdm-lun-as-disk');
  return asLun ? { name: `vol-${i}`, lun: { bus: 'scsi' } } : { name: `vol-${i}`, disk: { bus: 'virtio' } };
}

function domainFor(input: TargetInput, disks: InvDisk[], interfaces: Array<Record<string, unknown>>): Record<string, unknown> {
  const { inv, faults } = input;
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const memoryMB = faults.isOn('memory-mismatch') ? inv.memoryMB - 512 : inv.memoryMB;
  const serial = faults.isOn('serial-changed')
    ? crypto.randomUUID()
    : firmwareSerial(inv.uuid, input.clusterVersion, input.vmwareSerialFeature);
  // firmware-misdetected: the firmware the conversion reports (and the builder uses) is the other one.
  const firmware = faults.isOn('firmware-misdetected') ? (inv.firmware === 'efi' ? 'bios' : 'efi') : inv.firmware;
  const secureBoot = firmware === 'efi' && inv.firmware === 'efi' && inv.secureBoot;
  const bootloader = firmware === 'efi' ? { efi: { secureBoot } } : { bios: {} };
  // Tablet on virtio, or USB in compatibility mode (raw copy with useCompatibilityMode).
  const inputBus = spec.skipGuestConversion && spec.useCompatibilityMode !== false ? 'usb' : 'virtio';
  const devices: Record<string, unknown> = {
    disks: disks.map((d, i) => diskDevice(input, d, i)),
    interfaces,
    inputs: [{ type: 'tablet', name: 'tablet', bus: inputBus }],
  };
  if (inv.tpmEnabled) devices.tpm = { persistent: true };
  return {
    cpu: cpuFor(input),
    memory: { guest: `${memoryMB}Mi` },
    firmware: { bootloader, serial },
    features: { acpi: {}, ...(secureBoot ? { smm: { enabled: true } } : {}) },
    machine: { type: 'q35' },
    clock: { timezone: 'UTC' },
    devices,
  };
}

function templateSpecFor(input: TargetInput, disks: InvDisk[]): Record<string, unknown> {
  const spec = (input.plan.spec ?? {}) as PlanSpec;
  const { interfaces, networks } = networkDevices(input);
  const templateSpec: Record<string, unknown> = {
    domain: domainFor(input, disks, interfaces),
    networks,
    // The DataVolumes' names are known only after creation (generateName); the caller fills claimName.
    volumes: disks.map((_, i) => ({ name: `vol-${i}`, persistentVolumeClaim: { claimName: '' } })),
  };
  if (spec.targetNodeSelector && Object.keys(spec.targetNodeSelector).length > 0)
    templateSpec.nodeSelector = { ...spec.targetNodeSelector };
  if (spec.targetAffinity && !input.faults.isOn('drop-affinity')) templateSpec.affinity = spec.targetAffinity;
  return templateSpec;
}

export function buildTarget(input: TargetInput): TargetObjects {
  const { plan, planVm, status, inv, faults } = input;
  const spec = (plan.spec ?? {}) as PlanSpec;
  const name = targetVmName(planVm, status, inv);
  const labels = vmLabels(plan, input.migrationUid, inv.id);
  const windows = /^win/i.test(inv.guestId) || /windows/i.test(inv.guestName);

  // Disks: one DataVolume each, named by the PVC template; disk-missing drops the last one.
  let disks = orderedDisks(inv);
  if (faults.isOn('disk-missing') && disks.length > 0) disks = disks.slice(0, -1);
  const names = pvcNames(input, disks);
  const dataVolumes = disks.map((d, i) => dataVolume(input, d, i, names[i], labels));

  let strategy = runStrategy(input, windows);
  if (faults.isOn('wrong-power-state')) strategy = strategy === 'Always' ? 'Halted' : 'Always';
  const templateLabels: Record<string, string> = {};
  if (!faults.isOn('drop-target-labels')) Object.assign(templateLabels, spec.targetLabels ?? {});
  templateLabels.app = name;
  const annotations: Record<string, string> = {};
  if (status.newName) {
    annotations['openshift.io/display-name'] = inv.name;
    annotations['original-ID'] = inv.id;
  }
  const vm = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      name,
      namespace: spec.targetNamespace ?? '',
      labels: { ...labels, resource: 'vm-config', guestConverted: String(!spec.skipGuestConversion) },
      annotations,
    },
    spec: {
      runStrategy: strategy,
      template: {
        metadata: {
          labels: templateLabels,
          annotations: { 'vm.kubevirt.io/flavor': '', 'vm.kubevirt.io/os': '', 'vm.kubevirt.io/workload': '' },
        },
        spec: templateSpecFor(input, disks),
      },
    },
  } as unknown as V1VirtualMachine & KubeObject;
  return { vm, dataVolumes };
}
