/**
 * The one wait engine: a live view of a collection (list-watch.ts: list, then watch, resume,
 * re-list, poll fallback) and a check re-evaluated on every change, so a wait returns within
 * milliseconds of the change it waits for. Every wait logs what it waits for and its timeout; on
 * timeout it logs what it saw, and the error carries the last observed state.
 */
import {
  WaitAbortedError,
  WaitTerminalConditionError,
  WaitTimeoutError,
  formatDuration,
  type TerminalCondition,
} from '../../exceptions/k8s';
import type { K8sClient } from './client';
import { type Kind, type ObjectOf } from './kinds';
import { CollectionListWatch } from './list-watch';

/**
 * A check's decision: finish with a value, give up with a reason, give up on a terminal condition
 * (WaitTerminalConditionError naming it), or keep waiting (undefined).
 */
/**
 * The abort reason of a wait that is simply no longer needed (a guard watched next to another wait
 * that has ended): its end is logged at debug level, not as a warning.
 */
export class WaitNoLongerNeeded extends Error {}

export type Verdict<R> = { done: R } | { fail: string } | { terminal: TerminalCondition } | undefined;

export interface CollectionWait<K extends Kind, R> {
  kind: K;
  namespace?: string;
  /** Watch one object (fieldSelector metadata.name=<name>). */
  name?: string;
  labelSelector?: string;
  /** Human description for logs and errors: "Plan ns/p to become Ready". */
  what: string;
  timeoutMs: number;
  /** Decide on the current set of objects: finish, give up, or keep waiting (undefined). */
  check: (items: ObjectOf<K>[]) => Verdict<R>;
  /** Last state for the timeout error; defaults to a short status dump of each object. */
  describe?: (items: ObjectOf<K>[]) => string;
  /** Only used when watching is impossible. */
  pollIntervalMs?: number;
  /**
   * Stops the wait (WaitAbortedError, watch closed) when aborted: a step's signal, so a step Jest
   * gave up on does not leave its wait watching behind the next steps.
   */
  signal?: AbortSignal;
}

export function defaultDescribe(items: readonly unknown[]): string {
  if (items.length === 0) return 'no matching object';
  return items
    .map((item) => {
      const o = item as { kind?: string; metadata?: { name?: string; namespace?: string }; status?: unknown };
      const status = o.status === undefined ? 'no status' : JSON.stringify(o.status);
      return `${o.kind ?? 'object'} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}: ${status.length > 1500 ? `${status.slice(0, 1500)}...` : status}`;
    })
    .join('; ');
}

export function waitOn<K extends Kind, R>(client: K8sClient, spec: CollectionWait<K, R>): Promise<R> {
  client.log.info(`waiting up to ${formatDuration(spec.timeoutMs)} for ${spec.what}`);
  return new Promise<R>((resolve, reject) => new CollectionWaiter(client, spec, resolve, reject).start());
}

/** One wait: settles exactly once (check verdict, timeout, abort or a failed list), then stops its view. */
class CollectionWaiter<K extends Kind, R> {
  private readonly started = Date.now();
  private readonly view: CollectionListWatch<K>;
  private deadline: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly client: K8sClient,
    private readonly spec: CollectionWait<K, R>,
    private readonly resolve: (value: R) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    const { kind, namespace, labelSelector, what, pollIntervalMs } = spec;
    const fieldSelector = spec.name ? `metadata.name=${spec.name}` : undefined;
    this.view = new CollectionListWatch(
      client,
      { kind, namespace, labelSelector, fieldSelector, what, pollIntervalMs },
      { changed: () => this.evaluate(), failed: (error) => this.fail(error) },
    );
  }

  start(): void {
    if (this.spec.signal?.aborted) {
      this.onAbort();
      return;
    }
    this.deadline = setTimeout(() => this.onTimeout(), this.spec.timeoutMs);
    this.spec.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.view.start();
  }

  private lastState(): string {
    const items = this.view.items;
    return this.spec.describe ? this.spec.describe(items) : defaultDescribe(items);
  }

  private evaluate(): void {
    let verdict: Verdict<R>;
    try {
      verdict = this.spec.check(this.view.items);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!verdict) return;
    if ('done' in verdict) {
      const value = verdict.done;
      this.finish(() => {
        this.client.log.info(`done waiting for ${this.spec.what} after ${formatDuration(Date.now() - this.started)}`);
        this.resolve(value);
      });
    } else if ('terminal' in verdict) {
      this.fail(new WaitTerminalConditionError(this.spec.what, verdict.terminal, this.lastState()));
    } else {
      this.fail(new WaitAbortedError(this.spec.what, verdict.fail, this.lastState()));
    }
  }

  private onTimeout(): void {
    const error = new WaitTimeoutError(this.spec.what, this.spec.timeoutMs, this.lastState());
    const { lists, watches, events, mode } = this.view.stats;
    const saw = `${lists} list(s), ${watches} watch(es), ${events} event(s), ${mode === 'poll' ? 'polling' : 'watching'}`;
    this.client.log.warn(
      `timed out after ${formatDuration(this.spec.timeoutMs)} waiting for ${this.spec.what} (saw ${saw}); last observed state: ${error.lastState}`,
    );
    this.fail(error);
  }

  private readonly onAbort = (): void => {
    const reason: unknown = this.spec.signal?.reason;
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
    const log = reason instanceof WaitNoLongerNeeded ? this.client.log.debug : this.client.log.warn;
    log.call(this.client.log, `stopped waiting for ${this.spec.what}: ${why}`);
    this.fail(new WaitAbortedError(this.spec.what, `aborted (${why})`, this.lastState()));
  };

  private fail(error: unknown): void {
    this.finish(() => this.reject(error));
  }

  private finish(settle: () => void): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.deadline);
    this.spec.signal?.removeEventListener('abort', this.onAbort);
    this.view.stop();
    settle();
  }
}
