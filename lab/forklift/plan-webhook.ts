/**
 * Forklift's validating Plan webhook (pkg/forklift-api/webhooks, reference §3/§10), the part the
 * lab enforces: a warm plan (spec.warm or spec.type warm) from an OpenStack source provider is
 * rejected on create and update with "warm migration is not supported by the provider".
 */
import type { KubeObject, ResourceType, Store } from '../apiserver/contract';
import { errors } from '../apiserver/errors';

interface PlanSpecView {
  warm?: boolean;
  type?: string;
  provider?: { source?: { name?: string; namespace?: string } };
}

export function planAdmission(store: Store): (rt: ResourceType, obj: KubeObject) => void {
  return (rt, obj) => {
    if (rt.group !== 'forklift.konveyor.io' || rt.plural !== 'plans') return;
    const spec = (obj.spec ?? {}) as PlanSpecView;
    if (spec.warm !== true && spec.type !== 'warm') return;
    const providers = store.resourceType('forklift.konveyor.io', 'providers');
    const ref = spec.provider?.source;
    const source = providers && ref?.name ? store.get(providers, ref.namespace || obj.metadata.namespace, ref.name) : undefined;
    if ((source?.spec as { type?: string } | undefined)?.type === 'openstack')
      throw errors.forbidden('admission webhook "plan-validate" denied the request: warm migration is not supported by the provider');
  };
}
