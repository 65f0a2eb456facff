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
  template?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown> & TemplateSpecLike & SchedulingInput & { volumes?: Array<Record<string, unknown>> };
  };
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
export function mergeConditions(
  prev: Array<Record<string, unknown>> | undefined,
  next: Array<Record<string, unknown>>,
): Array<Record<string, unknown>> {
  return next.map((c) => {
    const old = (prev ?? []).find((p) => p.type === c.type);
    return old && old.status === c.status && old.reason === c.reason ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  });
}

/** A status without its timestamps, to tell a real change from a rewrite. */
export function stripTimes(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v ?? null, (k, val: unknown) => (k === 'lastTransitionTime' || k === 'lastProbeTime' ? undefined : val)),
  );
}

type Condition = Record<string, unknown>;

/** printableStatus, in virt-controller's order of precedence. */
function printableStatusOf(
  vm: KubeObject,
  vmi: KubeObject | undefined,
  blocker: string | undefined,
  unschedulable: Condition | undefined,
): string {
  if (blocker) return blocker;
  if (!vmi) return shouldRun(vm, vmi) ? 'Starting' : 'Stopped';
  if (vmi.metadata.deletionTimestamp) return 'Stopping';
  if (unschedulable) return 'ErrorUnschedulable';
  const phase = vmiPhase(vmi);
  if (phase === 'Running') return 'Running';
  if (phase === 'Failed') return 'CrashLoopBackOff';
  return phase === 'Succeeded' ? 'Stopped' : 'Starting';
}

function vmConditions(
  vmi: KubeObject | undefined,
  vmiConds: Condition[],
  ready: boolean,
  unschedulable: Condition | undefined,
): Condition[] {
  const conditions: Condition[] = [];
  if (ready) conditions.push(cond('Ready', 'True'));
  else
    conditions.push(
      cond(
        'Ready',
        'False',
        vmi ? { reason: 'PodNotReady', message: 'VMI is not running' } : { reason: 'VMINotExists', message: 'VMI does not exist' },
      ),
    );
  if (vmiConds.some((c) => c.type === 'AgentConnected')) conditions.push(cond('AgentConnected', 'True'));
  if (unschedulable) conditions.push(cond('Failure', 'True', { reason: 'Unschedulable', message: unschedulable.message }));
  return conditions;
}

function volumeSnapshotStatuses(vm: KubeObject): Array<Record<string, unknown>> {
  const volumes = ((vm.spec as VmSpecLike)?.template?.spec?.volumes ?? []) as Array<{ name?: string }>;
  return volumes.map((v) => ({
    name: v.name,
    enabled: false,
    reason: `No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass [${v.name}]`,
  }));
}

/** The VirtualMachine status virt-controller would write for this VM and its VMI (if any). */
export function vmStatusFor(vm: KubeObject, vmi: KubeObject | undefined, blocker: string | undefined): Record<string, unknown> {
  const vmiConds = (vmi?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const ready = vmiPhase(vmi) === 'Running' && vmiConds.some((c) => c.type === 'Ready' && c.status === 'True');
  const unschedulable = vmiConds.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const prev = vm.status as { conditions?: Condition[] } | undefined;
  const spec = vm.spec as VmSpecLike;
  const status: Record<string, unknown> = {
    printableStatus: printableStatusOf(vm, vmi, blocker, unschedulable),
    conditions: mergeConditions(prev?.conditions, vmConditions(vmi, vmiConds, ready, unschedulable)),
    volumeSnapshotStatuses: volumeSnapshotStatuses(vm),
    observedGeneration: vm.metadata.generation,
    desiredGeneration: vm.metadata.generation,
    runStrategy: spec.runStrategy ?? (spec.running ? 'Always' : 'Halted'),
  };
  if (vmi) status.created = true;
  if (ready) status.ready = true;
  return status;
}
