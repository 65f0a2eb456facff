import { MtvTestsError, errorMessage } from './base';

export type FixtureScopeName = 'session' | 'scenario' | 'step';

/** A fixture body misused its use() callback (called it twice, or returned without calling it). */
export class FixtureUseError extends MtvTestsError {
  constructor(
    readonly fixture: string,
    readonly problem: 'called-twice' | 'never-called',
  ) {
    super(
      problem === 'called-twice'
        ? `fixture "${fixture}" called use() a second time; call it exactly once with the fixture value`
        : `fixture "${fixture}" returned without calling use(); call await use(value) exactly once`,
    );
  }
}

/** A typed cause's class name ("CloudInitNotReadyError: "), so a step's failure says which error the fixture hit. */
function typedPrefix(cause: unknown): string {
  const name = typeof cause === 'object' && cause !== null ? (cause as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== 'Error' && name.endsWith('Error') ? `${name}: ` : '';
}

/** A fixture's setup (the part before use()) threw or timed out. */
export class FixtureSetupError extends MtvTestsError {
  constructor(
    readonly fixture: string,
    readonly scope: FixtureScopeName,
    cause: unknown,
  ) {
    super(`${scope} fixture "${fixture}" failed during setup: ${typedPrefix(cause)}${errorMessage(cause)}`, { cause });
  }
}

/** A fixture was not set up because one of its dependencies failed; its body never ran. */
export class FixtureDependencyError extends MtvTestsError {
  constructor(
    readonly fixture: string,
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`fixture "${fixture}" was not set up because its dependency "${dependency}" failed: ${errorMessage(cause)}`, { cause });
  }
}

/** A name that is neither a registered fixture nor a runner-supplied input. */
export class UnknownFixtureError extends MtvTestsError {
  constructor(
    readonly fixture: string,
    readonly known: readonly string[],
  ) {
    super(`unknown fixture "${fixture}"; defined fixtures: ${known.join(', ') || '(none)'}`);
  }
}

/** A fixture was requested from a scope that is wider than its own (e.g. a step fixture at scenario level). */
export class FixtureScopeError extends MtvTestsError {
  constructor(
    readonly fixture: string,
    readonly fixtureScope: FixtureScopeName,
    readonly requestedFrom: FixtureScopeName,
  ) {
    super(`fixture "${fixture}" is ${fixtureScope}-scoped and cannot be resolved from a ${requestedFrom} scope`);
  }
}

/** The runner opened a scope without an input the fixture set declares for it. */
export class MissingFixtureInputError extends MtvTestsError {
  constructor(
    readonly input: string,
    readonly scope: FixtureScopeName,
  ) {
    super(`the ${scope} scope was opened without its input "${input}"; pass it when opening the scope`);
  }
}

/** A fixture registration that breaks the rules at runtime (duplicate name, unknown or narrower dependency). */
export class FixtureDefinitionError extends MtvTestsError {}

export interface FixtureTeardownFailure {
  fixture: string;
  scope: FixtureScopeName;
  error: unknown;
}

/**
 * Teardown of a scope finished with errors. Teardown does not stop at the first error: every fixture
 * of the scope was torn down and every failure is listed here.
 */
export class FixtureTeardownError extends MtvTestsError {
  constructor(
    readonly scope: FixtureScopeName,
    readonly failures: readonly FixtureTeardownFailure[],
  ) {
    super(
      `${failures.length} fixture teardown(s) failed in the ${scope} scope:\n` +
        failures.map((f) => `  - ${f.scope} fixture "${f.fixture}": ${errorMessage(f.error)}`).join('\n'),
    );
  }
}

/** Setup or teardown of a fixture took longer than its declared timeout. */
export class FixtureTimeoutError extends MtvTestsError {
  constructor(
    readonly fixture: string,
    readonly phase: 'setup' | 'teardown',
    readonly timeoutMs: number,
  ) {
    super(`fixture "${fixture}" ${phase} did not finish within ${timeoutMs} ms`);
  }
}
