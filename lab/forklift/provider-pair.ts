/**
 * The provider-pair validation maps and plans share (pkg/controller/validation/provider.go): both
 * refs need name and namespace, must exist and carry Ready; the destination must be openshift.
 */
import type { KubeObject } from '../apiserver/contract';
import { hasCondition, type Condition, type ConditionStage } from './conditions';
import type { Kinds } from './kinds';

export interface ObjRef {
  name?: string;
  namespace?: string;
}

export interface ProviderPairResult {
  source?: KubeObject;
  destination?: KubeObject;
}

function isReady(p: KubeObject): boolean {
  return hasCondition((p.status as { conditions?: Condition[] } | undefined)?.conditions, 'Ready');
}

function one(kinds: Kinds, stage: ConditionStage, ref: ObjRef | undefined, side: 'Source' | 'Destination'): KubeObject | undefined {
  const notValid = `${side}ProviderNotValid`;
  const msg = `The ${side.toLowerCase()} provider is not valid.`;
  if (!ref?.name || !ref.namespace) {
    stage.set({ type: notValid, category: 'Critical', reason: 'NotSet', message: msg });
    return undefined;
  }
  const p = kinds.get('provider', ref.namespace, ref.name);
  if (!p) {
    stage.set({ type: notValid, category: 'Critical', reason: 'NotFound', message: msg });
    return undefined;
  }
  if (!isReady(p))
    stage.set({
      type: `${side}ProviderNotReady`,
      category: 'Critical',
      message: `The ${side.toLowerCase()} provider does not have the Ready condition.`,
    });
  return p;
}

export function validateProviderPair(
  kinds: Kinds,
  stage: ConditionStage,
  pair: { source?: ObjRef; destination?: ObjRef } | undefined,
): ProviderPairResult {
  const source = one(kinds, stage, pair?.source, 'Source');
  const destination = one(kinds, stage, pair?.destination, 'Destination');
  if (destination && (destination.spec as { type?: string } | undefined)?.type !== 'openshift') {
    stage.set({
      type: 'DestinationProviderNotValid',
      category: 'Critical',
      reason: 'TypeNotValid',
      message: 'The destination provider is not valid.',
    });
  }
  return { ...(source ? { source } : {}), ...(destination ? { destination } : {}) };
}
