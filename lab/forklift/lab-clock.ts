/**
 * Lab time: N MTV minutes last N * msPerMinute real milliseconds. Waits are abortable (cancel,
 * migration deleted) and can be woken early when a Migration's spec changes (cutover set/moved).
 */
import { EventEmitter } from 'node:events';

export class AbortedError extends Error {
  constructor(readonly reason: string) {
    super(`aborted: ${reason}`);
    this.name = 'AbortedError';
  }
}

export class LabClock {
  private readonly wakes = new EventEmitter();

  constructor(readonly msPerMinute: number) {
    this.wakes.setMaxListeners(0);
  }

  ms(minutes: number): number {
    return Math.max(0, Math.round(minutes * this.msPerMinute));
  }

  /** The lab instant for an absolute MTV timestamp: start + (T - start) scaled. */
  scaledInstant(startMs: number, targetMs: number): number {
    return startMs + Math.max(0, targetMs - startMs) * (this.msPerMinute / 60_000);
  }

  /** Wake every waiter so it re-evaluates its deadline (e.g. spec.cutover changed). */
  wake(): void {
    this.wakes.emit('wake');
  }

  /** Sleeps for `minutes` of lab time; rejects with AbortedError when `signal` aborts. */
  sleep(minutes: number, signal: AbortSignal): Promise<void> {
    return this.until(() => Date.now() + this.ms(minutes), signal, false);
  }

  /**
   * Waits until the instant `deadline()` returns (re-evaluated on every wake); undefined means
   * "not yet known" (e.g. no cutover set) and waits for the next wake.
   */
  until(deadline: () => number | undefined, signal: AbortSignal, reevaluate = true): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortedError(String(signal.reason ?? 'aborted')));
      let timer: NodeJS.Timeout | undefined;
      const fixed = reevaluate ? undefined : deadline();
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        this.wakes.off('wake', arm);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        reject(new AbortedError(String(signal.reason ?? 'aborted')));
      };
      function armWith(at: number | undefined) {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (at === undefined) return;
        const delay = at - Date.now();
        if (delay <= 0) {
          cleanup();
          resolve();
          return;
        }
        timer = setTimeout(() => {
          cleanup();
          resolve();
        }, delay);
      }
      const arm = () => armWith(reevaluate ? deadline() : fixed);
      signal.addEventListener('abort', onAbort);
      if (reevaluate) this.wakes.on('wake', arm);
      arm();
    });
  }
}
