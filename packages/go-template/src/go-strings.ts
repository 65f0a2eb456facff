/**
 * Go string semantics the renderer needs: strings are UTF-8 byte sequences (len, slicing and
 * sprig's trunc/substr count bytes), unicode.IsSpace, per-rune case mapping, strconv.Quote.
 */

/** unicode.IsSpace */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return (
    cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000
  );
}

/*
 * Go strings are byte sequences and may hold invalid UTF-8 (e.g. trunc cutting a rune in half).
 * Such bytes are carried in JavaScript strings as lone low surrogates U+DC80..U+DCFF (one per
 * byte, like Python's surrogateescape), so byte lengths and re-joined halves stay exact.
 */
const LONE_ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const LONE_ESCAPE_G = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** Whether a one-rune string is an escaped invalid byte. */
export const isEscapedByte = (ch: string): boolean => ch.length === 1 && ch.charCodeAt(0) >= 0xdc80 && ch.charCodeAt(0) <= 0xdcff;

/** The UTF-8 bytes of a Go string. */
export function utf8(s: string): Buffer {
  if (!LONE_ESCAPE.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of s.matchAll(LONE_ESCAPE_G)) {
    const at = m.index ?? 0;
    parts.push(Buffer.from(s.slice(last, at), 'utf8'), Buffer.from([s.charCodeAt(at) - 0xdc00]));
    last = at + 1;
  }
  parts.push(Buffer.from(s.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * utf8.DecodeRune's valid lead bytes: [first lead, last lead, sequence length, accepted range of
 * the second byte]; later bytes are always 0x80-0xbf. The narrow second-byte ranges exclude
 * overlong forms, surrogates and code points above U+10FFFF.
 */
const UTF8_LEADS: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0xc2, 0xdf, 2, 0x80, 0xbf],
  [0xe0, 0xe0, 3, 0xa0, 0xbf],
  [0xe1, 0xec, 3, 0x80, 0xbf],
  [0xed, 0xed, 3, 0x80, 0x9f],
  [0xee, 0xef, 3, 0x80, 0xbf],
  [0xf0, 0xf0, 4, 0x90, 0xbf],
  [0xf1, 0xf3, 4, 0x80, 0xbf],
  [0xf4, 0xf4, 4, 0x80, 0x8f],
];

const byteIn = (b: Uint8Array, i: number, lo: number, hi: number): boolean =>
  i < b.length && (b[i] as number) >= lo && (b[i] as number) <= hi;

/** Length in bytes of the UTF-8 sequence starting at b[i], or 0 when invalid (utf8.DecodeRune rules). */
function validSeqLen(b: Uint8Array, i: number): number {
  const b0 = b[i] as number;
  if (b0 < 0x80) return 1;
  const lead = UTF8_LEADS.find(([first, last]) => b0 >= first && b0 <= last);
  if (!lead) return 0;
  const [, , n, lo, hi] = lead;
  if (!byteIn(b, i + 1, lo, hi)) return 0;
  for (let j = 2; j < n; j++) {
    if (!byteIn(b, i + j, 0x80, 0xbf)) return 0;
  }
  return n;
}

/** Bytes to a Go string: invalid bytes become escape surrogates. */
export function fromUtf8(bytes: Uint8Array): string {
  const fast = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!fast.includes('\uFFFD')) return fast;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = validSeqLen(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + (bytes[i] as number));
      i++;
    } else {
      out += Buffer.from(bytes.subarray(i, i + n)).toString('utf8');
      i += n;
    }
  }
  return out;
}

/** Re-joins escaped bytes that now form valid UTF-8 (after concatenation). */
export const normalizeGoString = (s: string): string => (LONE_ESCAPE.test(s) ? fromUtf8(utf8(s)) : s);

/** The string as text: each invalid byte becomes U+FFFD (what Go's encoding/json emits). */
export const toDisplayString = (s: string): string => normalizeGoString(s).replace(LONE_ESCAPE_G, '\uFFFD');

export const byteLen = (s: string): number => (LONE_ESCAPE.test(s) ? utf8(s).length : Buffer.byteLength(s, 'utf8'));

/** s[start:end] on the UTF-8 bytes. */
export function byteSlice(s: string, start: number, end?: number): string {
  return fromUtf8(utf8(s).subarray(start, end));
}

/** Maps each rune with f, keeping the rune when the mapping is not a single rune (Go's
 * unicode.ToUpper/ToLower are one-to-one; JavaScript's full case mapping is not, e.g. ß -> SS). */
export function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const raw of s) {
    // Go decodes an invalid byte as utf8.RuneError and writes U+FFFD back (strings.Map, []rune).
    const ch = isEscapedByte(raw) ? '\uFFFD' : raw;
    const m = f(ch);
    out += Array.from(m).length === 1 ? m : ch;
  }
  return out;
}

export const goToUpper = (s: string): string => mapRunes(s, (c) => c.toUpperCase());
export const goToLower = (s: string): string => mapRunes(s, (c) => c.toLowerCase());

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/** strings.Title's word-boundary rule. */
function isSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  if (cp <= 0x7f) return !/[0-9a-zA-Z_]/.test(ch);
  if (LETTER_OR_DIGIT.test(ch)) return false;
  return isGoSpace(cp);
}

/** strings.Title (deprecated in Go but what sprig's `title` calls). */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const raw of s) {
    const ch = isEscapedByte(raw) ? '\uFFFD' : raw;
    out += isSeparator(prev) ? mapRunes(ch, (c) => c.toUpperCase()) : ch;
    prev = ch;
  }
  return out;
}

/** strings.TrimSpace */
export function goTrimSpace(s: string): string {
  const runes = Array.from(s);
  let a = 0;
  let b = runes.length;
  while (a < b && isGoSpace((runes[a] as string).codePointAt(0) as number)) a++;
  while (b > a && isGoSpace((runes[b - 1] as string).codePointAt(0) as number)) b--;
  return runes.slice(a, b).join('');
}

/** strings.Trim(s, cutset): cutset is a set of runes. */
export function goTrimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(Array.from(cutset));
  const runes = Array.from(s);
  let a = 0;
  let b = runes.length;
  while (a < b && set.has(runes[a] as string)) a++;
  while (b > a && set.has(runes[b - 1] as string)) b--;
  return runes.slice(a, b).join('');
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
export function goReplaceAll(s: string, old: string, replacement: string): string {
  if (old === '') {
    return (
      replacement +
      Array.from(s)
        .map((ch) => ch + replacement)
        .join('')
    );
  }
  return s.split(old).join(replacement);
}

/** Iterates the UTF-8 bytes of s as Latin-1 "runes": what goutils' byte loops (rune(str[i])) see. */
export const bytesAsRunes = (s: string): string => utf8(s).toString('latin1');

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.IsPrint (approximation by Unicode general category: letters, marks, numbers,
 * punctuation, symbols and ASCII space). */
export const isGoPrint = (ch: string): boolean => ch === ' ' || PRINTABLE.test(ch);

/** strconv's one-letter escapes. */
const SHORT_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\v', '\\v'],
]);

function escapeRune(ch: string, quote: string, asciiOnly: boolean): string {
  const cp = ch.codePointAt(0) as number;
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (asciiOnly ? cp < 0x80 && isGoPrint(ch) : isGoPrint(ch)) return ch;
  const short = SHORT_ESCAPES.get(ch);
  if (short !== undefined) return short;
  return numericEscape(cp);
}

/** \xNN for control characters and invalid bytes, \uNNNN or \UNNNNNNNN for the rest. */
function numericEscape(cp: number): string {
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  // An invalid byte (escape surrogate) is quoted as \xNN, as Go does.
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + (cp - 0xdc00).toString(16);
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** strconv.Quote (or QuoteToASCII when asciiOnly). */
export function quoteGo(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"', asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune (QuoteRuneToASCII when asciiOnly). */
export function quoteRuneGo(cp: number, asciiOnly = false): string {
  return "'" + escapeRune(String.fromCodePoint(cp), "'", asciiOnly) + "'";
}
