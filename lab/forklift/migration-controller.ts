/**
 * Migration reconciliation (pkg/controller/migration): the plan reference (PlanNotValid), the
 * ownerReference Migration -> Plan, PlanNotReady while the plan lacks Ready, and Ready. The
 * execution conditions (Running, Succeeded, Failed, Canceled) and status.vms belong to the plan
 * controller's run and are kept as they are. A completed Migration is never reconciled again.
 */
import type { KubeObject } from '../apiserver/contract';
import type { InventoryService } from '../inventory/service';
import { ConditionStage, hasCondition, refItem, type Condition } from './conditions';
import type { Kinds } from './kinds';
import type { MigrationSpec, MigrationStatus } from './plan-types';

type PlanKey = { planNs: string; planName: string };

const EXECUTION_TYPES = ['Running', 'Succeeded', 'Failed', 'Canceled'];

export class MigrationController {
  constructor(
    private readonly kinds: Kinds,
    private readonly inventory: InventoryService,
  ) {}

  /** Returns the plan to enqueue (ns/name) when there is one. */
  reconcile(namespace: string, name: string): PlanKey | undefined {
    const m = this.kinds.get('migration', namespace, name);
    if (!m || m.metadata.deletionTimestamp) return undefined;
    const status = (m.status ?? {}) as MigrationStatus;
    if (status.completed) return undefined;
    const spec = (m.spec ?? {}) as MigrationSpec;
    const current = status.conditions ?? [];
    const stage = new ConditionStage(current.filter((c) => !EXECUTION_TYPES.includes(c.type)));
    const plan = this.planOf(stage, spec);
    if (plan) this.validateWithPlan(stage, m, plan, spec);
    if (!stage.hasBlocker()) stage.set({ type: 'Ready', category: 'Required', message: 'The migration is ready.' });
    this.writeConditions(m, [...stage.commit(), ...current.filter((c) => EXECUTION_TYPES.includes(c.type))]);
    return plan && { planNs: plan.metadata.namespace ?? '', planName: plan.metadata.name ?? '' };
  }

  /** The referenced Plan, or PlanNotValid (NotSet / NotFound). */
  private planOf(stage: ConditionStage, spec: MigrationSpec): KubeObject | undefined {
    const ref = spec.plan;
    if (!ref?.name || !ref.namespace) {
      stage.set({ type: 'PlanNotValid', category: 'Critical', reason: 'NotSet', message: 'The `plan` is not valid.' });
      return undefined;
    }
    const plan = this.kinds.get('plan', ref.namespace, ref.name);
    if (!plan) stage.set({ type: 'PlanNotValid', category: 'Critical', reason: 'NotFound', message: 'The `plan` is not valid.' });
    return plan;
  }

  private validateWithPlan(stage: ConditionStage, m: KubeObject, plan: KubeObject, spec: MigrationSpec): void {
    const owned = (m.metadata.ownerReferences ?? []).some((o) => o.uid === plan.metadata.uid);
    if (!owned) {
      this.kinds.store.mutate(this.kinds.rt('migration'), m.metadata.namespace, m.metadata.name ?? '', (o) => {
        o.metadata.ownerReferences = [
          ...(o.metadata.ownerReferences ?? []),
          { apiVersion: plan.apiVersion, kind: plan.kind, name: plan.metadata.name ?? '', uid: plan.metadata.uid ?? '' },
        ];
      });
    }
    if (!hasCondition((plan.status as { conditions?: Condition[] } | undefined)?.conditions, 'Ready')) {
      stage.set({ type: 'PlanNotReady', category: 'Critical', reason: 'NotFound', message: 'The `plan` does not have Ready condition.' });
    }
    this.validateCancelRefs(stage, plan, spec);
  }

  /** spec.cancel refs are resolved against the source inventory (Warn only). */
  private validateCancelRefs(stage: ConditionStage, plan: KubeObject, spec: MigrationSpec): void {
    const src = (plan.spec as { provider?: { source?: { name?: string; namespace?: string } } } | undefined)?.provider?.source;
    const provider = src?.name ? this.kinds.get('provider', src.namespace, src.name) : undefined;
    if (!provider) return; // without a source provider no ref resolves
    const notFound: string[] = [];
    const ambiguous: string[] = [];
    for (const ref of spec.cancel ?? []) {
      const found = this.inventory.findVm(provider.metadata.uid ?? '', ref);
      if (!found) continue; // the lab inventories only vSphere sources
      if ('notFound' in found) notFound.push(refItem(ref));
      else if ('ambiguous' in found) ambiguous.push(refItem(ref));
    }
    if (notFound.length) stage.set({ type: 'VMNotFound', category: 'Warn', reason: 'NotFound', message: 'VM not found.', items: notFound });
    if (ambiguous.length)
      stage.set({ type: 'VMNotUnique', category: 'Warn', reason: 'Ambiguous', message: 'VM reference is ambiguous.', items: ambiguous });
  }

  /** Writes the validation conditions when they or the generation changed; the execution conditions on the stored object are kept. */
  private writeConditions(m: KubeObject, next: Condition[]): void {
    const namespace = m.metadata.namespace;
    const name = m.metadata.name ?? '';
    const fresh = this.kinds.get('migration', namespace, name);
    const freshStatus = (fresh?.status ?? {}) as MigrationStatus;
    if (JSON.stringify(freshStatus.conditions ?? []) === JSON.stringify(next) && freshStatus.observedGeneration === m.metadata.generation)
      return;
    this.kinds.store.mutate(
      this.kinds.rt('migration'),
      namespace,
      name,
      (o) => {
        const st = (o.status ?? {}) as MigrationStatus;
        const exec = (st.conditions ?? []).filter((c) => EXECUTION_TYPES.includes(c.type));
        st.conditions = [...next.filter((c) => !EXECUTION_TYPES.includes(c.type)), ...exec];
        st.observedGeneration = m.metadata.generation ?? 1;
        o.status = st;
      },
      { status: true },
    );
  }
}
