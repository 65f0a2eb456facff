/**
 * Go regexp syntax (regexp/syntax) shared by the parser and the matcher: the AST, the flags, Go's
 * error message form, and character classes (Perl and POSIX classes, Unicode classes, case-fold
 * orbits).
 */

export class GoRegexpError extends Error {}

export type RuneMatcher = (r: number) => boolean;

export type Node =
  | { op: 'empty' } // matches the empty string
  | { op: 'char'; match: RuneMatcher }
  | { op: 'assert'; kind: 'bol' | 'eol' | 'bot' | 'eot' | 'wb' | 'nwb' }
  | { op: 'cap'; index: number; sub: Node }
  | { op: 'concat'; subs: Node[] }
  | { op: 'alt'; subs: Node[] }
  | { op: 'star' | 'plus' | 'quest'; sub: Node; greedy: boolean }
  | { op: 'repeat'; sub: Node; min: number; max: number; greedy: boolean };

export interface Flags {
  i: boolean; // case-insensitive
  m: boolean; // multi-line ^ $
  s: boolean; // . matches \n
  U: boolean; // ungreedy
}

export interface ParsedRegexp {
  readonly root: Node;
  /** Group names by capture number; index 0 is the whole match. */
  readonly names: string[];
}

export function fail(code: string, expr: string): never {
  throw new GoRegexpError(`error parsing regexp: ${code}: \`${expr}\``);
}

export type Range = [number, number];

export const PERL: Readonly<Record<string, Range[]>> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

export const POSIX: Readonly<Record<string, Range[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

export const inRanges = (ranges: readonly Range[], r: number): boolean => ranges.some(([lo, hi]) => r >= lo && r <= hi);

/** Simple case folding orbit of a rune (unicode.SimpleFold closure, for the common cases). */
export function foldOrbit(r: number): number[] {
  const out = new Set<number>([r]);
  const ch = String.fromCodePoint(r);
  for (const m of [ch.toLowerCase(), ch.toUpperCase()]) {
    const cps = Array.from(m);
    if (cps.length === 1) out.add(cps[0]?.codePointAt(0) as number);
  }
  const SPECIAL: number[][] = [
    [0x4b, 0x6b, 0x212a],
    [0x53, 0x73, 0x17f],
    [0xc5, 0xe5, 0x212b],
    [0xb5, 0x39c, 0x3bc],
  ];
  for (const orbit of SPECIAL) if (orbit.some((x) => out.has(x))) orbit.forEach((x) => out.add(x));
  return [...out];
}

/** A class item: with (?i), Go closes the positive set under case folding, then negates. */
export function itemMatcher(base: RuneMatcher, negate: boolean, fold: boolean): RuneMatcher {
  const positive: RuneMatcher = fold ? (r) => foldOrbit(r).some(base) : base;
  return negate ? (r) => !positive(r) : positive;
}

export function unicodeClass(name: string, expr: string): RuneMatcher {
  if (name === 'Any') return () => true;
  for (const src of [`\\p{${name}}`, `\\p{Script=${name}}`]) {
    try {
      const re = new RegExp(`^${src}$`, 'u');
      return (r) => re.test(String.fromCodePoint(r));
    } catch {
      // try the next spelling
    }
  }
  fail('invalid character class range', expr);
}
