/**
 * What a worker session records about its steps beyond pass/fail: the step's log lines (for the
 * JUnit system-out and the run report), the migration pipeline of each VM after a migrate step,
 * and the gathers: targeted at the scenario's objects when a step fails, full when the session
 * itself fails (once per worker). The scenario's objects are the ones the resource tracker recorded
 * for this session since the scenario began. Nothing here may fail a step: errors become warnings.
 */
import path from 'node:path';
import { errorMessage } from '../../exceptions/base';
import type { K8sClient } from '../k8s/client';
import { connect } from '../k8s/connect';
import { childLogger, type Logger } from '../log/logger';
import { takeGather } from '../gather';
import type { GatherScope } from '../gather/collect';
import type { VmPipeline } from '../report/step-records';
import { readTrackedFile, type TrackedClusterObject } from '../resources/tracker';
import type { RunContext } from '../runner/run-context';

interface MigrationStatusVm {
  id?: string;
  name?: string;
  phase?: string;
  started?: string;
  completed?: string;
  error?: { phase?: string; reasons?: string[] };
  pipeline?: Array<{
    name?: string;
    phase?: string;
    started?: string;
    completed?: string;
    error?: { phase?: string; reasons?: string[] };
    progress?: { completed?: number; total?: number };
  }>;
}

const reasons = (e: { reasons?: string[] } | undefined): string | undefined => (e?.reasons?.length ? e.reasons.join('; ') : undefined);

/** Migration status.vms[] as the report draws it. */
export function pipelinesOf(migration: string, vms: readonly MigrationStatusVm[]): VmPipeline[] {
  return vms.map((vm) => ({
    vm: vm.name ?? vm.id ?? '?',
    migration,
    ...(vm.phase ? { phase: vm.phase } : {}),
    ...(vm.started ? { started: vm.started } : {}),
    ...(vm.completed ? { completed: vm.completed } : {}),
    ...(reasons(vm.error) ? { error: reasons(vm.error)! } : {}),
    pipeline: (vm.pipeline ?? []).map((p) => ({
      name: p.name ?? '?',
      ...(p.phase ? { phase: p.phase } : {}),
      ...(p.started ? { started: p.started } : {}),
      ...(p.completed ? { completed: p.completed } : {}),
      ...(reasons(p.error) ? { error: reasons(p.error)! } : {}),
      ...(p.progress ? { progress: p.progress } : {}),
    })),
  }));
}

export class StepDiagnostics {
  private client: Promise<K8sClient> | undefined;
  private fullGatherTaken = false;
  private readonly log: Logger = childLogger({ component: 'diagnostics' });

  constructor(private readonly run: RunContext) {}

  private k8s(): Promise<K8sClient> {
    this.client ??= connect(this.run.access, this.log);
    return this.client;
  }

  private trackedOfSession(): TrackedClusterObject[] {
    try {
      return readTrackedFile(this.run.trackedResourcesFile).entries.filter(
        (e): e is TrackedClusterObject => e.side === 'cluster' && e.session === this.run.sessionId,
      );
    } catch {
      return [];
    }
  }

  /** A mark to pass to scenarioObjects(): what the session had tracked when the scenario began. */
  mark(): number {
    return this.trackedOfSession().length;
  }

  /** The cluster objects the session tracked since the mark (the scenario's own). */
  scenarioObjects(mark: number): TrackedClusterObject[] {
    return this.trackedOfSession().slice(mark);
  }

  /** A targeted gather for a failed step (none with --skip-data-collector). */
  async gatherForStep(label: string, mark: number): Promise<string[]> {
    const seeds = this.scenarioObjects(mark);
    return this.gather(label, { kind: 'plan', seeds });
  }

  /** A full gather for a session error, once per worker. */
  async gatherForSession(label: string): Promise<string[]> {
    if (this.fullGatherTaken) return [];
    this.fullGatherTaken = true;
    const namespaces = [
      ...new Set([this.run.config.mtv_namespace, ...this.trackedOfSession().flatMap((e) => (e.namespace ? [e.namespace] : []))]),
    ];
    return this.gather(label, { kind: 'full', namespaces });
  }

  private async gather(label: string, scope: GatherScope): Promise<string[]> {
    if (this.run.skipDataCollector) return [];
    let client: K8sClient;
    try {
      client = await this.k8s();
    } catch (error) {
      this.log.warn(`gather ${label} could not be taken: no cluster client (${errorMessage(error)})`);
      return [];
    }
    const dir = await takeGather({
      client,
      dataCollectorDir: this.run.dataCollectorDir,
      label,
      mtvNamespace: this.run.config.mtv_namespace,
      scope,
      useOc: this.run.target.kind === 'cluster',
      log: this.log,
    });
    return dir ? [path.relative(this.run.dataCollectorDir, dir)] : [];
  }

  /** The pipeline of every VM of the Migrations created since the mark (after a migrate step). */
  async pipelines(mark: number): Promise<VmPipeline[]> {
    const migrations = this.scenarioObjects(mark).filter((e) => e.kind === 'Migration' && e.namespace);
    if (migrations.length === 0) return [];
    try {
      const client = await this.k8s();
      const out: VmPipeline[] = [];
      for (const m of migrations) {
        const o = await client.tryGet('Migration', m.name, m.namespace);
        const vms = (o?.status as { vms?: MigrationStatusVm[] } | undefined)?.vms ?? [];
        out.push(...pipelinesOf(m.name, vms));
      }
      return out;
    } catch (error) {
      this.log.warn(`could not read the migration pipelines for the report: ${errorMessage(error)}`);
      return [];
    }
  }

  close(): void {
    void this.client?.then((c) => c.close()).catch(() => undefined);
  }
}
