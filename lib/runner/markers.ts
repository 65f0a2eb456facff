/**
 * -m marker expressions, as in pytest: marker names combined with `and`, `or`, `not` and
 * parentheses; precedence not > and > or. A name that is not a known marker is an error (pytest's
 * --strict-markers), so a typo cannot silently select nothing.
 */
import { MarkerExpressionError, UnknownMarkerError } from '../../exceptions/scenarios';

export type MarkerExpr =
  { op: 'marker'; name: string } | { op: 'not'; arg: MarkerExpr } | { op: 'and' | 'or'; left: MarkerExpr; right: MarkerExpr };

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|[A-Za-z_][A-Za-z0-9_-]*|\S)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < source.length && (m = re.exec(source))) tokens.push(m[1]!);
  return tokens.filter((t) => t.trim().length > 0);
}

export function parseMarkerExpression(source: string, known: readonly string[]): MarkerExpr {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const fail = (problem: string): never => {
    throw new MarkerExpressionError(source, problem);
  };
  const primary = (): MarkerExpr => {
    const t = tokens[pos++];
    if (t === undefined) return fail('it ends too early');
    if (t === '(') {
      const inner = or();
      if (tokens[pos++] !== ')') fail('a "(" is not closed');
      return inner;
    }
    if (t === 'not') return { op: 'not', arg: primary() };
    if (t === 'and' || t === 'or' || t === ')') return fail(`unexpected "${t}"`);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(t)) return fail(`unexpected "${t}"`);
    if (!known.includes(t)) throw new UnknownMarkerError(t, known);
    return { op: 'marker', name: t };
  };
  const and = (): MarkerExpr => {
    let left = primary();
    while (peek() === 'and') {
      pos++;
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): MarkerExpr => {
    let left = and();
    while (peek() === 'or') {
      pos++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  if (tokens.length === 0) fail('it is empty');
  const expr = or();
  if (pos < tokens.length) fail(`unexpected "${tokens[pos]}"`);
  return expr;
}

export function matchesMarkers(expr: MarkerExpr, markers: readonly string[]): boolean {
  switch (expr.op) {
    case 'marker':
      return markers.includes(expr.name);
    case 'not':
      return !matchesMarkers(expr.arg, markers);
    case 'and':
      return matchesMarkers(expr.left, markers) && matchesMarkers(expr.right, markers);
    case 'or':
      return matchesMarkers(expr.left, markers) || matchesMarkers(expr.right, markers);
  }
}
