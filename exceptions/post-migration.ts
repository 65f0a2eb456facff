import { MtvTestsError, errorMessage } from './base';

/** One failed post-migration check: what was checked, what the plan promised, what was found. */
export interface CheckFailure {
  /** Short stable check name (power-state, cpu, labels, ...). */
  readonly check: string;
  /** What exactly was compared, e.g. "CPU sockets" or "template label mtv-comprehensive-label". */
  readonly subject: string;
  readonly expected: string;
  readonly actual: string;
}

/** The failures of one VM (or of the source provider, subject "_provider"). */
export interface VmFailures {
  /** Source VM name, or a pseudo-entry such as `source provider "vsphere-x"`. */
  readonly vm: string;
  /** `<namespace>/<name>` of the migrated VirtualMachine when known. */
  readonly destination?: string;
  readonly failures: readonly CheckFailure[];
}

/** One failed check of one VM, before findings are grouped per VM. */
export interface VmFinding {
  readonly vm: string;
  readonly failure: CheckFailure;
}

/** Findings grouped per VM: VMs in the order of their first finding, each VM's failures in order. */
export function groupByVm(findings: Iterable<VmFinding>): VmFailures[] {
  const byVm = new Map<string, CheckFailure[]>();
  for (const { vm, failure } of findings) byVm.set(vm, [...(byVm.get(vm) ?? []), failure]);
  return [...byVm].map(([vm, failures]) => ({ vm, failures }));
}

/**
 * checkVms ran every applicable check and at least one failed. The message lists, per VM, each
 * failing check with expected and actual on their own lines so a person reading the JUnit report
 * without the run's logs can tell what went wrong. `vms` keeps the same data for programs.
 */
export class VmValidationError extends MtvTestsError {
  readonly vms: readonly VmFailures[];
  constructor(
    readonly plan: string,
    vms: readonly VmFailures[],
    readonly checkedVmCount: number,
  ) {
    super(formatVmValidationMessage(plan, vms, checkedVmCount));
    this.vms = vms;
  }
}

function indentBlock(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? line : prefix + line))
    .join('\n');
}

/** Exported for the self-test that pins the exact shape. */
export function formatVmValidationMessage(plan: string, vms: readonly VmFailures[], checkedVmCount: number): string {
  const failing = vms.filter((vm) => vm.failures.length > 0);
  const total = failing.reduce((sum, vm) => sum + vm.failures.length, 0);
  const realVms = failing.filter((vm) => vm.destination !== undefined).length;
  const lines = [
    `Post-migration validation of plan ${plan} failed: ${total} failing check${total === 1 ? '' : 's'} ` +
      `on ${realVms} of ${checkedVmCount} VM${checkedVmCount === 1 ? '' : 's'}`,
  ];
  for (const vm of failing) {
    lines.push('');
    lines.push(vm.destination === undefined ? `${vm.vm}:` : `VM ${vm.vm} (migrated as ${vm.destination}):`);
    for (const failure of vm.failures) {
      lines.push(`  - ${failure.check}: ${failure.subject}`);
      lines.push(`      expected: ${indentBlock(failure.expected, '                ')}`);
      lines.push(`      actual:   ${indentBlock(failure.actual, '                ')}`);
    }
  }
  return lines.join('\n');
}

/** A guest command over SSH exited non-zero or could not run. */
export class GuestCommandError extends MtvTestsError {
  constructor(
    readonly vm: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`command "${command}" in guest of VM ${vm} failed (exit code ${exitCode ?? 'none'}): ${stderr.trim() || '(no stderr)'}`);
  }
}

/** The virtctl port-forward tunnel or the SSH session to a migrated VM could not be set up. */
export class SshConnectionError extends MtvTestsError {
  constructor(
    readonly vm: string,
    reason: string,
    cause?: unknown,
  ) {
    super(`SSH to VM ${vm} could not be set up: ${reason}${cause === undefined ? '' : `: ${errorMessage(cause)}`}`, { cause });
  }
}

/** virtctl was not on PATH, not cached, and could not be downloaded from the cluster. */
export class VirtctlUnavailableError extends MtvTestsError {
  constructor(reason: string, cause?: unknown) {
    super(`virtctl is not available: ${reason}${cause === undefined ? '' : `: ${errorMessage(cause)}`}`, { cause });
  }
}

/** Guest tool output that does not have the documented shape. */
export class GuestOutputParseError extends MtvTestsError {
  constructor(
    readonly tool: string,
    reason: string,
  ) {
    super(`cannot parse output of "${tool}": ${reason}`);
  }
}

/** The shared disk of a migrated VM pair is not shared, or a guest does not see the other's data. */
export class SharedDiskError extends MtvTestsError {
  constructor(
    readonly vm: string,
    readonly what: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`shared disk of VM ${vm}: ${what}: expected ${expected}, actual ${actual}`);
  }
}
