/**
 * A live view of one collection: list, then watch from the list's resourceVersion. A watch the
 * server closes is resumed from the last resourceVersion seen; an expired resourceVersion (410
 * Gone) triggers a re-list. If watching is impossible (the endpoint refuses it, or the stream keeps
 * dying at once) the view falls back to periodic listing, and says so in the log.
 *
 * Not client-node's ListWatch: that one re-lists in a tight loop on repeated 410s, stops for good on
 * any other watch error (no reopen with backoff, no fallback to listing), and its watch requests
 * would bypass the client's request accounting.
 */
import { formatDuration } from '../../exceptions/k8s';
import type { K8sClient } from './client';
import { loadClientNodeCore } from './client-node';
import { RESOURCES, collectionPath, type Kind, type ObjectOf } from './kinds';

export interface CollectionSource<K extends Kind> {
  kind: K;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** What the owner waits for, for log lines: "Plan ns/p to become Ready". */
  what: string;
  /** Only used when watching is impossible. */
  pollIntervalMs?: number;
}

export interface CollectionListener {
  /** The set of objects changed (a list completed or a watch event arrived). */
  changed(): void;
  /** Listing for a watch failed (after the client's own retries): the view cannot go on. */
  failed(error: unknown): void;
}

/** What the view has done so far, for the log line of a wait that timed out. */
export interface ListWatchStats {
  lists: number;
  watches: number;
  events: number;
  mode: 'watch' | 'poll';
}

const QUICK_CLOSE_MS = 1000;
const MAX_QUICK_CLOSES = 5;
/** A watch refused with 429/5xx or cut by the network is reopened this many times (with backoff) before falling back to listing. */
const MAX_WATCH_RETRIES = 5;
const TRANSIENT = new Set([429, 500, 502, 503, 504]);
const DEFAULT_POLL_MS = 1000;

/** One watch stream's own bookkeeping. */
interface Stream {
  lastVersion: string;
  /** The server sent an ERROR event with Status 410 (expired resourceVersion). */
  gone: boolean;
  sawEvent: boolean;
  /**
   * Set once this stream has ended; a line parsed after that (client-node can report the end before
   * its line reader drained) must not overwrite state a newer list or watch produced.
   */
  ended: boolean;
  openedAt: number;
}

type WatchedObject<K extends Kind> = ObjectOf<K> & { code?: number; metadata?: { resourceVersion?: string } };

function keyOf(obj: { metadata?: { name?: string; namespace?: string } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

export class CollectionListWatch<K extends Kind> {
  private readonly objects = new Map<string, ObjectOf<K>>();
  private readonly counts: ListWatchStats = { lists: 0, watches: 0, events: 0, mode: 'watch' };
  private stopped = false;
  private controller: AbortController | undefined;
  /** The one pending timer: a backoff before reopening/re-listing, or the next poll. */
  private timer: NodeJS.Timeout | undefined;
  private quickCloses = 0;
  private watchFailures = 0;
  /** 410s in a row without any event in between: a watch from a fresh list should never expire. */
  private consecutiveGone = 0;

  constructor(
    private readonly client: K8sClient,
    private readonly source: CollectionSource<K>,
    private readonly listener: CollectionListener,
  ) {}

  get items(): ObjectOf<K>[] {
    return [...this.objects.values()];
  }

  get stats(): ListWatchStats {
    return { ...this.counts };
  }

  start(): void {
    this.relist();
  }

  /** Closes the watch and cancels any pending reopen or poll; no listener call follows. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = undefined;
  }

  private get pollIntervalMs(): number {
    return this.source.pollIntervalMs ?? DEFAULT_POLL_MS;
  }

  private later(fn: () => void, delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      fn();
    }, delayMs);
  }

  /** Replaces the view with a fresh list; returns the list's resourceVersion. */
  private async list(): Promise<string> {
    const { kind, namespace, labelSelector, fieldSelector } = this.source;
    const res = await this.client.list(kind, { namespace, labelSelector, fieldSelector });
    this.counts.lists += 1;
    this.objects.clear();
    for (const item of res.items) this.objects.set(keyOf(item), item);
    return res.resourceVersion;
  }

  private relist(): void {
    if (this.stopped) return;
    this.list()
      .then((rv) => {
        this.listener.changed();
        if (!this.stopped) this.openWatch(rv);
      })
      .catch((error: unknown) => this.listener.failed(error));
  }

  private openWatch(fromVersion: string): void {
    if (this.stopped) return;
    const k8s = loadClientNodeCore();
    const { kind, namespace, labelSelector, fieldSelector } = this.source;
    const stream: Stream = { lastVersion: fromVersion, gone: false, sawEvent: false, ended: false, openedAt: Date.now() };
    this.client.counter.count('watch');
    this.counts.watches += 1;
    new k8s.Watch(this.client.kubeConfig)
      .watch(
        collectionPath(RESOURCES[kind], namespace),
        { resourceVersion: fromVersion || undefined, allowWatchBookmarks: true, labelSelector, fieldSelector },
        (type: string, obj: unknown) => this.onEvent(stream, type, obj as WatchedObject<K>),
        (err: unknown) => this.onStreamEnd(stream, err),
      )
      .then((ctl) => {
        if (this.stopped) ctl.abort();
        else this.controller = ctl;
      })
      .catch((error: unknown) => this.fallBackToPolling(String(error)));
  }

  private onEvent(stream: Stream, type: string, obj: WatchedObject<K>): void {
    if (this.stopped || stream.ended) return;
    if (type === 'ERROR') {
      // An expired resourceVersion arrives as an ERROR event carrying Status code 410.
      if (obj.code === 410) stream.gone = true;
      else this.client.log.warn(`watch for ${this.source.what} sent an error event: ${JSON.stringify(obj)}`);
      return;
    }
    stream.sawEvent = true;
    this.watchFailures = 0;
    this.consecutiveGone = 0;
    const rv = obj.metadata?.resourceVersion;
    if (rv) stream.lastVersion = rv;
    if (type === 'BOOKMARK') return;
    this.counts.events += 1;
    if (type === 'DELETED') this.objects.delete(keyOf(obj));
    else this.objects.set(keyOf(obj), { apiVersion: obj.apiVersion, kind: RESOURCES[this.source.kind].kind, ...obj });
    this.listener.changed();
  }

  private onStreamEnd(stream: Stream, err: unknown): void {
    stream.ended = true;
    if (this.stopped) return;
    const code = (err as { statusCode?: number } | null)?.statusCode;
    if (stream.gone || code === 410) this.onGone();
    else if (err) this.onWatchError(stream, err, code);
    else this.onServerClose(stream);
  }

  private onGone(): void {
    this.consecutiveGone += 1;
    if (this.consecutiveGone > MAX_WATCH_RETRIES) {
      this.fallBackToPolling('every watch from a fresh list answers 410 Gone');
      return;
    }
    // The first 410 re-lists at once; repeated ones back off so a server that keeps expiring fresh
    // versions is not hammered with list+watch in a tight loop.
    const delay = this.consecutiveGone === 1 ? 0 : Math.min(100 * 2 ** (this.consecutiveGone - 1), 2000);
    this.client.log.debug(`watch for ${this.source.what}: resourceVersion expired, re-listing${delay ? ` in ${delay} ms` : ''}`);
    if (delay) this.later(() => this.relist(), delay);
    else this.relist();
  }

  private onWatchError(stream: Stream, err: unknown, code: number | undefined): void {
    const transient = code === undefined || TRANSIENT.has(code);
    const why = code ? `HTTP ${code}` : String(err);
    if (!transient || this.watchFailures >= MAX_WATCH_RETRIES) {
      this.fallBackToPolling(why);
      return;
    }
    this.watchFailures += 1;
    const delay = Math.min(100 * 2 ** this.watchFailures, 2000);
    this.client.log.debug(`watch for ${this.source.what}: ${why}; reopening in ${delay} ms (${this.watchFailures}/${MAX_WATCH_RETRIES})`);
    this.later(() => this.openWatch(stream.lastVersion), delay);
  }

  /** The server closed the stream (its timeout): resume from the last version seen. */
  private onServerClose(stream: Stream): void {
    if (!stream.sawEvent && Date.now() - stream.openedAt < QUICK_CLOSE_MS) this.quickCloses += 1;
    else this.quickCloses = 0;
    if (this.quickCloses >= MAX_QUICK_CLOSES) this.fallBackToPolling('the watch stream keeps closing immediately');
    else this.openWatch(stream.lastVersion);
  }

  private fallBackToPolling(why: string): void {
    if (this.stopped) return;
    this.client.log.warn(
      `watch for ${this.source.what} unavailable (${why}); falling back to listing every ${formatDuration(this.pollIntervalMs)}`,
    );
    this.controller = undefined;
    this.counts.mode = 'poll';
    this.poll();
  }

  private poll(): void {
    if (this.stopped) return;
    this.list()
      .then(() => this.listener.changed())
      .catch((error: unknown) => this.client.log.warn(`polling for ${this.source.what}: ${String(error)}`))
      .finally(() => {
        if (!this.stopped) this.later(() => this.poll(), this.pollIntervalMs);
      });
  }
}
