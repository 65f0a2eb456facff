/**
 * The worker session in-process (what the environment drives): a step body that outlives its
 * Jest test is aborted through its signal; startup errors become the first step's error; errors
 * leaving the session are redacted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, resolveTarget } from '../../../lib/config';
import { RUN_FILE_FORMAT, type RunOptions } from '../../../lib/environment/run-options';
import type { LoadedScenario } from '../../../lib/runner/scenario';
import { loadScenarioFile } from '../../../lib/runner/scenario-file';
import { WorkerSession } from '../../../lib/environment/worker-session';

const FIXTURES = path.join(__dirname, 'fixture-suite');
let dir: string;
let session: WorkerSession;

beforeAll(() => {
  process.env.MTV_TESTS_LOG_LEVEL = 'error'; // the file log keeps everything; keep the test output quiet
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-ws-'));
  fs.writeFileSync(path.join(dir, 'kubeconfig'), 'apiVersion: v1\n');
  const { config, sources } = loadConfig({ env: {}, tc: ['source_provider:fake', 'storage_class:sc1'] });
  const options: RunOptions = {
    format: RUN_FILE_FORMAT,
    runId: 'run-ws',
    config,
    sources,
    target: resolveTarget({ config, kubeconfig: path.join(dir, 'kubeconfig'), env: {} }),
    providersPath: path.join(dir, 'providers.json'),
    sourceProviderType: 'vsphere',
    dataCollectorDir: dir,
    skipTeardown: false,
    skipDataCollector: false,
    labFaults: [],
    suiteModule: path.join(FIXTURES, 'suite.ts'),
    scenarios: [],
  };
  session = new WorkerSession(options);
});

afterAll(async () => {
  await session.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a step still running after Jest ended it is aborted through its signal', async () => {
  const run = await session.beginScenario(loadScenarioFile(path.join(FIXTURES, 'hang', 'tiny-hangs.scenario.json')));
  expect(run.startError).toBeUndefined();
  await run.runStep('create Plan');
  const migrating = run.runStep('migrate VMs');
  // No delay needed: runStep marks the step running synchronously, and the body honours a signal
  // that fired before it started.
  run.abortRunningStep('Jest finished "migrate VMs" before its body returned');
  await expect(migrating).rejects.toThrow('step migrate VMs aborted: Jest finished "migrate VMs" before its body returned');
  run.abortRunningStep('nothing is running: no-op');
  await run.end();
  const events = fs.readFileSync(path.join(dir, 'events.log'), 'utf8');
  expect(events).toContain('teardown plan tiny-hangs'); // the scenario still tore down its fixtures
});

test('a scenario that cannot start does not throw at start: its first step fails with the reason', async () => {
  const scenario: LoadedScenario = {
    ...loadScenarioFile(path.join(FIXTURES, 'hang', 'tiny-hangs.scenario.json')),
    fixtures: ['noSuchFixture'],
  };
  const run = await session.beginScenario(scenario);
  expect(run.startError).toBeDefined();
  await expect(run.runStep('create StorageMap')).rejects.toThrow('noSuchFixture');
  await run.end();
});
