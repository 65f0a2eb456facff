/**
 * Lexer for Go's text/template syntax (text/template/parse/lex.go semantics): text, {{ }} actions
 * with trim markers "{{- " and " -}}", comments, fields, variables, identifiers, keywords,
 * numbers, character constants, quoted and raw strings, pipes, parentheses, := and =.
 * Positions are UTF-16 offsets into the template; the error reporter converts to Go's byte columns.
 */
import { KEYWORDS, type Item, type ItemType } from './items';

export type { Item, ItemType } from './items';

const LEFT = '{{';
const RIGHT = '}}';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const ALNUM = /^[_\p{L}\p{Nd}]$/u;
export const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && ALNUM.test(c);

const hasLeftTrimMarker = (s: string, at: number): boolean => s[at] === '-' && isSpace(s[at + 1]);
const hasRightTrimMarker = (s: string, at: number): boolean => isSpace(s[at]) && s[at + 1] === '-';

/** Go's %#U: U+002D '-' */
export function formatRuneU(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

/** Lexes the whole template; the item list ends with an 'eof' or an 'error' item. */
export function lex(input: string, breakOK: boolean, continueOK: boolean): Item[] {
  return new Lexer(input, breakOK, continueOK).run();
}

/** lex.go's lexer: the position, the start of the pending item, the paren depth of the action. */
class Lexer {
  private readonly items: Item[] = [];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;

  constructor(
    private readonly input: string,
    private readonly breakOK: boolean,
    private readonly continueOK: boolean,
  ) {}

  run(): Item[] {
    for (;;) {
      const next = this.lexText();
      if (next === 'done') return this.items;
      if (next === 'comment') {
        if (!this.lexComment()) return this.items;
        continue;
      }
      if (!this.lexInsideAction()) return this.items;
    }
  }

  private lineAt(p: number): number {
    let n = 1;
    for (let i = 0; i < p && i < this.input.length; i++) if (this.input.charCodeAt(i) === 10) n++;
    return n;
  }

  private emit(typ: ItemType): void {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) });
    this.start = this.pos;
  }

  private fail(msg: string): void {
    this.items.push({ typ: 'error', pos: this.start, val: msg, line: this.lineAt(this.start) });
  }

  /** Next code point (string of 1-2 UTF-16 units) or undefined at EOF. */
  private peekRune(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    return String.fromCodePoint(this.input.codePointAt(this.pos) as number);
  }

  private nextRune(): string | undefined {
    const r = this.peekRune();
    if (r !== undefined) this.pos += r.length;
    return r;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return { delim: true, trim: true };
    if (this.input.startsWith(RIGHT, this.pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  private atTerminator(): boolean {
    const r = this.peekRune();
    if (r === undefined || isSpace(r)) return true;
    if ('.,|:()'.includes(r)) return true;
    return this.input.startsWith(RIGHT, this.pos);
  }

  private skipLeadingSpace(): void {
    while (isSpace(this.input[this.pos])) this.pos++;
  }

  // Returns false when lexing stopped (eof or error emitted).
  private lexText(): 'action' | 'comment' | 'done' {
    const x = this.input.indexOf(LEFT, this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('eof');
      return 'done';
    }
    if (x > this.pos) {
      this.pos = x;
      let textEnd = this.pos;
      if (hasLeftTrimMarker(this.input, x + LEFT.length)) {
        while (textEnd > this.start && isSpace(this.input[textEnd - 1])) textEnd--;
      }
      if (textEnd > this.start)
        this.items.push({ typ: 'text', pos: this.start, val: this.input.slice(this.start, textEnd), line: this.lineAt(this.start) });
      this.start = this.pos;
    }
    // Left delimiter.
    this.pos += LEFT.length;
    const trim = hasLeftTrimMarker(this.input, this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.start = this.pos;
      return 'comment';
    }
    this.items.push({ typ: 'leftDelim', pos: this.start, val: LEFT, line: this.lineAt(this.start) });
    this.pos += after;
    this.start = this.pos;
    this.parenDepth = 0;
    return 'action';
  }

  private lexComment(): boolean {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) {
      this.fail('unclosed comment');
      return false;
    }
    this.pos = x + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) {
      this.fail('comment ends before closing delimiter');
      return false;
    }
    if (trim) this.pos += 2;
    this.pos += RIGHT.length;
    if (trim) this.skipLeadingSpace();
    this.start = this.pos;
    return true;
  }

  private lexRightDelim(trim: boolean): void {
    if (trim) {
      this.pos += 2;
      this.start = this.pos;
    }
    this.pos += RIGHT.length;
    this.emit('rightDelim');
    if (trim) {
      this.skipLeadingSpace();
      this.start = this.pos;
    }
  }

  private scanNumber(): boolean {
    const accept = (valid: string): boolean => {
      const c = this.input[this.pos];
      if (c !== undefined && valid.includes(c)) {
        this.pos++;
        return true;
      }
      return false;
    };
    const acceptRun = (valid: string): void => {
      while (accept(valid));
    };
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(this.peekRune())) {
      this.nextRune();
      return false;
    }
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) {
      this.fail(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
      return false;
    }
    const sign = this.input[this.pos];
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        this.fail(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
        return false;
      }
      this.emit('complex');
    } else {
      this.emit('number');
    }
    return true;
  }

  private lexQuoted(quote: string, typ: ItemType, what: string): boolean {
    for (;;) {
      const r = this.nextRune();
      if (r === '\\') {
        const e = this.nextRune();
        if (e !== undefined && e !== '\n') continue;
        this.fail(`unterminated ${what}`);
        return false;
      }
      if (r === undefined || r === '\n') {
        this.fail(`unterminated ${what}`);
        return false;
      }
      if (r === quote) break;
    }
    this.emit(typ);
    return true;
  }

  private lexFieldOrVariable(typ: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(typ === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let r: string | undefined;
    for (;;) {
      r = this.peekRune();
      if (!isAlphaNumeric(r)) break;
      this.nextRune();
    }
    if (!this.atTerminator()) {
      this.fail(`bad character ${formatRuneU(r as string)}`);
      return false;
    }
    this.emit(typ);
    return true;
  }

  private lexIdentifier(): boolean {
    while (isAlphaNumeric(this.peekRune())) this.nextRune();
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) {
      this.fail(`bad character ${formatRuneU(this.peekRune() as string)}`);
      return false;
    }
    const kw = KEYWORDS.get(word);
    if (kw !== undefined && kw !== 'dot') {
      if ((kw === 'break' && !this.breakOK) || (kw === 'continue' && !this.continueOK)) this.emit('identifier');
      else this.emit(kw);
    } else if (word === 'true' || word === 'false') {
      this.emit('bool');
    } else {
      this.emit('identifier');
    }
    return true;
  }

  /** Lexes inside an action until the right delimiter; false when stopped. */
  private lexInsideAction(): boolean {
    for (;;) {
      const step = this.lexActionItem();
      if (step !== 'more') return step === 'end';
    }
  }

  /** One item inside an action: 'more' to go on, 'end' after the right delimiter, 'stop' after an error. */
  private lexActionItem(): 'more' | 'end' | 'stop' {
    const { delim, trim } = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) {
        this.lexRightDelim(trim);
        return 'end';
      }
      this.fail('unclosed left paren');
      return 'stop';
    }
    const r = this.nextRune();
    if (r === undefined) {
      this.fail('unclosed action');
      return 'stop';
    }
    if (isSpace(r)) return this.lexSpace();
    const punct = this.lexPunctuation(r);
    if (punct !== undefined) return punct ? 'more' : 'stop';
    return this.lexOperand(r) ? 'more' : 'stop';
  }

  /** A run of spaces, or " -}}" (the trim marker and the right delimiter). */
  private lexSpace(): 'more' | 'end' {
    this.pos -= 1;
    let n = 0;
    while (isSpace(this.input[this.pos])) {
      this.pos++;
      n++;
    }
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT, this.pos - 1 + 2)) {
      this.pos -= 1;
      if (n === 1) {
        this.lexRightDelim(true);
        return 'end';
      }
    }
    this.emit('space');
    return 'more';
  }

  /** = := | strings, $variables, char constants, parens: true/false when lexed (false: error), undefined when r is none of them. */
  private lexPunctuation(r: string): boolean | undefined {
    switch (r) {
      case '=':
        this.emit('assign');
        return true;
      case ':':
        if (this.nextRune() !== '=') {
          this.fail('expected :=');
          return false;
        }
        this.emit('declare');
        return true;
      case '|':
        this.emit('pipe');
        return true;
      case '"':
        return this.lexQuoted('"', 'string', 'quoted string');
      case '`':
        return this.lexRawString();
      case '$':
        return this.lexFieldOrVariable('variable');
      case "'":
        return this.lexQuoted("'", 'charConstant', 'character constant');
      case '(':
        this.emit('leftParen');
        this.parenDepth++;
        return true;
      case ')':
        this.emit('rightParen');
        this.parenDepth--;
        if (this.parenDepth >= 0) return true;
        this.fail(`unexpected right paren ${formatRuneU(r)}`);
        return false;
      default:
        return undefined;
    }
  }

  private lexRawString(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) {
      this.fail('unterminated raw quoted string');
      return false;
    }
    this.pos = end + 1;
    this.emit('rawString');
    return true;
  }

  /** .field, numbers, identifiers and keywords, single ASCII characters; false after an error. */
  private lexOperand(r: string): boolean {
    if (r === '.') {
      const c = this.input[this.pos];
      // At the very end Go lexes a lone '.' as a number (then "illegal number syntax").
      if (c !== undefined && (c < '0' || c > '9')) return this.lexFieldOrVariable('field');
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.pos -= 1;
      return this.lexNumber();
    }
    if (isAlphaNumeric(r)) {
      this.pos -= r.length;
      return this.lexIdentifier();
    }
    const cp = r.codePointAt(0) as number;
    if (cp < 0x80 && cp >= 0x20 && cp !== 0x7f) {
      this.emit('char');
      return true;
    }
    this.fail(`unrecognized character in action: ${formatRuneU(r)}`);
    return false;
  }
}
