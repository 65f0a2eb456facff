/**
 * Forklift's Provider admission webhooks (pkg/forklift-api/webhooks, reference/forklift.md §10),
 * registered on the lab store: the mutating one gives a vSphere Provider without
 * settings.sdkEndpoint the default `vcenter`; the validating one rejects a vSphere sdkEndpoint
 * other than `vcenter` or `esxi`.
 */
import type { KubeObject, ResourceType } from '../apiserver/contract';
import { errors } from '../apiserver/errors';

export const SDK_ENDPOINTS = ['vcenter', 'esxi'] as const;

interface ProviderSpecView {
  type?: string;
  settings?: Record<string, unknown>;
}

function isProvider(rt: ResourceType): boolean {
  return rt.group === 'forklift.konveyor.io' && rt.plural === 'providers';
}

/** Mutating, then validating, as the API server runs the two webhooks. */
export function admitProvider(rt: ResourceType, obj: KubeObject): void {
  if (!isProvider(rt)) return;
  const spec = (obj.spec ?? {}) as ProviderSpecView;
  if (spec.type !== 'vsphere') return;
  const settings = (spec.settings ??= {});
  if (settings['sdkEndpoint'] === undefined || settings['sdkEndpoint'] === '') settings['sdkEndpoint'] = 'vcenter';
  obj.spec = spec;
  const sdk = settings['sdkEndpoint'];
  if (typeof sdk !== 'string' || !(SDK_ENDPOINTS as readonly string[]).includes(sdk)) {
    throw errors.forbidden(
      `admission webhook "provider-validate" denied the request: invalid sdkEndpoint ${JSON.stringify(sdk)}: a vSphere provider's settings.sdkEndpoint must be one of ${SDK_ENDPOINTS.join(', ')}`,
    );
  }
}
