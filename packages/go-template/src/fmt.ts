/**
 * The part of Go's fmt package that templates reach: Fprint of action results, print, println and
 * printf (printf.ts). Structure and rules follow fmt/print.go and fmt/format.go: flags # 0 + - space, width
 * and precision (also from '*' operands), explicit argument indexes [n], %v with + (field
 * names) and # (Go syntax), and fmt's inline reports (%!d(string=x), %!s(MISSING),
 * %!(EXTRA ...), %!(BADWIDTH), %!(BADPREC), %!(NOVERB), %!v(BADINDEX)).
 */
import { formatFloat, formatFloatBinary, formatFloatHex, type FloatVerb } from './float-format';
import { isGoPrint, quoteGo, quoteRuneGo, utf8 } from './go-strings';
import { type GoValue, typeName } from './values';

export interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid?: number;
  prec?: number;
}

export const clearFlags = (): Flags => ({
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
});

const runeCount = (s: string): number => Array.from(s).length;

/** fmt.writePadding + pad: spaces (or zeros with the 0 flag) to the width, left unless '-'. */
function pad(s: string, f: Flags): string {
  if (f.wid === undefined) return s;
  const n = f.wid - runeCount(s);
  if (n <= 0) return s;
  const padding = (f.zero ? '0' : ' ').repeat(n);
  return f.minus ? s + ' '.repeat(n) : padding + s;
}

const padNoZero = (s: string, f: Flags): string => pad(s, { ...f, zero: false });

function fmtInteger(v: bigint, signed: boolean, base: number, verb: string, f: Flags): string {
  const negative = signed && v < 0n;
  let u = negative ? -v : v;
  if (!signed && u < 0n) u = BigInt.asUintN(64, u);
  if (f.prec === 0 && u === 0n) return f.wid !== undefined ? ' '.repeat(Math.max(f.wid, 0)) : '';
  const prec = integerPrecision(negative, f);
  let digits = u.toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  return padNoZero(signPrefix(negative, f) + radixPrefix(digits, base, verb, f), f);
}

/** fmtInteger's minimum digit count: the precision, or the width under the 0 flag less a sign. */
function integerPrecision(negative: boolean, f: Flags): number {
  if (f.prec !== undefined) return f.prec;
  if (!f.zero || f.wid === undefined) return 0;
  return negative || f.plus || f.space ? f.wid - 1 : f.wid;
}

/** 0b / 0 / 0x under '#', and %O's 0o. */
function radixPrefix(digits: string, base: number, verb: string, f: Flags): string {
  let d = digits;
  if (f.sharp) {
    if (base === 2) d = '0b' + d;
    else if (base === 8 && !d.startsWith('0')) d = '0' + d;
    else if (base === 16) d = (verb === 'X' ? '0X' : '0x') + d;
  }
  return verb === 'O' ? '0o' + d : d;
}

function signPrefix(negative: boolean, f: Flags): string {
  if (negative) return '-';
  if (f.plus) return '+';
  return f.space ? ' ' : '';
}

function truncateRunes(s: string, f: Flags): string {
  return f.prec !== undefined ? Array.from(s).slice(0, f.prec).join('') : s;
}

/**
 * strconv.CanBackquote: no backquote, no control character but tab, no DEL, no BOM. A predicate
 * over code points says the rule as strconv does, where a regex would need control characters.
 */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x60 || (c < 0x20 && c !== 0x09) || c === 0x7f || c === 0xfeff) return false;
  }
  return true;
}

function fmtQ(s: string, f: Flags): string {
  const t = truncateRunes(s, f);
  if (f.sharp && canBackquote(t)) return pad('`' + t + '`', f);
  return pad(quoteGo(t, f.plus), f);
}

function fmtSx(s: string, verb: string, f: Flags): string {
  let bytes = utf8(s);
  if (f.prec !== undefined && f.prec < bytes.length) bytes = bytes.subarray(0, f.prec);
  const length = bytes.length;
  let width = 2 * length;
  if (width > 0) {
    if (f.space) {
      if (f.sharp) width *= 2;
      width += length - 1;
    } else if (f.sharp) {
      width += 2;
    }
  } else {
    return f.wid !== undefined ? (f.zero ? '0' : ' ').repeat(Math.max(f.wid, 0)) : '';
  }
  const hex = (b: number): string => {
    const h = b.toString(16).padStart(2, '0');
    return verb === 'X' ? h.toUpperCase() : h;
  };
  const prefix = verb === 'X' ? '0X' : '0x';
  let body = '';
  bytes.forEach((b, i) => {
    if (f.space) {
      if (i > 0) body += ' ';
      if (f.sharp) body += prefix;
    } else if (f.sharp && i === 0) {
      body += prefix;
    }
    body += hex(b);
  });
  const padding = f.wid !== undefined && f.wid > width ? f.wid - width : 0;
  if (padding === 0) return body;
  return f.minus ? body + ' '.repeat(padding) : (f.zero ? '0' : ' ').repeat(padding) + body;
}

/** The verbs Go's fmt accepts for floats and complex numbers (fmtFloat / fmtComplex). */
const FLOAT_VERBS: ReadonlySet<string> = new Set(['v', 'b', 'g', 'G', 'x', 'X', 'f', 'F', 'e', 'E']);

/** Verbs whose default precision is the shortest representation (-1) rather than 6. */
const SHORTEST_FLOAT_VERBS: ReadonlySet<string> = new Set(['v', 'g', 'G', 'x', 'X', 'b']);

function fmtFloat(x: number, verb: string, f: Flags): string {
  const prec = f.prec ?? (SHORTEST_FLOAT_VERBS.has(verb) ? -1 : 6);
  const fverb = verb === 'v' ? 'g' : verb;
  let num = floatSign(floatDigits(x, fverb, prec), f);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return padNoZero(num, f);
  }
  if (f.sharp && fverb !== 'b') num = sharpFloat(num, fverb, prec);
  return padFloat(num, f);
}

/** Every number gets a sign ('+' unless negative); the space flag turns '+' into ' '. */
function floatSign(digits: string, f: Flags): string {
  const num = digits.startsWith('-') || digits.startsWith('+') ? digits : '+' + digits;
  return f.space && num.startsWith('+') && !f.plus ? ' ' + num.slice(1) : num;
}

/** The sign is dropped unless asked for; zero padding goes between sign and digits. */
function padFloat(num: string, f: Flags): string {
  if (!f.plus && num.startsWith('+')) return pad(num.slice(1), f);
  if (f.zero && f.wid !== undefined && f.wid > runeCount(num)) return num[0] + '0'.repeat(f.wid - runeCount(num)) + num.slice(1);
  return pad(num, f);
}

function floatDigits(x: number, fverb: string, prec: number): string {
  if (fverb === 'x' || fverb === 'X') return formatFloatHex(x, fverb === 'X', prec);
  if (fverb === 'b') return formatFloatBinary(x);
  return formatFloat(x, fverb as FloatVerb, prec);
}

/** '#' on a float: always a decimal point, and %g/%x keep trailing zeros up to the precision. */
function sharpFloat(num: string, fverb: string, prec: number): string {
  const keepZeros = fverb === 'g' || fverb === 'G' || fverb === 'x';
  const cut = num.search(fverb === 'x' || fverb === 'X' ? /[pP]/ : /[eEpP]/);
  let body = cut >= 0 ? num.slice(0, cut) : num;
  const tail = cut >= 0 ? num.slice(cut) : '';
  const hasPoint = body.includes('.');
  let digits = (keepZeros ? (prec === -1 ? 6 : prec) : 0) - significantDigits(body.slice(1));
  if (!hasPoint) {
    if (body.length === 2 && body[1] === '0') digits--;
    body += '.';
  }
  if (digits > 0) body += '0'.repeat(digits);
  return body + tail;
}

/** Digits from the first non-zero one on, the point not counted. */
function significantDigits(mantissa: string): number {
  const digits = mantissa.replace('.', '');
  const first = digits.search(/[^0]/);
  return first < 0 ? 0 : digits.length - first;
}

function runeValue(v: bigint): number {
  if (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn)) return 0xfffd;
  return Number(v);
}

function fmtUnicode(v: bigint, f: Flags): string {
  const u = BigInt.asUintN(64, v);
  let hex = u.toString(16).toUpperCase();
  const prec = f.prec !== undefined && f.prec > 4 ? f.prec : 4;
  if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
  let s = 'U+' + hex;
  if (f.sharp && u <= 0x10ffffn && isGoPrint(String.fromCodePoint(runeValue(u)))) s += " '" + String.fromCodePoint(Number(u)) + "'";
  return padNoZero(s, f);
}

/** fmt's badVerb: the operand is printed with %v under the same flags and width. */
function badVerb(verb: string, v: GoValue, f: Flags): string {
  if (v.k === 'nil' || v.k === 'invalid') return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${printValue(v, 'v', f, 0)})`;
}

/** Go-syntax rendering for %#v. */
function goSyntax(v: GoValue, f: Flags, depth: number): string {
  switch (v.k) {
    case 'string':
      return fmtQ(v.v, { ...f, sharp: false });
    case 'nil':
    case 'invalid':
      return depth === 0 ? '<nil>' : 'interface {}(nil)';
    case 'map': {
      const keys = [...v.entries.keys()].sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
      return (
        'map[string]interface {}{' +
        keys.map((k) => quoteGo(k) + ':' + goSyntax(v.entries.get(k) as GoValue, f, depth + 1)).join(', ') +
        '}'
      );
    }
    case 'slice':
      return '[]interface {}{' + v.items.map((e) => goSyntax(e, f, depth + 1)).join(', ') + '}';
    case 'struct':
      return (
        (v.ptr && depth === 0 ? '&' : '') +
        v.def.name +
        '{' +
        v.def.fields.map((fd) => fd.name + ':' + goSyntax(v.fields.get(fd.name) as GoValue, f, depth + 1)).join(', ') +
        '}'
      );
    default:
      return printValue(v, 'v', { ...f, sharpV: false }, depth);
  }
}

/** printArg / printValue for one operand. */
function printValue(v: GoValue, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') {
    const t = v.k === 'nil' || v.k === 'invalid' ? '<nil>' : typeName(v);
    return pad(truncateRunes(t, f), f);
  }
  if (verb === 'v' && f.sharpV && v.k === 'string') return fmtQ(v.v, { ...f, sharp: false });
  if (verb === 'v' && f.sharpV && v.k !== 'int' && v.k !== 'float' && v.k !== 'bool') return goSyntax(v, f, depth);
  return printByKind(v, verb, f, depth);
}

function printByKind(v: GoValue, verb: string, f: Flags, depth: number): string {
  switch (v.k) {
    case 'nil':
    case 'invalid':
      // A nil interface inside a map or slice prints <nil> whatever the verb (printValue, Interface kind).
      if (depth > 0) return '<nil>';
      return verb === 'v' ? pad('<nil>', f) : badVerb(verb, v, f);
    case 'bool':
      return verb === 'v' || verb === 't' ? pad(String(v.v), f) : badVerb(verb, v, f);
    case 'int':
      return printInt(v, verb, f);
    case 'float':
      return FLOAT_VERBS.has(verb) ? fmtFloat(v.v, verb, f) : badVerb(verb, v, f);
    case 'complex':
      // fmtComplex: "(re+imi)", the imaginary part always signed, flags applied to each part.
      return FLOAT_VERBS.has(verb)
        ? '(' + fmtFloat(v.re, verb, f) + fmtFloat(v.im, verb, { ...f, plus: true }) + 'i)'
        : badVerb(verb, v, f);
    case 'string':
      return printString(v, verb, f);
    default:
      return printComposite(v, verb, f, depth);
  }
}

/** The integer verbs that print digits, by base. */
const INT_VERB_BASES: Readonly<Record<string, number>> = { d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };

function printInt(v: Extract<GoValue, { k: 'int' }>, verb: string, f: Flags): string {
  const signed = v.t !== 'uint8';
  const base = INT_VERB_BASES[verb];
  if (base !== undefined) return fmtInteger(v.v, signed, base, verb, f);
  switch (verb) {
    case 'v':
      if (f.sharpV && !signed) return fmtInteger(v.v, false, 16, 'x', { ...f, sharp: true });
      return fmtInteger(v.v, signed, 10, 'd', f);
    case 'c':
      return pad(String.fromCodePoint(runeValue(v.v < 0n ? BigInt.asUintN(64, v.v) : v.v)), f);
    case 'q':
      // fmtQc: ASCII-only escapes with +.
      return pad(quoteRuneGo(runeValue(v.v < 0n ? BigInt.asUintN(64, v.v) : v.v), f.plus), f);
    case 'U':
      return fmtUnicode(v.v, f);
    default:
      return badVerb(verb, v, f);
  }
}

function printString(v: Extract<GoValue, { k: 'string' }>, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncateRunes(v.v, f), f);
    case 'q':
      return fmtQ(v.v, f);
    case 'x':
    case 'X':
      return fmtSx(v.v, verb, f);
    default:
      return badVerb(verb, v, f);
  }
}

/** Slices, maps and structs: elements printed with the same verb, one level deeper. */
function printComposite(v: Extract<GoValue, { k: 'slice' | 'map' | 'struct' }>, verb: string, f: Flags, depth: number): string {
  switch (v.k) {
    case 'slice':
      return '[' + v.items.map((e) => printValue(e, verb, f, depth + 1)).join(' ') + ']';
    case 'map': {
      const keys = [...v.entries.keys()].sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
      return (
        'map[' +
        keys
          .map(
            (k) =>
              printValue({ k: 'string', v: k }, verb, f, depth + 1) + ':' + printValue(v.entries.get(k) as GoValue, verb, f, depth + 1),
          )
          .join(' ') +
        ']'
      );
    }
    case 'struct': {
      const parts = v.def.fields.map(
        (fd) => (f.plusV ? fd.name + ':' : '') + printValue(v.fields.get(fd.name) as GoValue, verb, f, depth + 1),
      );
      return (v.ptr && depth === 0 ? '&' : '') + '{' + parts.join(' ') + '}';
    }
  }
}

/** printArg: a nil operand prints <nil> for %v and %T, and is a bad verb otherwise. */
export function printArg(v: GoValue, verb: string, f: Flags): string {
  if (v.k === 'nil' || v.k === 'invalid') {
    if (verb === 'v' || verb === 'T') return pad('<nil>', f);
    return `%!${verb}(<nil>)`;
  }
  if (verb === 'p') return badVerb(verb, v, f);
  return printValue(v, verb, f, 0);
}

/** %v of a value as an action prints it (text/template printableValue: pointers are followed). */
export function printValueForAction(v: GoValue): string {
  if (v.k === 'invalid') return '<no value>';
  if (v.k === 'struct' && v.ptr) return printValue({ ...v, ptr: false }, 'v', clearFlags(), 0);
  return printArg(v, 'v', clearFlags());
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = a.k === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += printArg(a, 'v', clearFlags());
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands, newline at the end. */
export function sprintln(args: readonly GoValue[]): string {
  return args.map((a) => printArg(a, 'v', clearFlags())).join(' ') + '\n';
}
