/**
 * The step registry. The framework owns the step kinds (lib/runner/step-names.ts STEP_KINDS) and
 * when they run (the scenario's `steps`, lib/runner/scenario-steps.ts); the suite
 * (fixtures/suite.ts) supplies each kind's body, the fixtures it uses, and the fixture set:
 *
 *   export default defineSuite(suiteFixtures)
 *     .step('create StorageMap', createStorageMapStep.uses, createStorageMapStep.run)
 *     .step('verify XFS version', ['preparedPlans', 'vmSshConnections'], async (ctx) => { ... })
 *     ...;
 *
 * Adding a step kind's body: write fixtures/steps/<feature>.ts exporting `{ uses, run }` built with
 * stepBody(...) (the kind must be one of STEP_KINDS) and chain one `.step(kind, x.uses, x.run)` in
 * fixtures/suite.ts. A scenario lists the kind in its `steps`; without a registered body that step
 * fails with MissingStepImplementationError, it never passes.
 *
 * Plans: a step acts on one named plan (`ctx.plan`; "plan" in a single-plan scenario), except
 * "migrate VMs" listed bare in a multi-plan scenario, which acts on all of them: then `ctx.plan` is
 * undefined and `ctx.plans` lists every plan. `ctx.plans` is always the plans the step acts on
 * ([ctx.plan] otherwise). A body that only works on one plan calls onePlan(ctx). Per-plan
 * fixtures are keyed by plan name: preparedPlans[plan], migrationStates[plan], multusNads[plan],
 * vmTargetNamespaces[plan]; read them with forPlan(...) (fixtures/steps/common.ts). The whole model,
 * with the table of kinds and fixtures: docs/scenarios.md.
 */
import { MtvTestsError } from '../../exceptions/base';
import type { AnyFixtureSet } from '../fixtures';
import type { Logger } from '../log/logger';
import type { RunContext } from './run-context';
import type { LoadedScenario } from './scenario';
import { STEP_KINDS, type StepKind } from './step-names';

export { DEFAULT_STEPS, PYTHON_STEP_METHODS, STEP_KINDS, type StepKind, type StepName } from './step-names';

/** What a step body receives. `fixtures` holds exactly the fixtures the step declared. */
export interface StepContext<Fx = Record<string, unknown>> {
  fixtures: Fx;
  scenario: LoadedScenario;
  step: StepKind;
  /**
   * The plan the step acts on: "plan" in a single-plan scenario, a key of `plans` otherwise;
   * undefined only for "migrate VMs" over every plan of a multi-plan scenario (see `plans`).
   */
  plan: string | undefined;
  /** The plans the step acts on, in the scenario's order: [plan], or every plan for a migrate-all step. */
  plans: readonly string[];
  run: RunContext;
  log: Logger;
  /**
   * Aborted when Jest has given up on the step (its timeout passed): pass it to waits so the body
   * stops instead of running on behind the next steps. (Optional only so that callers that drive
   * steps by hand, e.g. in-process tests, need not make one; the runner always passes it.)
   */
  signal?: AbortSignal;
}

export type StepImpl<Fx = Record<string, unknown>> = (ctx: StepContext<Fx>) => Promise<void>;

export interface StepRegistration {
  name: StepKind;
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
export class UnknownStepKindError extends MtvTestsError {}

/** A step body that acts on one plan was given every plan (a bare "migrate VMs"-style entry). */
export class StepNeedsOnePlanError extends MtvTestsError {}

/** The one plan a step acts on; throws when the step was listed for every plan at once. */
export function onePlan(ctx: Pick<StepContext, 'plan' | 'plans' | 'step' | 'scenario'>): string {
  if (ctx.plan !== undefined) return ctx.plan;
  throw new StepNeedsOnePlanError(
    `step "${ctx.step}" of scenario ${ctx.scenario.name} acts on one plan, but the scenario lists it for every plan (${ctx.plans.join(', ')}): write { "step": "${ctx.step}", "plan": "<name>" }`,
  );
}

/** A step body and the fixtures it uses, for fixtures/steps/<feature>.ts (typed against the suite's fixture set F). */
export interface StepBody<F extends AnyFixtureSet, K extends keyof F['$values'] & string> {
  uses: readonly K[];
  run: StepImpl<Pick<F['$values'], K>>;
}

/** A fixture set plus the step bodies that use it. Immutable: each .step() returns a new suite. */
export class Suite<F extends AnyFixtureSet> {
  private constructor(
    readonly fixtures: F,
    private readonly registry: ReadonlyMap<StepKind, StepRegistration>,
  ) {}

  static of<F extends AnyFixtureSet>(fixtures: F): Suite<F> {
    return new Suite(fixtures, new Map());
  }

  /** Registers the body of one step kind and the fixtures it needs (checked by the compiler). */
  step<const K extends keyof F['$values'] & string>(name: StepKind, uses: readonly K[], run: StepImpl<Pick<F['$values'], K>>): Suite<F> {
    if (!STEP_KINDS.includes(name)) throw new UnknownStepKindError(`"${name}" is not a step kind; kinds are: ${STEP_KINDS.join(', ')}`);
    if (this.registry.has(name)) throw new DuplicateStepError(`step "${name}" is registered twice`);
    const next = new Map(this.registry);
    next.set(name, { name, uses, run: run as StepImpl });
    return new Suite(this.fixtures, next);
  }

  /** The registration, or undefined when the suite has no body for the step. */
  registration(name: StepKind): StepRegistration | undefined {
    return this.registry.get(name);
  }

  registeredSteps(): StepKind[] {
    return [...this.registry.keys()];
  }
}

export function defineSuite<F extends AnyFixtureSet>(fixtures: F): Suite<F> {
  return Suite.of(fixtures);
}

export type AnySuite = Suite<AnyFixtureSet>;
