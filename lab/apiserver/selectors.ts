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
  if (!KEY_RE.test(key))
    throw errors.badRequest(`unable to parse requirement: invalid label key ${JSON.stringify(key)} in selector ${JSON.stringify(whole)}`);
  return key;
}
function checkValue(v: string, whole: string): string {
  if (!VALUE_RE.test(v) || v.length > 63)
    throw errors.badRequest(`unable to parse requirement: invalid label value ${JSON.stringify(v)} in selector ${JSON.stringify(whole)}`);
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

/** The requirement forms, tried in order; each builds its requirement from the regex groups. */
const REQUIREMENT_FORMS: Array<[RegExp, (m: RegExpExecArray, whole: string) => LabelRequirement]> = [
  [/^!\s*([^\s!=<>(),]+)$/, (m, whole) => ({ op: 'notexists', key: checkKey(m[1] ?? '', whole) })],
  [
    /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/,
    (m, whole) => {
      const values = (m[3] ?? '').split(',').map((v) => checkValue(v.trim(), whole));
      return { op: m[2] === 'in' ? 'in' : 'notin', key: checkKey(m[1] ?? '', whole), values };
    },
  ],
  [
    /^([^\s!=<>(),]+)\s*(==|=|!=)\s*([^\s!=<>(),]*)$/,
    (m, whole) => ({ op: m[2] === '!=' ? 'neq' : 'eq', key: checkKey(m[1] ?? '', whole), value: checkValue(m[3] ?? '', whole) }),
  ],
  [
    /^([^\s!=<>(),]+)\s*(>|<)\s*(-?\d+)$/,
    (m, whole) => ({ op: m[2] === '>' ? 'gt' : 'lt', key: checkKey(m[1] ?? '', whole), value: Number(m[3]) }),
  ],
  [/^([^\s!=<>(),]+)$/, (m, whole) => ({ op: 'exists', key: checkKey(m[1] ?? '', whole) })],
];

function parseRequirement(part: string, whole: string): LabelRequirement {
  if (!part) throw errors.badRequest(`unable to parse selector ${JSON.stringify(whole)}: empty requirement`);
  for (const [re, build] of REQUIREMENT_FORMS) {
    const m = re.exec(part);
    if (m) return build(m, whole);
  }
  throw errors.badRequest(`unable to parse requirement: ${JSON.stringify(part)} in selector ${JSON.stringify(whole)}`);
}

export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (input === undefined || input.trim() === '') return [];
  return splitTopLevel(input).map((raw) => parseRequirement(raw.trim(), input));
}

type Op = LabelRequirement['op'];
type RequirementOf<O extends Op> = LabelRequirement & { op: O };

/** Whether a requirement of each op holds; `has` tells a missing label from an empty one. */
const MATCHERS: { [O in Op]: (r: RequirementOf<O>, has: boolean, v: string | undefined) => boolean } = {
  eq: (r, has, v) => has && v === r.value,
  neq: (r, has, v) => !(has && v === r.value),
  in: (r, has, v) => has && r.values.includes(v ?? ''),
  notin: (r, has, v) => !(has && r.values.includes(v ?? '')),
  exists: (_r, has) => has,
  notexists: (_r, has) => !has,
  gt: (r, has, v) => has && compareInteger('gt', Number(v), r.value),
  lt: (r, has, v) => has && compareInteger('lt', Number(v), r.value),
};

function matchesRequirement(r: LabelRequirement, has: boolean, v: string | undefined): boolean {
  const match = MATCHERS[r.op] as (r: LabelRequirement, has: boolean, v: string | undefined) => boolean;
  return match(r, has, v);
}

function compareInteger(op: 'gt' | 'lt', n: number, bound: number): boolean {
  if (!Number.isInteger(n)) return false;
  return op === 'gt' ? n > bound : n < bound;
}

export function matchLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => matchesRequirement(r, Object.prototype.hasOwnProperty.call(l, r.key), l[r.key]));
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
