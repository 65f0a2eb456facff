/**
 * The one wait engine: list, then watch from the list's resourceVersion, re-evaluating a check on
 * every event, so a wait returns within milliseconds of the change it waits for. A watch the
 * server closes is resumed from the last resourceVersion seen; an expired resourceVersion (410
 * Gone) triggers a re-list. If watching is impossible (the endpoint refuses it, or the stream keeps
 * dying at once) the wait falls back to periodic listing, and says so in the log. Every wait logs
 * what it waits for and its timeout; a timeout error carries the last observed state.
 */
import { WaitAbortedError, WaitTimeoutError, formatDuration } from '../../exceptions/k8s';
import type { K8sClient } from './client';
import { loadClientNode } from './client-node';
import { RESOURCES, collectionPath, type Kind, type ObjectOf } from './kinds';

export type Verdict<R> = { done: R } | { fail: string } | undefined;

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

const QUICK_CLOSE_MS = 1000;
const MAX_QUICK_CLOSES = 5;
/** A watch refused with 429/5xx or cut by the network is reopened this many times (with backoff) before falling back to listing. */
const MAX_WATCH_RETRIES = 5;
const TRANSIENT = new Set([429, 500, 502, 503, 504]);

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

function keyOf(obj: { metadata?: { name?: string; namespace?: string } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

export function waitOn<K extends Kind, R>(client: K8sClient, spec: CollectionWait<K, R>): Promise<R> {
  const log = client.log;
  const info = RESOURCES[spec.kind];
  const fieldSelector = spec.name ? `metadata.name=${spec.name}` : undefined;
  const describe = spec.describe ?? ((items: ObjectOf<K>[]) => defaultDescribe(items));
  const started = Date.now();
  log.info(`waiting up to ${formatDuration(spec.timeoutMs)} for ${spec.what}`);

  return new Promise<R>((resolve, reject) => {
    const state = new Map<string, ObjectOf<K>>();
    let finished = false;
    let controller: AbortController | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    let quickCloses = 0;
    let watchFailures = 0;
    /** 410s in a row without any event in between: a watch from a fresh list should never expire. */
    let consecutiveGone = 0;

    const items = (): ObjectOf<K>[] => [...state.values()];
    const finish = (settle: () => void): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      spec.signal?.removeEventListener('abort', onAbort);
      if (pollTimer) clearTimeout(pollTimer);
      if (retryTimer) clearTimeout(retryTimer);
      controller?.abort();
      settle();
    };
    const fail = (error: unknown): void => finish(() => reject(error));
    const evaluate = (): void => {
      let verdict: Verdict<R>;
      try {
        verdict = spec.check(items());
      } catch (error) {
        fail(error);
        return;
      }
      if (!verdict) return;
      if ('done' in verdict) {
        const value = verdict.done;
        finish(() => {
          log.info(`done waiting for ${spec.what} after ${formatDuration(Date.now() - started)}`);
          resolve(value);
        });
      } else {
        fail(new WaitAbortedError(spec.what, verdict.fail, describe(items())));
      }
    };
    const deadline = setTimeout(() => fail(new WaitTimeoutError(spec.what, spec.timeoutMs, describe(items()))), spec.timeoutMs);
    function onAbort(): void {
      const reason: unknown = spec.signal?.reason;
      const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
      log.warn(`stopped waiting for ${spec.what}: ${why}`);
      fail(new WaitAbortedError(spec.what, `aborted (${why})`, describe(items())));
    }
    if (spec.signal?.aborted) {
      onAbort();
      return;
    }
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    const listOnce = async (): Promise<string> => {
      const res = await client.list(spec.kind, { namespace: spec.namespace, labelSelector: spec.labelSelector, fieldSelector });
      state.clear();
      for (const item of res.items) state.set(keyOf(item), item);
      return res.resourceVersion;
    };

    const poll = (): void => {
      if (finished) return;
      listOnce()
        .then(() => evaluate())
        .catch((error: unknown) => log.warn(`polling for ${spec.what}: ${String(error)}`))
        .finally(() => {
          if (!finished) pollTimer = setTimeout(poll, spec.pollIntervalMs ?? 1000);
        });
    };
    const fallBackToPolling = (why: string): void => {
      if (finished) return;
      log.warn(`watch for ${spec.what} unavailable (${why}); falling back to listing every ${formatDuration(spec.pollIntervalMs ?? 1000)}`);
      controller = undefined;
      poll();
    };

    const relist = (): void => {
      listOnce()
        .then((rv) => {
          evaluate();
          if (!finished) startWatch(rv);
        })
        .catch(fail);
    };

    const startWatch = (fromVersion: string): void => {
      if (finished) return;
      const k8s = loadClientNode();
      let lastVersion = fromVersion;
      let gone = false;
      let sawEvent = false;
      // Set once this stream has ended; a line parsed after that (client-node can report the end
      // before its line reader drained) must not overwrite state a newer list or watch produced.
      let ended = false;
      const openedAt = Date.now();
      client.counter.count('watch');
      new k8s.Watch(client.kubeConfig)
        .watch(
          collectionPath(info, spec.namespace),
          { resourceVersion: fromVersion || undefined, allowWatchBookmarks: true, labelSelector: spec.labelSelector, fieldSelector },
          (type: string, obj: unknown) => {
            if (finished || ended) return;
            const o = obj as ObjectOf<K> & { code?: number; metadata?: { resourceVersion?: string } };
            if (type === 'ERROR') {
              // An expired resourceVersion arrives as an ERROR event carrying Status code 410.
              if (o.code === 410) gone = true;
              else log.warn(`watch for ${spec.what} sent an error event: ${JSON.stringify(obj)}`);
              return;
            }
            sawEvent = true;
            watchFailures = 0;
            consecutiveGone = 0;
            const rv = o.metadata?.resourceVersion;
            if (rv) lastVersion = rv;
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') state.delete(keyOf(o));
            else state.set(keyOf(o), { apiVersion: o.apiVersion, kind: info.kind, ...o });
            evaluate();
          },
          (err: unknown) => {
            ended = true;
            if (finished) return;
            const code = (err as { statusCode?: number } | null)?.statusCode;
            if (gone || code === 410) {
              consecutiveGone += 1;
              if (consecutiveGone > MAX_WATCH_RETRIES) {
                fallBackToPolling('every watch from a fresh list answers 410 Gone');
                return;
              }
              // The first 410 re-lists at once; repeated ones back off so a server that keeps
              // expiring fresh versions is not hammered with list+watch in a tight loop.
              const delay = consecutiveGone === 1 ? 0 : Math.min(100 * 2 ** (consecutiveGone - 1), 2000);
              log.debug(`watch for ${spec.what}: resourceVersion expired, re-listing${delay ? ` in ${delay} ms` : ''}`);
              if (delay) retryTimer = setTimeout(relist, delay);
              else relist();
              return;
            }
            if (err) {
              const transient = code === undefined || TRANSIENT.has(code);
              if (transient && watchFailures < MAX_WATCH_RETRIES) {
                watchFailures += 1;
                const delay = Math.min(100 * 2 ** watchFailures, 2000);
                log.debug(`watch for ${spec.what}: ${code ? `HTTP ${code}` : String(err)}; reopening in ${delay} ms (${watchFailures}/${MAX_WATCH_RETRIES})`);
                retryTimer = setTimeout(() => startWatch(lastVersion), delay);
                return;
              }
              fallBackToPolling(code ? `HTTP ${code}` : String(err));
              return;
            }
            // The server closed the stream (its timeout): resume from the last version seen.
            if (!sawEvent && Date.now() - openedAt < QUICK_CLOSE_MS) quickCloses += 1;
            else quickCloses = 0;
            if (quickCloses >= MAX_QUICK_CLOSES) fallBackToPolling('the watch stream keeps closing immediately');
            else startWatch(lastVersion);
          },
        )
        .then((ctl) => {
          if (finished) ctl.abort();
          else controller = ctl;
        })
        .catch((error: unknown) => fallBackToPolling(String(error)));
    };

    relist();
  });
}
