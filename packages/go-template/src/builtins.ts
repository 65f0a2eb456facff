/** text/template's predefined functions (funcs.go builtins). */
import { FuncCallError } from './errors';
import { sprint, sprintln } from './fmt';
import { sprintf } from './printf';
import { GoPanic, type FuncMap, type GoFunc } from './funcs';
import { byteLen, fromUtf8, isGoPrint, utf8 } from './go-strings';
import { type GoValue, INVALID, goBool, goInt, goString, isUnsigned, truth, typeName } from './values';

const BAD_COMPARISON_TYPE = 'invalid type for comparison';
const BAD_COMPARISON = 'incompatible types for comparison';
const NO_COMPARISON = 'missing argument for comparison';

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: GoValue): BasicKind {
  switch (v.k) {
    case 'bool':
      return 'bool';
    case 'int':
      return isUnsigned(v.t) ? 'uint' : 'int';
    case 'float':
      return 'float';
    case 'complex':
      return 'complex';
    case 'string':
      return 'string';
    default:
      return 'invalid';
  }
}

/** indirectInterface: a nil interface is the same as no value for the comparison functions. */
const deNil = (v: GoValue): GoValue => (v.k === 'nil' ? INVALID : v);

const isNilish = (v: GoValue): boolean => v.k === 'invalid' || v.k === 'nil';

const isIntUintMix = (k1: string, k2: string): boolean => (k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int');

function eq(arg1raw: GoValue, rest: GoValue[]): boolean {
  const arg1 = deNil(arg1raw);
  if (rest.length === 0) throw new FuncCallError(NO_COMPARISON);
  const k1 = basicKind(arg1);
  return rest.some((argRaw) => eqPair(arg1, k1, deNil(argRaw)));
}

/** One arg1 == arg comparison of eq; throws Go's error for incomparable operands. */
function eqPair(arg1: GoValue, k1: string, arg: GoValue): boolean {
  const k2 = basicKind(arg);
  if (k1 !== k2) {
    if (isIntUintMix(k1, k2)) return arg1.k === 'int' && arg.k === 'int' && arg1.v === arg.v;
    if (!isNilish(arg1) && !isNilish(arg)) throw new FuncCallError(BAD_COMPARISON);
    return false;
  }
  if (k1 === 'complex') {
    const [a, b] = [arg1 as { re: number; im: number }, arg as { re: number; im: number }];
    return a.re === b.re && a.im === b.im;
  }
  if (k1 !== 'invalid') return (arg1 as { v: unknown }).v === (arg as { v: unknown }).v;
  return eqNonBasic(arg1, arg);
}

/** eq of two values of no basic kind: nil, structs, or an error for anything else. */
function eqNonBasic(arg1: GoValue, arg: GoValue): boolean {
  if (isNilish(arg1) || isNilish(arg)) return isNilish(arg1) === isNilish(arg);
  if (typeName(arg1) !== typeName(arg)) {
    // Go: "non-comparable types %s: %v, %s: %v" (first value with %s, second with %v).
    throw new FuncCallError(`non-comparable types ${sprintf('%s', [arg1])}: ${typeName(arg1)}, ${typeName(arg)}: ${sprintf('%v', [arg])}`);
  }
  if (arg1.k === 'struct' && arg.k === 'struct') {
    // Pointers compare by identity; struct values field by field.
    return arg1.ptr ? arg1.fields === arg.fields : [...arg1.fields].every(([k, v]) => eq(v, [arg.fields.get(k) as GoValue]));
  }
  throw new FuncCallError(`non-comparable type ${sprintf('%s', [arg])}: ${typeName(arg)}`);
}

function lt(a1: GoValue, a2: GoValue): boolean {
  const arg1 = deNil(a1);
  const arg2 = deNil(a2);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new FuncCallError(BAD_COMPARISON_TYPE);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new FuncCallError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) {
    if (isIntUintMix(k1, k2)) {
      return (arg1 as { v: bigint }).v < (arg2 as { v: bigint }).v;
    }
    throw new FuncCallError(BAD_COMPARISON);
  }
  if (k1 === 'bool' || k1 === 'complex') throw new FuncCallError(BAD_COMPARISON_TYPE);
  if (k1 === 'string') return compareBytes((arg1 as { v: string }).v, (arg2 as { v: string }).v) < 0;
  return (arg1 as { v: number | bigint }).v < (arg2 as { v: number | bigint }).v;
}

/** Go compares strings bytewise (UTF-8), not by UTF-16 code units. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b));
}

function le(a: GoValue, b: GoValue): boolean {
  return lt(a, b) || eq(a, [b]);
}

function indexArg(index: GoValue, cap: number): number {
  const v = deNil(index);
  if (v.k === 'invalid') throw new FuncCallError('cannot index slice/array with nil');
  if (v.k !== 'int') throw new FuncCallError(`cannot index slice/array with type ${typeName(v)}`);
  if (v.v < 0n || v.v > BigInt(cap)) throw new FuncCallError(`index out of range: ${v.v}`);
  return Number(v.v);
}

function indirect(v: GoValue): GoValue {
  return v.k === 'struct' && v.ptr ? { ...v, ptr: false } : v;
}

function index(itemRaw: GoValue, indexes: GoValue[]): GoValue {
  let item = deNil(itemRaw);
  if (item.k === 'invalid') throw new FuncCallError('index of untyped nil');
  for (const idx of indexes) {
    item = indirect(deNil(item));
    if (item.k === 'invalid') throw new FuncCallError('index of untyped nil');
    switch (item.k) {
      case 'slice': {
        const x = indexArg(idx, item.items.length);
        if (x >= item.items.length) throw new GoPanic('reflect: slice index out of range');
        item = item.items[x] as GoValue;
        break;
      }
      case 'string': {
        const bytes = utf8(item.v);
        const x = indexArg(idx, bytes.length);
        if (x >= bytes.length) throw new GoPanic('reflect: string index out of range');
        item = goInt(bytes[x] as number, 'uint8');
        break;
      }
      case 'map': {
        const key = deNil(idx);
        if (key.k === 'invalid') {
          item = item.entries.get('') ?? { k: 'nil' };
        } else if (key.k !== 'string') {
          throw new FuncCallError(`value has type ${typeName(key)}; should be string`);
        } else {
          item = item.entries.get(key.v) ?? { k: 'nil' };
        }
        break;
      }
      default:
        throw new FuncCallError(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(itemRaw: GoValue, indexes: GoValue[]): GoValue {
  const item = deNil(itemRaw);
  if (item.k === 'invalid') throw new FuncCallError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncCallError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (item.k === 'string') {
    if (indexes.length === 3) throw new FuncCallError('cannot 3-index slice a string');
    len = byteLen(item.v);
  } else if (item.k === 'slice') {
    len = item.items.length;
  } else {
    throw new FuncCallError(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  const [a, b, c] = idx as [number, number, number];
  if (a > b) throw new FuncCallError(`invalid slice index: ${a} > ${b}`);
  if (indexes.length === 3 && b > c) throw new FuncCallError(`invalid slice index: ${b} > ${c}`);
  if (item.k === 'string') return goString(fromUtf8(utf8(item.v).subarray(a, b)));
  return { k: 'slice', items: item.items.slice(a, b) };
}

function length(v: GoValue): GoValue {
  const item = indirect(v);
  switch (item.k) {
    case 'nil':
      throw new FuncCallError('len of nil pointer');
    case 'invalid':
      throw new GoPanic('reflect: call of reflect.Value.Type on zero Value');
    case 'string':
      return goInt(byteLen(item.v));
    case 'slice':
      return goInt(item.items.length);
    case 'map':
      return goInt(item.entries.size);
    default:
      throw new FuncCallError(`len of type ${typeName(item)}`);
  }
}

/** text/template evalArgs: one string as is, otherwise fmt.Sprint of printable values. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && args[0]?.k === 'string') return args[0].v;
  return sprint(
    args.map((a) => (a.k === 'invalid' || a.k === 'nil' ? goString('<no value>') : a.k === 'struct' ? { ...a, ptr: false } : a)),
  );
}

function htmlEscape(s: string): string {
  return s.replace(
    /[\0"'&<>]/g,
    (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string,
  );
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp < 0x80 || isGoPrint(ch)) out += ch;
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const f = (params: GoFunc['params'], call: GoFunc['call'], variadic?: GoFunc['variadic']): GoFunc =>
  variadic ? { params, call, variadic } : { params, call };

export const BUILTINS: FuncMap = new Map<string, GoFunc>([
  ['and', { params: ['value'], variadic: 'value', shortCircuit: 'and', call: () => INVALID }],
  ['or', { params: ['value'], variadic: 'value', shortCircuit: 'or', call: () => INVALID }],
  ['not', f(['value'], ([a]) => goBool(!truth(a as GoValue)))],
  ['len', f(['value'], ([a]) => length(a as GoValue))],
  ['index', f(['value'], ([a, ...rest]) => index(a as GoValue, rest), 'value')],
  ['slice', f(['value'], ([a, ...rest]) => slice(a as GoValue, rest), 'value')],
  ['eq', f(['value'], ([a, ...rest]) => goBool(eq(a as GoValue, rest)), 'value')],
  ['ne', f(['value', 'value'], ([a, b]) => goBool(!eq(a as GoValue, [b as GoValue])))],
  ['lt', f(['value', 'value'], ([a, b]) => goBool(lt(a as GoValue, b as GoValue)))],
  ['le', f(['value', 'value'], ([a, b]) => goBool(le(a as GoValue, b as GoValue)))],
  ['gt', f(['value', 'value'], ([a, b]) => goBool(!le(a as GoValue, b as GoValue)))],
  ['ge', f(['value', 'value'], ([a, b]) => goBool(!lt(a as GoValue, b as GoValue)))],
  ['print', f([], (args) => goString(sprint(args)), 'any')],
  ['printf', f(['string'], ([fmt, ...args]) => goString(sprintf((fmt as { v: string }).v, args)), 'any')],
  ['println', f([], (args) => goString(sprintln(args)), 'any')],
  ['html', f([], (args) => goString(htmlEscape(evalArgs(args))), 'any')],
  ['js', f([], (args) => goString(jsEscape(evalArgs(args))), 'any')],
  ['urlquery', f([], (args) => goString(queryEscape(evalArgs(args))), 'any')],
  [
    'call',
    f(
      ['value'],
      ([fn]) => {
        const v = deNil(fn as GoValue);
        if (v.k === 'invalid') throw new FuncCallError('call of nil');
        throw new FuncCallError(`non-function of type ${typeName(v)}`);
      },
      'value',
    ),
  ],
]);
