/**
 * The regexp parser's position in the pattern (code points) and the single-rune escapes
 * (regexp/syntax parseEscape), which both atoms and character classes read.
 */
import { fail } from './go-regexp-syntax';

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

export abstract class RegexpCursor {
  protected readonly cps: string[];
  protected i = 0;

  constructor(protected readonly pattern: string) {
    this.cps = Array.from(pattern);
  }

  protected rest(from = this.i): string {
    return this.cps.slice(from).join('');
  }

  /** A single-rune escape at this.i (\n, \x41, \x{263a}, \123, \., ...). */
  protected parseRuneEscape(): number {
    const start = this.i;
    const c = this.cps[this.i + 1];
    if (c === undefined) fail('trailing backslash at end of expression', '');
    this.i += 2;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return simple;
    if (c >= '0' && c <= '7') return this.octalEscape(start, c);
    if (c === 'x') return this.cps[this.i] === '{' ? this.bracedHexEscape(start) : this.twoDigitHexEscape(start);
    const cp = c.codePointAt(0) as number;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return cp;
    fail('invalid escape sequence', `\\${c}`);
  }

  /** Octal: \0 alone, or \1-\7 only when followed by more octal digits (else a backreference). */
  private octalEscape(start: number, c: string): number {
    if (c !== '0' && !/[0-7]/.test(this.cps[this.i] ?? '')) this.badEscape(start);
    let oct = c;
    while (oct.length < 3 && /[0-7]/.test(this.cps[this.i] ?? '')) oct += this.cps[this.i++];
    return parseInt(oct, 8);
  }

  /** Go's parseEscape: the error quotes the text consumed up to the offending character. */
  private badEscape(start: number): never {
    fail('invalid escape sequence', this.cps.slice(start, this.i).join(''));
  }

  private hexDigit(start: number): number {
    const ch = this.cps[this.i];
    if (ch === undefined) this.badEscape(start);
    this.i++;
    if (!/^[0-9a-fA-F]$/.test(ch)) this.badEscape(start);
    return parseInt(ch, 16);
  }

  /** \x{...}: one or more hex digits, at most U+10FFFF. */
  private bracedHexEscape(start: number): number {
    this.i++;
    let r = 0;
    let nhex = 0;
    for (;;) {
      const ch = this.cps[this.i];
      if (ch === undefined) this.badEscape(start);
      if (ch === '}') {
        this.i++;
        break;
      }
      r = r * 16 + this.hexDigit(start);
      if (r > 0x10ffff) this.badEscape(start);
      nhex++;
    }
    if (nhex === 0) this.badEscape(start);
    return r;
  }

  /** \xHH: Go reads both characters before checking them. */
  private twoDigitHexEscape(start: number): number {
    const two = this.cps.slice(this.i, this.i + 2);
    this.i += two.length;
    if (two.length < 2 || !/^[0-9a-fA-F]{2}$/.test(two.join(''))) this.badEscape(start);
    return parseInt(two.join(''), 16);
  }
}
