/**
 * The suite's fixtures and five step bodies, driven in-process through the fixture DSL against a
 * lab child process (the CLI end-to-end runs are in test/e2e): sanity-cold passes all five steps,
 * and session teardown leaves nothing the run created.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULTS, type RunConfig } from '../../../lib/config/keys';
import { labDefaults, labTimeProfile } from '../../../lib/config/lab';
import { openSession } from '../../../lib/fixtures';
import { createLogger } from '../../../lib/log';
import { connect } from '../../../lib/k8s/connect';
import { silentLog } from '../../../lib/k8s/log';
import { loadScenarioFile } from '../../../lib/runner/scenario';
import type { RunContext } from '../../../lib/runner/run-context';
import { STEP_NAMES } from '../../../lib/runner/steps';
import { readTrackedFile } from '../../../lib/resources/tracker';
import suite from '../../../fixtures/suite';
import { useLab } from '../../support/lab';

const lab = useLab();
const ROOT = path.resolve(__dirname, '../../..');

function runContext(dir: string, sessionId: string): RunContext {
  // Secure source TLS needs the lab to name its CA in providers.json (ca_cert_file); see the report.
  const config: RunConfig = { ...DEFAULTS, ...labDefaults, ...labTimeProfile, source_provider_insecure_skip_verify: true };
  return {
    runId: 'run-test',
    sessionId,
    workerId: '1',
    config,
    sources: {},
    target: { kind: 'lab', why: 'self-test' },
    access: { kind: 'kubeconfig', path: lab().kubeconfig },
    providersPath: path.join(lab().stateDir, 'providers.json'),
    sourceProviderType: 'vsphere',
    dataCollectorDir: dir,
    trackedResourcesFile: path.join(dir, 'resources.json'),
    skipTeardown: false,
    skipDataCollector: false,
    labFaults: [],
  };
}

it('sanity-cold: five steps pass in-process and teardown leaves nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-suite-'));
  const lines: string[] = [];
  const log = createLogger({ silentConsole: true });
  log.on('data', (info: { message: string }) => lines.push(info.message));
  const run = runContext(dir, `auto-t${process.pid % 1000}`);
  const scenario = loadScenarioFile(path.join(ROOT, 'scenarios/sanity-cold.scenario.json'));
  const session = openSession(suite.fixtures, { run, log, report: { setProperty: () => {} } });
  const scen = session.openScenario({ scenario });
  const failures: string[] = [];
  try {
    for (const name of scenario.fixtures ?? []) await scen.untyped.get(name);
    for (const name of STEP_NAMES) {
      const reg = suite.registration(name)!;
      const step = scen.openStep({ step: { name, title: name } });
      try {
        const fixtures = await step.untyped.resolve(reg.uses);
        await reg.run({ fixtures, scenario, step: name, run, log });
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
        break;
      } finally {
        await step.teardown();
      }
    }
  } finally {
    await scen.teardown();
    await session.teardown();
  }
  if (process.env.SHOW_SUITE_LOG) console.log(lines.join('\n'));
  expect(failures).toEqual([]);
  const entries = readTrackedFile(run.trackedResourcesFile).entries;
  expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['Namespace', 'Provider', 'Secret', 'StorageMap', 'NetworkMap', 'Plan', 'Migration', 'SourceVm']));
  const client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
  try {
    for (const e of entries) if (e.side === 'cluster') expect(await client.tryGet(e.kind as never, e.name, e.namespace)).toBeUndefined();
  } finally {
    client.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 180_000);
