/**
 * The scenario as the runner and the suite see it: the types generated from
 * scenarios/scenario.schema.json (scenario-types.ts), the validated scenario the CLI hands the
 * workers (LoadedScenario), and helpers that read it. Reading and validating a file is
 * scenario-file.ts, which only the CLI loads: workers receive scenarios already validated.
 */
import path from 'node:path';
import type { ProviderType } from '../config/providers-file';
import type {
  Scenario,
  ScenarioLabelMap,
  ScenarioMarker,
  ScenarioPlan,
  ScenarioProviderType,
  ScenarioVirtualMachine,
} from './scenario-types';

export type { Scenario, ScenarioDisk, ScenarioGates, ScenarioHook, ScenarioPlan } from './scenario-types';
export type Marker = ScenarioMarker;
export type ScenarioVm = ScenarioVirtualMachine;
/** Label maps: a null value stands for the session id. */
export type LabelMap = ScenarioLabelMap;

export const SCENARIOS_DIR = path.resolve(__dirname, '..', '..', 'scenarios');
export const SCENARIO_SUFFIX = '.scenario.json';

/** A scenario that passed validation, with the file it came from. */
export interface LoadedScenario extends Scenario {
  /** Absolute path of the scenario file. */
  file: string;
}

/** True when the plan migrates warm (spec.warm or spec.type "warm"). */
export function isWarm(plan: ScenarioPlan): boolean {
  return plan.warm === true || plan.type === 'warm';
}

// The schema's providerType and the providers file's types are one list: tsc fails when they differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameProviderTypes: Same<ScenarioProviderType, ProviderType> = true;
void sameProviderTypes;
