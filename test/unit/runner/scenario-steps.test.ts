/**
 * The scenario model: named plans, per-scenario steps, their CLI-time validation (one line each),
 * the step titles, and `--list --json`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScenarioSchemaError } from '../../../exceptions/scenarios';
import { loadScenarioFile } from '../../../lib/runner/scenario-file';
import { entryTitle, planNames, scenarioSteps } from '../../../lib/runner/scenario-steps';
import { DEFAULT_STEPS, PYTHON_STEP_METHODS, STEP_KINDS, stepTitle } from '../../../lib/runner/step-names';
import { defineSuite, onePlan, StepNeedsOnePlanError, UnknownStepKindError } from '../../../lib/runner/steps';
import { defineFixtures } from '../../../lib/fixtures';
import type { StepKind } from '../../../lib/runner/step-names';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-steps-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const vm = { virtualMachines: [{ name: 'vm' }] };
const base = { name: 'x', description: 'd', markers: ['tier0'] };
const two = { ...base, plans: { plan1: vm, plan2: vm } };
const onPlan = (step: StepKind, plan: string) => ({ step, plan });
const full = (plan: string) => [onPlan('create StorageMap', plan), onPlan('create NetworkMap', plan), onPlan('create Plan', plan)];

function write(content: unknown): string {
  const file = path.join(tmp, 'x.scenario.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}
function rejected(content: unknown): string {
  try {
    loadScenarioFile(write(content));
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioSchemaError);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    return (error as Error).message.slice(path.join(tmp, 'x.scenario.json').length + 2);
  }
  throw new Error('accepted');
}

describe('step kinds', () => {
  test('the twenty-nine kinds, each with its Python test method', () => {
    expect(STEP_KINDS).toHaveLength(29);
    expect(PYTHON_STEP_METHODS['check data integrity']).toBe('test_check_data_integrity');
    expect(PYTHON_STEP_METHODS['rerun Conversion after cancel']).toBe('test_rerun_di_after_cancel');
    expect(PYTHON_STEP_METHODS['upgrade MTV']).toBe('test_upgrade_mtv');
    expect(PYTHON_STEP_METHODS['verify XFS version']).toBe('test_verify_xfs_version');
    expect(PYTHON_STEP_METHODS['create Plan']).toBe('test_create_plan');
    expect(DEFAULT_STEPS).toEqual(['create StorageMap', 'create NetworkMap', 'create Plan', 'migrate VMs', 'check VMs']);
  });

  test('a suite refuses a body for a name that is not a step kind', () => {
    const suite = defineSuite(defineFixtures());
    expect(() => suite.step('verify everything' as StepKind, [], async () => {})).toThrow(UnknownStepKindError);
    expect(suite.step('verify LUKS encryption', [], async () => {}).registeredSteps()).toEqual(['verify LUKS encryption']);
  });
});

describe('plans and steps', () => {
  test('a single-plan scenario: plan "plan", the five default steps, titles without the plan', () => {
    const s = loadScenarioFile(write({ ...base, plan: vm }));
    expect(planNames(s)).toEqual(['plan']);
    const steps = scenarioSteps(s);
    expect(steps.map((e) => [e.kind, e.plan])).toEqual(DEFAULT_STEPS.map((k) => [k, 'plan']));
    expect(entryTitle(s, steps[2]!, 'vsphere', 'nfs')).toBe('create Plan-vsphere-nfs');
  });

  test('a multi-plan scenario: named steps, a bare "migrate VMs" acts on every plan, titles name the plan', () => {
    const s = loadScenarioFile(write({ ...two, steps: [...full('plan1'), ...full('plan2'), 'migrate VMs', onPlan('check VMs', 'plan2')] }));
    const steps = scenarioSteps(s);
    expect(steps[6]).toEqual({ kind: 'migrate VMs', plan: undefined, plans: ['plan1', 'plan2'] });
    expect(steps[7]).toEqual({ kind: 'check VMs', plan: 'plan2', plans: ['plan2'] });
    expect(entryTitle(s, steps[7]!, 'vsphere', 'nfs')).toBe('check VMs plan2-vsphere-nfs');
    expect(entryTitle(s, steps[6]!, 'vsphere', 'nfs')).toBe('migrate VMs-vsphere-nfs');
    expect(stepTitle('create Plan', undefined, undefined, 'xcopy')).toBe('create Plan xcopy-unset-unset');
  });

  test('a plan-validation scenario stops after the Plan', () => {
    const s = loadScenarioFile(write({ ...base, plan: vm, steps: ['create StorageMap', 'create NetworkMap', 'create Plan'] }));
    expect(scenarioSteps(s).map((e) => e.kind)).toEqual(['create StorageMap', 'create NetworkMap', 'create Plan']);
  });

  test('onePlan refuses a step listed for every plan', () => {
    const scenario = loadScenarioFile(write({ ...two, steps: [...full('plan1'), ...full('plan2'), 'migrate VMs'] }));
    expect(onePlan({ plan: 'plan1', plans: ['plan1'], step: 'check VMs', scenario })).toBe('plan1');
    expect(() => onePlan({ plan: undefined, plans: ['plan1', 'plan2'], step: 'migrate VMs', scenario })).toThrow(StepNeedsOnePlanError);
  });
});

describe('validation at CLI time (one line, the path and the fix)', () => {
  test('plan and plans: exactly one; plans needs two names of the right form', () => {
    expect(rejected({ ...base, plan: vm, plans: { a: vm, b: vm } })).toBe(
      '$ must set exactly one of its alternatives; fix: keep exactly one of plan, plans',
    );
    expect(rejected({ ...base })).toContain('$ is missing "plan"');
    expect(rejected({ ...base, plans: { a: vm } })).toContain('$.plans');
    expect(rejected({ ...base, plans: { A_1: vm, b: vm } })).toContain('$.plans');
  });

  test('unknown kind, unknown plan, a multi-plan step without its plan', () => {
    expect(rejected({ ...base, plan: vm, steps: ['migrate VM'] })).toBe(
      '$.steps[0] is "migrate VM", not an allowed value; fix: use "migrate VMs"',
    );
    expect(rejected({ ...two, steps: [onPlan('create StorageMap', 'plan3')] })).toBe(
      '$.steps[0].plan is "plan3", not a plan of this scenario; fix: use one of plan1, plan2',
    );
    expect(rejected({ ...two, steps: ['create StorageMap'] })).toBe(
      '$.steps[0] "create StorageMap" acts on one plan but names none; fix: write { "step": "create StorageMap", "plan": "<one of plan1, plan2>" }',
    );
  });

  test('duplicates and impossible orders', () => {
    expect(rejected({ ...base, plan: vm, steps: ['create StorageMap', 'create StorageMap'] })).toBe(
      '$.steps[1] repeats "create StorageMap" for plan "plan"; fix: list each step once per plan',
    );
    expect(rejected({ ...base, plan: vm, steps: ['create StorageMap', 'create Plan'] })).toBe(
      '$.steps[1] "create Plan" of plan "plan" comes before "create NetworkMap" of that plan; fix: list "create NetworkMap" earlier',
    );
    expect(rejected({ ...two, steps: [...full('plan1'), 'migrate VMs'] })).toBe(
      '$.steps[3] "migrate VMs" of plan "plan2" comes before "create Plan" of that plan; fix: list "create Plan" earlier',
    );
    expect(
      rejected({ ...two, steps: [...full('plan1'), ...full('plan2'), onPlan('migrate VMs', 'plan1'), onPlan('check VMs', 'plan2')] }),
    ).toBe('$.steps[7] "check VMs" of plan "plan2" comes before "migrate VMs" of that plan; fix: list "migrate VMs" earlier');
    expect(rejected({ ...two, steps: [...full('plan1'), ...full('plan2'), 'migrate VMs', onPlan('migrate VMs', 'plan1')] })).toContain(
      'repeats "migrate VMs" for plan "plan1"',
    );
    expect(rejected({ ...base, plan: vm, steps: ['verify XFS version'] })).toContain('comes before "migrate VMs"');
    expect(rejected({ ...base, plan: vm, steps: ['create Conversion', 'cancel Conversion'] })).toContain(
      '"cancel Conversion" of plan "plan" comes before "wait for Conversion running" of that plan',
    );
    expect(rejected({ ...base, plan: vm, steps: ['verify post upgrade'] })).toContain('comes before "upgrade MTV"');
  });

  test('plan rules apply to each named plan at its own path', () => {
    expect(rejected({ ...base, plans: { plan1: vm, plan2: { ...vm, warm: true, type: 'warm' } } })).toContain(
      '$.plans.plan2.type is set together with $.plans.plan2.warm',
    );
    expect(
      rejected({ ...base, plans: { plan1: { ...vm, targetLabels: { a: 'b' } }, plan2: { ...vm, targetLabels: { a: 'c' } } } }),
    ).toContain('$.plans.plan2.targetLabels is set in plans plan1 and plan2');
  });
});

describe('npm test -- --list --json', () => {
  test('prints only a JSON array with name, file, origin, description, markers, steps and gates', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(__dirname, '../../../bin/mtv-tests.ts'),
        '--list',
        '--json',
        '--scenario',
        'cold-dual-nic-same-network',
        '--tc',
        'source_provider:vsphere-8.0',
        '--tc',
        'storage_class:nfs',
      ],
      { encoding: 'utf8' },
    );
    const list = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]!).sort()).toEqual(['description', 'file', 'gates', 'markers', 'name', 'origin', 'steps']);
    expect(list[0]).toMatchObject({
      name: 'cold-dual-nic-same-network',
      origin: 'test_cold_dual_nic_same_network_migration',
      markers: ['tier1', 'vsphere'],
      steps: [
        { title: 'create StorageMap-vsphere-8.0-nfs', kind: 'create StorageMap', plan: 'plan', python: 'test_create_storagemap' },
        { title: 'create NetworkMap-vsphere-8.0-nfs', kind: 'create NetworkMap', plan: 'plan', python: 'test_create_networkmap' },
        { title: 'create Plan-vsphere-8.0-nfs', kind: 'create Plan', plan: 'plan', python: 'test_create_plan' },
      ],
      gates: { skipReason: null },
    });
  });
});
