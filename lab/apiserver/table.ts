/**
 * Server-side table output (meta.k8s.io Table), which kubectl asks for on get/list/watch
 * (Accept: application/json;as=Table;v=v1;g=meta.k8s.io). Columns are NAME plus the kind's
 * printerColumns from the resource table (Forklift's, KubeVirt's and CDI's additionalPrinterColumns,
 * kubectl's printers for core kinds), or NAME and AGE.
 */
import type { KubeObject, PrinterColumn, ResourceType } from './contract';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The Table version the client accepts, if it asked for one. */
export function requestedTableVersion(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  if (!accept) return undefined;
  let found: 'v1' | 'v1beta1' | undefined;
  for (const part of accept.split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string | undefined]),
    );
    if (params.get('as') !== 'Table' || params.get('g') !== 'meta.k8s.io') continue;
    const v = params.get('v');
    if (v === 'v1') return 'v1';
    if (v === 'v1beta1') found ??= 'v1beta1';
  }
  return found;
}

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** k8s.io/apimachinery duration.HumanDuration: "45s", "3m20s", "17m", "5h2m", "30h", "4d3h", "20d", "2y10d". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

type Step = { field: string } | { index: number } | { filterKey: string; filterValue: string };

const pathCache = new Map<string, Step[]>();

/** Parses the JSONPath subset printer columns use: .a.b, [n], [?(@.key=='value')]. */
function parsePath(path: string): Step[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_-]+)\s*==\s*(?:'([^']*)'|"([^"]*)")\)\]/y;
  for (let pos = 0; pos < path.length; pos = re.lastIndex) {
    re.lastIndex = pos;
    const m = re.exec(path);
    if (!m) throw new Error(`unsupported printer column path ${JSON.stringify(path)} at ${pos}`);
    if (m[1] !== undefined) steps.push({ field: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ filterKey: m[3] ?? '', filterValue: m[4] ?? m[5] ?? '' });
  }
  pathCache.set(path, steps);
  return steps;
}

export function evalPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const s of parsePath(path)) {
    if (cur === null || cur === undefined) return undefined;
    if ('field' in s) cur = typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[s.field] : undefined;
    else if ('index' in s) cur = Array.isArray(cur) ? cur[s.index] : undefined;
    else
      cur = Array.isArray(cur)
        ? cur.find((x) => typeof x === 'object' && x !== null && String((x as Record<string, unknown>)[s.filterKey]) === s.filterValue)
        : undefined;
  }
  return cur;
}

function cell(obj: KubeObject, col: PrinterColumn, now: number): unknown {
  const v = evalPath(obj, col.jsonPath);
  if (v === undefined || v === null) return col.type === 'string' || col.type === 'date' ? '' : null;
  if (col.type === 'date') {
    const t = Date.parse(String(v));
    return Number.isNaN(t) ? '' : humanDuration(now - t);
  }
  if (col.type === 'string') return typeof v === 'object' ? JSON.stringify(v) : String(v);
  return v;
}

function columnsOf(rt: ResourceType): PrinterColumn[] {
  return rt.printerColumns ?? [AGE];
}

function partialMetadata(obj: KubeObject, apiVersion: string): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata };
}

export interface TableOptions {
  version: 'v1' | 'v1beta1';
  includeObject: IncludeObject;
  headers: boolean; // false: no columnDefinitions (watch events after the first)
  listMeta?: Record<string, unknown>;
}

export function toTable(rt: ResourceType, objects: readonly KubeObject[], opts: TableOptions): Record<string, unknown> {
  const apiVersion = `meta.k8s.io/${opts.version}`;
  const cols = columnsOf(rt);
  const now = Date.now();
  const table: Record<string, unknown> = {
    kind: 'Table',
    apiVersion,
    metadata: opts.listMeta ?? {},
    columnDefinitions: opts.headers
      ? [
          { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
          ...cols.map((c) => ({ name: c.name, type: c.type, format: '', description: c.jsonPath, priority: c.priority ?? 0 })),
        ]
      : [],
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: [o.metadata.name ?? '', ...cols.map((c) => cell(o, c, now))] };
      if (opts.includeObject === 'Object') row.object = o;
      else if (opts.includeObject === 'Metadata') row.object = partialMetadata(o, apiVersion);
      return row;
    }),
  };
  return table;
}
