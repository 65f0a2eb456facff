/**
 * The sprig v3 functions Forklift registers for its name templates (pkg/templateutil:
 * AddStringFuncs + AddMathFuncs) — and only those, so any other sprig function is "not defined"
 * exactly as in the controller. Semantics follow sprig 3.2 and the Go functions it wraps,
 * including their byte-oriented quirks (trunc/substr count bytes; nospace/initials walk bytes).
 */
import { FuncCallError } from './errors';
import { GoPanic, type FuncMap, type GoFunc } from './funcs';
import { GoRegexpError, compileGoRegexp, replaceAllGo } from './go-regexp';
import {
  byteLen,
  byteSlice,
  bytesAsRunes,
  goReplaceAll,
  goTitle,
  goToLower,
  goToUpper,
  goTrimCutset,
  goTrimSpace,
  isGoSpace,
  isEscapedByte,
} from './go-strings';
import { type GoValue, goBool, goFloat, goInt, goString } from './values';

/** The exact list in kubev2v/forklift pkg/templateutil/templateutil.go. */
export const FORKLIFT_STRING_FUNCS = [
  'lower',
  'upper',
  'contains',
  'replace',
  'trim',
  'trimAll',
  'trimSuffix',
  'trimPrefix',
  'title',
  'untitle',
  'repeat',
  'substr',
  'nospace',
  'trunc',
  'initials',
  'hasPrefix',
  'hasSuffix',
  'mustRegexReplaceAll',
] as const;
export const FORKLIFT_MATH_FUNCS = ['add', 'add1', 'sub', 'div', 'mod', 'mul', 'max', 'min', 'floor', 'ceil', 'round'] as const;

const str = (v: GoValue | undefined): string => (v as { v: string }).v;
const int = (v: GoValue | undefined): number => Number((v as { v: bigint }).v);

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Go's float64 -> int64 conversion (amd64: out of range and NaN give the minimum int64). */
function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast's trimZeroDecimal: "3.00" -> "3". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64); undefined on error. */
function parseIntGo(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2] as string;
  if (body.includes('_')) {
    // Underscores only between digits, or after a base prefix.
    const digits = /^0[xXoObB]/.test(body) ? body.slice(2) : body;
    if (/^_|__|_$/.test(/^0[xXoObB]/.test(body) ? 'x' + digits : digits) || digits.endsWith('_')) return undefined;
  }
  const clean = body.replace(/_/g, '');
  let v: bigint;
  if (/^0[xX]/.test(clean)) v = BigInt(clean);
  else if (/^0[oO]/.test(clean)) v = BigInt('0o' + clean.slice(2));
  else if (/^0[bB]/.test(clean)) v = BigInt(clean);
  else if (clean.length > 1 && clean.startsWith('0')) v = BigInt('0o' + clean.slice(1));
  else v = BigInt(clean);
  if (m[1] === '-') v = -v;
  if (v < INT64_MIN || v > INT64_MAX) return undefined;
  return v;
}

/** strconv.ParseFloat(s, 64); undefined on error (including out of range). */
function parseFloatGo(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  let t = s;
  if (t.includes('_')) {
    if (!/^[+-]?0[xX]/.test(t) || /__|_$|[^0-9a-fA-F]_|_[^0-9a-fA-F]/.test(t.replace(/^[+-]?0[xX]/, ''))) return undefined;
    t = t.replace(/_/g, '');
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    const v = Number(t);
    return Number.isFinite(v) ? v : undefined;
  }
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(t);
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    let mant = 0;
    for (const d of (hex[2] as string) + (hex[3] as string)) mant = mant * 16 + parseInt(d, 16);
    const v = mant * Math.pow(2, Number(hex[4]) - 4 * (hex[3] as string).length);
    if (!Number.isFinite(v)) return undefined;
    return hex[1] === '-' ? -v : v;
  }
  return undefined;
}

/** spf13/cast ToInt64 (errors become 0), as sprig's toInt64. */
export function toInt64(v: GoValue): bigint {
  switch (v.k) {
    case 'int':
      return v.v;
    case 'float':
      return floatToInt64(v.v);
    case 'string':
      return parseIntGo(trimZeroDecimal(v.v)) ?? 0n;
    case 'bool':
      return v.v ? 1n : 0n;
    default:
      return 0n;
  }
}

/** spf13/cast ToFloat64 (errors become 0), as sprig's toFloat64. */
export function toFloat64(v: GoValue): number {
  switch (v.k) {
    case 'int':
      return Number(v.v);
    case 'float':
      return v.v;
    case 'string':
      return parseFloatGo(v.v) ?? 0;
    case 'bool':
      return v.v ? 1 : 0;
    default:
      return 0;
  }
}

const i64 = (v: bigint): GoValue => goInt(v, 'int64');

/** goutils.DeleteWhiteSpace: walks bytes; non-ASCII bytes are re-encoded as Latin-1 runes. */
function nospace(s: string): string {
  if (s === '') return s;
  const runes = bytesAsRunes(s);
  let out = '';
  let count = 0;
  for (const ch of runes) {
    if (!isGoSpace(ch.codePointAt(0) as number)) {
      out += ch;
      count++;
    }
  }
  return count === runes.length ? s : out;
}

/** goutils.Initials: first byte of each whitespace-separated word (byte walk, as above). */
function initials(s: string): string {
  if (s === '') return s;
  let out = '';
  let lastWasGap = true;
  for (const ch of bytesAsRunes(s)) {
    if (isGoSpace(ch.codePointAt(0) as number)) lastWasGap = true;
    else if (lastWasGap) {
      out += ch;
      lastWasGap = false;
    }
  }
  return out;
}

/** goutils.Uncapitalize: lower-case the first rune of each whitespace-separated word. */
function untitle(s: string): string {
  let out = '';
  let next = true;
  // []rune(str): invalid bytes become U+FFFD.
  for (const raw of s) {
    const ch = isEscapedByte(raw) ? '\uFFFD' : raw;
    if (isGoSpace(ch.codePointAt(0) as number)) {
      next = true;
      out += ch;
    } else if (next) {
      out += goToLower(ch);
      next = false;
    } else {
      out += ch;
    }
  }
  return out;
}

function trunc(c: number, s: string): string {
  const len = byteLen(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

/** s[lo:hi] with Go's runtime panic messages. */
function sliceBounds(s: string, lo: number, hi: number | undefined): string {
  const len = byteLen(s);
  const h = hi ?? len;
  if (h < 0) throw new GoPanic(`runtime error: slice bounds out of range [:${h}]`);
  if (h > len) throw new GoPanic(`runtime error: slice bounds out of range [:${h}] with length ${len}`);
  if (lo > h) throw new GoPanic(`runtime error: slice bounds out of range [${lo}:${h}]`);
  return byteSlice(s, lo, h);
}

/** sprig substring: start < 0 gives s[:end]; end < 0 or end > len gives s[start:]. */
function substr(start: number, end: number, s: string): string {
  if (start < 0) return sliceBounds(s, 0, end);
  if (end < 0 || end > byteLen(s)) return sliceBounds(s, start, undefined);
  return sliceBounds(s, start, end);
}

/** Cap on repeat output: Go would try to allocate it; here it is refused as a panic would be. */
const MAX_REPEAT_BYTES = 64 * 1024 * 1024;

function repeat(count: number, s: string): string {
  if (count < 0) throw new GoPanic('strings: negative Repeat count');
  if (count * byteLen(s) > MAX_REPEAT_BYTES) throw new GoPanic('strings: Repeat output too large');
  return s.repeat(count);
}

function round(a: GoValue, places: number, rOpt: GoValue[]): number {
  const roundOn = rOpt.length > 0 ? (rOpt[0] as { v: number }).v : 0.5;
  const val = toFloat64(a);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

function regexReplaceAll(regex: string, s: string, repl: string): string {
  try {
    return replaceAllGo(compileGoRegexp(regex), s, repl);
  } catch (e) {
    if (e instanceof GoRegexpError) throw new FuncCallError(e.message);
    throw e;
  }
}

const s1 = (fn: (s: string) => string): GoFunc => ({ params: ['string'], call: ([a]) => goString(fn(str(a))) });
const s2b = (fn: (a: string, b: string) => boolean): GoFunc => ({
  params: ['string', 'string'],
  call: ([a, b]) => goBool(fn(str(a), str(b))),
});
const s2 = (fn: (a: string, b: string) => string): GoFunc => ({
  params: ['string', 'string'],
  call: ([a, b]) => goString(fn(str(a), str(b))),
});

function divide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new GoPanic('runtime error: integer divide by zero');
  return BigInt.asIntN(64, op === 'div' ? a / b : a % b);
}

export const SPRIG_FORKLIFT: FuncMap = new Map<string, GoFunc>([
  ['lower', s1(goToLower)],
  ['upper', s1(goToUpper)],
  ['contains', s2b((sub, s) => s.includes(sub))],
  ['replace', { params: ['string', 'string', 'string'], call: ([o, n, s]) => goString(goReplaceAll(str(s), str(o), str(n))) }],
  ['trim', s1(goTrimSpace)],
  ['trimAll', s2((cut, s) => goTrimCutset(s, cut))],
  ['trimSuffix', s2((suf, s) => (suf !== '' && s.endsWith(suf) ? s.slice(0, s.length - suf.length) : s))],
  ['trimPrefix', s2((pre, s) => (s.startsWith(pre) ? s.slice(pre.length) : s))],
  ['title', s1(goTitle)],
  ['untitle', s1(untitle)],
  ['repeat', { params: ['int', 'string'], call: ([c, s]) => goString(repeat(int(c), str(s))) }],
  ['substr', { params: ['int', 'int', 'string'], call: ([a, b, s]) => goString(substr(int(a), int(b), str(s))) }],
  ['nospace', s1(nospace)],
  ['trunc', { params: ['int', 'string'], call: ([c, s]) => goString(trunc(int(c), str(s))) }],
  ['initials', s1(initials)],
  ['hasPrefix', s2b((pre, s) => s.startsWith(pre))],
  ['hasSuffix', s2b((suf, s) => s.endsWith(suf))],
  [
    'mustRegexReplaceAll',
    { params: ['string', 'string', 'string'], call: ([r, s, repl]) => goString(regexReplaceAll(str(r), str(s), str(repl))) },
  ],
  ['add', { params: [], variadic: 'any', call: (args) => i64(args.reduce((acc, a) => BigInt.asIntN(64, acc + toInt64(a)), 0n)) }],
  ['add1', { params: ['any'], call: ([a]) => i64(BigInt.asIntN(64, toInt64(a as GoValue) + 1n)) }],
  ['sub', { params: ['any', 'any'], call: ([a, b]) => i64(BigInt.asIntN(64, toInt64(a as GoValue) - toInt64(b as GoValue))) }],
  ['div', { params: ['any', 'any'], call: ([a, b]) => i64(divide(toInt64(a as GoValue), toInt64(b as GoValue), 'div')) }],
  ['mod', { params: ['any', 'any'], call: ([a, b]) => i64(divide(toInt64(a as GoValue), toInt64(b as GoValue), 'mod')) }],
  [
    'mul',
    {
      params: ['any'],
      variadic: 'any',
      call: ([a, ...rest]) => i64(rest.reduce((acc, x) => BigInt.asIntN(64, acc * toInt64(x)), toInt64(a as GoValue))),
    },
  ],
  [
    'max',
    {
      params: ['any'],
      variadic: 'any',
      call: ([a, ...rest]) =>
        i64(
          rest.reduce(
            (acc, x) => {
              const v = toInt64(x);
              return v > acc ? v : acc;
            },
            toInt64(a as GoValue),
          ),
        ),
    },
  ],
  [
    'min',
    {
      params: ['any'],
      variadic: 'any',
      call: ([a, ...rest]) =>
        i64(
          rest.reduce(
            (acc, x) => {
              const v = toInt64(x);
              return v < acc ? v : acc;
            },
            toInt64(a as GoValue),
          ),
        ),
    },
  ],
  ['floor', { params: ['any'], call: ([a]) => goFloat(Math.floor(toFloat64(a as GoValue))) }],
  ['ceil', { params: ['any'], call: ([a]) => goFloat(Math.ceil(toFloat64(a as GoValue))) }],
  ['round', { params: ['any', 'int'], variadic: 'float64', call: ([a, p, ...r]) => goFloat(round(a as GoValue, int(p), r)) }],
]);
