/**
 * Plan creation (utilities/mtv_migration.py create_plan_resource): the scenario's plan options go
 * into the spec verbatim (they use the Forklift CR spelling), VMs by name with their per-VM fields,
 * then a wait for Ready. A Critical plan condition (e.g. VDDKInitImageUnavailable) ends the wait at
 * once naming it; on timeout the error shows the plan's conditions and both providers' conditions,
 * which is where a plan that cannot become Ready explains itself.
 */
import type { V1beta1Plan, V1beta1PlanSpecVms } from '@kubev2v/types';
import { createAndTrack } from '../../lib/resources/create';
import { formatConditions } from '../../lib/k8s/conditions';
import { WaitTimeoutError } from '../../exceptions/k8s';
import type { MigrationContext, ObjectRef } from './context';
import { waitForkliftReady } from './critical-waits';

export interface PlanInput {
  warm: boolean;
  /** spec.type when the scenario names one (cold, warm, live, conversion); else warm decides. */
  type?: 'cold' | 'warm' | 'live' | 'conversion';
  storageMap: ObjectRef;
  networkMap: ObjectRef;
  /** Namespace the VMs are migrated into (scenario vm_target_namespace or the session namespace). */
  targetNamespace: string;
  vms: V1beta1PlanSpecVms[];
  /** Plan spec fields in Forklift spelling (targetPowerState, preserveStaticIPs, pvcNameTemplate, ...). */
  options?: Record<string, unknown>;
  readyTimeoutMs: number;
}

/** Spec keys the suite itself owns; scenario options may not override them. */
const RESERVED = new Set(['provider', 'map', 'vms', 'targetNamespace', 'warm', 'type']);

export function planSpec(ctx: MigrationContext, input: PlanInput): V1beta1Plan['spec'] {
  const extra = Object.fromEntries(Object.entries(input.options ?? {}).filter(([k, v]) => !RESERVED.has(k) && v !== undefined));
  return {
    ...extra,
    provider: { source: { ...ctx.sourceProvider }, destination: { ...ctx.destinationProvider } },
    map: { storage: { ...input.storageMap }, network: { ...input.networkMap } },
    targetNamespace: input.targetNamespace,
    warm: input.warm,
    ...(input.type ? { type: input.type } : input.warm ? { type: 'warm' } : {}),
    vms: input.vms,
  } as V1beta1Plan['spec'];
}

export async function createPlan(ctx: MigrationContext, input: PlanInput): Promise<V1beta1Plan> {
  const plan = await createAndTrack(
    ctx,
    'Plan',
    { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'Plan', metadata: { namespace: ctx.namespace }, spec: planSpec(ctx, input) },
    { warm: input.warm },
  );
  return waitPlanReady(ctx, plan.metadata!.name!, input.readyTimeoutMs);
}

export async function waitPlanReady(ctx: MigrationContext, name: string, timeoutMs: number): Promise<V1beta1Plan> {
  try {
    return await waitForkliftReady(ctx.client, 'Plan', name, ctx.namespace, { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const [plan, src, dst] = await Promise.all([
      ctx.client.tryGet('Plan', name, ctx.namespace),
      ctx.client.tryGet('Provider', ctx.sourceProvider.name, ctx.sourceProvider.namespace),
      ctx.client.tryGet('Provider', ctx.destinationProvider.name, ctx.destinationProvider.namespace),
    ]);
    const state = [
      `Plan ${ctx.namespace}/${name} conditions: ${plan ? formatConditions(plan) : 'plan does not exist'}`,
      `source Provider ${ctx.sourceProvider.name} conditions: ${src ? formatConditions(src) : 'missing'}`,
      `destination Provider ${ctx.destinationProvider.name} conditions: ${dst ? formatConditions(dst) : 'missing'}`,
    ].join(' | ');
    throw new WaitTimeoutError(`Plan ${ctx.namespace}/${name} to become Ready`, timeoutMs, state);
  }
}
