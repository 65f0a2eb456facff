/**
 * The source VM as the migration sees it, whatever the provider type: Forklift's builders read the
 * same facts from each type's inventory (pkg/controller/plan/adapter/<type>/builder.go). The
 * per-type raw inventory VM stays attached for the rules only that type has.
 */
import type { OvirtCollections, OvVm } from '../inventory/ovirt-collections';
import type { OpenStackCollections, OsVm } from '../inventory/openstack-collections';
import type { KubeObject } from '../apiserver/contract';
import type { InvVm } from '../inventory/types';
import type { OvaCollections, OvaVmObj } from '../inventory/ova-collections';

export type SourceType = 'vsphere' | 'ovirt' | 'openstack' | 'ova' | 'openshift';

export interface SourceDisk {
  /** oVirt disk id, OpenStack volume id, vSphere disk file: the pipeline task name and the disk-source annotation. */
  id: string;
  capacityBytes: number;
  /** Storage domain id, volume type id, datastore MoRef or OVA disk id: what the StorageMap maps. */
  storageId: string;
  /** OVA: the disk file name, which a StorageMap source may name instead of the id. */
  storageName?: string;
  /** KubeVirt disk bus. */
  bus: 'virtio' | 'scsi' | 'sata';
  bootable: boolean;
  shared: boolean;
}

export interface SourceNic {
  networkId: string;
  mac: string;
  /** KubeVirt interface model. */
  model: string;
}

export interface SourceVm {
  type: SourceType;
  id: string;
  name: string;
  windows: boolean;
  disks: SourceDisk[];
  nics: SourceNic[];
  vsphere?: InvVm;
  ovirt?: { vm: OvVm; clusterCpu: string };
  openstack?: { vm: OsVm; volumeImageMetadata: Record<string, string> };
  ova?: OvaVmObj;
  /** OpenShift: the source VirtualMachine (its namespace is the plan VM ref's). */
  openshift?: { vm: KubeObject };
}

export function fromVsphere(inv: InvVm): SourceVm {
  return {
    type: 'vsphere',
    id: inv.id,
    name: inv.name,
    windows: /^win/i.test(inv.guestId) || /windows/i.test(inv.guestName),
    disks: inv.disks.map((d) => ({
      id: d.file,
      capacityBytes: d.capacity,
      storageId: d.datastore.id,
      bus: 'virtio',
      bootable: false,
      shared: d.shared,
    })),
    nics: inv.nics.map((n) => ({ networkId: n.network.id, mac: n.mac, model: 'virtio' })),
    vsphere: inv,
  };
}

const OVIRT_BUS: Record<string, SourceDisk['bus']> = { virtio_scsi: 'scsi', virtio: 'virtio', sata: 'sata', ide: 'sata' };
const OVIRT_NIC_MODEL: Record<string, string> = { virtio: 'virtio', e1000: 'e1000', e1000e: 'e1000e', rtl8139: 'rtl8139' };

export function fromOvirt(vm: OvVm, c: OvirtCollections): SourceVm {
  const disk = (id: string) => c.disks.find((d) => d.id === id);
  const network = (profile: string) => c.nicprofiles.find((p) => p.id === profile)?.network ?? '';
  return {
    type: 'ovirt',
    id: vm.id,
    name: vm.name,
    windows: /^windows/i.test(vm.osType),
    disks: vm.diskAttachments.map((a) => ({
      id: a.disk,
      capacityBytes: disk(a.disk)?.provisionedSize ?? 0,
      storageId: disk(a.disk)?.storageDomain ?? '',
      bus: OVIRT_BUS[a.interface] ?? 'virtio',
      bootable: a.bootable,
      shared: disk(a.disk)?.shared ?? false,
    })),
    nics: vm.nics.map((n) => ({ networkId: network(n.profile), mac: n.mac, model: OVIRT_NIC_MODEL[n.interface] ?? 'virtio' })),
    ovirt: { vm, clusterCpu: c.clusters.find((cl) => cl.id === vm.cluster)?.cpuType ?? '' },
  };
}

export function fromOpenStack(vm: OsVm, c: OpenStackCollections): SourceVm {
  const volumes = (vm.attachedVolumes ?? []).map((a) => c.volumes.find((v) => v.id === a.ID)).filter((v) => v !== undefined);
  const boot = volumes.find((v) => v.bootable === 'true');
  const meta = (boot?.volumeImageMetadata ?? {}) as Record<string, string>;
  const typeId = (name: string) => c.volumetypes.find((t) => t.name === name || t.id === name)?.id ?? name;
  const bus: SourceDisk['bus'] = meta.hw_disk_bus === 'scsi' ? 'scsi' : meta.hw_disk_bus === 'sata' ? 'sata' : 'virtio';
  return {
    type: 'openstack',
    id: vm.id,
    name: vm.name,
    windows: (meta.os_type ?? '') === 'windows',
    disks: volumes.map((v) => ({
      id: v.id,
      capacityBytes: v.size * 1024 ** 3,
      storageId: typeId(v.volumeType),
      bus,
      bootable: v.bootable === 'true',
      shared: v.multiattach,
    })),
    nics: vm.ports.map((p) => ({ networkId: p.networkID, mac: p.mac, model: meta.hw_vif_model === 'e1000' ? 'e1000' : 'virtio' })),
    openstack: { vm, volumeImageMetadata: meta },
  };
}

/**
 * An OVA VM (pkg/controller/plan/adapter/ova): disks are the OVF's disk files (virt-v2v writes
 * them, virtio), NICs connect to the OVF networks by name with the OVF's MAC (virtio after
 * conversion); Windows per the OVF osType.
 */
export function fromOva(vm: OvaVmObj, c: OvaCollections): SourceVm {
  const networkId = (name: string) => c.networks.find((n) => n.name === name)?.id ?? '';
  return {
    type: 'ova',
    id: vm.id,
    name: vm.name,
    windows: /^win/i.test(vm.osType),
    disks: vm.disks.map((d) => ({
      id: String(d.ID),
      capacityBytes: Number(d.Capacity) || 0,
      storageId: String(d.ID),
      storageName: String(d.Name),
      bus: 'virtio',
      bootable: false,
      shared: false,
    })),
    nics: vm.nics.map((n) => ({ networkId: networkId(n.Network), mac: n.MAC, model: 'virtio' })),
    ova: vm,
  };
}

interface OcpTemplate {
  metadata?: { annotations?: Record<string, string> };
  spec?: {
    domain?: {
      devices?: {
        disks?: Array<{ name?: string; disk?: { bus?: string } }>;
        interfaces?: Array<{ name?: string; macAddress?: string; model?: string }>;
      };
    };
    networks?: Array<{ name?: string; pod?: object; multus?: { networkName?: string } }>;
    volumes?: Array<{ name?: string; dataVolume?: { name?: string }; persistentVolumeClaim?: { claimName?: string } }>;
  };
}

/** A source PVC as the OpenShift builder reads it: requested size and StorageClass. */
export interface OcpClaim {
  capacityBytes: number;
  storageClass: string;
}

/**
 * A KubeVirt VM of an OpenShift source (pkg/controller/plan/adapter/ocp): one disk per PVC- or
 * DataVolume-backed volume, named `<namespace>/<pvc>` (the pipeline task and disk-source
 * annotation), mapped by its PVC's StorageClass; one NIC per template network, `pod` or the
 * multus NAD as `<namespace>/<name>` (a bare NAD name is in the VM's namespace), with the
 * interface's MAC. The VM's id is its uid.
 */
export function fromOpenshift(vm: KubeObject, claim: (namespace: string, name: string) => OcpClaim | undefined): SourceVm {
  const t = ((vm.spec as { template?: OcpTemplate } | undefined)?.template ?? {}) as OcpTemplate;
  const ns = vm.metadata.namespace ?? '';
  return {
    type: 'openshift',
    id: vm.metadata.uid ?? '',
    name: vm.metadata.name ?? '',
    windows: /^win/i.test(t.metadata?.annotations?.['vm.kubevirt.io/os'] ?? ''),
    disks: ocpDisks(t, ns, claim),
    nics: ocpNics(t, ns),
    openshift: { vm },
  };
}

function ocpDisks(t: OcpTemplate, ns: string, claim: (namespace: string, name: string) => OcpClaim | undefined): SourceDisk[] {
  const claimed = (t.spec?.volumes ?? []).map((v) => ({ v, pvc: v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName ?? '' }));
  return claimed.filter((x) => x.pvc !== '').map(({ v, pvc }) => ocpDisk(ns, pvc, claim(ns, pvc), diskBus(t, v.name)));
}

function diskBus(t: OcpTemplate, volume: string | undefined): SourceDisk['bus'] {
  const bus = t.spec?.domain?.devices?.disks?.find((d) => d.name === volume)?.disk?.bus;
  return bus === 'scsi' || bus === 'sata' ? bus : 'virtio';
}

function ocpDisk(ns: string, pvc: string, c: OcpClaim | undefined, bus: SourceDisk['bus']): SourceDisk {
  const storageClass = c?.storageClass ?? '';
  // The StorageMap names a StorageClass by name.
  return {
    id: `${ns}/${pvc}`,
    capacityBytes: c?.capacityBytes ?? 0,
    storageId: storageClass,
    storageName: storageClass,
    bus,
    bootable: false,
    shared: false,
  };
}

function ocpNics(t: OcpTemplate, ns: string): SourceNic[] {
  return (t.spec?.networks ?? []).map((n) => {
    const ifc = t.spec?.domain?.devices?.interfaces?.find((i) => i.name === n.name);
    const multus = n.multus?.networkName ?? '';
    return {
      networkId: n.pod ? 'pod' : multus.includes('/') ? multus : `${ns}/${multus}`,
      mac: ifc?.macAddress ?? '',
      model: ifc?.model ?? 'virtio',
    };
  });
}

/** OpenShift: the template fields .SourcePVCName and .SourcePVCNamespace of a disk (`<namespace>/<pvc>`). */
export function sourcePvcFields(src: SourceVm, d: SourceDisk): { SourcePVCName?: string; SourcePVCNamespace?: string } {
  if (src.type !== 'openshift') return {};
  const [namespace = '', name = ''] = d.id.split('/');
  return { SourcePVCName: name, SourcePVCNamespace: namespace };
}
