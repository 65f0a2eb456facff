/**
 * Lexer for Go's text/template syntax (text/template/parse/lex.go semantics): text, {{ }} actions
 * with trim markers "{{- " and " -}}", comments, fields, variables, identifiers, keywords,
 * numbers, character constants, quoted and raw strings, pipes, parentheses, := and =.
 * Positions are UTF-16 offsets into the template; the error reporter converts to Go's byte columns.
 */

export type ItemType =
  | 'error'
  | 'eof'
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'bool'
  | 'char' // a single ASCII printable such as ','
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'field'
  | 'identifier'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightParen'
  | 'string'
  | 'variable'
  // keywords
  | 'dot'
  | 'block'
  | 'break'
  | 'continue'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  readonly typ: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['nil', 'nil'],
  ['range', 'range'],
  ['template', 'template'],
  ['with', 'with'],
]);


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
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  const lineAt = (p: number): number => {
    let n = 1;
    for (let i = 0; i < p && i < input.length; i++) if (input.charCodeAt(i) === 10) n++;
    return n;
  };
  const emit = (typ: ItemType): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const fail = (msg: string): void => {
    items.push({ typ: 'error', pos: start, val: msg, line: lineAt(start) });
  };
  /** Next code point (string of 1-2 UTF-16 units) or undefined at EOF. */
  const peekRune = (): string | undefined => {
    if (pos >= input.length) return undefined;
    return String.fromCodePoint(input.codePointAt(pos) as number);
  };
  const nextRune = (): string | undefined => {
    const r = peekRune();
    if (r !== undefined) pos += r.length;
    return r;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2)) return { delim: true, trim: true };
    if (input.startsWith(RIGHT, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const r = peekRune();
    if (r === undefined || isSpace(r)) return true;
    if ('.,|:()'.includes(r)) return true;
    return input.startsWith(RIGHT, pos);
  };
  const skipLeadingSpace = (): void => {
    while (isSpace(input[pos])) pos++;
  };

  // Returns false when lexing stopped (eof or error emitted).
  const lexText = (): 'action' | 'comment' | 'done' => {
    const x = input.indexOf(LEFT, pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) emit('text');
      emit('eof');
      return 'done';
    }
    if (x > pos) {
      pos = x;
      let textEnd = pos;
      if (hasLeftTrimMarker(input, x + LEFT.length)) {
        while (textEnd > start && isSpace(input[textEnd - 1])) textEnd--;
      }
      if (textEnd > start) items.push({ typ: 'text', pos: start, val: input.slice(start, textEnd), line: lineAt(start) });
      start = pos;
    }
    // Left delimiter.
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const after = trim ? 2 : 0;
    if (input.startsWith('/*', pos + after)) {
      pos += after;
      start = pos;
      return 'comment';
    }
    items.push({ typ: 'leftDelim', pos: start, val: LEFT, line: lineAt(start) });
    pos += after;
    start = pos;
    parenDepth = 0;
    return 'action';
  };

  const lexComment = (): boolean => {
    pos += 2;
    const x = input.indexOf('*/', pos);
    if (x < 0) {
      fail('unclosed comment');
      return false;
    }
    pos = x + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) {
      fail('comment ends before closing delimiter');
      return false;
    }
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (trim) skipLeadingSpace();
    start = pos;
    return true;
  };

  const lexRightDelim = (trim: boolean): void => {
    if (trim) {
      pos += 2;
      start = pos;
    }
    pos += RIGHT.length;
    emit('rightDelim');
    if (trim) {
      skipLeadingSpace();
      start = pos;
    }
  };

  const scanNumber = (): boolean => {
    const accept = (valid: string): boolean => {
      const c = input[pos];
      if (c !== undefined && valid.includes(c)) {
        pos++;
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
    if (isAlphaNumeric(peekRune())) {
      nextRune();
      return false;
    }
    return true;
  };

  const lexNumber = (): boolean => {
    if (!scanNumber()) {
      fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
      return false;
    }
    const sign = input[pos];
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') {
        fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        return false;
      }
      emit('complex');
    } else {
      emit('number');
    }
    return true;
  };

  const lexQuoted = (quote: string, typ: ItemType, what: string): boolean => {
    for (;;) {
      const r = nextRune();
      if (r === '\\') {
        const e = nextRune();
        if (e !== undefined && e !== '\n') continue;
        fail(`unterminated ${what}`);
        return false;
      }
      if (r === undefined || r === '\n') {
        fail(`unterminated ${what}`);
        return false;
      }
      if (r === quote) break;
    }
    emit(typ);
    return true;
  };

  const lexFieldOrVariable = (typ: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(typ === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let r: string | undefined;
    for (;;) {
      r = peekRune();
      if (!isAlphaNumeric(r)) break;
      nextRune();
    }
    if (!atTerminator()) {
      fail(`bad character ${formatRuneU(r as string)}`);
      return false;
    }
    emit(typ);
    return true;
  };

  const lexIdentifier = (): boolean => {
    while (isAlphaNumeric(peekRune())) nextRune();
    const word = input.slice(start, pos);
    if (!atTerminator()) {
      fail(`bad character ${formatRuneU(peekRune() as string)}`);
      return false;
    }
    const kw = KEYWORDS.get(word);
    if (kw !== undefined && kw !== 'dot') {
      if ((kw === 'break' && !breakOK) || (kw === 'continue' && !continueOK)) emit('identifier');
      else emit(kw);
    } else if (word === 'true' || word === 'false') {
      emit('bool');
    } else {
      emit('identifier');
    }
    return true;
  };

  /** Lexes inside an action until the right delimiter; false when stopped. */
  const lexInsideAction = (): boolean => {
    for (;;) {
      const { delim, trim } = atRightDelim();
      if (delim) {
        if (parenDepth === 0) {
          lexRightDelim(trim);
          return true;
        }
        fail('unclosed left paren');
        return false;
      }
      const r = nextRune();
      if (r === undefined) {
        fail('unclosed action');
        return false;
      }
      if (isSpace(r)) {
        pos -= 1;
        let n = 0;
        while (isSpace(input[pos])) {
          pos++;
          n++;
        }
        if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
          pos -= 1;
          if (n === 1) {
            lexRightDelim(true);
            return true;
          }
        }
        emit('space');
        continue;
      }
      switch (r) {
        case '=':
          emit('assign');
          continue;
        case ':':
          if (nextRune() !== '=') {
            fail('expected :=');
            return false;
          }
          emit('declare');
          continue;
        case '|':
          emit('pipe');
          continue;
        case '"':
          if (!lexQuoted('"', 'string', 'quoted string')) return false;
          continue;
        case '`': {
          const end = input.indexOf('`', pos);
          if (end < 0) {
            fail('unterminated raw quoted string');
            return false;
          }
          pos = end + 1;
          emit('rawString');
          continue;
        }
        case '$':
          if (!lexFieldOrVariable('variable')) return false;
          continue;
        case "'":
          if (!lexQuoted("'", 'charConstant', 'character constant')) return false;
          continue;
        case '(':
          emit('leftParen');
          parenDepth++;
          continue;
        case ')':
          emit('rightParen');
          parenDepth--;
          if (parenDepth < 0) {
            fail(`unexpected right paren ${formatRuneU(r)}`);
            return false;
          }
          continue;
      }
      if (r === '.') {
        const c = input[pos];
        // At the very end Go lexes a lone '.' as a number (then "illegal number syntax").
        if (c !== undefined && (c < '0' || c > '9')) {
          if (!lexFieldOrVariable('field')) return false;
          continue;
        }
      }
      if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        pos -= 1;
        if (!lexNumber()) return false;
        continue;
      }
      if (isAlphaNumeric(r)) {
        pos -= r.length;
        if (!lexIdentifier()) return false;
        continue;
      }
      const cp = r.codePointAt(0) as number;
      if (cp < 0x80 && cp >= 0x20 && cp !== 0x7f) {
        emit('char');
        continue;
      }
      fail(`unrecognized character in action: ${formatRuneU(r)}`);
      return false;
    }
  };

  for (;;) {
    const next = lexText();
    if (next === 'done') return items;
    if (next === 'comment') {
      if (!lexComment()) return items;
      continue;
    }
    if (!lexInsideAction()) return items;
  }
}
