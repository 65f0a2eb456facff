/**
 * The Plan, Migration and VM-status shapes the controllers work with: the @kubev2v/types CR
 * types, widened with the fields Forklift has at HEAD that the generated types predate
 * (type conversion, vmCutover, per-VM targetPowerState/deleteVmOnFailMigration, hooks of AAP, ...).
 */
import type {
  V1beta1MigrationSpec,
  V1beta1PlanSpec,
  V1beta1PlanSpecVms,
  V1beta1PlanStatusMigrationVms,
  V1beta1PlanStatusMigrationVmsPipeline,
} from '@kubev2v/types';
import type { Condition } from './conditions';

export interface ObjectRef {
  name?: string;
  namespace?: string;
  uid?: string;
}

export interface PlanVm extends Omit<V1beta1PlanSpecVms, 'hooks' | 'targetPowerState'> {
  hooks?: Array<{ hook?: ObjectRef; step?: string }>;
  targetPowerState?: 'on' | 'off' | 'auto';
  deleteVmOnFailMigration?: boolean;
  pvcNameTemplateUseGenerateName?: boolean;
  enableNestedVirtualization?: boolean;
}

export interface PlanSpec extends Omit<V1beta1PlanSpec, 'vms' | 'type' | 'provider' | 'map' | 'targetAffinity'> {
  type?: 'cold' | 'warm' | 'live' | 'conversion' | string;
  vms?: PlanVm[];
  provider?: { source?: ObjectRef; destination?: ObjectRef };
  map?: { network?: ObjectRef; storage?: ObjectRef };
  targetAffinity?: Record<string, unknown>;
  deleteVmOnFailMigration?: boolean;
  runPreflightInspection?: boolean;
  serviceAccount?: string;
  enableNestedVirtualization?: boolean;
  useCompatibilityMode?: boolean;
  /** Run virt-v2v from the XFS-compatible image (XFS v4 guests). */
  xfsCompatibility?: boolean;
  /** RDM disks become KubeVirt LUN devices (bus scsi) instead of virtio disks. */
  rdmAsLun?: boolean;
}

export type Task = Omit<V1beta1PlanStatusMigrationVmsPipeline, 'tasks'>;
export interface Step extends Task {
  tasks?: Task[];
}

export interface Precopy {
  start?: string;
  end?: string;
  snapshot?: string;
  createTaskId?: string;
  removeTaskId?: string;
  deltas?: Array<{ disk: string; deltaId: string }>;
}

export interface VmStatus extends Omit<V1beta1PlanStatusMigrationVms, 'pipeline' | 'conditions' | 'warm' | 'hooks' | 'targetPowerState'> {
  id: string;
  name: string;
  phase: string;
  pipeline: Step[];
  conditions?: Condition[];
  hooks?: PlanVm['hooks'];
  targetPowerState?: 'on' | 'off' | 'auto';
  warm?: { successes: number; failures: number; consecutiveFailures: number; nextPrecopyAt?: string; precopies?: Precopy[] };
  newName?: string;
  restorePowerState?: 'On' | 'Off' | 'Unknown';
  disksCopied?: boolean;
}

export interface SnapRef {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
}

export interface HistoryEntry {
  conditions: Condition[];
  provider: { source: SnapRef; destination: SnapRef };
  plan: SnapRef;
  map: { network: SnapRef; storage: SnapRef };
  migration: SnapRef;
}

export interface PlanStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  migration?: { started?: string; completed?: string; history?: HistoryEntry[]; vms?: VmStatus[] };
}

export interface MigrationSpec extends Omit<V1beta1MigrationSpec, 'plan' | 'cancel'> {
  plan?: ObjectRef;
  cancel?: Array<{ id?: string; name?: string; namespace?: string; type?: string }>;
  vmCutover?: Array<{ id: string; cutover: string }>;
}

export interface MigrationStatus {
  started?: string;
  completed?: string;
  conditions?: Condition[];
  observedGeneration?: number;
  vms?: VmStatus[];
}
