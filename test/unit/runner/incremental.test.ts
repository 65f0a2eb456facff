/**
 * A real Jest run through the real bin, with the stand-in suite (fixture-suite/suite.ts) on
 * three tiny scenarios and `check VMs` deliberately left without a body:
 *  - tiny-fails-at-plan: step 3 fails, steps 4-5 are skipped with "previous step failed: create Plan"
 *    (console and log file), scenario fixtures are torn down;
 *  - tiny-passes: steps 1-4 pass, `check VMs` fails because it has no body (never a pass);
 *  - tiny-gated: skipped by its gate, reason printed;
 *  - the session is created once per worker and torn down when Jest ends the worker, although a
 *    session fixture holds a handle that keeps the worker's event loop from draining; the token in the step's error
 *    message never reaches the console, the log, the JUnit report or the JSON results.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useLab } from '../../support/lab';
import { FIXTURE_SCENARIOS, FIXTURE_SUITE, runBin, type BinResult } from '../cli/run-bin';

interface JestJson {
  testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

// The CLI checks a named cluster before it starts Jest (lib/preflight), so the kubeconfig names a
// live API server — the lab's, without its controllers — given what the pre-flight asks of a
// cluster: the MTV namespace, the storage class, and a source endpoint with a trusted certificate
// (the API server itself stands in for it). The stand-in suite itself never connects.
const lab = useLab({ components: false });
let r: BinResult;
let dc: string;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-incr-'));
  fs.copyFileSync(lab().kubeconfig, path.join(dir, 'kubeconfig'));
  const created = await Promise.all([
    lab().request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-mtv' } } }),
    lab().request('POST', '/apis/storage.k8s.io/v1/storageclasses', {
      body: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc1' }, provisioner: 'example.com/sc1' },
    }),
  ]);
  expect(created.map((c) => c.status)).toEqual([201, 201]);
  const endpoint = new URL(lab().url);
  fs.writeFileSync(
    path.join(dir, 'providers.json'),
    JSON.stringify({
      fake: {
        type: 'vsphere',
        fqdn: endpoint.host,
        api_url: `${lab().url}/sdk`,
        username: 'u',
        password: 'Fake-Pass-123',
        ca_cert_file: path.join(lab().stateDir, 'ca.crt'),
      },
    }),
  );
  dc = path.join(dir, 'dc');
  // A kubeconfig target so that the run starts no lab of its own.
  r = runBin(
    [
      '--kubeconfig',
      'kubeconfig',
      '--providers-json',
      'providers.json',
      '--tc',
      'source_provider:fake',
      '--tc',
      'storage_class:sc1',
      '--suite',
      FIXTURE_SUITE,
      '--scenarios-dir',
      FIXTURE_SCENARIOS,
      '--data-collector-path',
      dc,
      '-w',
      '2',
    ],
    { cwd: dir, env: { FIXTURE_SUITE_NO_CHECK: '1' }, timeoutMs: 90_000 },
  );
}, 120_000);

const statuses = (file: string): Record<string, string> => {
  const json = JSON.parse(fs.readFileSync(path.join(dc, 'jest-results.json'), 'utf8')) as JestJson;
  const suite = json.testResults.find((t) => t.name.endsWith(file))!;
  return Object.fromEntries(suite.assertionResults.map((a) => [a.title, a.status]));
};

describe('incremental steps in a real Jest run', () => {
  test('exit code and the final summary line', () => {
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('6 passed, 2 failed');
  });

  test('after a failed step the remaining steps are skipped, with the reason on the console and in the log', () => {
    expect(statuses('tiny-fails-at-plan.scenario.json')).toEqual({
      'create StorageMap-fake-sc1': 'passed',
      'create NetworkMap-fake-sc1': 'passed',
      'create Plan-fake-sc1': 'failed',
      'migrate VMs-fake-sc1': 'pending',
      'check VMs-fake-sc1': 'pending',
    });
    const out = r.stdout + r.stderr;
    expect(out).toContain('SKIPPED migrate VMs-fake-sc1: previous step failed: create Plan');
    expect(out).toContain('SKIPPED check VMs-fake-sc1: previous step failed: create Plan');
    const log = fs.readFileSync(path.join(dc, 'mtv-tests.log'), 'utf8');
    expect(log).toContain('SKIPPED check VMs-fake-sc1: previous step failed: create Plan');
    const junit = fs.readFileSync(path.join(r.cwd, 'junit-report.xml'), 'utf8');
    // classname <scenario>-<source_provider>-<storage_class>: CI groups by all three (lib/report/junit-enrich.ts).
    expect(junit).toMatch(/<testcase classname="tiny-fails-at-plan-fake-sc1" name="migrate VMs-fake-sc1" time="[\d.]+">\s*<skipped\/>/);
    // The failed step carries its own log lines.
    const outs = [...junit.matchAll(/<system-out><!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1] ?? '');
    expect(outs.find((o) => o.includes('step create Plan-fake-sc1 starts'))).toMatch(
      /step create Plan-fake-sc1 failed: plan for tiny-fails-at-plan was rejected/,
    );
    expect(junit).toContain('<property name="source_provider" value="fake"/>');
    expect(junit).toContain('<property name="target" value="cluster from kubeconfig');
  });

  test('a step without a registered body fails, naming what is missing', () => {
    expect(statuses('tiny-passes.scenario.json')).toMatchObject({ 'migrate VMs-fake-sc1': 'passed', 'check VMs-fake-sc1': 'failed' });
    expect(r.stdout + r.stderr).toContain('no body is registered for step "check VMs": register it in');
  });

  test('a gate skips the whole scenario and says why', () => {
    expect(Object.values(statuses('tiny-gated.scenario.json'))).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(r.stdout).toContain('skipped tiny-gated: gate needsRemoteCluster: remote_ocp_cluster is not set');
  });

  test('the MTV version gate skips at scenario start, without setting up the scenario', () => {
    expect(Object.values(statuses('tiny-needs-newer-mtv.scenario.json'))).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(r.stdout).toContain('skipped tiny-needs-newer-mtv: gate minMtvVersion: needs MTV >= 2.11, the cluster has 2.10.0');
    expect(fs.readFileSync(path.join(dc, 'events.log'), 'utf8')).not.toContain('setup cleanupMigratedVms tiny-needs-newer-mtv');
    const junit = fs.readFileSync(path.join(r.cwd, 'junit-report.xml'), 'utf8');
    expect(junit).toContain('<property name="mtv_version" value="2.10.0"/>');
  });

  test('fixtures: lazy, scenario fixtures torn down per scenario, one session per worker torn down at exit', () => {
    const events = fs.readFileSync(path.join(dc, 'events.log'), 'utf8').trim().split('\n');
    const byPid = new Map<string, string[]>();
    for (const line of events) {
      const [pid, ...rest] = line.split(' ');
      byPid.set(pid!, [...(byPid.get(pid!) ?? []), rest.join(' ')]);
    }
    // Which worker runs which file is Jest's choice; a worker that only met the version-gated
    // scenario never needed a client.
    const withClient = [...byPid.values()].filter((lines) => lines.includes('setup client'));
    expect(withClient.length).toBeGreaterThanOrEqual(1);
    for (const lines of withClient) {
      expect(lines.filter((l) => l === 'setup client')).toHaveLength(1); // session-scoped: once per worker
      expect(lines.at(-1)).toBe('teardown client');
    }
    for (const lines of byPid.values()) expect(lines.filter((l) => l === 'setup mtvVersion')).toHaveLength(1);
    const failing = events.map((l) => l.split(' ').slice(1).join(' ')).filter((l) => l.endsWith('tiny-fails-at-plan'));
    expect(failing).toEqual([
      'setup cleanupMigratedVms tiny-fails-at-plan',
      'step create StorageMap tiny-fails-at-plan',
      'step create NetworkMap tiny-fails-at-plan',
      'setup plan tiny-fails-at-plan',
      'step create Plan tiny-fails-at-plan',
      'teardown plan tiny-fails-at-plan',
      'teardown cleanupMigratedVms tiny-fails-at-plan',
    ]);
  });

  test('the token in a step error is masked everywhere the run writes', () => {
    const json = JSON.parse(fs.readFileSync(path.join(dc, 'jest-results.json'), 'utf8')) as JestJson;
    const failureMessages = json.testResults.flatMap((t) => t.assertionResults.flatMap((a) => a.failureMessages)).join('\n');
    // Jest's code frame (console, and the results' per-file "message") quotes the stand-in suite's
    // source line, where the token is a literal; every message and log line is masked.
    const written = [
      fs.readFileSync(path.join(dc, 'mtv-tests.log'), 'utf8'),
      failureMessages,
      fs.readFileSync(path.join(r.cwd, 'junit-report.xml'), 'utf8'),
    ];
    for (const text of written) {
      expect(text).toContain('rejected (token=***');
      expect(text).not.toContain('SuperSecretTokenValue1');
    }
    expect(r.stdout + r.stderr).toContain('rejected (token=***');
  });
});
