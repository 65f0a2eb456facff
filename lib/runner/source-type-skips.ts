/**
 * The Python suite's collection-time skips per source type (conftest.py
 * pytest_collection_modifyitems), applied by marker: warm from OpenStack, OpenShift or OVA is not
 * supported, warm from RHV waits for MTV-2846, copy-offload, shared disks, deep inspection and AAP
 * hooks are vSphere-only, and the CA-certificate tests do not apply to OpenShift or OVA sources.
 */
import type { ProviderType } from '../config/providers-file';

interface SourceTypeSkip {
  marker: string;
  types: (type: ProviderType) => boolean;
  reason: (type: ProviderType) => string;
}

const SKIPS: readonly SourceTypeSkip[] = [
  {
    marker: 'warm',
    types: (t) => t === 'openstack' || t === 'openshift' || t === 'ova',
    reason: (t) => `source type ${t}: warm migration is not supported from ${t} sources (marker warm)`,
  },
  {
    marker: 'warm',
    types: (t) => t === 'ovirt',
    reason: (t) => `gate jira: blocked by open issue MTV-2846 for source type ${t} (marker warm)`,
  },
  ...['copyoffload', 'shared_disk', 'deep_inspection', 'aap'].map((marker) => ({
    marker,
    types: (t: ProviderType) => t !== 'vsphere',
    reason: (t: ProviderType) => `source type ${t}: marker ${marker} applies to vsphere sources only`,
  })),
  {
    marker: 'ca_crt',
    types: (t) => t === 'openshift' || t === 'ova',
    reason: (t) => `source type ${t}: marker ca_crt does not apply to ${t} sources (no provider CA certificate)`,
  },
];

/** Why a scenario with these markers is skipped for this source type, or undefined. */
export function sourceTypeSkip(markers: readonly string[], type: ProviderType | undefined): string | undefined {
  if (!type) return undefined;
  return SKIPS.find((s) => markers.includes(s.marker) && s.types(type))?.reason(type);
}
