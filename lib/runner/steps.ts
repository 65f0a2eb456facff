/**
 * The step registry. The framework owns the five step names and when they run; the suite
 * (fixtures/suite.ts) supplies each body, the fixtures it uses, and the fixture set:
 *
 *   export default defineSuite(suiteFixtures)
 *     .step('create StorageMap', ['storageMap'], async ({ fixtures, scenario, log }) => { ... })
 *     ...;
 *
 * A step without a registered body fails with MissingStepImplementationError; it never passes.
 */
import { MtvTestsError } from '../../exceptions/base';
import type { AnyFixtureSet } from '../fixtures';
import type { Logger } from '../log/logger';
import type { RunContext } from './run-context';
import type { LoadedScenario } from './scenario';
import { STEP_NAMES, type StepName } from './step-names';

export { STEP_NAMES, type StepName } from './step-names';

/** What a step body receives. `fixtures` holds exactly the fixtures the step declared. */
export interface StepContext<Fx = Record<string, unknown>> {
  fixtures: Fx;
  scenario: LoadedScenario;
  step: StepName;
  run: RunContext;
  log: Logger;
  /**
   * Aborted when Jest has given up on the step (its timeout passed): pass it to waits so the body
   * stops instead of running on behind the next steps. (Optional only so that callers that drive
   * steps by hand, e.g. in-process tests, need not make one; the runner always passes it.)
   */
  signal?: AbortSignal;
  /**
   * Marks a later step of this scenario to be skipped, with the reason: the runner reports it as
   * skipped (never passed) and logs why, e.g. "check VMs" after a migration that failed, as the
   * scenario expects, before any VM was created.
   */
  skipLater: (step: StepName, reason: string) => void;
}

export type StepImpl<Fx = Record<string, unknown>> = (ctx: StepContext<Fx>) => Promise<void>;

export interface StepRegistration {
  name: StepName;
  uses: readonly string[];
  run: StepImpl;
}

export class MissingStepImplementationError extends MtvTestsError {
  constructor(
    readonly step: string,
    readonly suiteModule: string,
  ) {
    super(
      `no body is registered for step "${step}": register it in ${suiteModule} with defineSuite(...).step('${step}', [...fixtures], async (ctx) => { ... })`,
    );
  }
}

export class DuplicateStepError extends MtvTestsError {}

/** A fixture set plus the step bodies that use it. Immutable: each .step() returns a new suite. */
export class Suite<F extends AnyFixtureSet> {
  private constructor(
    readonly fixtures: F,
    private readonly registry: ReadonlyMap<StepName, StepRegistration>,
  ) {}

  static of<F extends AnyFixtureSet>(fixtures: F): Suite<F> {
    return new Suite(fixtures, new Map());
  }

  /** Registers the body of one of the five steps and the fixtures it needs (checked by the compiler). */
  step<const K extends keyof F['$values'] & string>(name: StepName, uses: readonly K[], run: StepImpl<Pick<F['$values'], K>>): Suite<F> {
    if (!STEP_NAMES.includes(name)) throw new DuplicateStepError(`"${name}" is not a step; steps are: ${STEP_NAMES.join(', ')}`);
    if (this.registry.has(name)) throw new DuplicateStepError(`step "${name}" is registered twice`);
    const next = new Map(this.registry);
    next.set(name, { name, uses, run: run as StepImpl });
    return new Suite(this.fixtures, next);
  }

  /** The registration, or undefined when the suite has no body for the step. */
  registration(name: StepName): StepRegistration | undefined {
    return this.registry.get(name);
  }

  registeredSteps(): StepName[] {
    return [...this.registry.keys()];
  }
}

export function defineSuite<F extends AnyFixtureSet>(fixtures: F): Suite<F> {
  return Suite.of(fixtures);
}

export type AnySuite = Suite<AnyFixtureSet>;
