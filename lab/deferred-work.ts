/**
 * Work a lab controller schedules for later (lab-clock delays: an import finishing, a VMI
 * becoming Running). A failure is logged, never thrown into a timer, and stop() cancels whatever
 * is still pending so a stopped lab leaves no timers behind.
 */
export class DeferredWork {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly logFailure: (message: string) => void) {}

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      try {
        fn();
      } catch (e) {
        this.logFailure(`deferred step failed: ${(e as Error).message}`);
      }
    }, ms);
    this.timers.add(t);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
