/**
 * The part of Go's fmt package that templates reach: Fprint of action results, print, println and
 * printf. Verbs: v (with + and #), s, q, d, b, o, O, x, X, c, U, e, E, f, F, g, G, t, T and %%;
 * flags '-', '+', '#', ' ', '0'; width and precision, including '*'. Wrong-type operands, missing
 * and extra arguments are reported inline exactly as fmt does (%!d(string=x), %!s(MISSING), ...).
 */
import { formatFloat, formatFloatBinary, formatFloatHex, type FloatVerb } from './float-format';
import { type GoValue, typeName } from './values';
import { quoteGo, quoteRuneGo, utf8 } from './go-strings';

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

const NO_FLAGS: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false };

const runeCount = (s: string): number => Array.from(s).length;

function pad(s: string, f: Flags, allowZero = true): string {
  if (f.width === undefined) return s;
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero && allowZero ? '0' : ' ').repeat(n) + s;
}

/** Sign-aware zero padding for numbers: the sign goes before the zeros. */
function padNumber(body: string, f: Flags): string {
  if (f.width !== undefined && f.zero && !f.minus && /^[+\- ]/.test(body)) {
    const n = f.width - runeCount(body);
    if (n > 0) return body[0] + '0'.repeat(n) + body.slice(1);
    return body;
  }
  return pad(body, f);
}

function fmtInteger(v: bigint, unsigned: boolean, base: number, verb: string, f: Flags): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (f.prec !== undefined) {
    if (f.prec === 0 && v === 0n) digits = '';
    else if (digits.length < f.prec) digits = '0'.repeat(f.prec - digits.length) + digits;
  } else if (f.zero && f.width !== undefined && !f.minus) {
    // Go zero-pads integers to the width itself, leaving room for the sign and prefix.
    // Go zero-pads integers to the width, leaving room for the sign only (not for 0x).
    let room = f.width;
    if (neg || f.plus || f.space) room--;
    if (digits.length < room) digits = '0'.repeat(room - digits.length) + digits;
  }
  if (f.sharp) {
    if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
    else if (base === 2) digits = '0b' + digits;
    else if (base === 8 && !digits.startsWith('0')) digits = '0' + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  let sign = '';
  if (neg) sign = '-';
  else if (f.plus && !unsigned) sign = '+';
  else if (f.space && !unsigned) sign = ' ';
  return pad(sign + digits, { ...f, zero: false });
}

function fmtFloatVerb(x: number, verb: string, f: Flags): string {
  let num: string;
  if (verb === 'x' || verb === 'X') num = formatFloatHex(x, verb === 'X', f.prec ?? -1);
  else if (verb === 'b') num = formatFloatBinary(x);
  else {
    const fv: FloatVerb = verb === 'v' ? 'g' : (verb as FloatVerb);
    num = formatFloat(x, fv, f.prec ?? (fv === 'g' || fv === 'G' ? -1 : 6));
  }
  if (!num.startsWith('-') && !num.startsWith('+')) num = '+' + num;
  if (f.space && num.startsWith('+') && !f.plus) num = ' ' + num.slice(1);
  if (num.includes('Inf') || num.includes('NaN')) {
    if (num.includes('NaN') && !f.space && !f.plus) num = num.slice(1);
    return pad(num, { ...f, zero: false });
  }
  if (f.sharp) {
    let digits = verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x' ? (f.prec ?? -1) : 0;
    if (digits === -1) digits = 6;
    const m = (verb === 'x' || verb === 'X' ? /^([+\- ])([^pP]*)(.*)$/ : /^([+\- ])([^eE]*)(.*)$/).exec(num);
    let mant = m?.[2] ?? '';
    const tail = m?.[3] ?? '';
    let saw = false;
    for (const ch of mant) {
      if (ch === '.') continue;
      if (ch === 'p' || ch === 'P') break;
      if (ch !== '0') saw = true;
      if (saw) digits--;
    }
    if (!mant.includes('.')) {
      if (mant === '0') digits--;
      mant += '.';
    }
    while (digits > 0) {
      mant += '0';
      digits--;
    }
    num = (m?.[1] ?? '+') + mant + tail;
  }
  if (f.plus || !num.startsWith('+')) return padNumber(num, f);
  return padNumber(num.slice(1), { ...f, zero: f.zero && !f.minus });
}

function fmtString(s: string, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
    case 's': {
      const t = f.prec !== undefined ? Array.from(s).slice(0, f.prec).join('') : s;
      return pad(t, f);
    }
    case 'q':
      return pad(f.sharp && !s.includes('`') ? '`' + s + '`' : quoteGo(s, f.plus), f);
    case 'x':
    case 'X': {
      let bytes = utf8(s);
      if (f.prec !== undefined) bytes = bytes.subarray(0, f.prec);
      const parts = Array.from(bytes, (b) => {
        const h = b.toString(16).padStart(2, '0');
        return verb === 'X' ? h.toUpperCase() : h;
      });
      const prefix = f.sharp ? (verb === 'X' ? '0X' : '0x') : '';
      const sep = f.space ? ' ' : '';
      const body = f.space ? parts.map((p) => prefix + p).join(sep) : (parts.length ? prefix : '') + parts.join('');
      return pad(body, f);
    }
  }
  return badVerb(verb, { k: 'string', v: s }, f);
}

/** fmt's badVerb: the operand is printed with %v under the same flags and width. */
function badVerb(verb: string, v: GoValue | undefined, f: Flags = NO_FLAGS): string {
  if (v === undefined || v.k === 'nil' || v.k === 'invalid') return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatValue(v, 'v', f)})`;
}

/** Formats one operand with a verb, like fmt's printArg/printValue. */
export function formatValue(v: GoValue, verb: string, f: Flags, depth = 0): string {
  if (verb === 'T') return pad(v.k === 'nil' || v.k === 'invalid' ? '<nil>' : typeName(v), f);
  switch (v.k) {
    case 'nil':
    case 'invalid':
      return verb === 'v' ? pad('<nil>', f) : badVerb(verb, v, f);
    case 'bool':
      return verb === 'v' || verb === 't' ? pad(String(v.v), f) : badVerb(verb, v, f);
    case 'int': {
      const unsigned = v.t === 'uint8';
      switch (verb) {
        case 'v':
          if (f.sharp && unsigned) return fmtInteger(v.v, unsigned, 16, 'x', { ...f, sharp: true });
          return fmtInteger(v.v, unsigned, 10, 'd', f);
        case 'd':
          return fmtInteger(v.v, unsigned, 10, verb, f);
        case 'b':
          return fmtInteger(v.v, unsigned, 2, verb, f);
        case 'o':
        case 'O':
          return fmtInteger(v.v, unsigned, 8, verb, f);
        case 'x':
        case 'X':
          return fmtInteger(v.v, unsigned, 16, verb, f);
        case 'c':
          return pad(runeString(v.v), f);
        case 'q':
          return pad(quoteRuneGo(runeValue(v.v)), f);
        case 'U': {
          const hex = (v.v < 0n ? -v.v : v.v).toString(16).toUpperCase().padStart(4, '0');
          let s = (v.v < 0n ? '-' : '') + 'U+' + hex;
          if (f.sharp && v.v >= 0n && v.v <= 0x10ffffn) s += " '" + runeString(v.v) + "'";
          return pad(s, f);
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 's':
        case 't':
        default:
          return badVerb(verb, v, f);
      }
    }
    case 'float':
      switch (verb) {
        case 'v':
        case 'b':
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'x':
        case 'X':
          return fmtFloatVerb(v.v, verb, f);
        default:
          return badVerb(verb, v, f);
      }
    case 'string':
      return fmtString(v.v, verb, f);
    case 'slice': {
      if (depth > 20) return '[...]';
      const inner = v.items.map((e) => formatValue(e, verb, f, depth + 1)).join(' ');
      return '[' + inner + ']';
    }
    case 'map': {
      if (depth > 20) return 'map[...]';
      const keys = [...v.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const inner = keys
        .map((key) => formatValue({ k: 'string', v: key }, verb, f, depth + 1) + ':' + formatValue(v.entries.get(key) as GoValue, verb, f, depth + 1))
        .join(' ');
      return 'map[' + inner + ']';
    }
    case 'struct': {
      const parts = v.def.fields.map((field) => {
        const value = formatValue(v.fields.get(field.name) as GoValue, verb, f, depth + 1);
        return f.plus ? `${field.name}:${value}` : value;
      });
      // fmt prints a pointer to a struct at the top level as &{...}.
      return (v.ptr && depth === 0 ? '&' : '') + '{' + parts.join(' ') + '}';
    }
  }
}

function runeValue(v: bigint): number {
  if (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn)) return 0xfffd;
  return Number(v);
}

const runeString = (v: bigint): string => String.fromCodePoint(runeValue(v));

/** %v of a value as an action prints it (text/template printableValue: pointers are followed). */
export function printValue(v: GoValue): string {
  if (v.k === 'invalid') return '<no value>';
  if (v.k === 'struct' && v.ptr) return formatValue({ ...v, ptr: false }, 'v', NO_FLAGS);
  return formatValue(v, 'v', NO_FLAGS);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = a.k === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatValue(a, 'v', NO_FLAGS);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands, newline at the end. */
export function sprintln(args: readonly GoValue[]): string {
  return args.map((a) => formatValue(a, 'v', NO_FLAGS)).join(' ') + '\n';
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argNum = 0;
  let i = 0;
  const n = format.length;
  const intArg = (): number | undefined => {
    const a = args[argNum];
    if (a === undefined || a.k !== 'int') return undefined;
    argNum++;
    const v = Number(a.v);
    return Math.abs(v) > 1e6 ? undefined : v;
  };
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { ...NO_FLAGS };
    flags: while (i < n) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
      i++;
    }
    if (format[i] === '*') {
      i++;
      const w = intArg();
      if (w === undefined) {
        out += '%!(BADWIDTH)';
      } else {
        f.width = Math.abs(w);
        if (w < 0) {
          f.minus = true;
          f.zero = false;
        }
      }
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        const p = intArg();
        if (p === undefined || p < 0) {
          out += '%!(BADPREC)';
        } else {
          f.prec = p;
        }
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    const arg = args[argNum];
    if (arg === undefined) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    argNum++;
    out += formatValue(arg, verb, f);
  }
  if (argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a.k === 'nil' || a.k === 'invalid' ? '<nil>' : `${typeName(a)}=${formatValue(a, 'v', NO_FLAGS)}`)).join(', ') + ')';
  }
  return out;
}
