/**
 * A controller work queue: keys are reconciled one at a time, a key queued while pending is
 * queued once, and a reconcile may ask to be requeued after a delay (Forklift's SlowReQ/LongReQ).
 * Errors are logged and retried after a short back-off, never thrown to the event source.
 */
export type Reconcile = (key: string) => Promise<number | undefined> | number | undefined;

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly order: string[] = [];
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private running = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly reconcile: Reconcile,
    private readonly log: (m: string) => void,
    private readonly errorBackoffMs = 1000,
  ) {}

  add(key: string): void {
    if (this.stopped || this.pending.has(key)) return;
    this.pending.add(key);
    this.order.push(key);
    void this.drain();
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const prev = this.delayed.get(key);
    if (prev) clearTimeout(prev);
    const t = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, t);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped && this.order.length > 0) {
        const key = this.order.shift() as string;
        this.pending.delete(key);
        try {
          const requeue = await this.reconcile(key);
          if (requeue !== undefined && requeue > 0) this.addAfter(key, requeue);
        } catch (e) {
          this.log(`${this.name} ${key}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          this.addAfter(key, this.errorBackoffMs);
        }
      }
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
    this.order.length = 0;
    this.pending.clear();
  }
}
