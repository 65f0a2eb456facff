/**
 * Go string semantics the renderer needs: strings are UTF-8 byte sequences (len, slicing and
 * sprig's trunc/substr count bytes), unicode.IsSpace, per-rune case mapping, strconv.Quote.
 */

/** unicode.IsSpace */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
export const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');

/** s[start:end] on the UTF-8 bytes. A cut inside a multi-byte rune yields U+FFFD (lossy but safe). */
export function byteSlice(s: string, start: number, end?: number): string {
  return utf8(s).subarray(start, end).toString('utf8');
}

/** Maps each rune with f, keeping the rune when the mapping is not a single rune (Go's
 * unicode.ToUpper/ToLower are one-to-one; JavaScript's full case mapping is not, e.g. ß -> SS). */
function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
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
  for (const ch of s) {
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
    return replacement + Array.from(s).map((ch) => ch + replacement).join('');
  }
  return s.split(old).join(replacement);
}

/** Iterates the UTF-8 bytes of s as Latin-1 "runes": what goutils' byte loops (rune(str[i])) see. */
export const bytesAsRunes = (s: string): string => utf8(s).toString('latin1');

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.IsPrint (approximation by Unicode general category: letters, marks, numbers,
 * punctuation, symbols and ASCII space). */
export const isGoPrint = (ch: string): boolean => ch === ' ' || PRINTABLE.test(ch);

function escapeRune(ch: string, quote: string, asciiOnly: boolean): string {
  const cp = ch.codePointAt(0) as number;
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (asciiOnly ? cp < 0x80 && isGoPrint(ch) : isGoPrint(ch)) return ch;
  switch (ch) {
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\v':
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp === 0xfffd && ch !== '\ufffd') return '\\x' + cp.toString(16);
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** strconv.Quote (or QuoteToASCII when asciiOnly). */
export function quoteGo(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"', asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune */
export function quoteRuneGo(cp: number): string {
  return "'" + escapeRune(String.fromCodePoint(cp), "'", false) + "'";
}
