/**
 * vCenter tasks: a *_Task method returns a Task MoRef at once; the work runs later and TaskInfo
 * moves queued -> running -> success (result) | error (LocalizedMethodFault), as clients observe
 * it through the property collector.
 */
import { asSoapFault } from './faults';
import { anyMo, data, enumV, mo, poly, type MoRefV, type Val } from './values';

interface TaskRecord {
  ref: MoRefV;
  name: string;
  descriptionId: string;
  entity: MoRefV;
  entityName: string;
  userName: string;
  state: 'queued' | 'running' | 'success' | 'error';
  result?: Val;
  error?: { fault: Val; message: string };
  progress?: number;
  queueTime: string;
  startTime?: string;
  completeTime?: string;
}

const MAX_TASKS_KEPT = 500;

export class TaskManager {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly newMoref: () => string,
    private readonly changed: () => void,
    private readonly durationMs: number,
  ) {}

  /** Queues `work`; it runs after `durationMs` and its return value becomes TaskInfo.result. */
  start(
    opts: { name: string; descriptionId: string; entity: MoRefV; entityName: string; userName: string; weight?: number },
    work: () => Val,
  ): MoRefV {
    const ref = mo('Task', this.newMoref());
    const rec: TaskRecord = {
      ref,
      name: opts.name,
      descriptionId: opts.descriptionId,
      entity: opts.entity,
      entityName: opts.entityName,
      userName: opts.userName,
      state: 'queued',
      queueTime: new Date().toISOString(),
    };
    this.tasks.set(ref.value, rec);
    this.trim();
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (!this.closed) fn();
      }, ms);
      this.timers.add(t);
    };
    later(0, () => {
      rec.state = 'running';
      rec.progress = 0;
      rec.startTime = new Date().toISOString();
      this.changed();
      later(this.durationMs * (opts.weight ?? 1), () => {
        try {
          rec.result = work();
          rec.state = 'success';
        } catch (e) {
          const f = asSoapFault(e);
          rec.error = { fault: f.fault, message: f.message };
          rec.state = 'error';
        }
        delete rec.progress;
        rec.completeTime = new Date().toISOString();
        this.changed();
      });
    });
    return ref;
  }

  /** Task properties (info) for the property collector, or undefined for an unknown task. */
  properties(moref: string): Record<string, Val> | undefined {
    const t = this.tasks.get(moref);
    if (!t) return undefined;
    return {
      info: data('TaskInfo', {
        key: t.ref.value,
        task: t.ref,
        name: t.name,
        descriptionId: t.descriptionId,
        entity: t.entity,
        entityName: t.entityName,
        state: enumV('TaskInfoState', t.state),
        cancelled: false,
        cancelable: false,
        error: t.error ? data('LocalizedMethodFault', { fault: t.error.fault, localizedMessage: t.error.message }) : undefined,
        result: t.result && typeof t.result === 'object' && t.result.kind === 'moref' ? anyMo(t.result) : t.result,
        progress: t.progress,
        reason: poly('TaskReasonUser', { userName: t.userName }),
        queueTime: t.queueTime,
        startTime: t.startTime,
        completeTime: t.completeTime,
        eventChainId: Number(t.ref.value.replace(/\D/g, '')),
      }),
    };
  }

  list(): MoRefV[] {
    return [...this.tasks.values()].map((t) => t.ref);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private trim(): void {
    for (const [k, t] of this.tasks) {
      if (this.tasks.size <= MAX_TASKS_KEPT) break;
      if (t.state === 'success' || t.state === 'error') this.tasks.delete(k);
    }
  }
}
