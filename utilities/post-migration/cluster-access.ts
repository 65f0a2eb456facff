import type { K8sClient } from '../../lib/k8s/client';
import { waitForCondition, waitForObject } from '../../lib/k8s/waits';
import type { DestinationAccess } from './check-vms';
import type { WaitForVmiCondition } from './checks/guest';

/**
 * checkVms' cluster reads and waits on the suite's K8sClient; every wait is a watch. `signal` (the
 * step's) stops the waits when Jest gave up on the step.
 */
export function destinationAccessFor(client: K8sClient, signal?: AbortSignal): DestinationAccess {
  return {
    readVm: (namespace, name) => client.get('VirtualMachine', name, namespace),
    readVmi: (namespace, name) => client.tryGet('VirtualMachineInstance', name, namespace),
    listPvcs: async (namespace) => (await client.list('PersistentVolumeClaim', { namespace })).items,
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
