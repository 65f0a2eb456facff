/**
 * The smallest specs the real CRD schemas accept, for tests about API machinery rather than about
 * the objects: Forklift's CRDs require the provider pair and the maps, KubeVirt's a VM template
 * with a domain.
 */
const ref = (name: string, namespace: string): { name: string; namespace: string } => ({ name, namespace });

export const providerPair = (ns: string): Record<string, unknown> => ({ source: ref('vsphere', ns), destination: ref('host', ns) });

export const mapSpec = (ns: string, map: unknown[] = []): Record<string, unknown> => ({ provider: providerPair(ns), map });

export const planSpec = (ns: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  provider: providerPair(ns),
  map: { network: ref('net', ns), storage: ref('storage', ns) },
  targetNamespace: ns,
  vms: [],
  ...extra,
});

export const migrationSpec = (ns: string, plan = 'plan'): Record<string, unknown> => ({ plan: ref(plan, ns) });

export const vmSpec = (): Record<string, unknown> => ({ runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } });
