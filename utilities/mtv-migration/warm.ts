/**
 * Warm migration settings on the ForkliftController (conftest.py precopy_interval_forkliftcontroller):
 * controller_precopy_interval (minutes, a string on the CR) set to snapshots_interval. Unlike the
 * Python suite, the previous value is returned so the fixture can restore it afterwards.
 */
import type { K8sClient } from '../../lib/k8s/client';

export interface PrecopyChange {
  controller: string;
  namespace: string;
  previous: string | undefined;
  changed: boolean;
}

export async function findForkliftController(client: K8sClient, mtvNamespace: string): Promise<string> {
  const list = await client.list('ForkliftController', { namespace: mtvNamespace });
  const name = list.items.find((c) => c.metadata?.name === 'forklift-controller')?.metadata?.name ?? list.items[0]?.metadata?.name;
  if (!name) throw new Error(`no ForkliftController in ${mtvNamespace}; is MTV installed there (--tc mtv_namespace:<ns>)?`);
  return name;
}

export async function setPrecopyInterval(client: K8sClient, mtvNamespace: string, minutes: number): Promise<PrecopyChange> {
  const name = await findForkliftController(client, mtvNamespace);
  const fc = await client.get('ForkliftController', name, mtvNamespace);
  const spec = (fc.spec ?? {}) as Record<string, unknown>;
  const previous = spec.controller_precopy_interval === undefined ? undefined : String(spec.controller_precopy_interval);
  const wanted = String(minutes);
  if (previous === wanted) {
    client.log.info(`ForkliftController ${mtvNamespace}/${name}: controller_precopy_interval already ${wanted}`);
    return { controller: name, namespace: mtvNamespace, previous, changed: false };
  }
  await client.mergePatch('ForkliftController', name, mtvNamespace, { spec: { controller_precopy_interval: wanted } });
  client.log.info(
    `ForkliftController ${mtvNamespace}/${name}: controller_precopy_interval ${previous ?? '(default)'} -> ${wanted} minutes`,
  );
  return { controller: name, namespace: mtvNamespace, previous, changed: true };
}

export async function restorePrecopyInterval(client: K8sClient, change: PrecopyChange): Promise<void> {
  if (!change.changed) return;
  // null removes the key (merge patch), restoring the operator default.
  await client.mergePatch('ForkliftController', change.controller, change.namespace, {
    spec: { controller_precopy_interval: change.previous ?? null },
  });
  client.log.info(
    `ForkliftController ${change.namespace}/${change.controller}: controller_precopy_interval restored to ${change.previous ?? '(default)'}`,
  );
}
