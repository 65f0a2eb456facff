/**
 * Plan reconciliation (pkg/controller/plan): archive handling, validation with staged conditions,
 * Ready, and execution: the oldest pending Migration of a Ready plan without blockers is picked
 * up, run by a MigrationRunner, and its outcome recorded as Forklift does (reference §2.2): the
 * history snapshot's conditions, copied to the plan (Executing/Succeeded/Failed/Canceled), and the
 * Migration's Running, then Succeeded/Failed (+completed) or Canceled.
 */
import type { KubeObject } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import type { LabFaults } from '../faults-catalog';
import type { InventoryService } from '../inventory/service';
import { ConditionStage, deleteCondition, hasCondition, setCondition, type Condition } from './conditions';
import { destinationFor } from './destination';
import type { KindName, Kinds } from './kinds';
import { MigrationRunner, type RunnerDeps, type RunOutcome } from './migration-runner';
import type { HistoryEntry, MigrationSpec, MigrationStatus, PlanSpec, PlanStatus, VmStatus } from './plan-types';
import { validatePlan } from './plan-validation';

const EXECUTION_TYPES = ['Executing', 'Succeeded', 'Failed', 'Canceled'];
const BLOCKED_REQUEUE_MS = 3_000;

interface ActiveRun {
  runner: MigrationRunner;
  migrationNs: string;
  migrationName: string;
  migrationUid: string;
  deleted?: boolean;
}

/** deleteVmOnFailMigration of the VM, else of the plan; on by default. */
function deleteOnFail(spec: PlanSpec, vm: VmStatus): boolean {
  const planVm = (spec.vms ?? []).find((v) => v.id === vm.id || v.name === vm.name);
  return planVm?.deleteVmOnFailMigration ?? spec.deleteVmOnFailMigration ?? true;
}

export class PlanController {
  private readonly active = new Map<string, ActiveRun>(); // by plan uid

  constructor(
    private readonly kinds: Kinds,
    private readonly inventory: InventoryService,
    private readonly faults: LabFaults,
    private readonly runnerDeps: RunnerDeps,
    private readonly requeue: (kind: 'plan' | 'migration', ns: string, name: string) => void,
  ) {}

  /** Active run of a Migration (by uid), for spec changes and deletion. */
  runFor(migrationUid: string): ActiveRun | undefined {
    return [...this.active.values()].find((a) => a.migrationUid === migrationUid);
  }

  stopAll(): void {
    for (const a of this.active.values()) a.runner.shutdown();
  }

  reconcile(namespace: string, name: string): number | undefined {
    const plan = this.kinds.get('plan', namespace, name);
    if (!plan) return undefined;
    const spec = (plan.spec ?? {}) as PlanSpec;
    const status = (plan.status ?? {}) as PlanStatus;
    const conditions = status.conditions ?? [];

    if (spec.archived) {
      // Forklift stops reconciling an archived plan once it has the Archived condition.
      if (!hasCondition(conditions, 'Archived')) this.archive(plan, conditions);
      return undefined;
    }
    // After Succeeded the plan is no longer reconciled (unless archived).
    if (hasCondition(conditions, 'Succeeded') && !this.active.has(plan.metadata.uid ?? '')) return undefined;

    const stage = new ConditionStage(conditions);
    const result = this.validate(plan, status, stage);
    const ready = !stage.hasBlocker() && !stage.has('ValidatingVDDK');
    if (ready) stage.set({ type: 'Ready', category: 'Required', message: this.readyMessage(plan) });
    this.writeConditions(plan, stage);

    if (this.active.has(plan.metadata.uid ?? '')) return undefined;
    return this.startPending(plan, status, ready ? result : undefined);
  }

  /** Starts the oldest pending Migration of a ready plan; blocked (or withheld) plans are re-validated every 3 s (SlowReQ), as Forklift does. */
  private startPending(plan: KubeObject, status: PlanStatus, ready: ReturnType<typeof validatePlan> | undefined): number | undefined {
    if (!ready?.source || !ready.networkMap || !ready.storageMap) return BLOCKED_REQUEUE_MS;
    const migration = this.pendingMigration(plan, status);
    if (migration)
      this.start(plan, migration, { ...ready, source: ready.source, networkMap: ready.networkMap, storageMap: ready.storageMap });
    return undefined;
  }

  /** validatePlan with what the last run left in status.migration.vms; the plan-never-ready fault withholds Ready. */
  private validate(plan: KubeObject, status: PlanStatus, stage: ConditionStage): ReturnType<typeof validatePlan> {
    const planVms = status.migration?.vms ?? [];
    const pvcTemplate = this.runnerDeps.settings().pvcNameTemplate;
    const result = validatePlan(
      {
        kinds: this.kinds,
        inventory: this.inventory,
        plan,
        statusVmIds: new Set(planVms.map((v) => v.id)),
        succeededVmIds: new Set(planVms.filter((v) => hasCondition(v.conditions, 'Succeeded')).map((v) => v.id)),
        newNames: new Map(planVms.filter((v) => v.newName).map((v) => [v.id, v.newName as string])),
        ...(pvcTemplate ? { controllerPvcTemplate: pvcTemplate } : {}),
        nadPoolIgnored: this.faults.isOn('nad-pool-ignored'),
      },
      stage,
    );
    if (this.faults.isOn('plan-never-ready')) {
      // The plan stays stuck validating the VDDK init image, which withholds Ready.
      stage.set({ type: 'ValidatingVDDK', category: 'Advisory', reason: 'Started', message: 'Validating VDDK init image' });
    }
    return result;
  }

  /** Ready's message names the VMs a running migration still holds back (in-flight limit). */
  private readyMessage(plan: KubeObject): string {
    const queue = this.active.get(plan.metadata.uid ?? '')?.runner.queue;
    return queue?.queued
      ? `${queue.queued} VM(s) waiting to start migration (in-flight limit: ${queue.limit}).`
      : 'The migration plan is ready.';
  }

  private writeConditions(plan: KubeObject, stage: ConditionStage): void {
    const next = stage.commit();
    const cur = this.kinds.get('plan', plan.metadata.namespace, plan.metadata.name ?? '');
    const curStatus = (cur?.status ?? {}) as PlanStatus;
    if (JSON.stringify(curStatus.conditions ?? []) === JSON.stringify(next) && curStatus.observedGeneration === plan.metadata.generation)
      return;
    this.kinds.mutateStatus<PlanStatus>('plan', plan.metadata.namespace, plan.metadata.name ?? '', (st) => {
      // Execution conditions written meanwhile by a runner win over this round's copy.
      const exec = (st.conditions ?? []).filter((c) => EXECUTION_TYPES.includes(c.type));
      st.conditions = [...next.filter((c) => !EXECUTION_TYPES.includes(c.type)), ...exec];
      st.observedGeneration = plan.metadata.generation ?? 1;
    });
  }

  /** Oldest Migration for this plan that has not run yet (creationTimestamp, then ns/name). */
  private pendingMigration(plan: KubeObject, status: PlanStatus): KubeObject | undefined {
    const ran = new Set((status.migration?.history ?? []).map((h) => h.migration.uid));
    return this.kinds
      .list('migration')
      .filter((m) => {
        const ref = ((m.spec ?? {}) as MigrationSpec).plan;
        const st = (m.status ?? {}) as MigrationStatus;
        return (
          ref?.name === plan.metadata.name &&
          (ref?.namespace || m.metadata.namespace) === plan.metadata.namespace &&
          !st.completed &&
          !ran.has(m.metadata.uid ?? '') &&
          !m.metadata.deletionTimestamp
        );
      })
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
          `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
      )[0];
  }

  private start(
    plan: KubeObject,
    migration: KubeObject,
    resolved: { source: KubeObject; networkMap: KubeObject; storageMap: KubeObject; vms: ReturnType<typeof validatePlan>['vms'] },
  ): void {
    const status = (plan.status ?? {}) as PlanStatus;
    const runner = new MigrationRunner(this.runnerDeps, {
      plan,
      migration,
      source: resolved.source,
      networkMap: resolved.networkMap,
      storageMap: resolved.storageMap,
      vms: resolved.vms,
      previous: status.migration?.vms ?? [],
      onQueueChange: () => this.requeue('plan', plan.metadata.namespace ?? '', plan.metadata.name ?? ''),
    });
    const planUid = plan.metadata.uid ?? '';
    const run: ActiveRun = {
      runner,
      migrationNs: migration.metadata.namespace ?? '',
      migrationName: migration.metadata.name ?? '',
      migrationUid: migration.metadata.uid ?? '',
    };
    this.active.set(planUid, run);
    const now = nowTimestamp();
    const executing = { type: 'Executing', category: 'Advisory' as const, message: 'The plan is EXECUTING.', durable: true };
    const history: HistoryEntry = { conditions: setCondition([], executing), ...runner.historyRefs() };
    this.kinds.mutateStatus<PlanStatus>('plan', plan.metadata.namespace, plan.metadata.name ?? '', (st) => {
      st.conditions = setCondition(deleteCondition(st.conditions ?? [], 'Failed', 'Canceled', 'Succeeded'), executing);
      const prev = st.migration ?? {};
      st.migration = { ...prev, started: now, history: [...(prev.history ?? []), history], vms: prev.vms ?? [] };
      delete st.migration.completed;
    });
    this.kinds.mutateStatus<MigrationStatus>('migration', migration.metadata.namespace, migration.metadata.name ?? '', (st) => {
      st.started = now;
      st.conditions = setCondition(st.conditions ?? [], { type: 'Running', category: 'Advisory', message: 'The migration is RUNNING.' });
    });
    this.requeue('plan', plan.metadata.namespace ?? '', plan.metadata.name ?? '');
    runner
      .run()
      .then(({ statuses, outcome }) => this.finish(plan, run, statuses, outcome))
      .catch((e: unknown) => {
        this.runnerDeps.log(
          `plan ${plan.metadata.namespace}/${plan.metadata.name}: run failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        this.finish(plan, run, [], 'Failed');
      });
  }

  private finish(plan: KubeObject, run: ActiveRun, vms: VmStatus[], outcome: RunOutcome): void {
    const planUid = plan.metadata.uid ?? '';
    if (run.runner.isClosed) return; // the lab is stopping
    const now = nowTimestamp();
    const outcomeCond =
      outcome === 'Failed'
        ? { type: 'Failed', category: 'Advisory' as const, message: 'The plan execution has FAILED.', durable: true }
        : outcome === 'Succeeded'
          ? { type: 'Succeeded', category: 'Advisory' as const, message: 'The plan execution has SUCCEEDED.', durable: true }
          : run.deleted
            ? {
                type: 'Canceled',
                category: 'Advisory' as const,
                reason: 'Deleted',
                message: 'The migration has been deleted.',
                durable: true,
              }
            : { type: 'Canceled', category: 'Advisory' as const, message: 'The plan execution has been CANCELED.', durable: true };
    let snapshot: Condition[] = [];
    this.kinds.mutateStatus<PlanStatus>('plan', plan.metadata.namespace, plan.metadata.name ?? '', (st) => {
      const mig = st.migration ?? {};
      const history = [...(mig.history ?? [])];
      const last = history[history.length - 1];
      if (last) {
        last.conditions = setCondition(deleteCondition(last.conditions, 'Executing'), outcomeCond);
        snapshot = last.conditions;
      }
      // Execution conditions on the plan mirror the snapshot: present there = set, absent = deleted.
      let conds = deleteCondition(st.conditions ?? [], ...EXECUTION_TYPES);
      for (const c of snapshot) if (EXECUTION_TYPES.includes(c.type)) conds = [...conds, c];
      st.conditions = conds;
      st.migration = { ...mig, history, completed: now, ...(vms.length ? { vms } : {}) };
    });
    this.kinds.mutateStatus<MigrationStatus>('migration', run.migrationNs, run.migrationName, (st) => {
      let conds = deleteCondition(st.conditions ?? [], 'Running');
      if (outcome === 'Succeeded')
        conds = setCondition(conds, { type: 'Succeeded', category: 'Advisory', message: 'The migration has SUCCEEDED.', durable: true });
      else if (outcome === 'Failed')
        conds = setCondition(conds, { type: 'Failed', category: 'Advisory', message: 'The migration has FAILED.', durable: true });
      else {
        const c = snapshot.find((x) => x.type === 'Canceled');
        if (c) conds = [...deleteCondition(conds, 'Canceled'), c];
      }
      st.conditions = conds;
      if (outcome !== 'Canceled') st.completed = now;
      if (vms.length) st.vms = vms;
    });
    this.active.delete(planUid);
    this.requeue('plan', plan.metadata.namespace ?? '', plan.metadata.name ?? '');
    this.requeue('migration', run.migrationNs, run.migrationName);
  }

  /** Archive: Archived condition, Ready withdrawn, failed VMs' leftovers removed (§2.6). */
  private archive(plan: KubeObject, conditions: Condition[]): void {
    const stage = new ConditionStage(conditions);
    stage.set({ type: 'Archived', category: 'Advisory', reason: 'UserRequested', message: 'The migration plan has been archived.' });
    const spec = (plan.spec ?? {}) as PlanSpec;
    const failed = (((plan.status ?? {}) as PlanStatus).migration?.vms ?? []).filter(
      (vm) => hasCondition(vm.conditions, 'Failed') && deleteOnFail(spec, vm),
    );
    const target = failed.length ? this.destinationKinds(plan, 'archiving') : undefined;
    for (const vm of failed) if (target) this.removeVmObjects(target, plan, spec.targetNamespace ?? '', vm.id);
    this.writeConditions(plan, stage);
  }

  /**
   * The plan's destination cluster, where its migrations created their objects (Forklift's plan
   * context: the destination provider's client — the host cluster, or a remote one through the
   * provider's token). Undefined when it cannot be built (provider gone, cluster unreachable, token
   * rejected): as Forklift, the plan is then archived or forgotten without that cleanup.
   */
  private destinationKinds(plan: KubeObject, doing: string): Kinds | undefined {
    const ref = ((plan.spec ?? {}) as PlanSpec).provider?.destination;
    const provider = ref?.name ? this.kinds.get('provider', ref.namespace, ref.name) : undefined;
    const destination = provider
      ? destinationFor(this.kinds, provider, this.runnerDeps.remotes ?? [], this.faults)
      : `the destination provider ${ref?.namespace ?? ''}/${ref?.name ?? ''} does not exist`;
    if (typeof destination !== 'string') return destination.kinds;
    this.runnerDeps.log(`${doing} plan ${plan.metadata.namespace}/${plan.metadata.name}: no cleanup of its target objects: ${destination}`);
    return undefined;
  }

  /** The target VM, DataVolumes and PVCs of one VM of the plan. */
  private removeVmObjects(target: Kinds, plan: KubeObject, ns: string, vmId: string): void {
    const selector = `plan=${plan.metadata.uid},vmID=${vmId}`;
    for (const k of ['vm', 'dataVolume', 'pvc'] as const) this.deleteAll(target, k, ns, selector);
  }

  /** Deletes what `selector` matches; a refusal (the token's RBAC) is logged and the rest goes on, as Forklift's best-effort cleanup. */
  private deleteAll(target: Kinds, kind: KindName, ns: string, selector: string, keep?: (o: KubeObject) => boolean): void {
    try {
      for (const o of target.list(kind, ns, selector)) {
        if (!keep?.(o)) target.store.delete(target.rt(kind), ns, o.metadata.name ?? '');
      }
    } catch (e) {
      this.runnerDeps.log(`cleanup of ${kind} objects (${selector}) in ${ns}: ${(e as Error).message}`);
    }
  }

  /**
   * Plan deleted (§2.6): orphans labelled with the plan are removed from the target namespace on
   * the destination cluster — DataVolumes and PVCs unless a VirtualMachine owns them, pods,
   * secrets, config maps. The target VirtualMachine itself stays. A run still going is canceled.
   */
  planDeleted(plan: KubeObject): void {
    const uid = plan.metadata.uid ?? '';
    this.active.get(uid)?.runner.abortAll('Deleted');
    const ns = ((plan.spec ?? {}) as PlanSpec).targetNamespace;
    if (!ns || !uid) return;
    const target = this.destinationKinds(plan, 'deleting');
    if (!target) return;
    const ownedByVm = (o: KubeObject) => (o.metadata.ownerReferences ?? []).some((r) => r.kind === 'VirtualMachine');
    for (const kind of ['dataVolume', 'pvc'] as const) this.deleteAll(target, kind, ns, `plan=${uid}`, ownedByVm);
    for (const kind of ['secret', 'configMap'] as const) this.deleteAll(target, kind, ns, `plan=${uid}`);
  }

  markDeleted(migrationUid: string): void {
    const run = this.runFor(migrationUid);
    if (!run) return;
    run.deleted = true;
    run.runner.abortAll('Deleted');
  }
}
