import { MtvTestsError } from './base';
import { WaitTerminalConditionError, type TerminalCondition } from './k8s';

export interface Leftover {
  /** e.g. "PersistentVolumeClaim auto-ab12/plan-vm-disk-0" or "SourceVm vsphere/auto-ab12-mtv-tests-rhel8-x1y2" */
  object: string;
  reason: string;
}

/** Session teardown finished but some objects of the session are still there. Lists each one. */
export class SessionTeardownError extends MtvTestsError {
  constructor(
    readonly session: string,
    readonly leftovers: readonly Leftover[],
  ) {
    super(
      `session ${session} teardown left ${leftovers.length} object(s) behind:\n` +
        leftovers.map((l) => `  - ${l.object}: ${l.reason}`).join('\n'),
    );
  }
}

export interface VmFailure {
  vm: string;
  phase?: string;
  /** First pipeline step with an error, e.g. "DiskTransfer". */
  failedStep?: string;
  reasons: string[];
}

/** The plan's migration ended Failed (or did not end in time); says which step failed for each VM and why. */
export class MigrationPlanExecError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly outcome: 'Failed' | 'Canceled' | 'Timeout',
    readonly vms: readonly VmFailure[],
    detail = '',
  ) {
    super(
      `migration of plan ${plan} ${outcome === 'Timeout' ? 'did not finish in time' : `ended ${outcome}`}${detail ? ` (${detail})` : ''}` +
        (vms.length
          ? `:\n${vms.map((v) => `  - VM ${v.vm}: ${v.failedStep ? `failed at step ${v.failedStep}` : `phase ${v.phase ?? 'unknown'}`}${v.reasons.length ? ` — ${v.reasons.join('; ')}` : ''}`).join('\n')}`
          : ''),
    );
  }
}

/** No Migration CR owned by the plan. */
export class MigrationNotFoundError extends MtvTestsError {}

/** A Provider CR never became Ready (or failed its connection test). */
export class ProviderNotReadyError extends MtvTestsError {}

/** MTV is not installed or not healthy in the MTV namespace. */
export class MtvOperatorNotInstalledError extends MtvTestsError {
  constructor(readonly namespace: string) {
    super(
      `MTV operator Subscription not found in namespace '${namespace}'. Ensure MTV is installed or set the correct namespace with --tc=mtv_namespace:<namespace>`,
    );
  }
}

export class ForkliftPodsNotRunningError extends MtvTestsError {}

/** The source VM is not in the provider inventory (or not within the timeout). */
export class VmNotFoundError extends MtvTestsError {}

/** The installed MTV version could not be read (no mtv-operator Subscription/CSV readable in the namespace). */
export class MtvVersionUnknownError extends MtvTestsError {
  constructor(
    readonly namespace: string,
    readonly why: string,
  ) {
    super(
      `cannot tell the installed MTV version in namespace '${namespace}': ${why}. The suite reads the mtv-operator Subscription's installedCSV and that ClusterServiceVersion's spec.version (needs get/list on subscriptions and clusterserviceversions in that namespace)`,
    );
  }
}

/** The Forklift object a wait was about. */
export interface ForkliftObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * A Forklift object carries a True condition of category Critical. Forklift withholds Ready (and
 * does not start a migration) while one is set, and it clears only when the object or what it
 * refers to changes, so waiting longer cannot help: the wait stopped at once. Names the object,
 * the condition (type, reason, message, items) and what the wait expected. Still a
 * WaitTerminalConditionError (`.condition`) for callers that only care that a wait gave up early.
 */
export class ForkliftCriticalConditionError extends WaitTerminalConditionError {
  constructor(
    readonly object: ForkliftObjectRef,
    condition: TerminalCondition & { items?: string[] },
    /** What the wait waited for, e.g. "Ready=True". */
    readonly expected: string,
    lastState: string,
  ) {
    const ref = `${object.kind} ${object.namespace}/${object.name}`;
    super(`${ref} ${expected}`, condition, lastState);
    const reason = condition.reason ? ` (reason ${condition.reason})` : '';
    const items = condition.items?.length ? ` [items: ${condition.items.join(', ')}]` : '';
    this.message =
      `${ref} has Critical condition ${condition.type}${reason}: ${JSON.stringify(condition.message ?? '')}${items}; expected ${expected}, ` +
      `which Forklift withholds while a Critical condition is set, so the wait stopped at once instead of running to its timeout; last observed state: ${lastState}`;
  }
}

/** A Plan carries a condition the scenario says it must not have (e.g. VMDuplicateNADMappings with a per-NIC NetworkMap). */
export class UnexpectedPlanConditionError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly condition: string,
    readonly detail: string,
  ) {
    super(`Plan ${plan} has condition ${condition} (expected: absent): ${detail}`);
  }
}

/** Plans started together did not all run at the same time (wait_for_concurrent_migration_execution). */
export class MigrationsNotConcurrentError extends MtvTestsError {}
