import { InputError } from './base';

export class UnknownScenarioError extends InputError {
  constructor(
    readonly requested: string,
    readonly available: readonly string[],
  ) {
    super(`unknown scenario "${requested}"; available scenarios: ${available.join(', ')}`);
  }
}

/** A scenario file breaks scenarios/scenario.schema.json (or a rule the schema cannot express). */
export class ScenarioSchemaError extends InputError {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}: ${jsonPath} ${problem}; fix: ${fix}`);
  }
}

/** A plan name that the scenario does not have (a step or fixture asked for it). */
export class UnknownPlanError extends InputError {
  constructor(
    readonly scenario: string,
    readonly plan: string,
    readonly known: readonly string[],
  ) {
    super(`scenario ${scenario} has no plan "${plan}"; its plans: ${known.join(', ')}`);
  }
}

export class UnknownMarkerError extends InputError {
  constructor(
    readonly marker: string,
    readonly known: readonly string[],
  ) {
    super(`unknown marker "${marker}" in -m expression; known markers: ${known.join(', ')}`);
  }
}

export class MarkerExpressionError extends InputError {
  constructor(
    readonly expression: string,
    readonly problem: string,
  ) {
    super(
      `invalid -m expression "${expression}": ${problem}; use marker names with and / or / not and parentheses, e.g. -m "tier0 and not warm"`,
    );
  }
}

/** No scenario is left after --scenario / -m selection. */
export class NoScenarioSelectedError extends InputError {}
