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
import type { LoadedScenario } from '../../../lib/runner/scenario';
import { loadScenarioFile } from '../../../lib/runner/scenario-file';
import type { RunContext } from '../../../lib/runner/run-context';
import { scenarioSteps } from '../../../lib/runner/scenario-steps';
import { readTrackedFile } from '../../../lib/resources/tracker';
import suite from '../../../fixtures/suite';
import { useLab } from '../../support/lab';

const lab = useLab();
const ROOT = path.resolve(__dirname, '../../..');

/**
 * The lab's providers.json plus what a QE engineer adds for a private vCenter: the CA file
 * (secure TLS end to end) and a VDDK image (warm migration needs one).
 */
function providersFile(dir: string): string {
  const file = path.join(dir, 'providers.json');
  const entries = JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  entries.vsphere = {
    ...entries.vsphere,
    ca_cert_file: path.join(lab().stateDir, 'ca.crt'),
    vddk_init_image: 'quay.io/example/vddk:8.0.3',
  };
  fs.writeFileSync(file, JSON.stringify(entries), { mode: 0o600 });
  return file;
}

function runContext(dir: string, sessionId: string): RunContext {
  const config: RunConfig = { ...DEFAULTS, ...labDefaults, ...labTimeProfile };
  return {
    runId: 'run-test',
    sessionId,
    workerId: '1',
    config,
    sources: {},
    target: { kind: 'lab', why: 'self-test' },
    access: { kind: 'kubeconfig', path: lab().kubeconfig },
    providersPath: providersFile(dir),
    sourceProviderType: 'vsphere',
    dataCollectorDir: dir,
    trackedResourcesFile: path.join(dir, 'resources.json'),
    skipTeardown: false,
    skipDataCollector: false,
    labFaults: [],
  };
}

/** A scenario the catalog does not have yet: the clone gets an extra disk and a snapshot before migrating. */
const CLONE_EXTRAS: LoadedScenario = {
  name: 'clone-extras',
  description: 'self-test: addDisks and snapshots on the clone',
  markers: ['tier1'],
  fixtures: ['cleanupMigratedVms'],
  file: path.join(ROOT, 'scenarios/clone-extras.scenario.json'),
  plan: {
    virtualMachines: [{ name: 'mtv-tests-rhel8', sourceVmPower: 'off', addDisks: [{ sizeGb: 2, provisionType: 'thin' }], snapshots: 1 }],
    warm: false,
  },
};

it.each(['sanity-cold', '2disks2nics-warm', 'clone-extras'])(
  '%s: five steps pass in-process and teardown leaves nothing',
  async (name) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-suite-'));
    const lines: string[] = [];
    const log = createLogger({ silentConsole: true });
    log.on('data', (info: { message: string }) => lines.push(info.message));
    const run = runContext(dir, `auto-t${process.pid % 1000}`);
    const scenario = name === CLONE_EXTRAS.name ? CLONE_EXTRAS : loadScenarioFile(path.join(ROOT, `scenarios/${name}.scenario.json`));
    const session = openSession(suite.fixtures, { run, log, report: { setProperty: () => {} } });
    const scen = session.openScenario({ scenario });
    const failures: string[] = [];
    try {
      for (const name of scenario.fixtures ?? []) await scen.untyped.get(name);
      for (const { kind: name, plan, plans } of scenarioSteps(scenario)) {
        const reg = suite.registration(name)!;
        const step = scen.openStep({ step: { name, title: name, plan, plans } });
        try {
          const fixtures = await step.untyped.resolve(reg.uses);
          await reg.run({ fixtures, scenario, step: name, plan, plans, run, log });
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
    if (name === 'clone-extras') {
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/added a 2 GB thin disk to /),
          expect.stringMatching(/ran .*storage.*snapshots.*; 0 failure\(s\)/),
        ]),
      );
    }
    if (name === '2disks2nics-warm') {
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/precopy #1 finished/),
          expect.stringMatching(/cutover started/),
          expect.stringMatching(/controller_precopy_interval restored/),
        ]),
      );
    }
    const entries = readTrackedFile(run.trackedResourcesFile).entries;
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['Namespace', 'Provider', 'Secret', 'StorageMap', 'NetworkMap', 'Plan', 'Migration', 'SourceVm']),
    );
    const client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
    try {
      for (const e of entries) if (e.side === 'cluster') expect(await client.tryGet(e.kind as never, e.name, e.namespace)).toBeUndefined();
    } finally {
      client.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  },
  180_000,
);
