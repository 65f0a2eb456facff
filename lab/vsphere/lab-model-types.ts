/**
 * What LabVSphereModel's mutations take (clone, reconfigure, new disks, options) and the error
 * they raise, which carries the vim25 fault name the SOAP layer answers with.
 */
import type { DiskProvisioning, SimDisk } from './model';

/** A vim25 fault raised by a model mutation (e.g. InvalidPowerState, DuplicateName). */
export class VSphereModelError extends Error {
  constructor(
    readonly fault: string,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'VSphereModelError';
  }
}

export interface CloneOptions {
  name: string;
  folder?: string; // folder MoRef; default: the source's folder
  host?: string;
  datastore?: string; // every disk goes here unless `diskDatastores` says otherwise
  diskDatastores?: Record<number, string>; // disk key -> datastore MoRef
  resourcePool?: string;
  provisioning?: DiskProvisioning; // every disk
  diskProvisioning?: Record<number, DiskProvisioning>; // disk key -> provisioning
  powerOn?: boolean;
  template?: boolean;
  extraConfig?: Record<string, string>;
  numCPU?: number;
  memoryMB?: number;
}

export interface NewDisk {
  capacityBytes: number;
  datastore: string; // MoRef
  provisioning: DiskProvisioning;
  mode: SimDisk['mode'];
  controllerKey?: number; // default: the first SCSI controller (1000)
  unitNumber?: number; // default: the next free unit on that controller (7 is reserved)
  fileName?: string; // default: "[ds] <vm>/<vm>_<n>.vmdk"
  /** A raw device mapping of this LUN (naa.*) in that compatibility mode; the file is the mapping file. */
  rdm?: { mode: 'virtual' | 'physical'; lun: string };
}

export interface ReconfigureOptions {
  numCPU?: number;
  numCoresPerSocket?: number;
  memoryMB?: number;
  extraConfig?: Record<string, string>; // an empty value removes the key, as in vSphere
  changeTrackingEnabled?: boolean;
  addDisks?: NewDisk[];
  removeDiskKeys?: number[];
  /** deviceChange edit: a disk's new mode (vCenter changes the mode of a powered-off VM only). */
  diskModes?: Array<{ key: number; mode: SimDisk['mode'] }>;
}

/** ReconfigureComputeResource_Task on a cluster: DRS on/off and per-VM DRS overrides (add/edit/remove). */
export interface ClusterReconfigure {
  drsEnabled?: boolean;
  drsVm?: Array<{ operation: 'add' | 'edit' | 'remove'; vm: string; enabled?: boolean; behavior?: string }>;
}

export interface LabModelOptions {
  /** Seed for UUIDs/MACs of objects created at run time (clones, disks). */
  idSeed?: string;
  /** Guest tools start this long after power-on (0 = at once). */
  guestBootMs?: number;
  now?: () => Date;
  /** The lab's fault switches the model obeys (clone-ignores-host, drs-override-ignored). */
  faults?: { isOn(name: string): boolean };
}
