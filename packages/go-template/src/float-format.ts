/**
 * strconv.FormatFloat for float64 with the 'e', 'f' and 'g' formats, as Go's fmt uses it.
 * Go rounds fixed precision half-to-even on the exact binary value and prints the shortest
 * round-trip digits otherwise; JavaScript's toFixed/toExponential round ties away from zero, so the
 * exact decimal expansion is computed here with BigInt and rounded explicitly.
 */

/** Decimal digits d (no leading/trailing zeros, "" for zero) and decimal point position dp:
 * value = 0.d × 10^dp. */
interface Decimal {
  d: string;
  dp: number;
}

function trimZeros(dec: Decimal): Decimal {
  let d = dec.d.replace(/0+$/, '');
  let dp = dec.dp;
  const lead = d.length - d.replace(/^0+/, '').length;
  d = d.slice(lead);
  dp -= lead;
  return d === '' ? { d: '', dp: 0 } : { d, dp };
}

/** Exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (exp >= 0) {
    const digits = (mant << BigInt(exp)).toString();
    return trimZeros({ d: digits, dp: digits.length });
  }
  // mant / 2^-exp = mant * 5^-exp / 10^-exp
  const digits = (mant * 5n ** BigInt(-exp)).toString();
  return trimZeros({ d: digits, dp: digits.length + exp });
}

/** Shortest round-trip digits of a finite, positive double (same digits Go's Ryu picks). */
function shortestDecimal(x: number): Decimal {
  const [mantissa = '0', expPart = '0'] = x.toExponential().split('e');
  const d = mantissa.replace('.', '');
  return trimZeros({ d, dp: Number(expPart) + 1 });
}

/** Round to nd significant digits, half to even on the exact digits. */
function roundDecimal(dec: Decimal, nd: number): Decimal {
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= dec.d.length) return dec;
  const next = dec.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < dec.d.length)
    up = true; // more non-zero digits follow (trailing zeros are trimmed)
  else up = nd > 0 && (dec.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  if (!up) return trimZeros({ d: dec.d.slice(0, nd), dp: dec.dp });
  const digits = dec.d.slice(0, nd).split('').map(Number);
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === 9) {
    digits[i] = 0;
    i--;
  }
  if (i < 0) return { d: '1', dp: dec.dp + 1 };
  digits[i] = (digits[i] ?? 0) + 1;
  return trimZeros({ d: digits.join(''), dp: dec.dp });
}

const digitAt = (dec: Decimal, i: number): string => (i >= 0 && i < dec.d.length ? (dec.d[i] as string) : '0');

function fmtE(dec: Decimal, prec: number, upper: boolean): string {
  let out = digitAt(dec, 0);
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(dec, i);
  }
  const exp = dec.d === '' ? 0 : dec.dp - 1;
  const abs = Math.abs(exp);
  out += (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' : '') + String(abs);
  return out;
}

function fmtF(dec: Decimal, prec: number): string {
  let out = '';
  if (dec.dp > 0) {
    for (let i = 0; i < dec.dp; i++) out += digitAt(dec, i);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += digitAt(dec, dec.dp + i);
  }
  return out;
}

export type FloatVerb = 'e' | 'E' | 'f' | 'F' | 'g' | 'G';

/**
 * strconv.FormatFloat(x, verb, prec, 64). prec < 0 means shortest. Returns a leading '-' for
 * negative values (including -0) and "NaN" / "+Inf" / "-Inf" for the specials.
 */
export function formatFloat(x: number, verb: FloatVerb, prec: number): string {
  const special = specialFloat(x);
  if (special !== undefined) return special;
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  const { dec, p } = shortest ? shortestDigits(abs, verb) : roundedDigits(abs, verb, prec);
  let body: string;
  switch (verb) {
    case 'e':
    case 'E':
      body = fmtE(dec, p, verb === 'E');
      break;
    case 'f':
    case 'F':
      body = fmtF(dec, p);
      break;
    default:
      body = fmtG(dec, p, shortest, verb === 'G');
  }
  return (neg ? '-' : '') + body;
}

function specialFloat(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return undefined;
}

/** The shortest decimal that reads back as abs, and the precision that prints all of it. */
function shortestDigits(abs: number, verb: FloatVerb): { dec: Decimal; p: number } {
  const dec = abs === 0 ? { d: '', dp: 0 } : shortestDecimal(abs);
  switch (verb) {
    case 'e':
    case 'E':
      return { dec, p: Math.max(dec.d.length - 1, 0) };
    case 'f':
    case 'F':
      return { dec, p: Math.max(dec.d.length - dec.dp, 0) };
    default:
      return { dec, p: Math.max(dec.d.length, 1) };
  }
}

/** abs rounded to prec digits after the point (e, f) or prec significant digits (g, at least 1). */
function roundedDigits(abs: number, verb: FloatVerb, prec: number): { dec: Decimal; p: number } {
  const exact = exactDecimal(abs);
  switch (verb) {
    case 'e':
    case 'E':
      return { dec: roundDecimal(exact, prec + 1), p: prec };
    case 'f':
    case 'F':
      return { dec: roundDecimal(exact, exact.dp + prec), p: prec };
    default: {
      const p = prec === 0 ? 1 : prec;
      return { dec: roundDecimal(exact, p), p };
    }
  }
}

/** %g: %e for large or small exponents, %f otherwise (strconv's eprec rule). */
function fmtG(dec: Decimal, p: number, shortest: boolean, upper: boolean): string {
  const nd = Math.max(dec.d.length, 1);
  const dp = dec.d === '' ? 1 : dec.dp;
  let eprec = p;
  if (eprec > nd && nd >= dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) return fmtE(dec, Math.min(p, nd) - 1, upper);
  return fmtF(dec, Math.max((p > dp ? nd : p) - dp, 0));
}

function float64Bits(x: number): { neg: boolean; mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { neg, mant, exp: exp - 1023 };
}

const ONE60 = 1n << 60n;
const MASK64 = (1n << 64n) - 1n;

/** strconv 'x'/'X': -0x1.yyyyp±dd (hexadecimal mantissa, binary exponent). */
export function formatFloatHex(x: number, upper: boolean, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const b = float64Bits(x);
  const { mant, exp } = roundHexMantissa(normalizeHexMantissa(b.mant, b.exp), prec);
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  const lead = (b.neg ? '-' : '') + '0' + (upper ? 'X' : 'x') + String((mant >> 60n) & 1n);
  const e = Math.abs(exp);
  const exponent = (upper ? 'P' : 'p') + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
  return lead + hexFraction((mant << 4n) & MASK64, prec, hex) + exponent;
}

/** The mantissa shifted so its leading 1 is at bit 60 (zero has exponent 0). */
function normalizeHexMantissa(mant0: bigint, exp0: number): { mant: bigint; exp: number } {
  let exp = mant0 === 0n ? 0 : exp0;
  let mant = mant0 << 8n;
  while (mant !== 0n && (mant & ONE60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  return { mant, exp };
}

/** Rounds to prec hex digits (half to even) when prec is below the 13 a float64 has. */
function roundHexMantissa(m: { mant: bigint; exp: number }, prec: number): { mant: bigint; exp: number } {
  if (prec < 0 || prec >= 15) return m;
  let { mant, exp } = m;
  const shift = BigInt(prec * 4);
  const extra = (mant << shift) & (ONE60 - 1n);
  mant >>= 60n - shift;
  if ((extra | (mant & 1n)) > 1n << 59n) mant++;
  mant <<= 60n - shift;
  if ((mant & (1n << 61n)) !== 0n) {
    mant >>= 1n;
    exp++;
  }
  return { mant, exp };
}

/** The digits after the point: all non-zero ones when shortest (prec < 0), else exactly prec. */
function hexFraction(fraction: bigint, prec: number, hex: string): string {
  let mant = fraction;
  let out = '';
  const more = (i: number): boolean => (prec < 0 ? mant !== 0n : i < prec);
  for (let i = 0; more(i); i++) {
    out += hex[Number((mant >> 60n) & 15n)];
    mant = (mant << 4n) & MASK64;
  }
  return out === '' ? '' : '.' + out;
}

/** strconv 'b': -ddddp±ddd (decimal mantissa, binary exponent). */
export function formatFloatBinary(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const b = float64Bits(x);
  const exp = b.exp - 52;
  return (b.neg ? '-' : '') + b.mant.toString() + 'p' + (exp >= 0 ? '+' : '') + String(exp);
}
