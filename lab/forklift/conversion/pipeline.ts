/**
 * The DeepInspection pipeline of one Conversion (Forklift pkg/controller/conversion/pipeline.go):
 * Pending resolves snapshot ownership and moves to Running; then the stages CreatingSnapshot,
 * WaitingForSnapshot (skipped when spec.settings.SNAPSHOT_MOREF names a snapshot the controller does
 * not own), CreatingPod, PodRunning, FetchingResults, RemovingSnapshot, WaitingForSnapshotRemoval,
 * Finished. One stage step per reconcile; a stage that fails after the owned snapshot exists is
 * diverted to the snapshot removal stages first, and the failure surfaces again at Finished.
 */
import type { KubeObject } from '../../apiserver/contract';
import type { LabFaults } from '../../faults-catalog';
import type { VSphereModel } from '../../vsphere/model';
import type { Kinds } from '../kinds';
import { inspectGuest, type InspectionResult } from './inspection';
import { ensurePod, setPodPhase } from './pod';
import type { ConversionSpec } from './validation';

export const SNAPSHOT_NAME = 'forklift-deep-inspection';
const SNAPSHOT_DESCRIPTION = 'Forklift Operator deep inspection';

export type Stage =
  | 'CreatingSnapshot'
  | 'WaitingForSnapshot'
  | 'CreatingPod'
  | 'PodRunning'
  | 'FetchingResults'
  | 'RemovingSnapshot'
  | 'WaitingForSnapshotRemoval'
  | 'Finished';

const STAGES: readonly Stage[] = [
  'CreatingSnapshot',
  'WaitingForSnapshot',
  'CreatingPod',
  'PodRunning',
  'FetchingResults',
  'RemovingSnapshot',
  'WaitingForSnapshotRemoval',
  'Finished',
];
const SNAPSHOT_STAGES = new Set<Stage>(['CreatingSnapshot', 'WaitingForSnapshot', 'RemovingSnapshot', 'WaitingForSnapshotRemoval']);

export interface SnapshotStatus {
  moref?: string;
  owned?: boolean;
  createTaskId?: string;
  removeTaskId?: string;
}

export interface ConversionStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';
  stage?: Stage;
  message?: string;
  pod?: { name?: string; namespace?: string };
  startTime?: string;
  completionTime?: string;
  snapshot?: SnapshotStatus;
  inspectionResult?: InspectionResult;
  conditions?: unknown[];
  observedGeneration?: number;
}

export class StageError extends Error {}

export interface PipelineDeps {
  kinds: Kinds;
  model: VSphereModel;
  faults: LabFaults;
  /** ms the inspection pod runs before its results are ready (vm-migration-detective's work). */
  inspectionMs: number;
  /** When the pod of each conversion started running (the lab's kubelet clock), by conversion uid. */
  runningSince: Map<string, number>;
}

/** The controller owns the snapshot unless spec.settings.SNAPSHOT_MOREF names one. */
export function snapshotOwned(spec: ConversionSpec): boolean {
  return (spec.settings?.['SNAPSHOT_MOREF'] ?? '').trim() === '';
}

/** The source VM's MoRef: spec.vm.id, else the VM the name finds on the vCenter. */
function vmMoref(deps: PipelineDeps, spec: ConversionSpec): string {
  const ref = spec.vm?.id || spec.vm?.name || '';
  const vm = deps.model.vm(ref);
  if (!vm) throw new StageError(`VM ${ref} not found on the vCenter`);
  return vm.moref;
}

export class ConversionPipeline {
  constructor(
    private readonly deps: PipelineDeps,
    private readonly conv: KubeObject,
    private readonly status: ConversionStatus,
  ) {}

  private get spec(): ConversionSpec {
    return (this.conv.spec ?? {}) as ConversionSpec;
  }

  /** Pending → Running, resolving snapshot ownership; false when the conversion cannot start. */
  start(): boolean {
    if (snapshotOwned(this.spec)) {
      if (this.deps.faults.isOn('conversion-fails-pending') || !this.spec.connection?.secret?.name) return false;
      this.status.snapshot = { owned: true };
    } else {
      this.status.snapshot = { moref: (this.spec.settings?.['SNAPSHOT_MOREF'] ?? '').trim(), owned: false };
    }
    this.status.phase = 'Running';
    this.status.startTime = new Date().toISOString();
    return true;
  }

  /** One stage step; true once the pod succeeded at Finished. Throws StageError on failure. */
  step(): boolean {
    this.status.stage ??= 'CreatingSnapshot';
    while (SNAPSHOT_STAGES.has(this.status.stage) && !snapshotOwned(this.spec)) this.advance();
    try {
      if (this.status.stage === 'Finished') return this.podSucceeded();
      if (this.runStage(this.status.stage)) this.advance();
      return false;
    } catch (error) {
      const stage = this.status.stage;
      if (
        snapshotOwned(this.spec) &&
        this.status.snapshot?.moref &&
        stage !== 'RemovingSnapshot' &&
        stage !== 'WaitingForSnapshotRemoval'
      ) {
        this.status.stage = 'RemovingSnapshot';
        return false;
      }
      throw error;
    }
  }

  private advance(): void {
    const i = STAGES.indexOf(this.status.stage ?? 'Finished');
    const next = STAGES[i + 1];
    if (i >= 0 && next) this.status.stage = next;
  }

  private runStage(stage: Stage): boolean {
    const snap = (this.status.snapshot ??= {});
    switch (stage) {
      case 'CreatingSnapshot':
        if (!this.deps.faults.isOn('di-snapshot-not-created')) {
          const created = this.deps.model.createSnapshot(vmMoref(this.deps, this.spec), SNAPSHOT_NAME, SNAPSHOT_DESCRIPTION, false);
          snap.createTaskId = `task-${created.moref}`;
        }
        return true;
      case 'WaitingForSnapshot':
        snap.moref = snap.createTaskId?.replace(/^task-/, '') ?? '';
        delete snap.createTaskId;
        return true;
      case 'CreatingPod':
      case 'PodRunning':
        return this.runPod();
      case 'FetchingResults':
        return this.fetchResults();
      case 'RemovingSnapshot':
        if (snap.moref) snap.removeTaskId = `task-remove-${snap.moref}`;
        if (snap.moref) this.deps.model.removeSnapshot(snap.moref, false);
        return true;
      case 'WaitingForSnapshotRemoval':
        delete this.status.snapshot;
        return true;
      default:
        return true;
    }
  }

  private pod(): KubeObject {
    if (!this.spec.vddkImage)
      throw new StageError('VDDK image is required for deep inspection but is not set (Conversion spec.vddkImage or VDDK_IMAGE)');
    const pod = ensurePod(this.deps.kinds, this.conv);
    this.status.pod = { name: pod.metadata.name, namespace: pod.metadata.namespace };
    return pod;
  }

  /** CreatingPod/PodRunning: the pod is scheduled, runs the inspection, and is ready with results. */
  private runPod(): boolean {
    const pod = this.pod();
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    const uid = this.conv.metadata.uid ?? '';
    if (phase === 'Pending' && this.status.stage === 'CreatingPod') return this.startPod(pod, uid);
    if (phase === 'Running') {
      this.status.stage = 'PodRunning';
      const since = this.deps.runningSince.get(uid) ?? Date.now();
      if (Date.now() - since < this.deps.inspectionMs) return false;
      if (!this.deps.faults.isOn('conversion-pod-fails')) return true;
      setPodPhase(this.deps.kinds, pod, 'Failed', '');
    }
    this.status.stage = 'PodRunning';
    return true;
  }

  private startPod(pod: KubeObject, uid: string): boolean {
    const octet = (n: number) => (n % 250) + 2;
    const seed = [...uid].reduce((a, c) => a + c.charCodeAt(0), 0);
    setPodPhase(this.deps.kinds, pod, 'Running', `10.129.${octet(seed)}.${octet(seed >> 3)}`);
    this.deps.runningSince.set(uid, Date.now());
    this.status.stage = 'PodRunning';
    return false;
  }

  private fetchResults(): boolean {
    const pod = this.pod();
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Failed') throw new StageError(`pod ${pod.metadata.name} failed before /results could be fetched`);
    if (phase !== 'Running') return false;
    const vm = this.deps.model.vm(vmMoref(this.deps, this.spec));
    if (!vm) throw new StageError(`VM ${this.spec.vm?.id ?? this.spec.vm?.name} not found on the vCenter`);
    this.status.inspectionResult = inspectGuest(vm, this.deps.faults.isOn('di-results-incomplete'));
    // POST /shutdown: the detective exits cleanly once its results are stored.
    setPodPhase(this.deps.kinds, pod, 'Succeeded', '');
    return true;
  }

  /** Finished (podHandler): Succeeded completes the pipeline, Failed fails it. */
  private podSucceeded(): boolean {
    const pod = this.pod();
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded') return true;
    if (phase === 'Failed') throw new StageError(`conversion pod failed pod ${pod.metadata.name} phase Failed`);
    return false;
  }
}
