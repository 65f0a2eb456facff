/**
 * Function signatures as Go's reflection sees them. text/template checks argument counts and
 * types against the Go signature (an int64 value is not assignable to an int parameter, a
 * string constant cannot be passed as an int), so each function declares its parameter types.
 */
import type { GoValue } from './values';

/** 'any' = interface{}; 'value' = reflect.Value (the builtins' raw arguments). */
export type ParamType = 'string' | 'int' | 'float64' | 'bool' | 'any' | 'value';

export interface GoFunc {
  readonly params: readonly ParamType[];
  /** Element type of a trailing ...parameter. */
  readonly variadic?: ParamType;
  /** Builtins and/or evaluate their arguments lazily (Go ≥ 1.18). */
  readonly shortCircuit?: 'and' | 'or';
  /** Throws FuncCallError (or GoPanic) for Go's error results and panics. */
  readonly call: (args: GoValue[]) => GoValue;
}

export type FuncMap = ReadonlyMap<string, GoFunc>;

/** A Go runtime panic inside a function (text/template recovers it into an exec error). */
export class GoPanic extends Error {}
