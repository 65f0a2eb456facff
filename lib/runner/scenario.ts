/**
 * Scenario files (scenarios/<name>.scenario.json): types that mirror scenarios/scenario.schema.json,
 * the loader that validates a file against that schema (plus the rules a schema cannot express),
 * and the catalog of available scenarios. Every problem is one InputError naming the file, the
 * JSON path and the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { ScenarioSchemaError, UnknownScenarioError } from '../../exceptions/scenarios';
import type { ProviderType } from '../config/providers-file';

export const SCENARIOS_DIR = path.resolve(__dirname, '..', '..', 'scenarios');
export const SCENARIO_SUFFIX = '.scenario.json';
export const SCHEMA_FILE = path.join(SCENARIOS_DIR, 'scenario.schema.json');

export type Marker =
  | 'tier0'
  | 'tier1'
  | 'remote'
  | 'warm'
  | 'copyoffload'
  | 'copyoffload_sanity'
  | 'copyoffload_snapshots'
  | 'shared_disk'
  | 'ova'
  | 'vsphere'
  | 'esxi'
  | 'rhv'
  | 'openstack'
  | 'openshift'
  | 'deep_inspection'
  | 'ca_crt'
  | 'aap'
  | 'upgrade';

export interface ScenarioGates {
  unsupportedSourceTypes?: ProviderType[];
  needsRemoteCluster?: boolean;
  minMtvVersion?: string;
  jira?: { issue: string; sourceTypes?: ProviderType[] }[];
}

export interface ScenarioDisk {
  sizeGb?: number;
  diskMode?: 'persistent' | 'independent_persistent' | 'independent_nonpersistent';
  provisionType?: 'thin' | 'thick-lazy' | 'thick-eager';
  datastoreId?: string;
  datastorePath?: string;
  rdmType?: 'virtual' | 'physical';
}

export interface ScenarioVm {
  name: string;
  sourceVmPower?: 'on' | 'off';
  guestAgent?: boolean;
  clone?: boolean;
  cloneName?: string;
  preserveNameFormat?: boolean;
  diskType?: 'thin' | 'thick-lazy' | 'thick-eager';
  addDisks?: ScenarioDisk[];
  snapshots?: number;
  targetName?: string;
  targetDatastoreId?: string;
  migrateSharedDisks?: boolean;
}

export interface ScenarioHook {
  expectedResult?: 'succeed' | 'fail';
  playbookBase64?: string;
  aapJobTemplateId?: number;
}

/** Label maps: a null value stands for the session id. */
export type LabelMap = Record<string, string | null>;

export interface ScenarioPlan {
  virtualMachines: ScenarioVm[];
  warm?: boolean;
  type?: 'cold' | 'warm' | 'live' | 'conversion';
  targetPowerState?: 'on' | 'off' | 'auto';
  preserveStaticIPs?: boolean;
  pvcNameTemplate?: string;
  pvcNameTemplateUseGenerateName?: boolean;
  targetLabels?: LabelMap;
  targetNodeSelector?: LabelMap;
  targetAffinity?: Record<string, unknown>;
  targetNamespace?: string;
  migrateSharedDisks?: boolean;
  runPreflightInspection?: boolean;
  preHook?: ScenarioHook;
  postHook?: ScenarioHook;
  expectedMigrationResult?: 'succeed' | 'fail';
  multusNamespace?: string;
  guestAgentTimeout?: number;
  inventoryTimeout?: number;
  enableNestedVirtualization?: boolean;
  perNicNetworkMap?: boolean;
  skipClone?: boolean;
  copyoffload?: boolean;
}

export interface Scenario {
  name: string;
  description: string;
  origin?: string;
  markers: Marker[];
  gates?: ScenarioGates;
  fixtures?: string[];
  plan: ScenarioPlan;
}

export interface LoadedScenario extends Scenario {
  /** Absolute path of the scenario file. */
  file: string;
}

/** True when the plan migrates warm (spec.warm or spec.type "warm"). */
export function isWarm(plan: ScenarioPlan): boolean {
  return plan.warm === true || plan.type === 'warm';
}

const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { definitions: { marker: { enum: Marker[] } } };
export const KNOWN_MARKERS: readonly Marker[] = schema.definitions.marker.enum;
const validate = new Ajv({ allErrors: false, verbose: true, strict: false }).compile<Scenario>(schema);

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

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The closest candidate when it is plausibly a typo (used for keys, flags and names). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function schemaError(file: string, e: ErrorObject): ScenarioSchemaError {
  const at = jsonPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, allowed);
      return new ScenarioSchemaError(file, `${at}.${key}`, 'is not a known key', guess ? `rename it to "${guess}"` : `remove it (allowed here: ${allowed.join(', ')})`);
    }
    case 'required':
      return new ScenarioSchemaError(file, at, `is missing "${String(e.params.missingProperty)}"`, `add "${String(e.params.missingProperty)}"`);
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const guess = typeof e.data === 'string' ? closest(e.data, (e.params.allowedValues as unknown[]).map(String)) : undefined;
      return new ScenarioSchemaError(file, at, `is ${JSON.stringify(e.data)}, not an allowed value`, guess ? `use "${guess}"` : `use one of ${allowed.join(', ')}`);
    }
    case 'type':
      return new ScenarioSchemaError(file, at, `must be ${String(e.params.type)}, got ${JSON.stringify(e.data)}`, `make it a ${String(e.params.type)}`);
    case 'oneOf':
      return new ScenarioSchemaError(file, at, 'must set exactly one of its alternatives', 'keep exactly one of expectedResult, playbookBase64, aapJobTemplateId');
    default:
      return new ScenarioSchemaError(file, at, e.message ?? 'is invalid', `see the "${e.keyword}" rule in scenarios/scenario.schema.json`);
  }
}

/** Rules a JSON schema cannot express. */
function checkRules(file: string, s: Scenario): void {
  const expected = path.basename(file).slice(0, -SCENARIO_SUFFIX.length);
  if (s.name !== expected) throw new ScenarioSchemaError(file, '$.name', `is "${s.name}" but the file is ${path.basename(file)}`, `set "name": "${expected}" or rename the file`);
  if (s.plan.warm !== undefined && s.plan.type !== undefined) {
    throw new ScenarioSchemaError(file, '$.plan.type', 'is set together with $.plan.warm', 'keep only one of them (warm is the older spelling of type)');
  }
  if (s.plan.preserveStaticIPs) {
    s.plan.virtualMachines.forEach((vm, i) => {
      if (vm.sourceVmPower !== 'on') {
        throw new ScenarioSchemaError(file, `$.plan.virtualMachines[${i}].sourceVmPower`, 'must be "on" when $.plan.preserveStaticIPs is true (static IPs are read from the running guest)', 'set "sourceVmPower": "on"');
      }
    });
  }
  if (s.plan.warm === true && s.plan.virtualMachines.some((vm) => vm.sourceVmPower === 'off')) {
    throw new ScenarioSchemaError(file, '$.plan.virtualMachines', 'has a VM with sourceVmPower "off" in a warm plan', 'warm migration needs running VMs: use "on"');
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
