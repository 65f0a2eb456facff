import type { DestinationVmFacts, PowerState, SourceVmFacts } from '../facts';
import { compare, failure, type CheckFailure } from './failure';

/**
 * Power after migration. The plan's (or the VM's) targetPowerState on/off wins; "auto" and unset
 * fall back to the scenario's sourceVmPower (the power the source had before migration, which
 * Forklift restores); with neither nothing is checked.
 */
export function checkPowerState(
  destination: DestinationVmFacts,
  targetPowerState: 'on' | 'off' | 'auto' | undefined,
  sourceVmPower: 'on' | 'off' | undefined,
): CheckFailure[] {
  const expected: PowerState | undefined = targetPowerState === 'on' || targetPowerState === 'off' ? targetPowerState : sourceVmPower;
  if (expected === undefined) return [];
  const why =
    targetPowerState === 'on' || targetPowerState === 'off' ? `targetPowerState ${targetPowerState}` : `sourceVmPower ${expected}`;
  return destination.powerState === expected
    ? []
    : [failure('power-state', `power state (${why})`, expected, `${destination.powerState} (${destination.powerStateReason})`)];
}

/** Sockets and cores per socket, exact; a source value of 0 or missing is not checked. */
export function checkCpu(source: SourceVmFacts, destination: DestinationVmFacts): CheckFailure[] {
  return [
    ...(source.cpu.coresPerSocket ? compare('cpu', 'CPU cores per socket', source.cpu.coresPerSocket, destination.cpu.cores) : []),
    ...(source.cpu.sockets ? compare('cpu', 'CPU sockets', source.cpu.sockets, destination.cpu.sockets) : []),
  ];
}

/** Guest memory in MiB, exact. */
export function checkMemory(source: SourceVmFacts, destination: DestinationVmFacts): CheckFailure[] {
  return compare('memory', 'guest memory (MiB)', source.memoryMB, destination.memoryMB);
}

/**
 * enableNestedVirtualization false: the template CPU must disable both virtualization
 * extensions (vmx for Intel, svm for AMD; Forklift cannot know the node's vendor).
 */
export function checkNestedVirtualizationDisabled(destination: DestinationVmFacts): CheckFailure[] {
  return ['vmx', 'svm'].flatMap((name) => {
    const feature = destination.cpu.features.find((candidate) => candidate.name === name);
    return feature?.policy === 'disable'
      ? []
      : [
          failure(
            'nested-virtualization',
            `CPU feature ${name} (enableNestedVirtualization false)`,
            'policy disable',
            feature === undefined ? 'feature not listed' : `policy ${feature.policy ?? '(default: require)'}`,
          ),
        ];
  });
}
