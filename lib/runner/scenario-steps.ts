/**
 * The scenario model: a scenario's named plans and its steps, normalized. A scenario has either
 * one plan (`plan`, named "plan") or several (`plans: { plan1: ..., plan2: ... }`), and a list of
 * steps (default: the five standard steps). Each step entry acts on one plan, except a bare
 * "migrate VMs" in a multi-plan scenario, which migrates every plan at the same time.
 *
 * scenario-file.ts validates the model at CLI time (checkSteps); the environment declares one test
 * per entry (scenarioSteps) titled by stepTitle; the worker session hands each body its plan.
 */
import { ScenarioSchemaError, UnknownPlanError } from '../../exceptions/scenarios';
import type { Scenario, ScenarioPlan } from './scenario-types';
import { DEFAULT_STEPS, SINGLE_PLAN, stepTitle, type StepKind } from './step-names';

/** One step of a scenario, as the runner runs it. */
export interface ScenarioStepEntry {
  kind: StepKind;
  /** The plan the step acts on; undefined only for "migrate VMs" over every plan of a multi-plan scenario. */
  plan: string | undefined;
  /** The plans the step acts on, in the scenario's order: [plan], or every plan for a migrate-all step. */
  plans: readonly string[];
}

/** Steps that read the migrated VMs: they need the plan's migration earlier in the list. */
export const AFTER_MIGRATION: ReadonlySet<StepKind> = new Set<StepKind>([
  'check VMs',
  'verify shared disk data',
  'verify LUKS encryption',
  'verify XFS version',
  'check xcopy used',
  'verify populator throttling',
  'verify VM in-flight throttling',
  'check data integrity',
]);

/**
 * Steps that act on what an earlier step of the same plan made (the Python class's order): a
 * Conversion is waited for after it is created, canceled after it runs, rerun after the cancel; the
 * post-upgrade verification follows the upgrade.
 */
export const NEEDS_EARLIER: Readonly<Partial<Record<StepKind, StepKind>>> = {
  'wait for Conversion completion': 'create Conversion',
  'verify deep inspection results': 'wait for Conversion completion',
  'wait for Conversion running': 'create Conversion',
  'cancel Conversion': 'wait for Conversion running',
  'verify cancel cleanup': 'cancel Conversion',
  'verify snapshot cleanup': 'cancel Conversion',
  'rerun Conversion after cancel': 'cancel Conversion',
  'wait for rerun completion': 'rerun Conversion after cancel',
  'verify rerun results': 'wait for rerun completion',
  'verify Conversion validation error': 'create invalid Conversion',
  'verify post upgrade': 'upgrade MTV',
};

export function isMultiPlan(s: Pick<Scenario, 'plans'>): boolean {
  return s.plans !== undefined;
}

/** The scenario's plans by name, in file order ("plan" for a single-plan scenario). */
export function scenarioPlans(s: Pick<Scenario, 'plan' | 'plans'>): Array<[string, ScenarioPlan]> {
  if (s.plans) return Object.entries(s.plans);
  return s.plan ? [[SINGLE_PLAN, s.plan]] : [];
}

export function planNames(s: Pick<Scenario, 'plan' | 'plans'>): string[] {
  return scenarioPlans(s).map(([name]) => name);
}

/** Every plan of the scenario (for rules that hold across plans, e.g. "any plan is warm"). */
export function allPlans(s: Pick<Scenario, 'plan' | 'plans'>): ScenarioPlan[] {
  return scenarioPlans(s).map(([, plan]) => plan);
}

/** The named plan; a name the scenario does not have is a bug in the caller (the CLI validated the steps). */
export function planOf(s: Pick<Scenario, 'name' | 'plan' | 'plans'>, name: string): ScenarioPlan {
  const found = scenarioPlans(s).find(([n]) => n === name);
  if (!found) throw new UnknownPlanError(s.name, name, planNames(s));
  return found[1];
}

/** The scenario's steps, normalized (the CLI has validated them with checkSteps). */
export function scenarioSteps(s: Pick<Scenario, 'plan' | 'plans' | 'steps'>): ScenarioStepEntry[] {
  const all = planNames(s);
  return (s.steps ?? DEFAULT_STEPS).map((entry) => {
    if (typeof entry !== 'string') return { kind: entry.step, plan: entry.plan, plans: [entry.plan] };
    if (!isMultiPlan(s)) return { kind: entry, plan: SINGLE_PLAN, plans: [SINGLE_PLAN] };
    return { kind: entry, plan: undefined, plans: all };
  });
}

/** The test title of a step: the plan appears only in multi-plan scenarios. */
export function entryTitle(
  s: Pick<Scenario, 'plans'>,
  entry: ScenarioStepEntry,
  sourceProvider: string | undefined,
  storageClass: string | undefined,
): string {
  return stepTitle(entry.kind, sourceProvider, storageClass, isMultiPlan(s) ? entry.plan : undefined);
}

/** A one-line rule violation at $.steps[i]. */
type Fail = (at: string, problem: string, fix: string) => never;

/**
 * The rules a schema cannot say about steps: plan names exist, a multi-plan step names its plan
 * (a bare "migrate VMs" means all plans at once), no step twice, and an order that can run.
 */
export function checkSteps(file: string, s: Scenario): void {
  const fail: Fail = (at, problem, fix) => {
    throw new ScenarioSchemaError(file, at, problem, fix);
  };
  const names = planNames(s);
  const done = new Set<string>();
  const has = (kind: StepKind, plan: string) => done.has(`${kind}\u0000${plan}`);
  (s.steps ?? []).forEach((entry, i) => {
    const at = `$.steps[${i}]`;
    const kind = typeof entry === 'string' ? entry : entry.step;
    if (typeof entry !== 'string' && !names.includes(entry.plan)) {
      fail(`${at}.plan`, `is "${entry.plan}", not a plan of this scenario`, `use one of ${names.join(', ')}`);
    }
    if (typeof entry === 'string' && isMultiPlan(s) && kind !== 'migrate VMs') {
      fail(at, `"${kind}" acts on one plan but names none`, `write { "step": "${kind}", "plan": "<one of ${names.join(', ')}>" }`);
    }
    const plans = typeof entry !== 'string' ? [entry.plan] : isMultiPlan(s) ? names : names.slice(0, 1);
    for (const plan of plans) {
      if (has(kind, plan)) fail(at, `repeats "${kind}" for plan "${plan}"`, 'list each step once per plan');
      checkOrder(fail, at, kind, plan, has);
    }
    for (const plan of plans) done.add(`${kind}\u0000${plan}`);
  });
}

function checkOrder(fail: Fail, at: string, kind: StepKind, plan: string, has: (k: StepKind, p: string) => boolean): void {
  const before = (need: StepKind) => {
    if (!has(need, plan)) fail(at, `"${kind}" of plan "${plan}" comes before "${need}" of that plan`, `list "${need}" earlier`);
  };
  if (kind === 'create Plan') {
    before('create StorageMap');
    before('create NetworkMap');
  } else if (kind === 'migrate VMs') {
    before('create Plan');
  } else if (AFTER_MIGRATION.has(kind)) {
    before('migrate VMs');
  }
  const earlier = NEEDS_EARLIER[kind];
  if (earlier) before(earlier);
}
