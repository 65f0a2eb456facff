/**
 * Root of the suite's typed errors. Every error says which object it is about and, where it makes
 * sense, what was expected and what was found. `name` is the concrete class name so that logs and
 * JUnit show it even when the object crossed a realm (Jest test code vs. environment) and
 * `instanceof` no longer works.
 */
export class MtvTestsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Bad input from the user (flags, config, scenario files, providers file). The message is ONE line
 * that names the fix; the CLI prints it without a stack and exits non-zero before anything is
 * created.
 */
export class InputError extends MtvTestsError {}

/** Cross-realm safe check: true for our errors even when `instanceof` fails across vm contexts. */
export function isInputError(error: unknown): error is InputError {
  if (error instanceof InputError) return true;
  if (typeof error !== 'object' || error === null) return false;
  return (error as { isInputError?: unknown }).isInputError === true;
}
Object.defineProperty(InputError.prototype, 'isInputError', { value: true });

/** The message of anything thrown, without assuming it is an Error of this realm. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
