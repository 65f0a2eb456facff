import type { DestinationVmFacts } from '../facts';
import { deepEqual, failure, show, type CheckFailure } from './failure';

/** targetNodeSelector: the running VMI is on the node the scenario labeled. */
export function checkNodePlacement(destination: DestinationVmFacts, expectedNode: string): CheckFailure[] {
  return destination.nodeName === expectedNode
    ? []
    : [failure('node-placement', 'node the VMI runs on', expectedNode, destination.nodeName ?? '(no running VMI)')];
}

/** targetLabels: every expected label is on the VM template with its value; extra labels are fine. */
export function checkTargetLabels(destination: DestinationVmFacts, expected: Readonly<Record<string, string>>): CheckFailure[] {
  return Object.entries(expected).flatMap(([key, value]) => {
    const actual = destination.templateLabels[key];
    return actual === value ? [] : [failure('labels', `template label ${key}`, value, actual === undefined ? '(missing)' : actual)];
  });
}

/** targetAffinity: the VM template's affinity equals the plan's, exactly. */
export function checkAffinity(destination: DestinationVmFacts, expected: unknown): CheckFailure[] {
  return deepEqual(destination.affinity, expected)
    ? []
    : [failure('affinity', 'template affinity', show(expected), show(destination.affinity))];
}
