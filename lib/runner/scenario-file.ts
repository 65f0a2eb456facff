/**
 * Reading and validating scenario files (the CLI's job: workers receive LoadedScenario objects).
 * A file is checked against scenarios/scenario.schema.json plus the rules a schema cannot express;
 * every problem is one ScenarioSchemaError naming the file, the JSON path and the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { ScenarioSchemaError, UnknownScenarioError } from '../../exceptions/scenarios';
import { compileCached } from '../schema/compile-cached';
import { closest } from './closest';
import { expectedFailureProblem } from './expected-failure';
import { SCENARIO_SUFFIX, SCENARIOS_DIR, type LoadedScenario, type Marker, type Scenario, type ScenarioPlan } from './scenario';
import { checkSteps, scenarioPlans } from './scenario-steps';

export const SCHEMA_FILE = path.join(SCENARIOS_DIR, 'scenario.schema.json');

const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { definitions: { marker: { enum: Marker[] } } };
export const KNOWN_MARKERS: readonly Marker[] = schema.definitions.marker.enum;
const validate = compileCached<Scenario>({ allErrors: false, verbose: true, strict: false }, schema);

/** "/plan/virtualMachines/0/name" → "$.plan.virtualMachines[0].name" */
export function jsonPath(pointer: string): string {
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`))
      .join('')
  );
}

function schemaError(file: string, e: ErrorObject): ScenarioSchemaError {
  const at = jsonPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, allowed);
      return new ScenarioSchemaError(
        file,
        `${at}.${key}`,
        'is not a known key',
        guess ? `rename it to "${guess}"` : `remove it (allowed here: ${allowed.join(', ')})`,
      );
    }
    case 'required':
      return new ScenarioSchemaError(
        file,
        at,
        `is missing "${String(e.params.missingProperty)}"`,
        `add "${String(e.params.missingProperty)}"`,
      );
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const guess = typeof e.data === 'string' ? closest(e.data, (e.params.allowedValues as unknown[]).map(String)) : undefined;
      return new ScenarioSchemaError(
        file,
        at,
        `is ${JSON.stringify(e.data)}, not an allowed value`,
        guess ? `use "${guess}"` : `use one of ${allowed.join(', ')}`,
      );
    }
    case 'type':
      return new ScenarioSchemaError(
        file,
        at,
        `must be ${String(e.params.type)}, got ${JSON.stringify(e.data)}`,
        `make it a ${String(e.params.type)}`,
      );
    case 'oneOf': {
      const keys = ((e.parentSchema as { oneOf?: Array<{ required?: string[] }> } | undefined)?.oneOf ?? []).flatMap(
        (alt) => alt.required ?? [],
      );
      return new ScenarioSchemaError(
        file,
        at,
        'must set exactly one of its alternatives',
        keys.length ? `keep exactly one of ${keys.join(', ')}` : 'see the "oneOf" rule in scenarios/scenario.schema.json',
      );
    }
    default:
      return new ScenarioSchemaError(file, at, e.message ?? 'is invalid', `see the "${e.keyword}" rule in scenarios/scenario.schema.json`);
  }
}

/** Rules a JSON schema cannot express. */
function checkRules(file: string, s: Scenario): void {
  const expected = path.basename(file).slice(0, -SCENARIO_SUFFIX.length);
  if (s.name !== expected)
    throw new ScenarioSchemaError(
      file,
      '$.name',
      `is "${s.name}" but the file is ${path.basename(file)}`,
      `set "name": "${expected}" or rename the file`,
    );
  for (const [name, plan] of scenarioPlans(s)) checkPlan(file, s.plans ? `$.plans${jsonPath(`/${name}`).slice(1)}` : '$.plan', plan);
  if (s.plans) {
    for (const key of ['targetNodeSelector', 'targetLabels'] as const) {
      const setting = Object.keys(s.plans).filter((name) => s.plans![name]![key] !== undefined);
      if (setting.length > 1)
        throw new ScenarioSchemaError(
          file,
          `$.plans.${setting[1]}.${key}`,
          `is set in plans ${setting.join(' and ')}; the scenario labels one worker node / one label set`,
          `set ${key} in one plan only`,
        );
    }
  }
  checkSteps(file, s);
  checkDestination(file, s);
}

/** A remote destination needs the remote gate; the SCC binding is for the clusterrole destination only. */
function checkDestination(file: string, s: Scenario): void {
  if (s.destination && s.destination !== 'local' && !s.gates?.needsRemoteCluster)
    throw new ScenarioSchemaError(
      file,
      '$.destination',
      `is "${s.destination}" but gates.needsRemoteCluster is not true (the scenario would run without a remote cluster)`,
      'add "gates": { "needsRemoteCluster": true }',
    );
  if (s.forkliftSccBinding && s.destination !== 'clusterrole')
    throw new ScenarioSchemaError(
      file,
      '$.forkliftSccBinding',
      'is set but destination is not "clusterrole" (the grant is for the ServiceAccount-token destination)',
      'set "destination": "clusterrole" or remove forkliftSccBinding',
    );
}

/** One plan's rules; `at` is its JSON path ($.plan or $.plans.<name>). */
/** preserveNameFormat keeps the format of cloneName: without a cloneName it would do nothing. */
function checkCloneNames(file: string, at: string, plan: ScenarioPlan): void {
  plan.virtualMachines.forEach((vm, i) => {
    if (vm.preserveNameFormat && vm.cloneName === undefined)
      throw new ScenarioSchemaError(
        file,
        `${at}.virtualMachines[${i}].preserveNameFormat`,
        'is true without a cloneName (it keeps the capitals and underscores of cloneName)',
        'add "cloneName" or remove "preserveNameFormat"',
      );
  });
}

function checkPlan(file: string, at: string, plan: ScenarioPlan): void {
  if (plan.warm !== undefined && plan.type !== undefined) {
    throw new ScenarioSchemaError(
      file,
      `${at}.type`,
      `is set together with ${at}.warm`,
      'keep only one of them (warm is the older spelling of type)',
    );
  }
  if (plan.preserveStaticIPs) {
    plan.virtualMachines.forEach((vm, i) => {
      if (vm.sourceVmPower !== 'on') {
        throw new ScenarioSchemaError(
          file,
          `${at}.virtualMachines[${i}].sourceVmPower`,
          `must be "on" when ${at}.preserveStaticIPs is true (static IPs are read from the running guest)`,
          'set "sourceVmPower": "on"',
        );
      }
    });
  }
  checkCloneNames(file, at, plan);
  const failure = expectedFailureProblem(plan);
  if (failure) throw new ScenarioSchemaError(file, `${at}.${failure.key}`, failure.problem, failure.fix);
  if (plan.warm === true && plan.virtualMachines.some((vm) => vm.sourceVmPower === 'off')) {
    throw new ScenarioSchemaError(
      file,
      `${at}.virtualMachines`,
      'has a VM with sourceVmPower "off" in a warm plan',
      'warm migration needs running VMs: use "on"',
    );
  }
}

/** Reads and validates one scenario file. */
export function loadScenarioFile(file: string): LoadedScenario {
  const abs = path.resolve(file);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(abs, 'utf8'));
  } catch (error) {
    throw new ScenarioSchemaError(abs, '$', `is not valid JSON (${(error as Error).message})`, 'fix the JSON syntax');
  }
  if (!validate(data)) throw schemaError(abs, validate.errors![0]!);
  checkRules(abs, data);
  return { ...data, file: abs };
}

/** Names of the scenarios in a directory, sorted. */
export function scenarioNames(dir = SCENARIOS_DIR): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ScenarioSchemaError(dir, '$', 'is not a directory of *.scenario.json files', 'pass an existing directory to --scenarios-dir');
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(SCENARIO_SUFFIX))
    .map((f) => f.slice(0, -SCENARIO_SUFFIX.length))
    .sort();
}

export function scenarioFile(name: string, dir = SCENARIOS_DIR): string {
  return path.join(dir, `${name}${SCENARIO_SUFFIX}`);
}

/** Loads the named scenarios (all when `names` is empty); an unknown name lists the available ones. */
export function loadScenarios(names: readonly string[], dir = SCENARIOS_DIR): LoadedScenario[] {
  const available = scenarioNames(dir);
  for (const name of names) if (!available.includes(name)) throw new UnknownScenarioError(name, available);
  return (names.length ? [...new Set(names)] : available).map((n) => loadScenarioFile(scenarioFile(n, dir)));
}
