/**
 * The watch endpoint: a chunked stream of JSON lines ({"type":..,"object":..}), written the moment
 * the store emits (no batching), with resourceVersion resume from the store's bounded history,
 * BOOKMARK events, 410 Expired as an ERROR event, timeoutSeconds, and label/field selectors
 * (an object that starts/stops matching is reported as ADDED/DELETED, as the watch cache does).
 */
import type http from 'node:http';
import type { KubeObject, ResourceType, WatchEventType } from './contract';
import { errors } from './errors';
import { apiVersionOf } from './resource-types';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import type { HistoryEntry, MemoryStore } from './store';
import { type IncludeObject, toTable } from './table';

export interface WatchRequest {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  /** Send each object as a one-row Table (kubectl get -w); column definitions with the first only. */
  table?: { version: 'v1' | 'v1beta1'; includeObject: IncludeObject };
}

/** Open watch streams, so the server can end them on stop (or on an admin request). */
export class WatchRegistry {
  private readonly open = new Set<() => void>();
  add(close: () => void): () => void {
    this.open.add(close);
    return () => this.open.delete(close);
  }
  get size(): number {
    return this.open.size;
  }
  closeAll(): number {
    const n = this.open.size;
    for (const c of [...this.open]) c();
    return n;
  }
}

type WriteEvent = (type: WatchEventType | 'BOOKMARK' | 'ERROR', objectJson: string) => void;

/** The resourceVersion to resume after, or undefined for "current state first" (absent, empty or "0"). */
function startResourceVersion(w: WatchRequest): number | undefined {
  if (w.resourceVersion === undefined || w.resourceVersion === '' || w.resourceVersion === '0') return undefined;
  if (!/^\d+$/.test(w.resourceVersion)) throw errors.badRequest(`invalid resourceVersion ${JSON.stringify(w.resourceVersion)}`);
  return Number(w.resourceVersion);
}

/** Whether an object is in the watch's scope: namespace, label and field selectors, and the watched name. */
function watchFilter(w: WatchRequest): (o: KubeObject | undefined) => boolean {
  const labels = parseLabelSelector(w.labelSelector);
  const fields = parseFieldSelector(w.fieldSelector, w.rt);
  if (w.name !== undefined) fields.push({ field: 'metadata.name', op: 'eq', value: w.name });
  return (o) =>
    !!o &&
    (w.namespace === undefined || o.metadata.namespace === w.namespace) &&
    matchLabels(labels, o.metadata.labels) &&
    matchFields(fields, o);
}

/** An object's JSON on the stream: a one-row Table (headers with the first only), or the object, serialised once. */
function objectEncoder(w: WatchRequest): (o: KubeObject) => string {
  const jsonCache = new WeakMap<KubeObject, string>();
  let tableHeaders = true;
  return (o) => {
    if (w.table) {
      const t = toTable(w.rt, [o], { ...w.table, headers: tableHeaders, listMeta: { resourceVersion: o.metadata.resourceVersion } });
      tableHeaders = false;
      return JSON.stringify(t);
    }
    let s = jsonCache.get(o);
    if (s === undefined) {
      s = JSON.stringify(o);
      jsonCache.set(o, s);
    }
    return s;
  };
}

/** BOOKMARK events every bookmarkIntervalMs (when asked for) and the end at timeoutSeconds; returns their cancellations. */
function armTimers(w: WatchRequest, store: MemoryStore, write: WriteEvent, bookmarkIntervalMs: number, end: () => void): Array<() => void> {
  const cancels: Array<() => void> = [];
  if (w.allowWatchBookmarks && bookmarkIntervalMs > 0) {
    const t = setInterval(() => {
      write(
        'BOOKMARK',
        JSON.stringify({
          kind: w.rt.kind,
          apiVersion: apiVersionOf(w.rt),
          metadata: { resourceVersion: String(store.currentResourceVersion()) },
        }),
      );
    }, bookmarkIntervalMs);
    cancels.push(() => clearInterval(t));
  }
  if (w.timeoutSeconds !== undefined && w.timeoutSeconds > 0) {
    const t = setTimeout(end, w.timeoutSeconds * 1000);
    cancels.push(() => clearTimeout(t));
  }
  return cancels;
}

export function serveWatch(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  store: MemoryStore,
  w: WatchRequest,
  registry: WatchRegistry,
  bookmarkIntervalMs: number,
): void {
  const matches = watchFilter(w);
  const startRv = startResourceVersion(w);

  req.socket.setNoDelay(true);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let ended = false;
  const write: WriteEvent = (type, objectJson) => {
    if (!ended) res.write(`{"type":"${type}","object":${objectJson}}\n`);
  };
  const json = objectEncoder(w);
  const deliver = (e: HistoryEntry): void => {
    if (e.resource !== w.rt) return;
    const now = matches(e.object);
    if (e.type === 'MODIFIED' && e.previous) {
      const before = matches(e.previous);
      if (now && before) write('MODIFIED', json(e.object));
      else if (now) write('ADDED', json(e.object));
      else if (before) write('DELETED', json(e.object));
      return;
    }
    if (now) write(e.type, json(e.object));
  };

  const cleanups: Array<() => void> = [];
  const end = (): void => {
    if (ended) return;
    ended = true;
    for (const c of cleanups) c();
    res.end();
  };

  if (startRv === undefined) {
    // No resourceVersion: synthetic ADDED for the current state, then changes.
    for (const o of store.listRaw(w.rt, w.namespace)) if (matches(o)) write('ADDED', json(o));
  } else {
    const backlog = store.eventsAfter(startRv);
    if (backlog === 'expired') {
      const status = errors.expired(`too old resource version: ${startRv} (${store.oldestResumableResourceVersion()})`).toStatus();
      write('ERROR', JSON.stringify(status));
      end();
      return;
    }
    for (const e of backlog) deliver(e);
  }
  // Same tick as the backlog: nothing can be emitted in between, so no event is lost or doubled.
  cleanups.push(store.subscribeRaw(deliver));
  cleanups.push(registry.add(end));
  cleanups.push(...armTimers(w, store, write, bookmarkIntervalMs, end));
  req.on('close', end);
  res.on('close', end);
  res.on('error', end);
}
