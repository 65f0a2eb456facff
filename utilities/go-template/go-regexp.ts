/**
 * Go regexp (RE2 syntax) on top of JavaScript RegExp, for sprig's mustRegexReplaceAll.
 * The pattern is translated token by token so that Go's meaning is kept where the two dialects
 * differ: \s and \d/\w are ASCII, '.' excludes only \n, (?P<name>) groups, \A \z \Q..\E,
 * [[:alpha:]] classes, literal '{' when not a repeat, ']' first in a class. Constructs RE2 rejects
 * (look-around, back-references) raise the same kind of error as Go. Replacement follows
 * Regexp.ReplaceAllString: $1 ${1} $name ${name} $$, and an empty match right after a previous
 * match is not replaced.
 */

export class GoRegexpError extends Error {}

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\u{0}-\\u{7f}',
  blank: '\\t ',
  cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const PERL_IN_CLASS: Readonly<Record<string, string>> = { d: '0-9', s: '\\t\\n\\f\\r ', w: '0-9A-Za-z_' };

const litChar = (cp: number): string => `\\u{${cp.toString(16)}}`;

export interface CompiledGoRegexp {
  readonly re: RegExp;
  /** Capture-group names by group number (index 0 is the whole match, ""). */
  readonly names: readonly string[];
}

function fail(msg: string): never {
  throw new GoRegexpError(`error parsing regexp: ${msg}`);
}

/** Translates a Go regexp to a JavaScript one (flags: g, u, plus i/m/s from a leading (?flags)). */
export function compileGoRegexp(pattern: string): CompiledGoRegexp {
  const cps = Array.from(pattern);
  let i = 0;
  let flags = '';
  const names: string[] = [''];
  let out = '';
  let depth = 0;
  // Whether the previous token can take a repetition operator (and whether it already has one).
  let canRepeat = false;
  let lastWasRepeat = false;
  // Code-point index where the previous repetition operator started (Go quotes from there).
  let lastRepeatStart = 0;

  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    const f = lead[1] as string;
    if (f.includes('U')) fail('the (?U) ungreedy flag is not supported by this renderer');
    flags = Array.from(new Set(f)).join('');
    i = Array.from(lead[0]).length;
  }
  const dotAll = flags.includes('s');

  const readEscape = (inClass: boolean): string => {
    // At cps[i] === '\\'
    const c = cps[i + 1];
    if (c === undefined) fail('trailing backslash at end of expression: ``');
    i += 2;
    switch (c) {
      case 'a':
        return litChar(7);
      case 'f':
        return litChar(12);
      case 't':
        return litChar(9);
      case 'n':
        return litChar(10);
      case 'r':
        return litChar(13);
      case 'v':
        return litChar(11);
      case 'd':
      case 's':
      case 'w':
        return inClass ? (PERL_IN_CLASS[c] as string) : `[${PERL_IN_CLASS[c]}]`;
      case 'D':
      case 'S':
      case 'W': {
        const body = PERL_IN_CLASS[c.toLowerCase()] as string;
        if (inClass) return c === 'D' ? '\\D' : c === 'W' ? '\\W' : '\\S';
        return `[^${body}]`;
      }
      // Assertions are wrapped in (?:...) because Go, unlike JavaScript, lets them take a quantifier.
      case 'b':
      case 'B':
        if (inClass) fail(`invalid escape sequence: \`\\${c}\``);
        return '(?:\\' + c + ')';
      case 'A':
        if (inClass) fail('invalid escape sequence: `\\A`');
        return '(?:(?<![\\s\\S]))';
      case 'z':
        if (inClass) fail('invalid escape sequence: `\\z`');
        return '(?:(?![\\s\\S]))';
      case 'x': {
        if (cps[i] === '{') {
          const end = cps.indexOf('}', i);
          const hex = cps.slice(i + 1, end).join('');
          if (end < 0 || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) fail('invalid escape sequence: `\\x{`');
          i = end + 1;
          return litChar(parseInt(hex, 16));
        }
        const hex = cps.slice(i, i + 2).join('');
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('invalid escape sequence: `\\x`');
        i += 2;
        return litChar(parseInt(hex, 16));
      }
      case 'p':
      case 'P': {
        let name: string;
        if (cps[i] === '{') {
          const end = cps.indexOf('}', i);
          if (end < 0) fail(`invalid character class range: \`\\${c}{\``);
          name = cps.slice(i + 1, end).join('');
          i = end + 1;
        } else {
          name = cps[i] ?? '';
          i += 1;
        }
        let neg = c === 'P';
        if (name.startsWith('^')) {
          neg = !neg;
          name = name.slice(1);
        }
        if (name === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
        try {
          new RegExp(`\\p{${name}}`, 'u');
        } catch {
          fail(`invalid character class range: \`\\${c}{${name}}\``);
        }
        return `\\${neg ? 'P' : 'p'}{${name}}`;
      }
      case 'Q':
        if (inClass) fail('invalid escape sequence: `\\Q`');
        {
          // Literal text; like Go, a following quantifier applies to its last character only.
          let lit = '';
          while (i < cps.length && !(cps[i] === '\\' && cps[i + 1] === 'E')) {
            lit += litChar((cps[i] as string).codePointAt(0) as number);
            i++;
          }
          if (i < cps.length) i += 2;
          return lit;
        }
      case '0':
        // Go accepts up to three octal digits after \0 ... \7 only when it is \0 or followed by digits.
        {
          let oct = '';
          while (oct.length < 2 && /[0-7]/.test(cps[i] ?? '')) oct += cps[i++];
          return litChar(parseInt('0' + oct, 8));
        }
    }
    if (/[1-7]/.test(c) && /[0-7]/.test(cps[i] ?? '')) {
      let oct = c;
      while (oct.length < 3 && /[0-7]/.test(cps[i] ?? '')) oct += cps[i++];
      return litChar(parseInt(oct, 8));
    }
    const cp = c.codePointAt(0) as number;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return litChar(cp);
    fail(`invalid escape sequence: \`\\${c}\``);
  };

  const readClass = (): string => {
    // At cps[i] === '['
    const start = i;
    i++;
    let negate = false;
    if (cps[i] === '^') {
      negate = true;
      i++;
    }
    let body = '';
    let first = true;
    while (i < cps.length && (cps[i] !== ']' || first)) {
      first = false;
      const c = cps[i] as string;
      if (c === '[' && cps[i + 1] === ':') {
        // Go: from "[:" the first ":]" closes a named class; an unknown name is an error.
        const rest = cps.slice(i).join('');
        const close = rest.indexOf(':]', 2);
        if (close >= 0) {
          const whole = rest.slice(0, close + 2);
          const negated = whole.startsWith('[:^');
          const cls = POSIX[whole.slice(negated ? 3 : 2, close)];
          if (cls === undefined) fail(`invalid character class range: \`${whole}\``);
          if (negated) fail('negated POSIX classes inside a bracket expression are not supported by this renderer');
          body += cls;
          i += Array.from(whole).length;
          continue;
        }
      }
      let atom: string;
      let atomCp: number | undefined;
      if (c === '\\') {
        const save = i;
        atom = readEscape(true);
        const m = /^\\u\{([0-9a-f]+)\}$/.exec(atom);
        atomCp = m ? parseInt(m[1] as string, 16) : undefined;
        if (atomCp === undefined && save === i) fail('internal');
      } else {
        atomCp = c.codePointAt(0) as number;
        atom = litChar(atomCp);
        i++;
      }
      if (cps[i] === '-' && cps[i + 1] !== undefined && cps[i + 1] !== ']' && atomCp !== undefined) {
        i++;
        let hi: number | undefined;
        if (cps[i] === '\\') {
          const e = readEscape(true);
          const m = /^\\u\{([0-9a-f]+)\}$/.exec(e);
          hi = m ? parseInt(m[1] as string, 16) : undefined;
        } else {
          hi = (cps[i] as string).codePointAt(0) as number;
          i++;
        }
        if (hi === undefined || hi < atomCp) fail(`invalid character class range: \`${cps.slice(start, i).join('')}\``);
        body += `${litChar(atomCp)}-${litChar(hi)}`;
        continue;
      }
      body += atom;
    }
    if (i >= cps.length) fail(`missing closing ]: \`${cps.slice(start).join('')}\``);
    i++; // ']'
    if (body === '') return negate ? '[\\s\\S]' : '[^\\s\\S]';
    return `[${negate ? '^' : ''}${body}]`;
  };

  while (i < cps.length) {
    const c = cps[i] as string;
    switch (c) {
      case '\\': {
        const save = i;
        const t = readEscape(false);
        const isAssertion = cps[save + 1] === 'b' || cps[save + 1] === 'B' || cps[save + 1] === 'A' || cps[save + 1] === 'z';
        if (t === '') continue; // empty \Q\E: nothing to quantify, state unchanged
        out += t;
        canRepeat = !isAssertion || true;
        lastWasRepeat = false;
        continue;
      }
      case '[':
        out += readClass();
        canRepeat = true;
        lastWasRepeat = false;
        continue;
      case '(': {
        const rest = cps.slice(i).join('');
        let m: RegExpExecArray | null;
        if ((m = /^\(\?P<([A-Za-z0-9_]+)>/.exec(rest))) {
          // A plain group: Go allows duplicate names, JavaScript does not; names are tracked here.
          names.push(m[1] as string);
          out += '(';
          i += Array.from(m[0]).length;
        } else if (rest.startsWith('(?:')) {
          out += '(?:';
          i += 3;
        } else if ((m = /^\(\?([imsU-]+):/.exec(rest))) {
          fail(`inline flag groups \`${m[0]}\` are not supported by this renderer`);
        } else if (rest.startsWith('(?')) {
          const shown = rest.startsWith('(?P<') || rest.startsWith('(?P=') ? rest.slice(0, 4) : rest.slice(0, 3);
          fail(`invalid or unsupported Perl syntax: \`${shown}\``);
        } else {
          names.push('');
          out += '(';
          i += 1;
        }
        depth++;
        canRepeat = false;
        lastWasRepeat = false;
        continue;
      }
      case ')':
        if (depth === 0) fail(`unexpected ): \`${pattern}\``);
        depth--;
        out += ')';
        i++;
        canRepeat = true;
        lastWasRepeat = false;
        continue;
      case '|':
        out += '|';
        i++;
        canRepeat = false;
        lastWasRepeat = false;
        continue;
      case '.':
        out += dotAll ? '[\\s\\S]' : '[^\\n]';
        i++;
        canRepeat = true;
        lastWasRepeat = false;
        continue;
      case '^':
        out += flags.includes('m') ? '(?:(?<=^|\\n))' : '(?:(?<![\\s\\S]))';
        i++;
        canRepeat = true;
        lastWasRepeat = false;
        continue;
      case '$':
        out += flags.includes('m') ? '(?:(?=$|\\n))' : '(?:(?![\\s\\S]))';
        i++;
        canRepeat = true;
        lastWasRepeat = false;
        continue;
      case '*':
      case '+':
      case '?':
      case '{': {
        let op: string = c;
        let len = 1;
        if (c === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(cps.slice(i).join(''));
          if (!m) {
            out += litChar(0x7b);
            i++;
            canRepeat = true;
            lastWasRepeat = false;
            continue;
          }
          const lo = Number(m[1]);
          const hi = m[3] === undefined || m[3] === '' ? undefined : Number(m[3]);
          if (lo > 1000 || (hi !== undefined && (hi > 1000 || hi < lo))) fail(`invalid repeat count: \`${m[0]}\``);
          op = m[0];
          len = m[0].length;
        }
        if (lastWasRepeat) fail(`invalid nested repetition operator: \`${cps.slice(lastRepeatStart, i + len).join('')}\``);
        if (!canRepeat) fail(`missing argument to repetition operator: \`${op}\``);
        lastRepeatStart = i;
        i += len;
        if (cps[i] === '?') {
          op += '?';
          i++;
        }
        out += op;
        lastWasRepeat = true;
        continue;
      }
      case '}':
        out += litChar(0x7d);
        i++;
        canRepeat = true;
        lastWasRepeat = false;
        continue;
      default:
        out += litChar(c.codePointAt(0) as number);
        i++;
        canRepeat = true;
        lastWasRepeat = false;
    }
  }
  if (depth > 0) fail(`missing closing ): \`${pattern}\``);
  let re: RegExp;
  try {
    re = new RegExp(out, 'gu' + flags.replace(/[sm]/g, ''));
  } catch (e) {
    fail((e as Error).message);
  }
  return { re, names };
}

/** Go's regexp extract(): the name or number after '$' in a replacement template. */
function extract(str: string): { name: string; num: number; rest: string } | undefined {
  if (str === '') return undefined;
  let brace = false;
  if (str.startsWith('{')) {
    brace = true;
    str = str.slice(1);
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(str);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (const ch of name) {
    if (ch < '0' || ch > '9' || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + Number(ch);
  }
  if (name.startsWith('0') && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

function expand(template: string, match: RegExpExecArray, names: readonly string[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const at = t.indexOf('$');
    if (at < 0) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ex = extract(t);
    if (!ex) {
      out += '$';
      continue;
    }
    t = ex.rest;
    if (ex.num >= 0) {
      out += match[ex.num] ?? '';
    } else {
      const idx = names.indexOf(ex.name);
      if (idx > 0) out += match[idx] ?? '';
    }
  }
  return out + t;
}

/** Regexp.ReplaceAllString */
export function replaceAllGo(compiled: CompiledGoRegexp, src: string, repl: string): string {
  const { re, names } = compiled;
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    re.lastIndex = searchPos;
    const m = re.exec(src);
    if (!m) break;
    const a0 = m.index;
    const a1 = m.index + m[0].length;
    out += src.slice(lastMatchEnd, a0);
    if (a1 > lastMatchEnd || a0 === 0) out += expand(repl, m, names);
    lastMatchEnd = a1;
    const cp = src.codePointAt(searchPos);
    const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + src.slice(lastMatchEnd);
}
