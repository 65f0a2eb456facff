/**
 * Seeded generator of random Go templates over Forklift's functions: mostly well-typed ones,
 * some with type or arity errors, and syntax-broken mutations. Deterministic for a seed.
 */
import type { TemplateCase } from './oracle';
import { mulberry32 } from './prng';

type Rng = () => number;

class Gen {
  constructor(private readonly rnd: Rng) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
}

const VM_NAMES = [
  'vm1',
  'My_VM.Prod',
  'VM (1)',
  'mtv-tests-rhel8',
  'win2019-3disks',
  'a.b.c',
  'UPPER_lower-Mixed',
  '  spaced  name ',
  'x',
  'ünï-cöde',
  'web.server-01',
  'db_PRIMARY',
  'very-long-virtual-machine-name-that-keeps-going-and-going-on',
];
const PLAN_NAMES = ['p', 'plan-cold', 'migration-plan-warm-2024', 'comprehensive-cold-plan-1234567890', 'Plan_A'];
const FILES = ['disk.vmdk', 'My_VM.Prod_1.vmdk', 'vm1/vm1_2.vmdk', 'data disk.vmdk', 'noext'];
const STRING_LITERALS = [
  '"a"',
  '"-"',
  '"_"',
  '"."',
  '" "',
  '""',
  '"abc"',
  '"ABC def"',
  '".vmdk"',
  '"disk"',
  '"x-y_z"',
  '`raw`',
  '"tab\\there"',
  '"é"',
  '"0"',
  '"12"',
  '"3.5"',
];
const REGEXES = [
  '"[^a-z0-9-]"',
  '"[_.]"',
  '"\\\\d+"',
  '"^(.*)$"',
  '"(v)(m)"',
  '"[aeiou]"',
  '"a*"',
  '"\\\\s+"',
  '"(?i)VM"',
  '"-+"',
  '"[[:upper:]]"',
  '"x{2,}"',
];
const REPLS = ['"-"', '""', '"$1"', '"${1}x"', '"[$0]"', '"$2$1"', '"$$"'];
const UNKNOWN_FUNCS = [
  'quote',
  'squote',
  'splitList',
  'join',
  'regexMatch',
  'regexReplaceAll',
  'default',
  'cat',
  'sha256sum',
  'now',
  'toString',
  'atoi',
];
const PRINTF_FORMATS = [
  '"%s"',
  '"%d"',
  '"%v"',
  '"%s-%d"',
  '"%02d"',
  '"%x"',
  '"%q"',
  '"%5s|"',
  '"%-4d|"',
  '"%.2f"',
  '"%v %v"',
  '"%t"',
  '"%03d-%s"',
  '"%e"',
  '"%g"',
  '"%X"',
  '"%c"',
];

const STRING_FIELDS = ['.VmName', '.TargetVmName', '.PlanName', '.VmId', '.FileName', '.WinDriveLetter'];
const INT_FIELDS = ['.DiskIndex', '.RootDiskIndex'];

class TemplateGen {
  private vars: Array<{ name: string; kind: 'string' | 'int' | 'any' }> = [];
  constructor(private readonly g: Gen) {}

  str(depth: number): string {
    const g = this.g;
    const roll = g.int(0, depth > 2 ? 2 : 9);
    const sv = this.vars.filter((v) => v.kind === 'string');
    switch (roll) {
      case 0:
      case 1:
        return g.pick(STRING_FIELDS);
      case 2:
        return sv.length && g.chance(0.5) ? g.pick(sv).name : g.pick(STRING_LITERALS);
      case 3:
        return `(${g.pick(['lower', 'upper', 'title', 'untitle', 'trim', 'nospace', 'initials'])} ${this.str(depth + 1)})`;
      case 4:
        return `(${g.pick(['trimAll', 'trimSuffix', 'trimPrefix'])} ${g.pick(STRING_LITERALS)} ${this.str(depth + 1)})`;
      case 5:
        return `(replace ${g.pick(STRING_LITERALS)} ${g.pick(STRING_LITERALS)} ${this.str(depth + 1)})`;
      case 6:
        return `(trunc ${this.intConst()} ${this.str(depth + 1)})`;
      case 7:
        return `(substr ${g.int(-1, 4)} ${g.int(-1, 8)} ${this.str(depth + 1)})`;
      case 8:
        return `(mustRegexReplaceAll ${g.pick(REGEXES)} ${this.str(depth + 1)} ${g.pick(REPLS)})`;
      default:
        return g.chance(0.5)
          ? `(printf ${g.pick(PRINTF_FORMATS)} ${this.any(depth + 1)})`
          : `(repeat ${g.int(0, 3)} ${this.str(depth + 1)})`;
    }
  }

  intConst(): string {
    return String(this.g.pick([0, 1, 2, 3, 5, 10, 15, -1, -3, 63, 100]));
  }

  int(depth: number): string {
    const g = this.g;
    const iv = this.vars.filter((v) => v.kind === 'int');
    switch (g.int(0, depth > 2 ? 2 : 5)) {
      case 0:
        return g.pick(INT_FIELDS);
      case 1:
        return iv.length && g.chance(0.5) ? g.pick(iv).name : this.intConst();
      case 2:
        return `(len ${this.str(depth + 1)})`;
      case 3:
        return `(${g.pick(['add', 'mul', 'max', 'min'])} ${this.num(depth + 1)} ${this.num(depth + 1)})`;
      case 4:
        return `(${g.pick(['sub', 'div', 'mod'])} ${this.num(depth + 1)} ${this.num(depth + 1)})`;
      default:
        return `(add1 ${this.num(depth + 1)})`;
    }
  }

  num(depth: number): string {
    const g = this.g;
    switch (g.int(0, 4)) {
      case 0:
        return String(g.pick([0.5, 1.5, 2.25, -3.75, 10.0, 1e3, 0.1]));
      case 1:
        return g.pick(['"7"', '"0x10"', '"2.0"', '"abc"', 'true', 'false']);
      default:
        return this.int(depth);
    }
  }

  bool(depth: number): string {
    const g = this.g;
    switch (g.int(0, 6)) {
      case 0:
        return `(${g.pick(['contains', 'hasPrefix', 'hasSuffix'])} ${g.pick(STRING_LITERALS)} ${this.str(depth + 1)})`;
      case 1:
        return `(eq ${this.int(depth + 1)} ${this.int(depth + 1)})`;
      case 2:
        return `(${g.pick(['lt', 'le', 'gt', 'ge', 'ne'])} ${this.int(depth + 1)} ${this.int(depth + 1)})`;
      case 3:
        return `(eq ${this.str(depth + 1)} ${this.str(depth + 1)})`;
      case 4:
        return `(not ${this.any(depth + 1)})`;
      case 5:
        return `(${g.pick(['and', 'or'])} ${this.any(depth + 1)} ${this.any(depth + 1)})`;
      default:
        return g.pick(['.Shared', 'true', 'false']);
    }
  }

  float(depth: number): string {
    const g = this.g;
    switch (g.int(0, 2)) {
      case 0:
        return `(${g.pick(['floor', 'ceil'])} ${this.num(depth + 1)})`;
      case 1:
        return `(round ${this.num(depth + 1)} ${g.int(0, 3)})`;
      default:
        return String(g.pick([0.5, 2.5, 1234567.0, 0.00001, 3.14159, 100.0]));
    }
  }

  any(depth: number): string {
    switch (this.g.int(0, 5)) {
      case 0:
      case 1:
        return this.str(depth);
      case 2:
        return this.int(depth);
      case 3:
        return this.bool(depth);
      case 4:
        return this.float(depth);
      default:
        return this.g.pick(['.', '$', '.Shared', 'nil', '(print 1 "a" 2)', '(index .VmName 0)', '(slice .VmName 1 3)']);
    }
  }

  /** A pipeline: a value, optionally piped through functions that take it as the last argument. */
  pipeline(): string {
    const g = this.g;
    let p = g.chance(0.5) ? this.str(0) : this.any(0);
    if (p.startsWith('(') && g.chance(0.5)) p = p.slice(1, -1);
    const stages = g.int(0, 2);
    for (let i = 0; i < stages; i++) {
      p +=
        ' | ' +
        g.pick([
          'lower',
          'upper',
          'title',
          'trim',
          'nospace',
          `trunc ${this.intConst()}`,
          `replace ${g.pick(STRING_LITERALS)} ${g.pick(STRING_LITERALS)}`,
          `trimSuffix ${g.pick(STRING_LITERALS)}`,
          `trimPrefix ${g.pick(STRING_LITERALS)}`,
          'add1',
          'len',
          'print',
          `printf ${g.pick(PRINTF_FORMATS)}`,
          `mustRegexReplaceAll ${g.pick(REGEXES)} ${g.pick(REPLS)}`.replace(/^(\S+) (\S+) (\S+)$/, '$1 $2 $3'),
          `add ${this.intConst()}`,
          'urlquery',
          'html',
          `eq ${this.intConst()}`,
          'not',
          `repeat ${g.int(0, 2)}`,
        ]);
    }
    return p;
  }

  action(): string {
    const g = this.g;
    const l = g.chance(0.15) ? '{{- ' : g.chance(0.5) ? '{{ ' : '{{';
    const r = g.chance(0.15) ? ' -}}' : g.chance(0.5) ? ' }}' : '}}';
    if (g.chance(0.15)) {
      const kind = g.pick(['string', 'int'] as const);
      const name = `$v${this.vars.length}`;
      const decl = `${l}${name} := ${kind === 'string' ? this.str(0) : this.int(0)}${r}`;
      this.vars.push({ name, kind });
      return decl;
    }
    return `${l}${this.pipeline()}${r}`;
  }

  text(): string {
    return this.g.pick(['-', '-disk-', ' ', '\n', 'x', '', '  ', '_', '.', '-vol-']);
  }

  block(depth: number): string {
    const g = this.g;
    const roll = depth > 1 ? 0 : g.int(0, 9);
    if (roll <= 6) return g.chance(0.3) ? this.text() : this.action();
    const saved = this.vars.length;
    let out: string;
    if (roll === 7) {
      out = `{{ if ${this.bool(0)} }}${this.body(depth + 1)}`;
      if (g.chance(0.3)) out += `{{ else if ${this.bool(0)} }}${this.body(depth + 1)}`;
      if (g.chance(0.5)) out += `{{ else }}${this.body(depth + 1)}`;
      out += '{{ end }}';
    } else if (roll === 8) {
      out = `{{ with ${this.str(0)} }}${g.chance(0.5) ? '{{ . | upper }}' : this.body(depth + 1)}${g.chance(0.4) ? '{{ else }}' + this.body(depth + 1) : ''}{{ end }}`;
    } else {
      out = `{{ if ${this.any(0)} }}${this.body(depth + 1)}{{ end }}`;
    }
    this.vars.length = saved;
    return out;
  }

  body(depth: number): string {
    let s = '';
    const n = this.g.int(1, 3);
    for (let i = 0; i < n; i++) s += this.block(depth);
    return s;
  }
}

const MUTATION_TOKENS = [
  '}}',
  '{{',
  '(',
  ')',
  '|',
  '"',
  '`',
  '$zz',
  'nope',
  '.Nope',
  '{{end}}',
  '{{else}}',
  ':=',
  ' = ',
  '-}}',
  '{{-',
  "'",
  ',',
  '.',
  '$',
];

function mutate(g: Gen, t: string): string {
  switch (g.int(0, 4)) {
    case 0: {
      const i = g.int(0, Math.max(t.length - 1, 0));
      return t.slice(0, i) + t.slice(i + 1);
    }
    case 1: {
      const i = g.int(0, t.length);
      return t.slice(0, i) + g.pick(MUTATION_TOKENS) + t.slice(i);
    }
    case 2: {
      const fns = t.match(/\b(lower|upper|trunc|replace|add|printf|trim|len|eq|substr|title)\b/g);
      if (!fns) return t + '{{ ' + g.pick(UNKNOWN_FUNCS) + ' .VmName }}';
      return t.replace(g.pick(fns), g.pick(UNKNOWN_FUNCS));
    }
    case 3:
      // Drop an argument (arity / type errors).
      return t.replace(/ (\S+)( ?\)| ?}})/, '$2');
    default:
      return t.replace(/\.(VmName|DiskIndex|PlanName)/, g.pick(['.Vmname', '.diskIndex', '.DiskIndex.X', '.VmName.Len', '$.Nope']));
  }
}

function randomData(g: Gen): Record<string, unknown> {
  const vm = g.pick(VM_NAMES);
  return {
    VmName: vm,
    TargetVmName:
      vm
        .toLowerCase()
        .replace(/[^a-z0-9.-]/g, '-')
        .replace(/^-+|-+$/g, '') || 'vm-0000',
    PlanName: g.pick(PLAN_NAMES),
    DiskIndex: g.int(0, 12),
    VmId: g.pick(['vm-42', 'vm-1234', '4218a0b1-aaaa-bbbb-cccc-0123456789ab']),
    WinDriveLetter: g.pick(['', 'c', 'd']),
    RootDiskIndex: g.int(0, 2),
    Shared: g.chance(0.3),
    FileName: g.pick(FILES),
  };
}

/** `count` cases from `seed`: ~75% generated valid-looking templates, ~25% mutated ones. */
export function generateCases(seed: number, count: number): TemplateCase[] {
  const g = new Gen(mulberry32(seed));
  const cases: TemplateCase[] = [];
  for (let i = 0; i < count; i++) {
    const tg = new TemplateGen(g);
    let t = tg.body(0);
    if (g.chance(0.25)) t = mutate(g, t);
    cases.push({ template: t, dataType: 'PVCNameTemplateData', data: randomData(g) });
  }
  return cases;
}

const SOUP_TOKENS = [
  '.VmName',
  '.DiskIndex',
  '.Shared',
  '.Nope',
  '.',
  '$',
  '$x',
  '$x :=',
  '$x =',
  ':=',
  '=',
  '|',
  '(',
  ')',
  '"s"',
  '`r`',
  "'c'",
  '3',
  '-3',
  '1.5',
  '0x1F',
  '1e3',
  'true',
  'false',
  'nil',
  'if',
  'else',
  'end',
  'range',
  'with',
  'break',
  'continue',
  'define',
  'template',
  'block',
  'lower',
  'trunc',
  'printf',
  'eq',
  'and',
  'len',
  'index',
  'add',
  'quote',
  ',',
  ' ',
  ' ',
  ' ',
  '-',
  '.A.B',
  '{{',
  '}}',
  '/*',
  '*/',
  '"\\n"',
  '"\\q"',
  '@',
  '#',
  '"unterminated',
  'x.y',
  '3x',
  '_x',
];

/** Random token sequences inside actions: mostly broken, for lexer/parser error agreement. */
export function generateTokenSoup(seed: number, count: number): TemplateCase[] {
  const g = new Gen(mulberry32(seed));
  const cases: TemplateCase[] = [];
  for (let i = 0; i < count; i++) {
    let t = g.chance(0.3) ? 'a ' : '';
    const actions = g.int(1, 3);
    for (let a = 0; a < actions; a++) {
      t += g.pick(['{{', '{{ ', '{{- ']);
      const n = g.int(1, 5);
      const toks: string[] = [];
      for (let k = 0; k < n; k++) toks.push(g.pick(SOUP_TOKENS));
      t += toks.join(g.chance(0.7) ? ' ' : '');
      t += g.pick(['}}', ' }}', ' -}}', '']);
      if (g.chance(0.3)) t += g.pick([' text ', '\n', 'x']);
    }
    cases.push({ template: t, dataType: 'PVCNameTemplateData', data: randomData(g) });
  }
  return cases;
}

const RE_ATOMS = [
  'a',
  'b',
  'x',
  '.',
  '\\\\d',
  '\\\\w',
  '\\\\s',
  '\\\\D',
  '\\\\W',
  '\\\\S',
  '[a-c]',
  '[^ab]',
  '[[:alpha:]]',
  '[[:digit:]_]',
  '\\\\.',
  '-',
  '_',
  'é',
  '\\\\pL',
  '\\\\p{Lu}',
  '[é-ü]',
  '\\\\x41',
  '\\\\b',
  '\\\\B',
  '^',
  '$',
  '\\\\A',
  '\\\\z',
  '[]a]',
  '[-a]',
  '\\\\Qa.b\\\\E',
  '{',
  '}',
];
const RE_QUANT = ['', '', '', '*', '+', '?', '*?', '+?', '??', '{2}', '{1,3}', '{0,}', '{2,}?'];
const RE_SUBJECTS = [
  '',
  'a',
  'abc',
  'aaa bbb',
  'x-y_z.1',
  'My_VM.Prod (1)',
  'ÉCOLE école',
  'a.b.c',
  'disk12-part3',
  'tab\\tand\\nnewline',
  '__--..',
  'AbCdEf',
  'ab ab  ab',
];
const RE_BREAKERS = [
  '(',
  ')',
  '[',
  ']',
  '\\',
  '*',
  '+?',
  '{2}',
  '{1001}',
  '(?',
  '(?P<',
  '(?P<x>',
  '(?=',
  '(?<n>',
  '(?x)',
  '(?-)',
  '\\p{Nope}',
  '\\pN',
  '\\1',
  '\\8',
  '\\x{110000}',
  '\\xZ',
  '[z-a]',
  '[[:nope:]]',
  '[[:^digit:]]',
  '\\e',
  '|',
  '(?i:',
  '(?:',
  '$',
  '^*',
  '**',
  '{,3}',
  'x{2}{3}',
  '\\Q*',
];
const RE_REPL = ['-', '', '$0', '[$1]', '${1}x', '$2$1', '$$', '<${name}>', '$10', '\\\\'];

/** Random regular expressions for mustRegexReplaceAll (Go RE2 syntax vs the JavaScript translation). */
export function generateRegexCases(seed: number, count: number): TemplateCase[] {
  const g = new Gen(mulberry32(seed));
  const cases: TemplateCase[] = [];
  const term = (depth: number): string => {
    const roll = g.int(0, depth > 1 ? 5 : 8);
    let atom: string;
    if (roll <= 5) atom = g.pick(RE_ATOMS);
    else if (roll === 6) atom = `(${expr(depth + 1)})`;
    else if (roll === 7) atom = `(?:${expr(depth + 1)})`;
    else atom = `(?P<name>${expr(depth + 1)})`;
    return atom + g.pick(RE_QUANT);
  };
  const expr = (depth: number): string => {
    let s = '';
    const n = g.int(1, 3);
    for (let i = 0; i < n; i++) s += term(depth);
    return g.chance(0.2) ? s + '|' + term(depth) : s;
  };
  for (let i = 0; i < count; i++) {
    const flags = g.pick(['', '', '', '(?i)', '(?s)', '(?m)', '(?is)', '(?U)', '(?i-s)']);
    let re = flags + expr(0);
    if (g.chance(0.25)) {
      // Break it: Go's parse errors (and their messages) must be reproduced too.
      const at = g.int(0, re.length);
      re = re.slice(0, at) + g.pick(RE_BREAKERS) + re.slice(at);
    }
    const quoted = JSON.stringify(re).replace(/\\\\\\\\/g, '\\\\');
    cases.push({
      template: `{{ mustRegexReplaceAll ${quoted} ${JSON.stringify(g.pick(RE_SUBJECTS))} ${JSON.stringify(g.pick(RE_REPL))} }}`,
      dataType: 'PVCNameTemplateData',
      data: {},
    });
  }
  return cases;
}

// No %p: Go prints a memory address there.
const FMT_VERBS = ['v', 's', 'd', 'q', 'x', 'X', 'o', 'O', 'b', 'c', 'U', 'e', 'E', 'f', 'F', 'g', 'G', 't', 'T', '%', 'z'];
const FMT_FLAGS = ['', '', '', '-', '+', '#', ' ', '0', '-0', '+0', '# ', '+-'];
const FMT_ARGS = [
  '0',
  '1',
  '-1',
  '42',
  '-255',
  '65',
  '9731',
  '1234567890',
  '0x7fffffffffffffff',
  "'x'",
  '0.0',
  '1.5',
  '-2.25',
  '1e21',
  '1e-7',
  '123456.789',
  '3.0',
  '2.5',
  '0.125',
  '"s"',
  '""',
  '"héllo"',
  '"a\\"b"',
  '"tab\\t"',
  'true',
  'false',
  'nil',
  '.DiskIndex',
  '.VmName',
  '.Shared',
  '.',
  '(add 1 2)',
  '(floor 2.5)',
  '(index "é" 0)',
  '(len "abc")',
  '.Missing',
];

/** Random printf calls: verbs, flags, widths, precisions and operands of every type. */
export function generatePrintfCases(seed: number, count: number): TemplateCase[] {
  const g = new Gen(mulberry32(seed));
  const cases: TemplateCase[] = [];
  for (let i = 0; i < count; i++) {
    let format = '';
    const nverbs = g.int(1, 3);
    for (let k = 0; k < nverbs; k++) {
      format += g.pick(['', '|', '-', ' x ']) + '%' + g.pick(FMT_FLAGS);
      if (g.chance(0.4)) format += g.pick(['1', '5', '08', '12', '*']);
      if (g.chance(0.35)) format += '.' + g.pick(['', '0', '1', '2', '3', '10', '*']);
      format += g.pick(FMT_VERBS);
    }
    const nargs = g.int(0, 4);
    const args: string[] = [];
    for (let k = 0; k < nargs; k++) args.push(g.pick(FMT_ARGS.filter((a) => a !== '.Missing')));
    cases.push({
      template: `{{ printf ${JSON.stringify(format)} ${args.join(' ')} }}`,
      dataType: 'PVCNameTemplateData',
      data: randomData(g),
    });
  }
  return cases;
}

const MAP_EXPRS = [
  '.name',
  '.n',
  '.f',
  '.b',
  '.z',
  '.list',
  '.m',
  '.m.a',
  '.m.nested.x',
  '.missing',
  '.missing.deeper',
  '.list',
  '.empty',
  '.strs',
  '$',
  '.',
];
const MAP_BODIES = [
  '{{ . }}',
  '{{ $i }}:{{ $e }};',
  '{{ printf "%v|" . }}',
  '{{ if . }}t{{ else }}f{{ end }}',
  '{{ len . }}',
  '{{ index . 0 }}',
  '{{ .x }}',
  '{{ break }}',
  '{{ continue }}',
  '{{ $e | print }}',
  '{{ eq . 1 }}',
];

/** Templates over map[string]interface{} data: range, with, index, slice, len and missing keys. */
export function generateMapCases(seed: number, count: number): TemplateCase[] {
  const g = new Gen(mulberry32(seed));
  const cases: TemplateCase[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = g.int(1, 3);
    for (let k = 0; k < n; k++) {
      const e = g.pick(MAP_EXPRS);
      switch (g.int(0, 6)) {
        case 0: {
          const decl = g.pick(['', '$e := ', '$i, $e := ']);
          let body = g.pick(MAP_BODIES);
          if (decl === '' && body.includes('$')) body = '{{ . }}';
          if (decl === '$e := ' && body.includes('$i')) body = '{{ $e }}';
          parts.push(`{{ range ${decl}${e} }}${body}{{ else }}none{{ end }}`);
          break;
        }
        case 1:
          parts.push(`{{ with ${e} }}{{ . }}{{ else }}empty{{ end }}`);
          break;
        case 2:
          parts.push(`{{ index ${e} ${g.pick(['0', '1', '"a"', '"nested"', '-1', '5', '.n'])} }}`);
          break;
        case 3:
          parts.push(`{{ len ${e} }}`);
          break;
        case 4:
          parts.push(`{{ slice ${e} ${g.pick(['0', '1', '1 2', '2 1', '0 9'])} }}`);
          break;
        case 5:
          parts.push(`{{ ${g.pick(['eq', 'ne', 'lt'])} ${e} ${g.pick(MAP_EXPRS)} }}`);
          break;
        default:
          parts.push(`{{ ${e} }}`);
      }
    }
    const data: Record<string, unknown> = {
      name: g.pick(['vm1', 'My_VM', '']),
      n: g.int(-2, 3),
      f: g.pick([0, 1.5, -2.25, 1e21]),
      b: g.chance(0.5),
      z: null,
      list: g.pick([[], [1, 'a', null], ['x', 'y', 'z'], [1.5, true, { k: 'v' }]]),
      m: g.pick([{}, { a: 'A' }, { a: 'A', b: 2, nested: { x: 'deep' } }, { z: null }]),
      empty: [],
      strs: 'abc',
    };
    cases.push({ template: parts.join('-'), dataType: 'map', data });
  }
  return cases;
}
