/**
 * Request accounting for the benchmark and the suite's API-call budgets: counts by verb,
 * resource and namespace (and response code and client) since start and since named marks.
 * The client is the request's User-Agent, as a real API server's audit log records it: the
 * benchmark tells the suite's requests from the lab's own (the inventory's authorization checks
 * send `User-Agent: forklift-inventory (lab)`).
 */

export interface RequestRecord {
  verb: string; // get, list, watch, create, update, patch, delete, deletecollection, discovery
  resource: string; // "plans.forklift.konveyor.io", "pods/status", "" for discovery
  namespace: string; // "" for cluster-scoped / all namespaces
  code: number;
  /** The User-Agent header ("" when the client sent none). */
  client?: string;
}

export interface MetricsReport {
  since: string; // "start" or the mark name
  sinceTime: string;
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
  byNamespace: Record<string, number>;
  byCode: Record<string, number>;
  /** By User-Agent ("" for none). */
  byClient: Record<string, number>;
  entries: Array<{ verb: string; resource: string; namespace: string; count: number }>;
}

const SEP = '\u0000';

export class Metrics {
  private readonly counts = new Map<string, number>();
  private readonly codes = new Map<string, number>();
  private readonly clients = new Map<string, number>();
  private readonly marks = new Map<
    string,
    { at: string; counts: Map<string, number>; codes: Map<string, number>; clients: Map<string, number> }
  >();
  private readonly startedAt = new Date().toISOString();

  record(r: RequestRecord): void {
    const k = [r.verb, r.resource, r.namespace].join(SEP);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    const c = String(r.code);
    this.codes.set(c, (this.codes.get(c) ?? 0) + 1);
    const client = r.client ?? '';
    this.clients.set(client, (this.clients.get(client) ?? 0) + 1);
  }

  mark(name: string): void {
    this.marks.set(name, {
      at: new Date().toISOString(),
      counts: new Map(this.counts),
      codes: new Map(this.codes),
      clients: new Map(this.clients),
    });
  }

  hasMark(name: string): boolean {
    return this.marks.has(name);
  }

  report(since?: string): MetricsReport {
    const base = since === undefined ? undefined : this.marks.get(since);
    if (since !== undefined && !base) throw new Error(`no metrics mark named ${JSON.stringify(since)}`);
    const out: MetricsReport = {
      since: since ?? 'start',
      sinceTime: base?.at ?? this.startedAt,
      total: 0,
      byVerb: {},
      byResource: {},
      byNamespace: {},
      byCode: {},
      byClient: {},
      entries: [],
    };
    for (const [k, count] of deltas(this.counts, base?.counts)) addEntry(out, k, count);
    for (const [c, count] of deltas(this.codes, base?.codes)) out.byCode[c] = count;
    for (const [c, count] of deltas(this.clients, base?.clients)) out.byClient[c] = count;
    out.entries.sort((a, b) => b.count - a.count);
    return out;
  }
}

/** The positive counts of now minus those at the mark (all of now without a mark), in now's order. */
function deltas(now: Map<string, number>, atMark: Map<string, number> | undefined): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [k, n] of now) {
    const count = n - (atMark?.get(k) ?? 0);
    if (count > 0) out.push([k, count]);
  }
  return out;
}

function bump(tally: Record<string, number>, key: string, count: number): void {
  tally[key] = (tally[key] ?? 0) + count;
}

function addEntry(out: MetricsReport, key: string, count: number): void {
  const [verb = '', resource = '', namespace = ''] = key.split(SEP);
  out.entries.push({ verb, resource, namespace, count });
  out.total += count;
  bump(out.byVerb, verb, count);
  bump(out.byResource, resource, count);
  bump(out.byNamespace, namespace, count);
}
