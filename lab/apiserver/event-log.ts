/**
 * The store's ordered event stream: a bounded history for watch resume (older resourceVersions
 * are 410 Gone) and in-order delivery to listeners, even when a listener writes while it is told
 * of an event.
 */
import type { KubeObject, ResourceType, WatchEventType } from './contract';

/** One entry of the event stream. `object` is the store's own frozen-by-convention copy. */
export interface HistoryEntry {
  rv: number;
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  /** For MODIFIED: the object before the change (lets filtered watches turn it into ADDED/DELETED). */
  previous?: KubeObject;
}

export class EventLog {
  private history: HistoryEntry[] = [];
  private compactedRv = 0;
  private readonly listeners = new Set<(e: HistoryEntry) => void>();
  private readonly queue: HistoryEntry[] = [];
  private delivering = false;

  constructor(private readonly historyLimit: number) {}

  emit(type: WatchEventType, rt: ResourceType, obj: KubeObject, previous?: KubeObject): void {
    const entry: HistoryEntry = { rv: Number(obj.metadata.resourceVersion), type, resource: rt, object: obj };
    if (previous) entry.previous = previous;
    this.history.push(entry);
    if (this.history.length > this.historyLimit * 2) {
      const drop = this.history.length - this.historyLimit;
      const last = this.history[drop - 1];
      if (last) this.compactedRv = last.rv;
      this.history = this.history.slice(drop);
    }
    this.queue.push(entry);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) {
        for (const l of [...this.listeners]) {
          try {
            l(e);
          } catch (err) {
            process.emitWarning(`lab store listener failed: ${(err as Error).message}`);
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  subscribe(listener: (e: HistoryEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after resourceVersion `rv`, or 'expired' when history no longer reaches back that far. */
  after(rv: number): HistoryEntry[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.history[mid]?.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  oldestResumable(): number {
    return this.compactedRv;
  }

  clear(): void {
    this.listeners.clear();
  }
}
