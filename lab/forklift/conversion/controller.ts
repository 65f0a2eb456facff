/**
 * The Conversion reconciler (Forklift pkg/controller/conversion/controller.go): Succeeded and
 * Failed are final; an empty phase becomes Pending; validation runs every round (a blocker keeps
 * the Conversion Pending); a Conversion whose status a user set to Canceled has its pod deleted and
 * its owned source snapshot removed; otherwise one pipeline step runs (pipeline.ts) and the phase
 * conditions are resolved: Ready (Succeeded), ConversionFailed (Critical), ConversionCanceled
 * (Advisory), and an Advisory condition naming the running stage.
 *
 * Like Forklift's ConversionPredicate, status-only updates do not trigger a reconcile: a Running
 * Conversion is polled (requeued) instead, so a cancel is seen at the next poll.
 */
import type { KubeObject } from '../../apiserver/contract';
import type { LabFaults } from '../../faults-catalog';
import type { VSphereModel } from '../../vsphere/model';
import { ConditionStage, type Condition } from '../conditions';
import type { Kinds } from '../kinds';
import { ConversionPipeline, StageError, type ConversionStatus, type PipelineDeps } from './pipeline';
import { deletePods } from './pod';
import { validateConversion, type ConversionSpec } from './validation';

/** MTV minutes: how long the inspection pod works, and the poll interval while running. */
const INSPECTION_MINUTES = 50;
const POLL_MINUTES = 1;

const STAGE_MESSAGES: Record<string, string> = {
  CreatingPod: 'Creating the conversion pod.',
  PodRunning: 'Conversion pod is running.',
  CreatingSnapshot: 'Creating vSphere snapshot.',
  WaitingForSnapshot: 'Waiting for snapshot creation to complete.',
  FetchingResults: 'Fetching inspection results from pod.',
  RemovingSnapshot: 'Removing vSphere snapshot.',
  WaitingForSnapshotRemoval: 'Waiting for snapshot removal to complete.',
  Finished: 'Finalizing conversion.',
};

export class ConversionController {
  private readonly deps: PipelineDeps;

  constructor(
    kinds: Kinds,
    model: VSphereModel,
    faults: LabFaults,
    private readonly msPerMinute: number,
  ) {
    this.deps = { kinds, model, faults, inspectionMs: INSPECTION_MINUTES * msPerMinute, runningSince: new Map() };
  }

  /** Whether a store event of a Conversion should reconcile it (ConversionPredicate). */
  static wants(type: string, obj: KubeObject): boolean {
    if (type !== 'MODIFIED') return true;
    const observed = (obj.status as ConversionStatus | undefined)?.observedGeneration ?? 0;
    return observed < (obj.metadata.generation ?? 1);
  }

  forget(uid: string): void {
    this.deps.runningSince.delete(uid);
  }

  reconcile(namespace: string, name: string): number | undefined {
    const conv = this.deps.kinds.get('conversion', namespace, name);
    if (!conv || conv.metadata.deletionTimestamp) return undefined;
    const status = structuredClone((conv.status ?? {}) as ConversionStatus);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') return undefined;
    status.phase ??= 'Pending';
    const stage = new ConditionStage((status.conditions ?? []) as Condition[]);
    validateConversion((conv.spec ?? {}) as ConversionSpec, stage, this.deps.faults);
    let requeue: number | undefined;
    if (status.phase === 'Canceled') this.cancel(conv, status);
    else if (!stage.hasBlocker()) requeue = this.run(conv, status, stage);
    resolvePhase(status, stage);
    status.conditions = stage.commit();
    status.observedGeneration = conv.metadata.generation ?? 1;
    this.deps.kinds.writeStatus('conversion', conv, status);
    return requeue;
  }

  /** One pipeline step; the failure, if any, is the phase's ConversionFailed message. */
  private run(conv: KubeObject, status: ConversionStatus, stage: ConditionStage): number | undefined {
    const pipeline = new ConversionPipeline(this.deps, conv, status);
    try {
      if (status.phase === 'Pending' && !pipeline.start()) {
        status.phase = 'Failed';
        stage.set({
          type: 'ConnectionSecretNotSet',
          category: 'Critical',
          message: 'DeepInspection requires a Connection secret when the controller owns snapshots.',
        });
      } else if (pipeline.step()) {
        status.phase = 'Succeeded';
      }
    } catch (error) {
      if (!(error instanceof StageError)) throw error;
      status.phase = 'Failed';
      status.message = `The conversion has failed: ${error.message}`;
    }
    if (status.phase === 'Failed') this.removeOwnedSnapshot(status);
    return status.phase === 'Running' ? POLL_MINUTES * this.msPerMinute : undefined;
  }

  /** Canceled: the pod is deleted and the owned snapshot removed (Ensurer.DeletePod, RemoveOwnedSnapshot). */
  private cancel(conv: KubeObject, status: ConversionStatus): void {
    if (!this.deps.faults.isOn('conversion-cancel-keeps-pod')) deletePods(this.deps.kinds, conv);
    if (!this.deps.faults.isOn('conversion-cancel-keeps-snapshot')) this.removeOwnedSnapshot(status);
    this.forget(conv.metadata.uid ?? '');
  }

  private removeOwnedSnapshot(status: ConversionStatus): void {
    const snap = status.snapshot;
    if (!snap?.owned || !snap.moref) return;
    try {
      this.deps.model.removeSnapshot(snap.moref, false);
    } catch {
      // Already gone (removed by the pipeline or by hand): nothing left to remove.
    }
    delete status.snapshot;
  }
}

/** resolvePhaseConditions: the phase's condition and message. */
function resolvePhase(status: ConversionStatus, stage: ConditionStage): void {
  const now = new Date().toISOString();
  switch (status.phase) {
    case 'Succeeded':
      status.completionTime = now;
      status.message = 'The conversion has completed successfully.';
      stage.set({ type: 'Ready', category: 'Required', message: status.message });
      return;
    case 'Failed': {
      status.completionTime = now;
      status.message = status.message?.startsWith('The conversion has failed') ? status.message : 'The conversion has failed.';
      stage.set({ type: 'ConversionFailed', category: 'Critical', message: status.message });
      return;
    }
    case 'Canceled':
      status.completionTime = now;
      status.message = 'The conversion has been canceled.';
      stage.set({ type: 'ConversionCanceled', category: 'Advisory', message: status.message });
      return;
    case 'Pending':
      status.message = 'The conversion is pending.';
      return;
    default:
      status.message = STAGE_MESSAGES[status.stage ?? ''] ?? 'The conversion is running.';
      stage.set({ type: 'Advisory', category: 'Advisory', message: status.message });
  }
}
