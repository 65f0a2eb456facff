/**
 * Step kinds: every step a scenario may list (scenario `steps`), the English title each test
 * carries, and the Python test method each one ports. The suite registers one body per kind
 * (lib/runner/steps.ts); a scenario that lists a kind without a body fails that step with
 * MissingStepImplementationError. scenarios/scenario.schema.json lists the same kinds
 * (definitions.stepKind): tsc fails when the two lists differ.
 */
import type { ScenarioStepKind } from './scenario-types';

/** Kind → the Python suite's test method that the step ports (1:1). */
export const PYTHON_STEP_METHODS = {
  'create StorageMap': 'test_create_storagemap',
  'create NetworkMap': 'test_create_networkmap',
  'create Plan': 'test_create_plan',
  'migrate VMs': 'test_migrate_vms',
  'check VMs': 'test_check_vms',
  'label shared disk': 'test_label_shared_disk',
  'verify CA certificate secret': 'test_verify_ca_crt_secret',
  'verify shared disk data': 'test_verify_shared_disk_data',
  'verify LUKS encryption': 'test_verify_luks_encryption',
  'verify XFS version': 'test_verify_xfs_version',
  'check xcopy used': 'test_check_xcopy_used',
  'verify populator throttling': 'test_verify_populator_throttling',
  'verify VM in-flight throttling': 'test_verify_vm_inflight_throttling',
  'create snapshots and data marker': 'test_create_snapshots_and_data_marker',
  'check data integrity': 'test_check_data_integrity',
  'create Conversion': 'test_create_conversion',
  'wait for Conversion completion': 'test_wait_for_completion',
  'verify deep inspection results': 'test_verify_di_results',
  'wait for Conversion running': 'test_wait_for_running',
  'cancel Conversion': 'test_cancel_conversion',
  'verify cancel cleanup': 'test_verify_cancel_cleanup',
  'verify snapshot cleanup': 'test_verify_snapshot_cleanup',
  'rerun Conversion after cancel': 'test_rerun_di_after_cancel',
  'wait for rerun completion': 'test_rerun_wait_for_completion',
  'verify rerun results': 'test_rerun_verify_results',
  'create invalid Conversion': 'test_create_invalid_conversion',
  'verify Conversion validation error': 'test_verify_validation_error',
  'upgrade MTV': 'test_upgrade_mtv',
  'verify post upgrade': 'test_verify_post_upgrade',
} as const satisfies Record<ScenarioStepKind, string>;

export type StepKind = keyof typeof PYTHON_STEP_METHODS;
/** Every step kind, in the table's order. */
export const STEP_KINDS = Object.keys(PYTHON_STEP_METHODS) as StepKind[];
/** The kind of a step (its English title); the older name of StepKind. */
export type StepName = StepKind;

/** The five steps a scenario runs when it lists no `steps` (the Python suite's standard class). */
export const DEFAULT_STEPS: readonly StepKind[] = ['create StorageMap', 'create NetworkMap', 'create Plan', 'migrate VMs', 'check VMs'];

/** The name of the plan of a single-plan scenario (`plan`). */
export const SINGLE_PLAN = 'plan';

/**
 * Test names carry the step kind, the plan it acts on (multi-plan scenarios only) and the provider
 * and storage class, like the Python suite's item names: `create Plan plan2-vsphere-nfs`.
 */
export function stepTitle(kind: string, sourceProvider: string | undefined, storageClass: string | undefined, plan?: string): string {
  return `${kind}${plan ? ` ${plan}` : ''}-${sourceProvider ?? 'unset'}-${storageClass ?? 'unset'}`;
}

// The schema's stepKind enum and this table are one list: tsc fails when they differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameStepKinds: Same<ScenarioStepKind, StepKind> = true;
void sameStepKinds;
