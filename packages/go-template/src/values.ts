import { normalizeGoString } from './go-strings';

/**
 * Go values as text/template sees them. Go's behaviour depends on static types (an int64 result is
 * not assignable to an int parameter; a missing map key is an "invalid" value printed as
 * "<no value>"; a missing struct field is an error), so every value carries its Go type.
 */

/** Go integer types that occur in Forklift templates: int (fields, constants, len), int64 (sprig
 * math results), int32 (rune constants are converted to int, kept for completeness), uint8 (index
 * of a string). */
export type IntType = 'int' | 'int64' | 'int32' | 'uint8';

export type GoValue =
  | { readonly k: 'string'; readonly v: string }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'int'; readonly t: IntType; readonly v: bigint }
  | { readonly k: 'float'; readonly v: number }
  | { readonly k: 'complex'; readonly re: number; readonly im: number }
  /** A nil interface{} stored in a map or slice (JSON null). */
  | { readonly k: 'nil' }
  /** reflect.Value{}: a missing map key, an unset interface. Prints as "<no value>". */
  | { readonly k: 'invalid' }
  /** map[string]interface{} */
  | { readonly k: 'map'; readonly entries: ReadonlyMap<string, GoValue> }
  /** []interface{} */
  | { readonly k: 'slice'; readonly items: readonly GoValue[] }
  /** A struct (ptr=false) or a pointer to one (ptr=true), as Forklift passes its data. */
  | { readonly k: 'struct'; readonly def: StructDef; readonly ptr: boolean; readonly fields: ReadonlyMap<string, GoValue> };

export type StructFieldType = 'string' | 'int' | 'bool';

export interface StructDef {
  /** Qualified Go type name, e.g. "v1beta1.PVCNameTemplateData". */
  readonly name: string;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: StructFieldType }>;
}

export const INVALID: GoValue = { k: 'invalid' };
export const NIL: GoValue = { k: 'nil' };

/** A Go string; escaped invalid bytes that form valid UTF-8 again are re-joined. */
export const goString = (v: string): GoValue => ({ k: 'string', v: normalizeGoString(v) });
export const goBool = (v: boolean): GoValue => ({ k: 'bool', v });
export const goFloat = (v: number): GoValue => ({ k: 'float', v });

const INT_BITS: Record<IntType, { bits: number; unsigned: boolean }> = {
  int: { bits: 64, unsigned: false },
  int64: { bits: 64, unsigned: false },
  int32: { bits: 32, unsigned: false },
  uint8: { bits: 8, unsigned: true },
};

/** An integer of the given Go type, wrapped like Go's fixed-width arithmetic. */
export function goInt(v: bigint | number, t: IntType = 'int'): GoValue {
  const big = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  const { bits, unsigned } = INT_BITS[t];
  return { k: 'int', t, v: unsigned ? BigInt.asUintN(bits, big) : BigInt.asIntN(bits, big) };
}

export const isUnsigned = (t: IntType): boolean => INT_BITS[t].unsigned;

/** Go's reflect type string of a value, as it appears in Go error messages. */
export function typeName(v: GoValue): string {
  switch (v.k) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'int':
      return v.t;
    case 'float':
      return 'float64';
    case 'complex':
      return 'complex128';
    case 'nil':
      return 'interface {}';
    case 'invalid':
      return '<invalid reflect.Value>';
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'struct':
      return (v.ptr ? '*' : '') + v.def.name;
  }
}

const isGoIntLike = (raw: unknown): boolean => typeof raw === 'bigint' || (typeof raw === 'number' && Number.isInteger(raw));

/** Per field type: which JavaScript values it accepts, what the error calls it, and its Go value (zero when absent). */
const FIELD_KINDS: Record<StructFieldType, { accepts: (raw: unknown) => boolean; what: string; make: (raw: unknown) => GoValue }> = {
  string: { accepts: (raw) => typeof raw === 'string', what: 'a string', make: (raw) => goString((raw as string | undefined) ?? '') },
  int: { accepts: isGoIntLike, what: 'an integer', make: (raw) => goInt((raw as bigint | number | undefined) ?? 0) },
  bool: { accepts: (raw) => typeof raw === 'boolean', what: 'a boolean', make: (raw) => goBool((raw as boolean | undefined) ?? false) },
};

/** Builds a struct value: fields absent from `values` get Go's zero value. */
export function goStruct(def: StructDef, values: Readonly<Record<string, unknown>>, ptr = true): GoValue {
  const known = new Set(def.fields.map((f) => f.name));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) throw new TypeError(`${def.name} has no field ${key}`);
  }
  const fields = new Map<string, GoValue>();
  for (const f of def.fields) {
    const raw = values[f.name];
    const kind = FIELD_KINDS[f.type];
    if (raw !== undefined && !kind.accepts(raw)) throw new TypeError(`${def.name}.${f.name} must be ${kind.what}`);
    fields.set(f.name, kind.make(raw));
  }
  return { k: 'struct', def, ptr, fields };
}

/**
 * Converts JSON-like data the way encoding/json + the oracle build map[string]interface{}:
 * integral numbers become int, others float64, null a nil interface.
 */
export function fromJson(value: unknown): GoValue {
  if (value === null || value === undefined) return NIL;
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'boolean') return goBool(value);
  if (typeof value === 'bigint') return goInt(value);
  // encoding/json decides by the text: "1e+21" is a float even though it is integral.
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) < 2 ** 63 && !String(value).includes('e') ? goInt(value) : goFloat(value);
  if (Array.isArray(value)) return { k: 'slice', items: value.map(fromJson) };
  if (typeof value === 'object') {
    const entries = new Map<string, GoValue>();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) entries.set(key, fromJson(v));
    return { k: 'map', entries };
  }
  throw new TypeError(`cannot convert ${typeof value} to a Go value`);
}

/** Go's `isTrue`: the truth of if/with/and/or/not. */
export function truth(v: GoValue): boolean {
  switch (v.k) {
    case 'string':
      return v.v.length > 0;
    case 'bool':
      return v.v;
    case 'int':
      return v.v !== 0n;
    case 'float':
      return v.v !== 0;
    case 'complex':
      return v.re !== 0 || v.im !== 0;
    case 'nil':
    case 'invalid':
      return false;
    case 'map':
      return v.entries.size > 0;
    case 'slice':
      return v.items.length > 0;
    case 'struct':
      return true;
  }
}
