/**
 * VirtualMachine state as virt-controller sees it: whether a VM should run (runStrategy /
 * spec.running), VMI phases, and the VM status (printableStatus, ready, created, conditions) it
 * writes. Pure functions.
 */
import type { KubeObject } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import type { TemplateSpecLike } from './guest-model';
import type { SchedulingInput } from './scheduling';

export type Phase = 'Pending' | 'Scheduling' | 'Scheduled' | 'Running' | 'Succeeded' | 'Failed';

export interface VmSpecLike {
  running?: boolean;
  runStrategy?: string;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> & TemplateSpecLike & SchedulingInput & { volumes?: Array<Record<string, unknown>> } };
}

export function shouldRun(vm: KubeObject, vmi: KubeObject | undefined): boolean {
  const spec = (vm.spec ?? {}) as VmSpecLike;
  const strategy = spec.runStrategy ?? (spec.running === true ? 'Always' : 'Halted');
  switch (strategy) {
    case 'Always':
    case 'RerunOnFailure':
      return true;
    case 'Manual':
    case 'Once':
      return vmi !== undefined; // started only through the start subresource
    default:
      return false;
  }
}

export function vmiPhase(vmi: KubeObject | undefined): Phase | undefined {
  return (vmi?.status as { phase?: Phase } | undefined)?.phase;
}

export function cond(type: string, status: 'True' | 'False', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type, status, lastProbeTime: null, lastTransitionTime: nowTimestamp(), ...extra };
}

/** Keeps lastTransitionTime of conditions whose status did not change. */
export function mergeConditions(prev: Array<Record<string, unknown>> | undefined, next: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return next.map((c) => {
    const old = (prev ?? []).find((p) => p.type === c.type);
    return old && old.status === c.status && old.reason === c.reason ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  });
}

/** A status without its timestamps, to tell a real change from a rewrite. */
export function stripTimes(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null, (k, val: unknown) => (k === 'lastTransitionTime' || k === 'lastProbeTime' ? undefined : val)));
}

/** The VirtualMachine status virt-controller would write for this VM and its VMI (if any). */
export function vmStatusFor(vm: KubeObject, vmi: KubeObject | undefined, blocker: string | undefined): Record<string, unknown> {
  const phase = vmiPhase(vmi);
  const vmiConds = ((vmi?.status as { conditions?: Array<Record<string, unknown>> } | undefined)?.conditions ?? []);
  const ready = phase === 'Running' && vmiConds.some((c) => c.type === 'Ready' && c.status === 'True');
  const unschedulable = vmiConds.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  let printable: string;
  if (blocker) printable = blocker;
  else if (!vmi) printable = shouldRun(vm, vmi) ? 'Starting' : 'Stopped';
  else if (vmi.metadata.deletionTimestamp) printable = 'Stopping';
  else if (unschedulable) printable = 'ErrorUnschedulable';
  else if (phase === 'Running') printable = 'Running';
  else if (phase === 'Succeeded' || phase === 'Failed') printable = phase === 'Failed' ? 'CrashLoopBackOff' : 'Stopped';
  else printable = 'Starting';
  const prev = vm.status as { conditions?: Array<Record<string, unknown>> } | undefined;
  const conditions: Array<Record<string, unknown>> = [];
  if (ready) conditions.push(cond('Ready', 'True'));
  else conditions.push(cond('Ready', 'False', vmi ? { reason: 'PodNotReady', message: 'VMI is not running' } : { reason: 'VMINotExists', message: 'VMI does not exist' }));
  const agent = vmiConds.find((c) => c.type === 'AgentConnected');
  if (agent) conditions.push(cond('AgentConnected', 'True'));
  if (unschedulable) conditions.push(cond('Failure', 'True', { reason: 'Unschedulable', message: unschedulable.message }));
  const status: Record<string, unknown> = {
    printableStatus: printable,
    conditions: mergeConditions(prev?.conditions, conditions),
    volumeSnapshotStatuses: (((vm.spec as VmSpecLike)?.template?.spec?.volumes ?? []) as Array<{ name?: string }>).map((v) => ({ name: v.name, enabled: false, reason: `No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass [${v.name}]` })),
    observedGeneration: vm.metadata.generation,
    desiredGeneration: vm.metadata.generation,
    runStrategy: (vm.spec as VmSpecLike).runStrategy ?? ((vm.spec as VmSpecLike).running ? 'Always' : 'Halted'),
  };
  if (vmi) status.created = true;
  if (ready) status.ready = true;
  return status;
}
