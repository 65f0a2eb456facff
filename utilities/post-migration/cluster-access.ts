import type { IoK8sApiCoreV1PersistentVolumeClaim } from '@kubev2v/types';
import type { K8sClient } from '../../lib/k8s/client';
import { waitForCondition, waitForObject } from '../../lib/k8s/waits';
import type { DestinationAccess } from './check-vms';
import type { WaitForVmiCondition } from './checks/guest';

/**
 * checkVms' cluster reads and waits on the suite's K8sClient; every wait is a watch. `signal` (the
 * step's) stops the waits when Jest gave up on the step.
 */
export function destinationAccessFor(client: K8sClient, signal?: AbortSignal): DestinationAccess {
  // A check step reads the destination after the migration finished, when its claims no longer
  // change (starting a VM for inspection uses the claims it has): one list per namespace serves
  // every VM and both fact snapshots of the step. A failed list is not kept.
  const pvcLists = new Map<string, Promise<IoK8sApiCoreV1PersistentVolumeClaim[]>>();
  const listPvcs = (namespace: string): Promise<IoK8sApiCoreV1PersistentVolumeClaim[]> => {
    let list = pvcLists.get(namespace);
    if (!list) {
      list = client.list('PersistentVolumeClaim', { namespace }).then((l) => l.items);
      pvcLists.set(namespace, list);
      list.catch(() => pvcLists.delete(namespace));
    }
    return list;
  };
  return {
    readVm: (namespace, name) => client.get('VirtualMachine', name, namespace),
    readVmi: (namespace, name) => client.tryGet('VirtualMachineInstance', name, namespace),
    listPvcs,
    waitForStablePower: async (namespace, name, timeoutMs) => {
      await waitForObject(
        client,
        'VirtualMachine',
        name,
        namespace,
        (vm) => vm?.status?.printableStatus === 'Running' || vm?.status?.printableStatus === 'Stopped',
        {
          timeoutMs,
          what: 'to settle in printableStatus Running or Stopped',
          describe: (vm) =>
            vm === undefined ? 'VirtualMachine does not exist' : `printableStatus ${vm.status?.printableStatus ?? 'unset'}`,
          signal,
        },
      );
    },
    // Forklift sets runStrategy and clears spec.running; do the same so both never disagree.
    setRunStrategy: async (namespace, name, strategy) => {
      await client.mergePatch('VirtualMachine', name, namespace, { spec: { runStrategy: strategy, running: null } });
    },
  };
}

/** WaitForVmiCondition on lib/k8s's watch-based waitForCondition. */
export function waitForVmiConditionFor(client: K8sClient, signal?: AbortSignal): WaitForVmiCondition {
  return (vmi, type, timeoutMs) => waitForCondition(client, 'VirtualMachineInstance', vmi.name, vmi.namespace, type, { timeoutMs, signal });
}
