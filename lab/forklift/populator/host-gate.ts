/**
 * Per-ESXi-host in-flight limit of copy-offload populations (ForkliftController
 * controller_max_populator_inflight, which the operator hands to the
 * forklift-volume-populator-controller as MAX_POPULATOR_INFLIGHT). A PVC over the limit gets
 * no populate pod: it waits, and the controller records a `PopulatorThrottled` event on it once.
 * One gate per API store, so every plan's populations on a host share the host's slots.
 */
import type { Store } from '../../apiserver/contract';
import { AbortedError } from '../lab-clock';

interface Waiter {
  wake: () => void;
}

export class HostGate {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  /** Populations running on `host` now. */
  running(host: string): number {
    return this.active.get(host) ?? 0;
  }

  /**
   * A slot on `host` under `limit()` (read again at every wake-up, so a changed ForkliftController
   * applies to waiting PVCs); `onThrottled` runs once if the caller has to wait. Resolves to the
   * release function.
   */
  async acquire(host: string, limit: () => number, signal: AbortSignal, onThrottled: () => void): Promise<() => void> {
    let throttled = false;
    while (this.running(host) >= Math.max(1, limit())) {
      if (!throttled) {
        throttled = true;
        onThrottled();
      }
      await this.waitForRelease(host, signal);
    }
    this.active.set(host, this.running(host) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active.set(host, Math.max(0, this.running(host) - 1));
      const next = this.waiting.get(host)?.shift();
      next?.wake();
    };
  }

  private waitForRelease(host: string, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const list = this.waiting.get(host) ?? [];
      const waiter: Waiter = {
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        reject(new AbortedError(String(signal.reason ?? 'aborted')));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      list.push(waiter);
      this.waiting.set(host, list);
    });
  }
}

const GATES = new WeakMap<Store, HostGate>();

export function hostGate(store: Store): HostGate {
  let g = GATES.get(store);
  if (!g) GATES.set(store, (g = new HostGate()));
  return g;
}
