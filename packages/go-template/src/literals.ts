/**
 * Go literal parsing as text/template's parser does it: strconv.Unquote for "..." and `...`,
 * strconv.UnquoteChar for '...', and the integer/float rules of parse.(*Tree).newNumber.
 */
import type { NumberNode } from './ast';
import { fromUtf8 } from './go-strings';

export class LiteralError extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

function pushRune(bytes: number[], cp: number): void {
  bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
}

/** Decodes one (possibly escaped) character at s[i]; returns bytes appended and the next index.
 * `rune` is the code point, or the byte value for \x and octal escapes. */
function unquoteChar(s: string, i: number, quote: string, bytes: number[]): { next: number; rune: number } {
  const c = s.codePointAt(i);
  if (c === undefined) throw new LiteralError('invalid syntax');
  const ch = String.fromCodePoint(c);
  if (ch === quote && (quote === "'" || quote === '"')) throw new LiteralError('invalid syntax');
  if (ch !== '\\') {
    pushRune(bytes, c);
    return { next: i + ch.length, rune: c };
  }
  return unquoteEscape(s, i, quote, bytes);
}

/** The escape sequence starting with the backslash at s[i]. */
function unquoteEscape(s: string, i: number, quote: string, bytes: number[]): { next: number; rune: number } {
  const e = s[i + 1];
  if (e === undefined) throw new LiteralError('invalid syntax');
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    bytes.push(simple);
    return { next: i + 2, rune: simple };
  }
  if (e >= '0' && e <= '7') return octalEscape(s, i, bytes);
  switch (e) {
    case 'x': {
      const v = hexRun(s, i + 2, 2);
      bytes.push(v);
      return { next: i + 4, rune: v };
    }
    case 'u':
    case 'U':
      return unicodeEscape(s, i, e === 'u' ? 4 : 8, bytes);
    case "'":
    case '"':
      if (e !== quote) throw new LiteralError('invalid syntax');
      bytes.push(e.charCodeAt(0));
      return { next: i + 2, rune: e.charCodeAt(0) };
  }
  throw new LiteralError('invalid syntax');
}

/** Exactly n hex digits at s[at]. */
function hexRun(s: string, at: number, n: number): number {
  const h = s.slice(at, at + n);
  if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) throw new LiteralError('invalid syntax');
  return parseInt(h, 16);
}

/** \uXXXX or \UXXXXXXXX: a code point, not a surrogate. */
function unicodeEscape(s: string, i: number, n: number, bytes: number[]): { next: number; rune: number } {
  const v = hexRun(s, i + 2, n);
  if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new LiteralError('invalid syntax');
  pushRune(bytes, v);
  return { next: i + 2 + n, rune: v };
}

/** \ooo: three octal digits, at most 255. */
function octalEscape(s: string, i: number, bytes: number[]): { next: number; rune: number } {
  const o = s.slice(i + 1, i + 4);
  if (!/^[0-7]{3}$/.test(o)) throw new LiteralError('invalid syntax');
  const v = parseInt(o, 8);
  if (v > 255) throw new LiteralError('invalid syntax');
  bytes.push(v);
  return { next: i + 4, rune: v };
}

/** strconv.Unquote of a "..." or `...` token. Byte escapes that form invalid UTF-8 decode to U+FFFD. */
export function unquoteString(token: string): string {
  if (token.startsWith('`')) {
    if (token.length < 2 || !token.endsWith('`')) throw new LiteralError('invalid syntax');
    return token.slice(1, -1).replace(/\r/g, '');
  }
  if (token.length < 2 || !token.startsWith('"') || !token.endsWith('"')) throw new LiteralError('invalid syntax');
  const body = token.slice(1, -1);
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) i = unquoteChar(body, i, '"', bytes).next;
  return fromUtf8(Uint8Array.from(bytes));
}

/** Value of a character constant token such as 'a' or '\n'. */
export function unquoteCharConstant(token: string): number {
  const bytes: number[] = [];
  const { next, rune } = unquoteChar(token, 1, "'", bytes);
  if (token.slice(next) !== "'") throw new LiteralError(`malformed character constant: ${token}`);
  return rune;
}

/** strconv's underscoreOK: '_' only between digits or after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[box]/i.test(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = /x/i.test(s[1] as string);
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-f]/i.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Base prefixes of Go integer literals, and the digits each base allows. */
const BASE_PREFIXES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^0[xX]/, 16],
  [/^0[oO]/, 8],
  [/^0[bB]/, 2],
];
const BASE_DIGITS: Readonly<Record<number, RegExp>> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** The base of an unsigned literal and its digits after the prefix ("0" alone is decimal, "0755" octal). */
function splitBasePrefix(body: string): { base: number; digits: string } {
  const prefixed = BASE_PREFIXES.find(([re]) => re.test(body));
  if (prefixed) return { base: prefixed[1], digits: body.slice(2) };
  if (body.length > 1 && body.startsWith('0')) return { base: 8, digits: body.slice(1) };
  return { base: 10, digits: body };
}

/** strconv.ParseInt/ParseUint(s, 0, 64) magnitude parse; undefined when the syntax is invalid. */
function parseIntBase0(s: string, allowSign: boolean): bigint | undefined {
  const signed = s.startsWith('+') || s.startsWith('-');
  if (signed && !allowSign) return undefined;
  const neg = s.startsWith('-');
  const body = signed ? s.slice(1) : s;
  if (body === '') return undefined;
  if (body.includes('_') && !underscoreOK(body)) return undefined;
  const { base, digits: raw } = splitBasePrefix(body);
  const digits = raw.replace(/_/g, '');
  if (digits === '' || !(BASE_DIGITS[base] as RegExp).test(digits)) return undefined;
  let v = 0n;
  const b = BigInt(base);
  for (const d of digits) v = v * b + BigInt(parseInt(d, 16));
  return neg ? -v : v;
}

/** strconv.ParseFloat(s, 64) for the forms the lexer can produce; undefined on bad syntax. */
function parseFloatGo(s: string): number | undefined {
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  const t = s.replace(/_/g, '');
  const dec = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.exec(t);
  if (dec) return Number(t);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(t);
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    const intPart = hex[2] ?? '';
    const frac = hex[3] ?? '';
    let mant = 0;
    for (const d of intPart + frac) mant = mant * 16 + parseInt(d, 16);
    const v = mant * Math.pow(2, Number(hex[4]) - 4 * frac.length);
    return hex[1] === '-' ? -v : v;
  }
  return undefined;
}

/** parse.NumberNode.simplifyComplex: a complex with zero imaginary part is also a float (and int). */
function simplifyComplex(base: NumberBase, re: number, im: number): NumberNode {
  let isFloat = false;
  let isInt = false;
  let int64 = 0n;
  if (im === 0) {
    isFloat = true;
    if (Number.isInteger(re) && Math.abs(re) < 2 ** 63) {
      isInt = true;
      int64 = BigInt(re);
    }
  }
  return { ...base, isInt, isUint: false, isFloat, isComplex: true, int64, float64: im === 0 ? re : 0, complex: [re, im] };
}

type NumberBase = { type: 'number'; pos: number; text: string };

/** parse.(*Tree).newNumber */
export function parseNumber(pos: number, text: string, kind: 'number' | 'charConstant' | 'complex'): NumberNode {
  const base = { type: 'number' as const, pos, text };
  if (kind === 'charConstant') {
    const r = unquoteCharConstant(text);
    return { ...base, isInt: true, isUint: true, isFloat: true, isComplex: false, int64: BigInt(r), float64: r };
  }
  if (kind === 'complex') return parseComplex(base, text);
  if (text.endsWith('i')) {
    // Imaginary constants are complex unless they fail to parse as a float.
    const f = parseFloatGo(text.slice(0, -1));
    if (f !== undefined) return simplifyComplex(base, 0, f);
  }
  return parseReal(base, text);
}

/** "1+2i": fmt.Sscan of a complex128. */
function parseComplex(base: NumberBase, text: string): NumberNode {
  const split = imaginarySplit(text);
  const re = split > 0 ? parseFloatGo(text.slice(0, split)) : undefined;
  const im = split > 0 && text.endsWith('i') ? parseFloatGo(text.slice(split, -1)) : undefined;
  if (re === undefined || im === undefined) throw new LiteralError(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
  return simplifyComplex(base, re, im);
}

/** Index of the sign that starts the imaginary part (not an exponent's sign), or -1. */
function imaginarySplit(text: string): number {
  for (let k = text.length - 2; k > 0; k--) {
    if ((text[k] === '+' || text[k] === '-') && !/[eEpP]/.test(text[k - 1] as string)) return k;
  }
  return -1;
}

/** An integer (int64 or uint64 syntax) or else a float literal. */
function parseReal(base: NumberBase, text: string): NumberNode {
  const u = parseIntBase0(text, false);
  const isUint = u !== undefined && u >= 0n && u <= UINT64_MAX;
  const i = parseIntBase0(text, true);
  if (i !== undefined && i >= INT64_MIN && i <= INT64_MAX) {
    return { ...base, isInt: true, isUint: isUint || i === 0n, isFloat: true, isComplex: false, int64: i, float64: Number(i) };
  }
  if (isUint) return { ...base, isInt: false, isUint: true, isFloat: true, isComplex: false, int64: 0n, float64: Number(u) };
  const f = parseFloatGo(text);
  if (f === undefined || !Number.isFinite(f)) throw new LiteralError(`illegal number syntax: ${JSON.stringify(text)}`);
  if (!/[.eEpP]/.test(text)) throw new LiteralError(`integer overflow: ${JSON.stringify(text)}`);
  const isInt = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
  const int64 = isInt ? BigInt(f) : 0n;
  return { ...base, isInt, isUint: Number.isInteger(f) && f >= 0 && f < 2 ** 64, isFloat: true, isComplex: false, int64, float64: f };
}
