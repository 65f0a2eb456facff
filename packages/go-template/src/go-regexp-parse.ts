/**
 * Parser for Go's regexp syntax (RE2, regexp/syntax with Perl flags) into a small AST, with Go's
 * error messages. Matching is done by go-regexp.ts with Go's own compilation and backtracking
 * rules, so results agree with Go even where JavaScript's RegExp would differ (empty loops,
 * ASCII-only \d \s \w \b, flags mid-pattern, duplicate group names).
 */
import {
  PERL,
  POSIX,
  fail,
  foldOrbit,
  inRanges,
  itemMatcher,
  unicodeClass,
  type Flags,
  type Node,
  type ParsedRegexp,
  type Range,
  type RuneMatcher,
} from './go-regexp-syntax';
import { RegexpCursor } from './go-regexp-cursor';

class RegexpParser extends RegexpCursor {
  private ncap = 0;
  readonly names: string[] = [''];

  parse(): Node {
    const node = this.parseAlt({ i: false, m: false, s: false, U: false }, 0);
    if (this.i < this.cps.length) fail('unexpected )', this.pattern);
    return node;
  }

  /** alternation := concat ('|' concat)* ; stops at ')' (depth > 0) or end. */
  private parseAlt(flags: Flags, depth: number): Node {
    const alts: Node[] = [];
    const f = { ...flags };
    for (;;) {
      alts.push(this.parseConcat(f, depth));
      if (this.cps[this.i] === '|') {
        this.i++;
        continue;
      }
      break;
    }
    return alts.length === 1 ? (alts[0] as Node) : { op: 'alt', subs: alts };
  }

  private parseConcat(flags: Flags, depth: number): Node {
    const items: Node[] = [];
    // Text where the previous repetition operator started, for Go's "nested repetition" message.
    let lastRepeat: number | undefined;
    for (;;) {
      const c = this.cps[this.i];
      if (c === undefined || c === '|') break;
      if (c === ')') {
        if (depth === 0) fail('unexpected )', this.pattern);
        break;
      }
      if (c === '*' || c === '+' || c === '?' || c === '{') {
        lastRepeat = this.parseRepeat(flags, items, lastRepeat);
        continue;
      }
      lastRepeat = undefined;
      this.parseConcatItem(flags, depth, c, items);
    }
    if (items.length === 0) return { op: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { op: 'concat', subs: items };
  }

  private parseConcatItem(flags: Flags, depth: number, c: string, items: Node[]): void {
    if (c === '(') {
      const group = this.parseGroup(flags, depth);
      if (group) items.push(group);
      return;
    }
    const atom = this.parseAtom(flags);
    // \Q...\E yields several literals; a following quantifier applies to the last one only.
    if (Array.isArray(atom)) items.push(...atom);
    else items.push(atom);
  }

  /** A repetition operator applied to the last item; returns where it started (undefined when '{' is a literal). */
  private parseRepeat(flags: Flags, items: Node[], lastRepeat: number | undefined): number | undefined {
    const start = this.i;
    const counts = this.repeatCounts();
    if (!counts) {
      items.push(this.literal(flags, 0x7b));
      this.i++;
      return undefined;
    }
    const greedy = this.repeatGreedy(flags);
    const opText = this.cps.slice(start, this.i).join('');
    if (lastRepeat !== undefined) fail('invalid nested repetition operator', this.cps.slice(lastRepeat, this.i).join(''));
    const sub = items.pop();
    if (sub === undefined) fail('missing argument to repetition operator', opText);
    const { op, min, max } = counts;
    const node: Node = op === 'repeat' ? { op, sub, min, max, greedy } : { op, sub, greedy };
    if (op === 'repeat' && (min >= 2 || max >= 2) && !repeatIsValid(node, 1000)) fail('invalid repeat count', opText);
    items.push(node);
    return start;
  }

  /** The operator at this.i: * + ? or {n}, {n,}, {n,m}; undefined when '{' does not start a valid count. */
  private repeatCounts(): { op: 'star' | 'plus' | 'quest' | 'repeat'; min: number; max: number } | undefined {
    const c = this.cps[this.i];
    if (c !== '{') {
      this.i++;
      return { op: c === '*' ? 'star' : c === '+' ? 'plus' : 'quest', min: 0, max: -1 };
    }
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.rest());
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    this.i += m[0].length;
    if (min > 1000 || max > 1000 || (max >= 0 && min > max)) fail('invalid repeat count', m[0]);
    return { op: 'repeat', min, max };
  }

  /** A trailing '?' makes the operator non-greedy; the U flag swaps the meaning. */
  private repeatGreedy(flags: Flags): boolean {
    let greedy = true;
    if (this.cps[this.i] === '?') {
      greedy = false;
      this.i++;
    }
    return flags.U ? !greedy : greedy;
  }

  /** A group; returns undefined for a bare flag setting such as (?i), which changes `flags`. */
  private parseGroup(flags: Flags, depth: number): Node | undefined {
    const start = this.i;
    const rest = this.rest();
    if (!rest.startsWith('(?')) {
      this.i++;
      return this.capture(start, '', flags, depth);
    }
    if (rest.startsWith('(?P<') && Array.from(rest).length > 4) return this.parseNamedCapture(start, rest, flags, depth);
    return this.parseFlagGroup(start, rest, flags, depth);
  }

  private capture(start: number, name: string, flags: Flags, depth: number): Node {
    const index = ++this.ncap;
    this.names[index] = name;
    const sub = this.parseAlt(flags, depth + 1);
    this.closeParen(start);
    return { op: 'cap', index, sub };
  }

  private parseNamedCapture(start: number, rest: string, flags: Flags, depth: number): Node {
    const m = /^\(\?P<([^>]*)>/.exec(rest);
    if (!m) fail('invalid named capture', this.pattern.slice(this.pattern.length - rest.length));
    const name = m[1] as string;
    if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) fail('invalid named capture', m[0]);
    this.i += Array.from(m[0]).length;
    return this.capture(start, name, flags, depth);
  }

  /** (?flags) or (?flags:re). */
  private parseFlagGroup(start: number, rest: string, flags: Flags, depth: number): Node | undefined {
    this.checkPerlFlags();
    const m = /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
    if (!m) fail('invalid or unsupported Perl syntax', rest);
    const nf: Flags = { ...flags };
    for (const f of m[1] as string) nf[f as keyof Flags] = true;
    for (const f of m[2] ?? '') nf[f as keyof Flags] = false;
    this.i += Array.from(m[0]).length;
    if (m[3] === ')') {
      // (?flags): applies to the rest of the current group.
      Object.assign(flags, nf);
      return undefined;
    }
    const sub = this.parseAlt(nf, depth + 1);
    this.closeParen(start);
    return sub;
  }

  /** flags = [imsU]* optionally '-' [imsU]+ (regexp/syntax parsePerlFlags), with Go's error text. */
  private checkPerlFlags(): void {
    let j = this.i + 2;
    let sawDash = false;
    let sawFlagAfterDash = false;
    for (;;) {
      const ch = this.cps[j];
      if (ch === undefined) fail('invalid or unsupported Perl syntax', this.cps.slice(this.i, j).join(''));
      if ('imsU'.includes(ch)) {
        if (sawDash) sawFlagAfterDash = true;
        j++;
        continue;
      }
      if (ch === '-' && !sawDash) {
        sawDash = true;
        j++;
        continue;
      }
      if ((ch === ':' || ch === ')') && !(sawDash && !sawFlagAfterDash)) return;
      fail('invalid or unsupported Perl syntax', this.cps.slice(this.i, j + 1).join(''));
    }
  }

  private closeParen(start: number): void {
    if (this.cps[this.i] !== ')') fail('missing closing )', this.pattern);
    void start;
    this.i++;
  }

  private literal(flags: Flags, r: number): Node {
    if (flags.i) {
      const orbit = foldOrbit(r);
      return { op: 'char', match: (x) => orbit.includes(x) };
    }
    return { op: 'char', match: (x) => x === r };
  }

  private parseAtom(flags: Flags): Node | Node[] {
    const c = this.cps[this.i] as string;
    switch (c) {
      case '.':
        this.i++;
        return { op: 'char', match: flags.s ? () => true : (r) => r !== 0x0a };
      case '^':
        this.i++;
        return { op: 'assert', kind: flags.m ? 'bol' : 'bot' };
      case '$':
        this.i++;
        return { op: 'assert', kind: flags.m ? 'eol' : 'eot' };
      case '[':
        return this.parseClass(flags);
      case '\\':
        return this.parseEscapeAtom(flags);
    }
    this.i++;
    return this.literal(flags, c.codePointAt(0) as number);
  }

  private parseEscapeAtom(flags: Flags): Node | Node[] {
    const c = this.cps[this.i + 1];
    switch (c) {
      case 'A':
        this.i += 2;
        return { op: 'assert', kind: 'bot' };
      case 'z':
        this.i += 2;
        return { op: 'assert', kind: 'eot' };
      case 'b':
        this.i += 2;
        return { op: 'assert', kind: 'wb' };
      case 'B':
        this.i += 2;
        return { op: 'assert', kind: 'nwb' };
      case 'Q': {
        this.i += 2;
        const subs: Node[] = [];
        while (this.i < this.cps.length && !(this.cps[this.i] === '\\' && this.cps[this.i + 1] === 'E')) {
          subs.push(this.literal(flags, (this.cps[this.i] as string).codePointAt(0) as number));
          this.i++;
        }
        if (this.i < this.cps.length) this.i += 2;
        return subs;
      }
    }
    const cls = this.parseClassEscape(false);
    if (cls) return { op: 'char', match: itemMatcher(cls.base, cls.negate, flags.i) };
    const r = this.parseRuneEscape();
    return this.literal(flags, r);
  }

  /** \d \s \w \D \S \W \pX \p{..} \PX at this.i; undefined if the escape is not a class. */
  private parseClassEscape(inClass: boolean): { base: RuneMatcher; negate: boolean } | undefined {
    const c = this.cps[this.i + 1];
    if (c === undefined) return undefined;
    if ('dswDSW'.includes(c)) {
      this.i += 2;
      const ranges = PERL[c.toLowerCase()] as Range[];
      return { base: (r) => inRanges(ranges, r), negate: c !== c.toLowerCase() };
    }
    if (c === 'p' || c === 'P') {
      const start = this.i;
      let name: string;
      if (this.cps[this.i + 2] === '{') {
        const end = this.cps.indexOf('}', this.i + 3);
        if (end < 0) fail('invalid character class range', this.rest(start));
        name = this.cps.slice(this.i + 3, end).join('');
        this.i = end + 1;
      } else {
        const n = this.cps[this.i + 2];
        if (n === undefined) fail('invalid character class range', this.rest(start));
        name = n;
        this.i += 3;
      }
      let neg = c === 'P';
      if (name.startsWith('^')) {
        neg = !neg;
        name = name.slice(1);
      }
      const m = unicodeClass(name, this.cps.slice(start, this.i).join(''));
      void inClass;
      return { base: m, negate: neg };
    }
    return undefined;
  }

  private parseClass(flags: Flags): Node {
    const start = this.i;
    this.i++;
    let negate = false;
    if (this.cps[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const parts: RuneMatcher[] = [];
    let first = true;
    while (this.i < this.cps.length && (this.cps[this.i] !== ']' || first)) {
      first = false;
      this.parseClassItem(flags, parts);
    }
    if (this.i >= this.cps.length) fail('missing closing ]', this.rest(start));
    this.i++;
    const any = (r: number): boolean => parts.some((p) => p(r));
    return { op: 'char', match: negate ? (r) => !any(r) : any };
  }

  /** One item of a class: [:name:], an escape class, a rune or a range lo-hi. */
  private parseClassItem(flags: Flags, parts: RuneMatcher[]): void {
    const c = this.cps[this.i] as string;
    if (c === '[' && this.cps[this.i + 1] === ':' && this.parsePosixClass(flags, parts)) return;
    let lo: number;
    const atomStart = this.i;
    if (c === '\\') {
      const cls = this.parseClassEscape(true);
      if (cls) {
        parts.push(itemMatcher(cls.base, cls.negate, flags.i));
        return;
      }
      lo = this.parseRuneEscape();
    } else {
      lo = c.codePointAt(0) as number;
      this.i++;
    }
    if (this.cps[this.i] === '-' && this.cps[this.i + 1] !== undefined && this.cps[this.i + 1] !== ']') {
      const hi = this.parseRangeEnd(atomStart);
      if (hi < lo) fail('invalid character class range', this.cps.slice(atomStart, this.i).join(''));
      parts.push(itemMatcher((r) => r >= lo && r <= hi, false, flags.i));
      return;
    }
    parts.push(itemMatcher((r) => r === lo, false, flags.i));
  }

  /** [:alpha:] or [:^alpha:]; false when no ":]" closes it (then '[' is a literal). */
  private parsePosixClass(flags: Flags, parts: RuneMatcher[]): boolean {
    const rest = this.rest();
    const close = rest.indexOf(':]', 2);
    if (close < 0) return false;
    const whole = rest.slice(0, close + 2);
    const neg = whole.startsWith('[:^');
    const ranges = POSIX[whole.slice(neg ? 3 : 2, close)];
    if (ranges === undefined) fail('invalid character class range', whole);
    parts.push(itemMatcher((r) => inRanges(ranges, r), neg, flags.i));
    this.i += Array.from(whole).length;
    return true;
  }

  /** The hi of lo-hi, after the '-' at this.i. */
  private parseRangeEnd(atomStart: number): number {
    this.i++;
    if (this.cps[this.i] === '\\') {
      if (this.parseClassEscape(true)) fail('invalid character class range', this.cps.slice(atomStart, this.i).join(''));
      return this.parseRuneEscape();
    }
    const hi = (this.cps[this.i] as string).codePointAt(0) as number;
    this.i++;
    return hi;
  }
}

function repeatIsValid(re: Node, n: number): boolean {
  let limit = n;
  if (re.op === 'repeat') {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > limit) return false;
    if (m > 0) limit = Math.floor(limit / m);
  }
  const subs = re.op === 'concat' || re.op === 'alt' ? re.subs : 'sub' in re ? [re.sub] : [];
  return subs.every((s) => repeatIsValid(s, limit));
}

export function parseGoRegexp(pattern: string): ParsedRegexp {
  const p = new RegexpParser(pattern);
  const root = p.parse();
  return { root, names: p.names };
}
