/**
 * The in-flight trackers of the copy-offload throttling classes (copyoffload_migration.py populator
 * / VM in-flight trackers): fed every state of the watched objects while the migration runs, they
 * keep the peak of concurrent populations per ESXi host (populate pods Running, label sourceHost)
 * and of VMs in flight per plan (status.migration.vms started and not completed), and whether a VM
 * was held back by the scheduler (condition Pending "in-flight limit reached"). The verifiers turn
 * them into check findings: a peak above the ForkliftController limit, or no throttling at all
 * where the class's layout must be throttled.
 */
import type { IoK8sApiCoreV1Pod, V1beta1Plan } from '@kubev2v/types';
import type { CheckFailure } from '../../exceptions/post-migration';

/** The limits the throttling classes set (copyoffload_constants.py). */
export const POPULATOR_INFLIGHT_LIMIT = 2;
export const VM_INFLIGHT_LIMIT = 1;
export const VM_POPULATOR_INFLIGHT_LIMIT = 2;
export const POPULATOR_THROTTLED_EVENT_REASON = 'PopulatorThrottled';

export class PopulatorTracker {
  /** Peak Running populate pods per source host. */
  readonly peakByHost = new Map<string, number>();
  readonly seen = new Set<string>();

  observe(pods: readonly IoK8sApiCoreV1Pod[]): void {
    const running = new Map<string, number>();
    for (const pod of pods) {
      this.seen.add(pod.metadata?.name ?? '');
      if (pod.status?.phase !== 'Running') continue;
      const host = pod.metadata?.labels?.sourceHost ?? '(no sourceHost label)';
      running.set(host, (running.get(host) ?? 0) + 1);
    }
    for (const [host, n] of running) this.peakByHost.set(host, Math.max(n, this.peakByHost.get(host) ?? 0));
  }
}

export class VmInflightTracker {
  /** Peak VMs in flight per Plan name, and the VMs seen held back by the in-flight limit. */
  readonly peakByPlan = new Map<string, number>();
  readonly heldBack = new Set<string>();

  observe(plans: readonly V1beta1Plan[]): void {
    for (const plan of plans) {
      const vms = plan.status?.migration?.vms ?? [];
      const inFlight = vms.filter((vm) => vm.started && !vm.completed).length;
      const name = plan.metadata?.name ?? '';
      this.peakByPlan.set(name, Math.max(inFlight, this.peakByPlan.get(name) ?? 0));
      for (const vm of vms)
        if ((vm.conditions ?? []).some((c) => c.type === 'Pending' && /in-flight limit/.test(c.message ?? '')))
          this.heldBack.add(vm.name ?? vm.id ?? '?');
    }
  }
}

/** verify populator throttling: never more populations per host than the limit, and the layout was throttled. */
export function populatorThrottlingFindings(tracker: PopulatorTracker, limit: number, throttledEvents: number): CheckFailure[] {
  const out: CheckFailure[] = [];
  const check = 'verify populator throttling';
  if (tracker.seen.size === 0)
    out.push({ check, subject: 'populate pods', expected: 'the plan’s disks copied by populate pods', actual: 'no populate pod seen' });
  for (const [host, peak] of tracker.peakByHost)
    if (peak > limit)
      out.push({
        check,
        subject: `populations in flight on host ${host}`,
        expected: `at most ${limit} (controller_max_populator_inflight)`,
        actual: `${peak} at once`,
      });
  if (throttledEvents === 0)
    out.push({
      check,
      subject: `${POPULATOR_THROTTLED_EVENT_REASON} events`,
      expected: `at least one (${tracker.seen.size} disks, limit ${limit} per host)`,
      actual: 'none',
    });
  return out;
}

/** verify VM in-flight throttling: never more VMs in flight than the limit, and a VM was held back. */
export function vmInflightFindings(tracker: VmInflightTracker, plan: string, limit: number): CheckFailure[] {
  const check = 'verify VM in-flight throttling';
  const out: CheckFailure[] = [];
  const peak = tracker.peakByPlan.get(plan) ?? 0;
  if (peak > limit)
    out.push({
      check,
      subject: `VMs in flight in plan ${plan}`,
      expected: `at most ${limit} (controller_max_vm_inflight)`,
      actual: `${peak} at once`,
    });
  if (tracker.heldBack.size === 0)
    out.push({
      check,
      subject: 'VMs held back by the in-flight limit',
      expected: 'at least one VM Pending "Waiting to start migration: in-flight limit reached"',
      actual: 'none',
    });
  return out;
}
