/**
 * What the phase executors of one Plan execution share: the inputs, the VM statuses, and the
 * batched write of those statuses to plan.status.migration.vms and migration.status.vms.
 */
import type { EsxiSshHost } from '../../vsphere/esxi/ssh-host';
import type { DiskDataStore } from '../../disk-data';
import type { KubeObject } from '../../apiserver/contract';
import type { LabFaults } from '../../faults-catalog';
import type { InventoryService } from '../../inventory/service';
import type { VSphereModel } from '../../vsphere/model';
import type { Kinds } from '../kinds';
import type { LabClock } from '../lab-clock';
import type { PipelineFlags } from '../pipeline';
import type { MigrationSpec, PlanSpec, PlanVm, VmStatus } from '../plan-types';
import type { ForkliftSettings } from '../settings';
import type { MapEntries } from '../target-vm';
import type { SourceVm } from '../source-vm';
import type { InvVm } from '../../inventory/types';
import type { RemoteCluster } from '../../remote/cluster';
import { destinationFor, type Destination } from '../destination';
import type { Kinds as KindsT } from '../kinds';

export interface RunnerDeps {
  kinds: Kinds;
  inventory: InventoryService;
  model: VSphereModel;
  faults: LabFaults;
  clock: LabClock;
  settings: () => ForkliftSettings;
  log: (m: string) => void;
  /** What the disks hold: the transfer copies each VMDK's data into its PVC. */
  disks?: DiskDataStore;
  /** Clusters other than the lab's own that a destination provider's url may name. */
  remotes?: readonly RemoteCluster[];
  /** The lab ESXi host's sshd side: copy-offload with the SSH clone method goes through it. */
  esxi?: EsxiSshHost;
}

export interface RunInput {
  plan: KubeObject;
  migration: KubeObject;
  source: KubeObject;
  networkMap: KubeObject;
  storageMap: KubeObject;
  /** Source VMs resolved by the plan's validation, by index of spec.vms. */
  vms: Array<SourceVm | undefined>;
  /** VM statuses of earlier runs (Succeeded ones are kept as they are). */
  previous: VmStatus[];
  /** Called when a queued VM gets its in-flight slot. */
  onQueueChange?: () => void;
}

export type RunOutcome = 'Succeeded' | 'Failed' | 'Canceled';

/** Minutes each phase takes in the lab (disk copies scale with size: GIB_PER_MINUTE). */
export const PHASE_MINUTES: Record<string, number> = {
  Started: 0.5,
  StorePowerState: 0.1,
  PowerOffSource: 0.3,
  WaitForPowerOff: 0.5,
  CreateDataVolumes: 0.5,
  AllocateDisks: 0.5,
  CreateGuestConversionPod: 0.5,
  ConvertGuest: 2,
  CreateVM: 0.5,
  WaitForGuestReboots: 1,
  PreflightInspection: 1,
  CreateInitialSnapshot: 0.2,
  WaitForInitialSnapshot: 0.3,
  StoreInitialSnapshotDeltas: 0.1,
  RemovePreviousSnapshot: 0.1,
  WaitForPreviousSnapshotRemoval: 0.2,
  CreateSnapshot: 0.2,
  WaitForSnapshot: 0.3,
  StoreSnapshotDeltas: 0.1,
  AddCheckpoint: 0.1,
  RemovePenultimateSnapshot: 0.1,
  WaitForPenultimateSnapshotRemoval: 0.2,
  CreateFinalSnapshot: 0.2,
  WaitForFinalSnapshot: 0.3,
  AddFinalCheckpoint: 0.1,
  RemoveFinalSnapshot: 0.1,
  WaitForFinalSnapshotRemoval: 0.5,
  HookRun: 1,
};
/** The lab's network copy rate. */
export const GIB_PER_MINUTE = 40;
/** The lab time a phase without an entry in PHASE_MINUTES takes. */
export const DEFAULT_PHASE_MINUTES = 0.2;

/** A step failure: its message becomes the step's and the VM's error reason. */
export class StepError extends Error {}

/** One VM of the run. */
export interface VmRun {
  status: VmStatus;
  planVm: PlanVm;
  /** The source VM (any provider type). */
  src: SourceVm;
  flags: PipelineFlags;
  abort: AbortController;
  dataVolumes: KubeObject[];
  offloadPvcs: KubeObject[];
}

/** The vSphere inventory VM of a run, for the steps only vSphere sources have. */
export function vsphereInv(r: VmRun): InvVm {
  if (!r.src.vsphere) throw new StepError(`VM ${r.src.name} comes from a ${r.src.type} provider: this step needs a vSphere VM`);
  return r.src.vsphere;
}

/** Does a spec.cancel entry name this VM (by id, or by name)? */
export function cancels(spec: MigrationSpec, vm: VmStatus): boolean {
  return (spec.cancel ?? []).some((r) => (r.id && r.id === vm.id) || (!r.id && r.name && r.name === vm.name));
}

export class RunContext {
  readonly statuses: VmStatus[] = [];
  readonly planUid: string;
  readonly migrationUid: string;
  readonly maps: MapEntries;
  readonly startedMs = Date.now();
  /** The lab is stopping: nothing is written any more. */
  closed = false;
  private flushPending = false;
  /** The destination cluster of the plan, or why it cannot be reached. */
  readonly destination: Destination | string;

  constructor(
    readonly deps: RunnerDeps,
    readonly input: RunInput,
  ) {
    const ref = ((input.plan.spec ?? {}) as PlanSpec).provider?.destination;
    const provider = deps.kinds.get('provider', ref?.namespace, ref?.name ?? '');
    this.destination = destinationFor(deps.kinds, provider, deps.remotes ?? [], deps.faults);
    this.planUid = input.plan.metadata.uid ?? '';
    this.migrationUid = input.migration.metadata.uid ?? '';
    this.maps = {
      network: ((input.networkMap.spec as { map?: MapEntries['network'] } | undefined)?.map ?? []) as MapEntries['network'],
      storage: ((input.storageMap.spec as { map?: MapEntries['storage'] } | undefined)?.map ?? []) as MapEntries['storage'],
    };
  }

  /** The destination cluster's objects (target namespace, VMs, DataVolumes, PVCs): the host cluster's, or a remote's through its RBAC. */
  get target(): KindsT {
    if (typeof this.destination === 'string') throw new StepError(this.destination);
    return this.destination.kinds;
  }

  get spec(): PlanSpec {
    return (this.input.plan.spec ?? {}) as PlanSpec;
  }

  get targetNamespace(): string {
    return this.spec.targetNamespace ?? '';
  }

  /** The Migration's current spec (cancel, cutover change while the run goes on). */
  migrationSpec(): MigrationSpec {
    const m = this.deps.kinds.get('migration', this.input.migration.metadata.namespace, this.input.migration.metadata.name ?? '');
    return ((m ?? this.input.migration).spec ?? {}) as MigrationSpec;
  }

  /** The source provider's vSphere inventory collections, when the collector has them. */
  sourceCollections() {
    return this.deps.inventory.collector(this.input.source.metadata.uid ?? '')?.vsphere;
  }

  /** Objects of this plan and VM from any run (vmAllButMigrationLabels): what Ensure* reuses and cleanup deletes. */
  ownedSelector(vmId: string): string {
    return `plan=${this.planUid},vmID=${vmId}`;
  }

  /** Schedules one write of the VM statuses for this turn of the event loop. */
  flush(): void {
    if (this.flushPending || this.closed) return;
    this.flushPending = true;
    setImmediate(() => this.flushNow());
  }

  flushNow(): void {
    this.flushPending = false;
    if (this.closed) return;
    const { kinds } = this.deps;
    const vms = JSON.parse(JSON.stringify(this.statuses)) as VmStatus[];
    const p = this.input.plan;
    kinds.store.mutate(
      kinds.rt('plan'),
      p.metadata.namespace,
      p.metadata.name ?? '',
      (o) => {
        const st = (o.status ?? {}) as { migration?: Record<string, unknown> };
        st.migration = { ...(st.migration ?? {}), vms };
        o.status = st;
      },
      { status: true },
    );
    const m = this.input.migration;
    kinds.store.mutate(
      kinds.rt('migration'),
      m.metadata.namespace,
      m.metadata.name ?? '',
      (o) => (o.status = { ...((o.status ?? {}) as object), vms }),
      { status: true },
    );
  }
}
