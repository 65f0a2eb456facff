/**
 * The store's background work (garbage collection, namespace cleanup): each job runs on a later
 * turn of the event loop, apart from the write that caused it, as kube-controller-manager acts
 * after the API server has answered. Closing cancels what is still pending and refuses new work.
 */
export class BackgroundWork {
  private readonly pending = new Set<NodeJS.Immediate>();
  private closed = false;

  later(fn: () => void): void {
    if (this.closed) return;
    const t = setImmediate(() => {
      this.pending.delete(t);
      if (!this.closed) fn();
    });
    this.pending.add(t);
  }

  close(): void {
    this.closed = true;
    for (const t of this.pending) clearImmediate(t);
    this.pending.clear();
  }
}
