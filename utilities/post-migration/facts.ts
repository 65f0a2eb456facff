import type { K8sIoApiCoreV1Affinity } from '@kubev2v/types';

/**
 * What the checks need to know about a source VM, independent of the provider SDK. The vSphere
 * provider (lib/providers/vsphere) produces these from vim25 properties and inventory; the
 * adapter is a field-by-field copy.
 */
export type PowerState = 'on' | 'off' | 'other';

export interface SourceIpAddress {
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway?: string;
  /** vSphere guest IP origin: "manual" (static), "dhcp", "linklayer", "random", "other". */
  readonly origin?: string;
  /** true only for origin "manual" (the Python suite's is_static_ip). */
  readonly isStatic: boolean;
}

export interface SourceNic {
  /** vSphere device label, e.g. "Network adapter 1". */
  readonly label: string;
  readonly mac: string;
  /** Source network as the inventory names it (and its id when known). */
  readonly network: { readonly name: string; readonly id?: string };
  /** The interface name inside the guest (eth0, Ethernet0) when the guest reported it. */
  readonly guestNicName?: string;
  readonly ips: readonly SourceIpAddress[];
}

export interface SourceDisk {
  /** vSphere VirtualDevice.key. */
  readonly key: number;
  readonly controllerKey: number;
  readonly unitNumber: number;
  /** Backing file as vSphere writes it: "[datastore1] vm/vm_1.vmdk". */
  readonly fileName: string;
  /** Datastore name (and MoRef id when known), for the StorageMap lookup. */
  readonly datastore: { readonly name: string; readonly id?: string };
  /** A raw device mapping (vSphere RDM) in that compatibility mode; undefined for a VMDK. */
  readonly rdm?: 'virtual' | 'physical';
}

export interface SourceSnapshot {
  readonly id: string;
  readonly name: string;
  /** ISO 8601 creation time. */
  readonly createTime: string;
  /** poweredOn / poweredOff / suspended. */
  readonly state: string;
}

export interface SourceVmFacts {
  readonly providerType: 'vsphere' | 'ovirt' | 'openstack' | 'openshift' | 'ova';
  /** Provider id (vSphere MoRef, e.g. vm-42). */
  readonly id: string;
  readonly name: string;
  /** vSphere config.uuid (the BIOS UUID that becomes the serial). */
  readonly uuid?: string;
  readonly powerState: PowerState;
  readonly cpu: { readonly sockets: number; readonly coresPerSocket: number };
  readonly memoryMB: number;
  readonly firmware?: { readonly bootFirmware: 'bios' | 'efi'; readonly secureBoot: boolean; readonly tpm: boolean };
  readonly guestAgentRunning: boolean;
  readonly isWindows: boolean;
  readonly disks: readonly SourceDisk[];
  readonly nics: readonly SourceNic[];
  readonly snapshots: readonly SourceSnapshot[];
}

/** Destination network of one NIC: the pod network or a NetworkAttachmentDefinition. */
export type DestinationNetwork = { readonly type: 'pod' } | { readonly type: 'multus'; readonly name: string; readonly namespace: string };

export interface DestinationNic {
  /** KubeVirt interface name (net-0). */
  readonly name: string;
  readonly mac: string | undefined;
  readonly network: DestinationNetwork | undefined;
  /** Interface name inside the guest, from the VMI status (guest agent). */
  readonly guestInterfaceName?: string;
  readonly ipAddresses: readonly string[];
}

export interface DestinationDisk {
  /** KubeVirt volume name (vol-0). */
  readonly volumeName: string;
  /** Index among the VM's PVC-backed volumes, cloud-init and other non-PVC volumes excluded. */
  readonly index: number;
  readonly pvcName: string;
  /** The domain device of this volume: a disk, a LUN (a passed-through SCSI LUN), ... and its bus. */
  readonly device?: { readonly type: 'disk' | 'lun' | 'cdrom'; readonly bus: string | undefined };
  /** Undefined when the PVC object was not found. */
  readonly pvc?: {
    readonly storageClass: string | undefined;
    readonly accessModes: readonly string[];
    readonly volumeMode: string | undefined;
    /** forklift.konveyor.io/disk-source annotation: the source disk file (vSphere) or id. */
    readonly diskSource: string | undefined;
  };
}

export interface DestinationVmFacts {
  readonly name: string;
  readonly namespace: string;
  readonly powerState: PowerState;
  /** Why powerState was chosen ("VMI phase Running", "runStrategy Halted, no VMI"). */
  readonly powerStateReason: string;
  readonly serial: string | undefined;
  readonly firmware: { readonly bootFirmware: 'bios' | 'efi'; readonly secureBoot: boolean; readonly tpm: boolean };
  readonly cpu: {
    readonly sockets: number | undefined;
    readonly cores: number | undefined;
    readonly features: readonly { name: string; policy?: string }[];
  };
  /** Guest memory in MiB, from domain.memory.guest or resources.requests.memory. */
  readonly memoryMB: number | undefined;
  readonly templateLabels: Readonly<Record<string, string>>;
  readonly affinity: K8sIoApiCoreV1Affinity | undefined;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** From the VMI; undefined when the VM is not running. */
  readonly nodeName: string | undefined;
  readonly guestAgentConnected: boolean;
  readonly nics: readonly DestinationNic[];
  readonly disks: readonly DestinationDisk[];
}
