import type { CheckFailure } from '../../../exceptions/post-migration';

export type { CheckFailure };

/** Renders a value for an expected/actual line: strings as-is, absent as "(not set)", others as JSON. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  if (typeof value === 'string') return value === '' ? '(empty string)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

export function failure(check: string, subject: string, expected: unknown, actual: unknown): CheckFailure {
  return { check, subject, expected: show(expected), actual: show(actual) };
}

/** A single comparison: no failure when equal (===). */
export function compare(check: string, subject: string, expected: unknown, actual: unknown): CheckFailure[] {
  return expected === actual ? [] : [failure(check, subject, expected, actual)];
}

/** Structural equality with key order ignored (affinity, labels). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}
