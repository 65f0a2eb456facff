/**
 * No test of the project asserts an upper bound on elapsed time: on a loaded 2-core runner any
 * ceiling flakes. A test proves the event instead (which mechanism fired, how many requests or
 * retries, which error type). Lower bounds (a wait that must last) are fine.
 *
 * The scan is textual: a `toBeLessThan`/`toBeLessThanOrEqual` whose `expect(...)` argument reads the
 * clock (Date.now, Date.parse, performance.now, process.hrtime) or a variable assigned from it.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const CLOCK = /\bDate\.now\(\)|\bDate\.parse\(|\bperformance\.now\(\)|\bprocess\.hrtime\b/;

/** Names assigned (declared or reassigned) from an expression that reads the clock. */
function clockVariables(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:\b(?:const|let|var)\s+)?\b([A-Za-z_$][\w$]*)\s*=(?!=)([^;\n]*)/g)) {
    if (CLOCK.test(m[2]!)) names.add(m[1]!);
  }
  // Helpers that wrap the clock, e.g. `const at = (l) => Date.parse(...)`, are caught above by name.
  return names;
}

/** The argument of the expect(...) that ends right before `index` (balanced parentheses). */
function expectArgumentBefore(source: string, index: number): string | undefined {
  if (source[index - 1] !== ')') return undefined;
  let depth = 0;
  for (let i = index - 1; i >= 0; i -= 1) {
    const c = source[i];
    if (c === ')') depth += 1;
    else if (c === '(') {
      depth -= 1;
      if (depth === 0) return source.slice(Math.max(0, i - 6), i) === 'expect' ? source.slice(i + 1, index - 1) : undefined;
    }
  }
  return undefined;
}

/** `line: text` for each upper-bound assertion on the clock in `source`. */
export function timeCeilings(source: string): string[] {
  const vars = clockVariables(source);
  const found: string[] = [];
  for (const m of source.matchAll(/\.(?:not\.)?toBeLessThan(?:OrEqual)?\(/g)) {
    const arg = expectArgumentBefore(source, m.index!);
    if (arg === undefined) continue;
    const readsClock = CLOCK.test(arg) || [...vars].some((v) => new RegExp(`(^|[^\\w$.])${v.replace(/\$/g, '\\$')}\\b`).test(arg));
    if (!readsClock) continue;
    const line = source.slice(0, m.index!).split('\n').length;
    found.push(`${line}: ${source.split('\n')[line - 1]!.trim()}`);
  }
  return found;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return /\.(ts|js|cjs|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe('no upper bound on elapsed time in test/**', () => {
  it('recognises a ceiling in each form it has taken, and leaves lower bounds and counts alone', () => {
    const bad = [
      'const t0 = Date.now();\nawait x();\nexpect(Date.now() - t0).toBeLessThan(4000);',
      'const changedAt = Date.now();\nconst reactedIn = Date.now() - changedAt;\nexpect(reactedIn).toBeLessThan(100);',
      'const at = (l) => Date.parse(l.split(" ")[0]);\nexpect(at(failed) - at(started)).toBeLessThan(15_000);',
      'let seenAt = 0;\nseenAt = Date.now();\nexpect(seenAt - t0).toBeLessThanOrEqual(2000);',
      'const s = performance.now();\nexpect(performance.now() - s).toBeLessThan(5);',
    ];
    for (const src of bad) expect({ src, found: timeCeilings(src).length }).toEqual({ src, found: 1 });
    const good = [
      'const t0 = Date.now();\nawait x();\nexpect(Date.now() - t0).toBeGreaterThanOrEqual(290);',
      'expect(gets).toBeLessThanOrEqual(5);',
      'expect(name.length).toBeLessThanOrEqual(63);',
      'const seconds = (Date.now() - started) / 1000;\nconsole.log(seconds);',
    ];
    for (const src of good) expect({ src, found: timeCeilings(src) }).toEqual({ src, found: [] });
  });

  it('finds none in the project tests', () => {
    const self = path.normalize(__filename);
    const offenders = testFiles(path.join(root, 'test'))
      .filter((f) => path.normalize(f) !== self)
      .flatMap((f) => timeCeilings(fs.readFileSync(f, 'utf8')).map((hit) => `${path.relative(root, f)}:${hit}`));
    expect(offenders).toEqual([]);
  });
});
