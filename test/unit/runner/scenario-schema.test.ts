import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScenarioSchemaError } from '../../../exceptions/scenarios';
import { compareVersions, staticGateSkip, versionGateSkip } from '../../../lib/runner/gates';
import { matchesMarkers, parseMarkerExpression } from '../../../lib/runner/markers';
import { KNOWN_MARKERS, loadScenarioFile, loadScenarios, scenarioNames } from '../../../lib/runner/scenario-file';
import { loadConfig } from '../../../lib/config';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-scn-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const good = { name: 'x', description: 'd', markers: ['tier0'], plan: { virtualMachines: [{ name: 'vm' }], warm: false } };
function write(name: string, content: unknown): string {
  const file = path.join(tmp, `${name}.scenario.json`);
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}
function schemaError(file: string): ScenarioSchemaError {
  try {
    loadScenarioFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioSchemaError);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    return error as ScenarioSchemaError;
  }
  throw new Error(`${file} was accepted`);
}

describe('scenario files', () => {
  test('every shipped scenario validates against the schema', () => {
    const all = loadScenarios([]);
    expect(all.map((s) => s.name)).toEqual(scenarioNames());
    expect(all.map((s) => s.name)).toEqual(
      expect.arrayContaining(['sanity-cold', 'sanity-warm', 'comprehensive-cold', 'comprehensive-warm', '2disks2nics-warm']),
    );
    const warm = all.find((s) => s.name === 'sanity-warm')!;
    expect(warm.plan).toEqual({
      virtualMachines: [{ name: 'mtv-tests-rhel8', sourceVmPower: 'on', guestAgent: true }],
      warm: true,
      preserveStaticIPs: true,
    });
  });

  test('a violation names the file, the JSON path and the fix', () => {
    const typo = write('x', { ...good, plan: { ...good.plan, virtualMachines: [{ name: 'vm', guestAgnet: true }] } });
    const e1 = schemaError(typo);
    expect(e1.message).toBe(`${typo}: $.plan.virtualMachines[0].guestAgnet is not a known key; fix: rename it to "guestAgent"`);
    const badEnum = write('x', { ...good, plan: { ...good.plan, targetPowerState: 'of' } });
    expect(schemaError(badEnum).message).toBe(`${badEnum}: $.plan.targetPowerState is "of", not an allowed value; fix: use "on"`);
    const badType = write('x', { ...good, plan: { ...good.plan, warm: 'yes' } });
    expect(schemaError(badType).jsonPath).toBe('$.plan.warm');
    const missing = write('x', { ...good, plan: { warm: true } });
    expect(schemaError(missing).message).toContain('$.plan is missing "virtualMachines"; fix: add "virtualMachines"');
    const label = write('x', { ...good, plan: { ...good.plan, targetLabels: { 'bad key!': 'v' } } });
    expect(schemaError(label).jsonPath).toBe('$.plan.targetLabels');
    const marker = write('x', { ...good, markers: ['tier3'] });
    expect(schemaError(marker).message).toContain('$.markers[0] is "tier3", not an allowed value; fix: use "tier0"');
  });

  test('rules beyond the schema: file name, warm vs type, static IPs need running VMs, preserveNameFormat needs a cloneName', () => {
    expect(schemaError(write('other', good)).message).toContain(
      '$.name is "x" but the file is other.scenario.json; fix: set "name": "other" or rename the file',
    );
    expect(schemaError(write('x', { ...good, plan: { ...good.plan, type: 'warm' } })).jsonPath).toBe('$.plan.type');
    const ips = write('x', {
      ...good,
      plan: { virtualMachines: [{ name: 'a', sourceVmPower: 'on' }, { name: 'b' }], preserveStaticIPs: true },
    });
    expect(schemaError(ips).jsonPath).toBe('$.plan.virtualMachines[1].sourceVmPower');
    const preserve = write('x', { ...good, plan: { virtualMachines: [{ name: 'a', clone: true, preserveNameFormat: true }] } });
    expect(schemaError(preserve).message).toContain(
      '$.plan.virtualMachines[0].preserveNameFormat is true without a cloneName (it keeps the capitals and underscores of cloneName); fix: add "cloneName" or remove "preserveNameFormat"',
    );
    // A remote destination needs the remote gate; the SCC binding goes with the clusterrole destination.
    expect(schemaError(write('x', { ...good, destination: 'remote' })).jsonPath).toBe('$.destination');
    const remoteGate = { gates: { needsRemoteCluster: true } };
    expect(schemaError(write('x', { ...good, ...remoteGate, destination: 'remote', forkliftSccBinding: true })).jsonPath).toBe(
      '$.forkliftSccBinding',
    );
    expect(() =>
      loadScenarioFile(write('x', { ...good, ...remoteGate, destination: 'clusterrole', forkliftSccBinding: true })),
    ).not.toThrow();
  });
});

describe('markers', () => {
  const m = (expr: string, markers: string[]) => matchesMarkers(parseMarkerExpression(expr, KNOWN_MARKERS), markers);
  test('and / or / not / parentheses with pytest precedence', () => {
    expect(m('tier0 and not warm', ['tier0'])).toBe(true);
    expect(m('tier0 and not warm', ['tier0', 'warm'])).toBe(false);
    expect(m('warm or tier0 and remote', ['warm'])).toBe(true); // and binds tighter
    expect(m('(warm or tier0) and remote', ['warm'])).toBe(false);
    expect(m('not not vsphere', ['vsphere'])).toBe(true);
  });
  test('unknown markers and malformed expressions are errors', () => {
    expect(() => parseMarkerExpression('tier0 and bogus', KNOWN_MARKERS)).toThrow('unknown marker "bogus"');
    expect(() => parseMarkerExpression('(tier0', KNOWN_MARKERS)).toThrow('a "(" is not closed');
    expect(() => parseMarkerExpression('tier0 warm', KNOWN_MARKERS)).toThrow('unexpected "warm"');
    expect(() => parseMarkerExpression('', KNOWN_MARKERS)).toThrow('it is empty');
  });
});

describe('gates', () => {
  const config = loadConfig({ env: {} }).config;
  const warm = loadScenarios(['sanity-warm'])[0]!;
  test('each skip reason names its gate', () => {
    expect(staticGateSkip(warm, { config, sourceProviderType: 'vsphere' })).toBeUndefined();
    expect(staticGateSkip(warm, { config, sourceProviderType: 'openstack' })).toBe(
      'gate unsupportedSourceTypes: sanity-warm does not support source provider type openstack',
    );
    expect(staticGateSkip(warm, { config, sourceProviderType: 'ovirt' })).toBe(
      'gate jira: blocked by open issue MTV-2846 for source type ovirt',
    );
    const remote = { ...warm, gates: { needsRemoteCluster: true } };
    expect(staticGateSkip(remote, { config, sourceProviderType: 'vsphere' })).toContain('gate needsRemoteCluster');
    expect(
      staticGateSkip(remote, { config: { ...config, remote_ocp_cluster: 'mtv-remote' }, sourceProviderType: 'vsphere' }),
    ).toBeUndefined();
    // The embedded lab runs its own remote cluster (named when it starts).
    expect(staticGateSkip(remote, { config, sourceProviderType: 'vsphere', labRemote: true })).toBeUndefined();
  });
  test('MTV version gate compares numerically', () => {
    expect(compareVersions('2.10.0', '2.9')).toBe(1);
    const gated = { ...warm, gates: { minMtvVersion: '2.10' } };
    expect(versionGateSkip(gated, '2.9.3')).toBe('gate minMtvVersion: needs MTV >= 2.10, the cluster has 2.9.3');
    expect(versionGateSkip(gated, '2.10.0')).toBeUndefined();
  });
});
