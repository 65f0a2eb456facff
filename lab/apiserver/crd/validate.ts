/**
 * OpenAPI v3 schema validation of a custom resource, with the causes kube-apiserver reports
 * (field path, reason, and the message text kube-openapi and field.Error give).
 */
import type { StatusCause } from '../errors';
import { fieldPath, isMap, jsonTypeName, type Structural } from './structural';

const patterns = new Map<string, RegExp>();
function compiled(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) {
    re = new RegExp(p, 'u');
    patterns.set(p, re);
  }
  return re;
}

const quote = (v: unknown): string => JSON.stringify(v);

function invalid(path: string, value: unknown, detail: string): StatusCause {
  return { field: path, reason: 'FieldValueInvalid', message: `Invalid value: ${quote(value)}: ${detail}` };
}

function typeMatches(type: Structural['type'], v: unknown): boolean {
  switch (type) {
    case 'object':
      return isMap(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    default:
      return true;
  }
}

/** The type check; false when the value has the wrong type (the cause is recorded). */
function checkType(v: unknown, s: Structural, path: string, out: StatusCause[]): boolean {
  if (s['x-kubernetes-int-or-string']) {
    if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'string') return true;
    out.push(invalid(path, jsonTypeName(v), `${path} in body must be of type integer,string: ${quote(jsonTypeName(v))}`));
    return false;
  }
  if (s.type === undefined || typeMatches(s.type, v)) return true;
  out.push(invalid(path, jsonTypeName(v), `${path} in body must be of type ${s.type}: ${quote(jsonTypeName(v))}`));
  return false;
}

function checkScalar(v: unknown, s: Structural, path: string, out: StatusCause[]): void {
  if (s.enum && !s.enum.some((e) => e === v)) {
    out.push({
      field: path,
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${quote(v)}: supported values: ${s.enum.map(quote).join(', ')}`,
    });
  }
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && v.length > s.maxLength)
      out.push({ field: path, reason: 'FieldValueTooLong', message: `Too long: may not be more than ${s.maxLength} bytes` });
    if (s.minLength !== undefined && v.length < s.minLength)
      out.push(invalid(path, v, `${path} in body should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined && !compiled(s.pattern).test(v)) out.push(invalid(path, v, `${path} in body should match '${s.pattern}'`));
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum)
      out.push(invalid(path, v, `${path} in body should be greater than or equal to ${s.minimum}`));
    if (s.maximum !== undefined && v > s.maximum)
      out.push(invalid(path, v, `${path} in body should be less than or equal to ${s.maximum}`));
  }
}

/** x-kubernetes-list-type set / map: no two items (or no two items' keys) may be equal. */
function checkListUniqueness(v: unknown[], s: Structural, path: string, out: StatusCause[]): void {
  const kind = s['x-kubernetes-list-type'];
  if (kind !== 'set' && kind !== 'map') return;
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  v.forEach((item, i) => {
    const id = kind === 'set' ? quote(item) : quote(keys.map((k) => (isMap(item) ? item[k] : undefined)));
    if (!seen.has(id)) {
      seen.add(id);
      return;
    }
    const shown =
      kind === 'set'
        ? quote(item)
        : `map[string]interface {}{${keys.map((k) => `${quote(k)}:${quote(isMap(item) ? item[k] : undefined)}`).join(', ')}}`;
    out.push({ field: fieldPath.index(path, i), reason: 'FieldValueDuplicate', message: `Duplicate value: ${shown}` });
  });
}

function checkArray(v: unknown[], s: Structural, path: string, out: StatusCause[]): void {
  if (s.minItems !== undefined && v.length < s.minItems)
    out.push(invalid(path, v.length, `${path} in body should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && v.length > s.maxItems)
    out.push({ field: path, reason: 'FieldValueTooMany', message: `Too many: ${v.length}: must have at most ${s.maxItems} items` });
  checkListUniqueness(v, s, path, out);
  if (s.items) v.forEach((item, i) => validateValue(item, s.items as Structural, fieldPath.index(path, i), out));
}

function checkObject(v: Record<string, unknown>, s: Structural, path: string, out: StatusCause[]): void {
  for (const r of s.required ?? [])
    if (v[r] === undefined) out.push({ field: fieldPath.child(path, r), reason: 'FieldValueRequired', message: 'Required value' });
  for (const [k, item] of Object.entries(v)) {
    const prop = s.properties?.[k];
    if (prop) validateValue(item, prop, fieldPath.child(path, k), out);
    else if (s.additionalProperties) validateValue(item, s.additionalProperties, fieldPath.key(path, k), out);
  }
}

export function validateValue(v: unknown, s: Structural, path: string, out: StatusCause[]): void {
  if (v === null) {
    if (s.nullable) return;
    if (s.type !== undefined || s['x-kubernetes-int-or-string']) checkType(v, s, path, out);
    return;
  }
  if (!checkType(v, s, path, out)) return;
  checkScalar(v, s, path, out);
  if (Array.isArray(v)) checkArray(v, s, path, out);
  else if (isMap(v)) checkObject(v, s, path, out);
}

/** Validates everything but metadata (the API server checks metadata itself). */
export function validateObject(obj: Record<string, unknown>, schema: Structural): StatusCause[] {
  const out: StatusCause[] = [];
  for (const r of schema.required ?? [])
    if (obj[r] === undefined) out.push({ field: r, reason: 'FieldValueRequired', message: 'Required value' });
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
    const prop = schema.properties?.[k];
    if (prop) validateValue(v, prop, k, out);
  }
  return out;
}
