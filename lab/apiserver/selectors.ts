/**
 * Label selectors (equality- and set-based, as in k8s.io/apimachinery/pkg/labels) and field
 * selectors (=, ==, != over the fields a kind supports). Parse errors are 400 BadRequest.
 */
import { errors } from './errors';
import type { KubeObject, ResourceType } from './contract';

export type LabelRequirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type LabelSelector = LabelRequirement[];

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function checkKey(key: string, whole: string): string {
  if (!KEY_RE.test(key)) throw errors.badRequest(`unable to parse requirement: invalid label key ${JSON.stringify(key)} in selector ${JSON.stringify(whole)}`);
  return key;
}
function checkValue(v: string, whole: string): string {
  if (!VALUE_RE.test(v) || v.length > 63) throw errors.badRequest(`unable to parse requirement: invalid label value ${JSON.stringify(v)} in selector ${JSON.stringify(whole)}`);
  return v;
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw errors.badRequest(`unable to parse selector ${JSON.stringify(s)}: unbalanced parenthesis`);
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw errors.badRequest(`unable to parse selector ${JSON.stringify(s)}: unbalanced parenthesis`);
  parts.push(cur);
  return parts;
}

export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (input === undefined || input.trim() === '') return [];
  const out: LabelSelector = [];
  for (const raw of splitTopLevel(input)) {
    const part = raw.trim();
    if (!part) throw errors.badRequest(`unable to parse selector ${JSON.stringify(input)}: empty requirement`);
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([^\s!=<>(),]+)$/.exec(part))) {
      out.push({ op: 'notexists', key: checkKey(m[1] ?? '', input) });
    } else if ((m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part))) {
      const values = (m[3] ?? '').split(',').map((v) => checkValue(v.trim(), input));
      out.push({ op: m[2] === 'in' ? 'in' : 'notin', key: checkKey(m[1] ?? '', input), values });
    } else if ((m = /^([^\s!=<>(),]+)\s*(==|=|!=)\s*([^\s!=<>(),]*)$/.exec(part))) {
      out.push({ op: m[2] === '!=' ? 'neq' : 'eq', key: checkKey(m[1] ?? '', input), value: checkValue(m[3] ?? '', input) });
    } else if ((m = /^([^\s!=<>(),]+)\s*(>|<)\s*(-?\d+)$/.exec(part))) {
      out.push({ op: m[2] === '>' ? 'gt' : 'lt', key: checkKey(m[1] ?? '', input), value: Number(m[3]) });
    } else if ((m = /^([^\s!=<>(),]+)$/.exec(part))) {
      out.push({ op: 'exists', key: checkKey(m[1] ?? '', input) });
    } else {
      throw errors.badRequest(`unable to parse requirement: ${JSON.stringify(part)} in selector ${JSON.stringify(input)}`);
    }
  }
  return out;
}

export function matchLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case 'eq':
        if (!has || v !== r.value) return false;
        break;
      case 'neq':
        if (has && v === r.value) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v ?? '')) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v ?? '')) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case 'notexists':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        const n = Number(v);
        if (!has || !Number.isInteger(n)) return false;
        if (r.op === 'gt' ? !(n > r.value) : !(n < r.value)) return false;
        break;
      }
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
}
export type FieldSelector = FieldRequirement[];

export function parseFieldSelector(input: string | undefined, rt: ResourceType): FieldSelector {
  if (input === undefined || input.trim() === '') return [];
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(rt.selectableFields ?? [])]);
  const out: FieldSelector = [];
  for (const raw of input.split(',')) {
    const part = raw.trim();
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw errors.badRequest(`invalid selector: '${input}'; can't understand '${part}'`);
    const field = m[1] ?? '';
    if (!allowed.has(field)) throw errors.badRequest(`field label not supported: ${field}`);
    out.push({ field, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3] ?? '' });
  }
  return out;
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

export function matchFields(sel: FieldSelector, obj: KubeObject): boolean {
  for (const r of sel) {
    const v = fieldValue(obj, r.field);
    if (r.op === 'eq' ? v !== r.value : v === r.value) return false;
  }
  return true;
}

/** The name a field selector pins with metadata.name=..., if any (lets list/watch skip a scan). */
export function pinnedName(sel: FieldSelector): string | undefined {
  return sel.find((r) => r.field === 'metadata.name' && r.op === 'eq')?.value;
}
