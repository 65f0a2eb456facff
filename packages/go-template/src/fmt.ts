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

export const clearFlags = (): Flags => ({ minus: false, plus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false });

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
  let prec = 0;
  if (f.prec !== undefined) {
    prec = f.prec;
    if (prec === 0 && u === 0n) return f.wid !== undefined ? ' '.repeat(Math.max(f.wid, 0)) : '';
  } else if (f.zero && f.wid !== undefined) {
    prec = f.wid;
    if (negative || f.plus || f.space) prec--;
  }
  let digits = u.toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 2) digits = '0b' + digits;
    else if (base === 8 && !digits.startsWith('0')) digits = '0' + digits;
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  if (negative) digits = '-' + digits;
  else if (f.plus) digits = '+' + digits;
  else if (f.space) digits = ' ' + digits;
  return padNoZero(digits, f);
}

function truncateRunes(s: string, f: Flags): string {
  return f.prec !== undefined ? Array.from(s).slice(0, f.prec).join('') : s;
}

function fmtQ(s: string, f: Flags): string {
  const t = truncateRunes(s, f);
  if (f.sharp && !/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(t)) return pad('`' + t + '`', f);
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

function fmtFloat(x: number, verb: string, f: Flags): string {
  let num: string;
  let prec: number;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
    case 'b':
      prec = f.prec ?? -1;
      break;
    default:
      prec = f.prec ?? 6;
  }
  const fverb = verb === 'v' ? 'g' : verb;
  if (fverb === 'x' || fverb === 'X') num = formatFloatHex(x, fverb === 'X', prec);
  else if (fverb === 'b') num = formatFloatBinary(x);
  else num = formatFloat(x, fverb as FloatVerb, prec);
  if (!num.startsWith('-') && !num.startsWith('+')) num = '+' + num;
  if (f.space && num.startsWith('+') && !f.plus) num = ' ' + num.slice(1);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return padNoZero(num, f);
  }
  if (f.sharp && fverb !== 'b') {
    let digits = 0;
    if (fverb === 'g' || fverb === 'G' || fverb === 'x') digits = prec === -1 ? 6 : prec;
    let tail = '';
    let body = num;
    const cut = body.search(fverb === 'x' || fverb === 'X' ? /[pP]/ : /[eEpP]/);
    if (cut >= 0) {
      tail = body.slice(cut);
      body = body.slice(0, cut);
    }
    let sawNonzero = false;
    let hasPoint = false;
    for (const ch of body.slice(1)) {
      if (ch === '.') {
        hasPoint = true;
        continue;
      }
      if (ch !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
    if (!hasPoint) {
      if (body.length === 2 && body[1] === '0') digits--;
      body += '.';
    }
    while (digits > 0) {
      body += '0';
      digits--;
    }
    num = body + tail;
  }
  if (f.plus || !num.startsWith('+')) {
    if (f.zero && f.wid !== undefined && f.wid > runeCount(num)) {
      return num[0] + '0'.repeat(f.wid - runeCount(num)) + num.slice(1);
    }
    return pad(num, f);
  }
  return pad(num.slice(1), f);
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
      return 'map[string]interface {}{' + keys.map((k) => quoteGo(k) + ':' + goSyntax(v.entries.get(k) as GoValue, f, depth + 1)).join(', ') + '}';
    }
    case 'slice':
      return '[]interface {}{' + v.items.map((e) => goSyntax(e, f, depth + 1)).join(', ') + '}';
    case 'struct':
      return (v.ptr && depth === 0 ? '&' : '') + v.def.name + '{' + v.def.fields.map((fd) => fd.name + ':' + goSyntax(v.fields.get(fd.name) as GoValue, f, depth + 1)).join(', ') + '}';
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
  switch (v.k) {
    case 'nil':
    case 'invalid':
      // A nil interface inside a map or slice prints <nil> whatever the verb (printValue, Interface kind).
      if (depth > 0) return '<nil>';
      return verb === 'v' ? pad('<nil>', f) : badVerb(verb, v, f);
    case 'bool':
      return verb === 'v' || verb === 't' ? pad(String(v.v), f) : badVerb(verb, v, f);
    case 'int': {
      const signed = v.t !== 'uint8';
      switch (verb) {
        case 'v':
          if (f.sharpV && !signed) return fmtInteger(v.v, false, 16, 'x', { ...f, sharp: true });
          return fmtInteger(v.v, signed, 10, 'd', f);
        case 'd':
          return fmtInteger(v.v, signed, 10, verb, f);
        case 'b':
          return fmtInteger(v.v, signed, 2, verb, f);
        case 'o':
        case 'O':
          return fmtInteger(v.v, signed, 8, verb, f);
        case 'x':
        case 'X':
          return fmtInteger(v.v, signed, 16, verb, f);
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
    case 'float':
      return FLOAT_VERBS.has(verb) ? fmtFloat(v.v, verb, f) : badVerb(verb, v, f);
    case 'complex':
      // fmtComplex: "(re+imi)", the imaginary part always signed, flags applied to each part.
      return FLOAT_VERBS.has(verb) ? '(' + fmtFloat(v.re, verb, f) + fmtFloat(v.im, verb, { ...f, plus: true }) + 'i)' : badVerb(verb, v, f);
    case 'string':
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
    case 'slice':
      return '[' + v.items.map((e) => printValue(e, verb, f, depth + 1)).join(' ') + ']';
    case 'map': {
      const keys = [...v.entries.keys()].sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
      return 'map[' + keys.map((k) => printValue({ k: 'string', v: k }, verb, f, depth + 1) + ':' + printValue(v.entries.get(k) as GoValue, verb, f, depth + 1)).join(' ') + ']';
    }
    case 'struct': {
      const parts = v.def.fields.map((fd) => (f.plusV ? fd.name + ':' : '') + printValue(v.fields.get(fd.name) as GoValue, verb, f, depth + 1));
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
