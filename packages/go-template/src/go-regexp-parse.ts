/**
 * Parser for Go's regexp syntax (RE2, regexp/syntax with Perl flags) into a small AST, with Go's
 * error messages. Matching is done by go-regexp.ts with Go's own compilation and backtracking
 * rules, so results agree with Go even where JavaScript's RegExp would differ (empty loops,
 * ASCII-only \d \s \w \b, flags mid-pattern, duplicate group names).
 */
import { PERL, POSIX, fail, foldOrbit, inRanges, itemMatcher, unicodeClass, type Flags, type Node, type ParsedRegexp, type Range, type RuneMatcher } from './go-regexp-syntax';

class RegexpParser {
  private readonly cps: string[];
  private i = 0;
  private ncap = 0;
  readonly names: string[] = [''];

  constructor(private readonly pattern: string) {
    this.cps = Array.from(pattern);
  }

  private rest(from = this.i): string {
    return this.cps.slice(from).join('');
  }

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
        const start = this.i;
        let min = 0;
        let max = -1;
        let op: 'star' | 'plus' | 'quest' | 'repeat';
        if (c === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(this.rest());
          if (!m) {
            items.push(this.literal(flags, 0x7b));
            this.i++;
            lastRepeat = undefined;
            continue;
          }
          min = Number(m[1]);
          max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
          this.i += m[0].length;
          op = 'repeat';
          if (min > 1000 || max > 1000 || (max >= 0 && min > max)) fail('invalid repeat count', m[0]);
        } else {
          op = c === '*' ? 'star' : c === '+' ? 'plus' : 'quest';
          this.i++;
        }
        let greedy = true;
        if (this.cps[this.i] === '?') {
          greedy = false;
          this.i++;
        }
        if (flags.U) greedy = !greedy;
        const opText = this.cps.slice(start, this.i).join('');
        if (lastRepeat !== undefined) fail('invalid nested repetition operator', this.cps.slice(lastRepeat, this.i).join(''));
        const sub = items.pop();
        if (sub === undefined) fail('missing argument to repetition operator', opText);
        const node: Node = op === 'repeat' ? { op, sub, min, max, greedy } : { op, sub, greedy };
        if (op === 'repeat' && (min >= 2 || max >= 2) && !repeatIsValid(node, 1000)) fail('invalid repeat count', opText);
        items.push(node);
        lastRepeat = start;
        continue;
      }
      lastRepeat = undefined;
      if (c === '(') {
        const group = this.parseGroup(flags, depth);
        if (group) items.push(group);
        continue;
      }
      const atom = this.parseAtom(flags);
      // \Q...\E yields several literals; a following quantifier applies to the last one only.
      if (Array.isArray(atom)) items.push(...atom);
      else items.push(atom);
    }
    if (items.length === 0) return { op: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { op: 'concat', subs: items };
  }

  /** A group; returns undefined for a bare flag setting such as (?i), which changes `flags`. */
  private parseGroup(flags: Flags, depth: number): Node | undefined {
    const start = this.i;
    const rest = this.rest();
    if (rest.startsWith('(?')) {
      let m: RegExpExecArray | null;
      if (rest.startsWith('(?P<') && Array.from(rest).length > 4) {
        m = /^\(\?P<([^>]*)>/.exec(rest);
        if (!m) fail('invalid named capture', this.pattern.slice(this.pattern.length - rest.length));
        const name = m[1] as string;
        if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) fail('invalid named capture', m[0]);
        this.i += Array.from(m[0]).length;
        const index = ++this.ncap;
        this.names[index] = name;
        const sub = this.parseAlt(flags, depth + 1);
        this.closeParen(start);
        return { op: 'cap', index, sub };
      }
      // Flags: (?flags) or (?flags:re), flags = [imsU]* optionally '-' [imsU]+ (regexp/syntax parsePerlFlags).
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
        if ((ch === ':' || ch === ')') && !(sawDash && !sawFlagAfterDash)) break;
        fail('invalid or unsupported Perl syntax', this.cps.slice(this.i, j + 1).join(''));
      }
      m = /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
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
    this.i++;
    const index = ++this.ncap;
    this.names[index] = '';
    const sub = this.parseAlt(flags, depth + 1);
    this.closeParen(start);
    return { op: 'cap', index, sub };
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

  /** A single-rune escape at this.i (\n, \x41, \x{263a}, \123, \., ...). */
  private parseRuneEscape(): number {
    const start = this.i;
    const c = this.cps[this.i + 1];
    if (c === undefined) fail('trailing backslash at end of expression', '');
    this.i += 2;
    const SIMPLE: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (SIMPLE[c] !== undefined) return SIMPLE[c] as number;
    if (c >= '0' && c <= '7') {
      // Octal: \0 alone, or \1-\7 only when followed by more octal digits (else a backreference).
      if (c !== '0' && !/[0-7]/.test(this.cps[this.i] ?? '')) fail('invalid escape sequence', this.cps.slice(start, this.i).join(''));
      let oct = c;
      while (oct.length < 3 && /[0-7]/.test(this.cps[this.i] ?? '')) oct += this.cps[this.i++];
      return parseInt(oct, 8);
    }
    if (c === 'x') {
      // Go's parseEscape: the error quotes the text consumed up to the offending character.
      const bad = (): never => fail('invalid escape sequence', this.cps.slice(start, this.i).join(''));
      const hexDigit = (): number => {
        const ch = this.cps[this.i];
        if (ch === undefined) bad();
        this.i++;
        if (!/^[0-9a-fA-F]$/.test(ch as string)) bad();
        return parseInt(ch as string, 16);
      };
      if (this.cps[this.i] === '{') {
        this.i++;
        let r = 0;
        let nhex = 0;
        for (;;) {
          const ch = this.cps[this.i];
          if (ch === undefined) bad();
          if (ch === '}') {
            this.i++;
            break;
          }
          r = r * 16 + hexDigit();
          if (r > 0x10ffff) bad();
          nhex++;
        }
        if (nhex === 0) bad();
        return r;
      }
      // Two digits: Go reads both characters before checking them.
      const two = this.cps.slice(this.i, this.i + 2);
      this.i += two.length;
      if (two.length < 2 || !/^[0-9a-fA-F]{2}$/.test(two.join(''))) bad();
      return parseInt(two.join(''), 16);
    }
    const cp = c.codePointAt(0) as number;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return cp;
    fail('invalid escape sequence', `\\${c}`);
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
      const c = this.cps[this.i] as string;
      if (c === '[' && this.cps[this.i + 1] === ':') {
        const rest = this.rest();
        const close = rest.indexOf(':]', 2);
        if (close >= 0) {
          const whole = rest.slice(0, close + 2);
          const neg = whole.startsWith('[:^');
          const ranges = POSIX[whole.slice(neg ? 3 : 2, close)];
          if (ranges === undefined) fail('invalid character class range', whole);
          parts.push(itemMatcher((r) => inRanges(ranges, r), neg, flags.i));
          this.i += Array.from(whole).length;
          continue;
        }
      }
      let lo: number;
      const atomStart = this.i;
      if (c === '\\') {
        const cls = this.parseClassEscape(true);
        if (cls) {
          parts.push(itemMatcher(cls.base, cls.negate, flags.i));
          continue;
        }
        lo = this.parseRuneEscape();
      } else {
        lo = c.codePointAt(0) as number;
        this.i++;
      }
      if (this.cps[this.i] === '-' && this.cps[this.i + 1] !== undefined && this.cps[this.i + 1] !== ']') {
        this.i++;
        let hi: number;
        if (this.cps[this.i] === '\\') {
          if (this.parseClassEscape(true)) fail('invalid character class range', this.cps.slice(atomStart, this.i).join(''));
          hi = this.parseRuneEscape();
        } else {
          hi = (this.cps[this.i] as string).codePointAt(0) as number;
          this.i++;
        }
        if (hi < lo) fail('invalid character class range', this.cps.slice(atomStart, this.i).join(''));
        const l = lo;
        parts.push(itemMatcher((r) => r >= l && r <= hi, false, flags.i));
        continue;
      }
      const l = lo;
      parts.push(itemMatcher((r) => r === l, false, flags.i));
    }
    if (this.i >= this.cps.length) fail('missing closing ]', this.rest(start));
    this.i++;
    const any = (r: number): boolean => parts.some((p) => p(r));
    return { op: 'char', match: negate ? (r) => !any(r) : any };
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
