/**
 * Go's regexp for sprig's mustRegexReplaceAll: the pattern is parsed with Go's syntax rules
 * (go-regexp-parse.ts), simplified and compiled the way regexp/syntax does, and run with Go's
 * backtracking matcher (one visit per instruction and position, leftmost-first priorities).
 * That reproduces Go's results exactly, including the cases where JavaScript's RegExp differs
 * (loops over expressions that can match empty, for instance).
 * Replacement follows Regexp.ReplaceAllString: $1 ${1} $name ${name} $$, and an empty match right
 * after a previous match is not replaced.
 */
import { parseGoRegexp } from './go-regexp-parse';
import { GoRegexpError, type Node, type RuneMatcher } from './go-regexp-syntax';
import { isEscapedByte } from './go-strings';
import { search } from './go-regexp-backtrack';

export { GoRegexpError };

export type Inst =
  | { op: 'fail' }
  | { op: 'match' }
  | { op: 'rune'; match: RuneMatcher; out: number }
  | { op: 'empty'; kind: 'bol' | 'eol' | 'bot' | 'eot' | 'wb' | 'nwb'; out: number }
  | { op: 'cap'; slot: number; out: number }
  | { op: 'alt'; out: number; arg: number }
  | { op: 'nop'; out: number };

/** A list of holes to patch: instruction index and which field. */
type Patch = Array<{ i: number; arg: boolean }>;

interface Frag {
  i: number; // 0 means "fails" (Go's zero frag)
  out: Patch;
  nullable: boolean;
}

class Compiler {
  readonly prog: Inst[] = [{ op: 'fail' }];

  private inst(x: Inst): Frag {
    this.prog.push(x);
    return { i: this.prog.length - 1, out: [], nullable: true };
  }

  private patch(out: Patch, target: number): void {
    for (const p of out) {
      const inst = this.prog[p.i] as Inst & { out: number; arg?: number };
      if (p.arg) (inst as { arg: number }).arg = target;
      else inst.out = target;
    }
  }

  private nop(): Frag {
    const f = this.inst({ op: 'nop', out: 0 });
    f.out = [{ i: f.i, arg: false }];
    return f;
  }

  private cat(f1: Frag, f2: Frag): Frag {
    if (f1.i === 0 || f2.i === 0) return { i: 0, out: [], nullable: false };
    this.patch(f1.out, f2.i);
    return { i: f1.i, out: f2.out, nullable: f1.nullable && f2.nullable };
  }

  private alt(f1: Frag, f2: Frag): Frag {
    if (f1.i === 0) return f2;
    if (f2.i === 0) return f1;
    const f = this.inst({ op: 'alt', out: f1.i, arg: f2.i });
    f.out = [...f1.out, ...f2.out];
    f.nullable = f1.nullable || f2.nullable;
    return f;
  }

  /** An alt that prefers f1 (greedy) or the way out; the other branch is left to patch. */
  private choice(f1: Frag, greedy: boolean): Frag {
    const f = this.inst({ op: 'alt', out: 0, arg: 0 });
    const alt = this.prog[f.i] as { out: number; arg: number };
    if (greedy) alt.out = f1.i;
    else alt.arg = f1.i;
    f.out = [{ i: f.i, arg: greedy }];
    return f;
  }

  private quest(f1: Frag, greedy: boolean): Frag {
    const f = this.choice(f1, greedy);
    f.out = [...f.out, ...f1.out];
    return f;
  }

  private loop(f1: Frag, greedy: boolean): Frag {
    const f = this.choice(f1, greedy);
    this.patch(f1.out, f.i);
    return f;
  }

  private plus(f1: Frag, greedy: boolean): Frag {
    return { i: f1.i, out: this.loop(f1, greedy).out, nullable: f1.nullable };
  }

  private star(f1: Frag, greedy: boolean): Frag {
    // Go (issue 46123): (f1+)? keeps the priority order right when f1 can match empty.
    if (f1.nullable) return this.quest(this.plus(f1, greedy), greedy);
    return this.loop(f1, greedy);
  }

  compile(re: Node): Frag {
    switch (re.op) {
      case 'empty':
        return this.nop();
      case 'char': {
        const f = this.inst({ op: 'rune', match: re.match, out: 0 });
        f.nullable = false;
        f.out = [{ i: f.i, arg: false }];
        return f;
      }
      case 'assert': {
        const f = this.inst({ op: 'empty', kind: re.kind, out: 0 });
        f.out = [{ i: f.i, arg: false }];
        return f;
      }
      case 'cap': {
        const bra = this.inst({ op: 'cap', slot: re.index * 2, out: 0 });
        bra.out = [{ i: bra.i, arg: false }];
        const sub = this.compile(re.sub);
        const ket = this.inst({ op: 'cap', slot: re.index * 2 + 1, out: 0 });
        ket.out = [{ i: ket.i, arg: false }];
        return this.cat(this.cat(bra, sub), ket);
      }
      case 'concat': {
        let f: Frag | undefined;
        for (const sub of re.subs) f = f === undefined ? this.compile(sub) : this.cat(f, this.compile(sub));
        return f ?? this.nop();
      }
      case 'alt': {
        let f: Frag = { i: 0, out: [], nullable: false };
        for (const sub of re.subs) f = this.alt(f, this.compile(sub));
        return f;
      }
      case 'star':
        return this.star(this.compile(re.sub), re.greedy);
      case 'plus':
        return this.plus(this.compile(re.sub), re.greedy);
      case 'quest':
        return this.quest(this.compile(re.sub), re.greedy);
      case 'repeat':
        throw new Error('repeat must be simplified before compiling');
    }
  }
}

const EMPTY: Node = { op: 'empty' };

/** simplify1: x** = x*, and repeating the empty string is the empty string. */
function simplify1(op: 'star' | 'plus' | 'quest', greedy: boolean, sub: Node): Node {
  if (sub.op === 'empty') return sub;
  if (sub.op === op && sub.greedy === greedy) return sub;
  return { op, sub, greedy };
}

/** Regexp.Simplify: x{n,m} becomes copies of x and nested x?. */
function simplify(re: Node): Node {
  switch (re.op) {
    case 'cap':
      return { ...re, sub: simplify(re.sub) };
    case 'concat':
    case 'alt':
      return { ...re, subs: re.subs.map(simplify) };
    case 'star':
    case 'plus':
    case 'quest':
      return simplify1(re.op, re.greedy, simplify(re.sub));
    case 'repeat':
      if (re.min === 0 && re.max === 0) return EMPTY;
      return re.max === -1
        ? simplifyAtLeast(re.min, re.greedy, simplify(re.sub))
        : simplifyBounded(re.min, re.max, re.greedy, simplify(re.sub));
    default:
      return re;
  }
}

/** x{n,}: x* or x+, or n-1 copies of x followed by x+. */
function simplifyAtLeast(min: number, greedy: boolean, sub: Node): Node {
  if (min === 0) return simplify1('star', greedy, sub);
  if (min === 1) return simplify1('plus', greedy, sub);
  const subs: Node[] = new Array<Node>(min - 1).fill(sub);
  subs.push(simplify1('plus', greedy, sub));
  return { op: 'concat', subs };
}

/** x{n,m}: n copies of x, then m-n nested optional copies (x(x(x)?)?)?. */
function simplifyBounded(min: number, max: number, greedy: boolean, sub: Node): Node {
  if (min === 1 && max === 1) return sub;
  const prefix: Node[] = new Array<Node>(min).fill(sub);
  if (max > min) {
    let suffix = simplify1('quest', greedy, sub);
    for (let i = min + 1; i < max; i++) suffix = simplify1('quest', greedy, { op: 'concat', subs: [sub, suffix] });
    if (prefix.length === 0) return suffix;
    prefix.push(suffix);
  }
  return prefix.length === 1 ? (prefix[0] as Node) : { op: 'concat', subs: prefix };
}

export interface CompiledGoRegexp {
  readonly prog: readonly Inst[];
  readonly start: number;
  /** Capture-group names by group number (index 0 is the whole match, ""). */
  readonly names: readonly string[];
}

export function compileGoRegexp(pattern: string): CompiledGoRegexp {
  const parsed = parseGoRegexp(pattern);
  const c = new Compiler();
  const f = c.compile(simplify(parsed.root));
  c.prog.push({ op: 'match' });
  const matchAt = c.prog.length - 1;
  for (const p of f.out) {
    const inst = c.prog[p.i] as { out: number; arg: number };
    if (p.arg) inst.arg = matchAt;
    else inst.out = matchAt;
  }
  return { prog: c.prog, start: f.i === 0 ? 0 : f.i, names: parsed.names };
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

function expand(template: string, caps: readonly number[], text: readonly string[], names: readonly string[]): string {
  const group = (k: number): string => {
    const a = caps[2 * k];
    const b = caps[2 * k + 1];
    return a === undefined || b === undefined || a < 0 || b < 0 ? '' : text.slice(a, b).join('');
  };
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
      if (2 * ex.num + 1 < caps.length) out += group(ex.num);
    } else {
      // The first group of that name that took part in the match (names may repeat in Go).
      for (let k = 1; k < names.length; k++) {
        if (names[k] === ex.name && (caps[2 * k] ?? -1) >= 0) {
          out += group(k);
          break;
        }
      }
    }
  }
  return out + t;
}

/** Regexp.ReplaceAllString */
export function replaceAllGo(re: CompiledGoRegexp, src: string, repl: string): string {
  const text = Array.from(src);
  // Matching sees an invalid byte as U+FFFD, as Go's decoder does; the text keeps the byte.
  const runes = text.map((ch) => (isEscapedByte(ch) ? 0xfffd : (ch.codePointAt(0) as number)));
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= runes.length) {
    const caps = search(re, runes, searchPos);
    if (!caps) break;
    const a0 = caps[0] as number;
    const a1 = caps[1] as number;
    out += text.slice(lastMatchEnd, a0).join('');
    if (a1 > lastMatchEnd || a0 === 0) out += expand(repl, caps, text, re.names);
    lastMatchEnd = a1;
    const width = searchPos < runes.length ? 1 : 0;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + text.slice(lastMatchEnd).join('');
}
