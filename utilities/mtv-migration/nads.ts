/**
 * Multus NetworkAttachmentDefinitions for the 2nd..nth source networks (conftest.py
 * multus_network_name): names `cb-<sha256(id \0 session)[:6]>-<i>`; NAD 1 uses the cnv-bridge
 * config, the others a plain bridge named after the NAD.
 */
import { createHash } from 'node:crypto';
import { createAndTrack, type ResourceContext } from '../../lib/resources/create';

export const MULTUS_CNI_CONFIG = { cniVersion: '0.3.1', type: 'cnv-bridge', bridge: 'cnv-bridge' };

export function nadBaseName(scenarioId: string, session: string): string {
  return `cb-${createHash('sha256').update(`${scenarioId}\u0000${session}`).digest('hex').slice(0, 6)}`;
}

/** Creates NADs `<base>-1` .. `<base>-<count>`; returns the base name and namespace for the NetworkMap. */
export async function createMultusNads(
  ctx: ResourceContext,
  opts: { baseName: string; namespace: string; count: number },
): Promise<{ baseName: string; namespace: string; names: string[] }> {
  const names: string[] = [];
  for (let i = 1; i <= opts.count; i += 1) {
    const name = `${opts.baseName}-${i}`;
    const config = i === 1 ? MULTUS_CNI_CONFIG : { cniVersion: '0.3.1', type: 'bridge', bridge: name };
    await createAndTrack(ctx, 'NetworkAttachmentDefinition', {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name, namespace: opts.namespace },
      spec: { config: JSON.stringify(config) },
    });
    names.push(name);
  }
  return { baseName: opts.baseName, namespace: opts.namespace, names };
}
