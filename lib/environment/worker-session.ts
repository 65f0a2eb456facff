/**
 * The per-worker session; each scenario it starts is a ScenarioRun (./scenario-run.ts: the step
 * lifecycle). Loaded (with tsx) once per Jest worker
 * process by the test environment, so its state outlives single scenario files: the session
 * fixture scope is created lazily at the first scenario and reused by every scenario file the
 * worker runs, then torn down when the worker exits (process 'beforeExit'; in-band runs: global
 * teardown). Everything here runs in the worker's outer realm; tests only see the bridge.
 */
import path from 'node:path';
import { errorMessage, MtvTestsError } from '../../exceptions/base';
import { clusterAccessOf, describeTarget } from '../config/target';
import { SECRET_CONFIG_KEYS, type ConfigKey } from '../config/keys';
import { FixtureScope, type AnyFixtureSet } from '../fixtures';
import type { ClusterAccess } from '../k8s/connect';
import { childLogger, closeLogger, initLogger, type Logger } from '../log/logger';
import { enableLiveView, liveNote } from '../report/live-view';
import { writeSuiteProperties } from '../report/suite-properties';
import { newSessionId } from '../resources/names';
import { RESOURCES_FILE_NAME } from '../resources/tracker';
import { staticGateSkip, versionGateSkip } from '../runner/gates';
import type { RunContext, RunReport } from '../runner/run-context';
import type { LoadedScenario } from '../runner/scenario';
import type { AnySuite } from '../runner/steps';
import { labInfo } from './lab-info';
import { INTERRUPTED_ENV, runOptions, type RunOptions } from './run-options';
import { ScenarioRun } from './scenario-run';
import { StepDiagnostics } from './step-diagnostics';

export class SuiteModuleError extends MtvTestsError {}

export class RunInterruptedError extends MtvTestsError {}

/** The name of the session fixture the minMtvVersion gate reads (a string such as "2.10.1"). */
export const MTV_VERSION_FIXTURE = 'mtvVersion';

/** How workers and global teardown reach the run's cluster. */
export function accessFor(options: RunOptions): ClusterAccess {
  const t = options.target;
  if (t.kind === 'lab') {
    const lab = labInfo(options.dataCollectorDir);
    if (!lab)
      throw new MtvTestsError('the lab target has no running lab: Jest global setup (lib/environment/global-setup.ts) did not start it');
    return { kind: 'kubeconfig', path: lab.kubeconfigPath };
  }
  return clusterAccessOf(t);
}

/** On the lab, remote_ocp_cluster names the lab's remote cluster unless the user named one. */
function withLabRemote(options: RunOptions): RunOptions['config'] {
  const remote = options.target.kind === 'lab' ? labInfo(options.dataCollectorDir)?.remote : undefined;
  return remote && !options.config.remote_ocp_cluster ? { ...options.config, remote_ocp_cluster: remote.name } : options.config;
}

function loadSuite(file: string): AnySuite {
  let mod: { default?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the suite module is named at run time (--suite)
    mod = require(file) as { default?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && errorMessage(error).includes(file)) {
      throw new SuiteModuleError(
        `the suite module ${file} does not exist: it must export default defineSuite(<fixtures>).step(...) (lib/runner/steps.ts)`,
      );
    }
    throw new SuiteModuleError(`loading the suite module ${file} failed: ${errorMessage(error)}`, { cause: error });
  }
  const suite = mod.default as Partial<AnySuite> | undefined;
  if (!suite || typeof suite.registration !== 'function' || !suite.fixtures) {
    throw new SuiteModuleError(`${file} must export default a Suite built with defineSuite(...) from lib/runner/steps.ts`);
  }
  return suite as AnySuite;
}

export class WorkerSession {
  readonly run: RunContext;
  readonly log: Logger;
  readonly suite: AnySuite;
  readonly scope: FixtureScope;
  readonly diagnostics: StepDiagnostics;
  private readonly properties: Record<string, string>;
  private readonly scenarioFiles = new Set<string>();
  private readonly startedAhead = new Map<string, Promise<ScenarioRun>>();

  constructor(readonly options: RunOptions) {
    const workerId = process.env.JEST_WORKER_ID ?? '1';
    if (options.liveView) enableLiveView();
    // Live view: the console gets the compact lines, warnings and errors; the file keeps everything.
    this.log = initLogger({ dataCollectorDir: options.dataCollectorDir, ...(options.liveView ? { consoleLevel: 'warn' } : {}) });
    this.run = {
      runId: options.runId,
      sessionId: newSessionId(),
      workerId,
      config: withLabRemote(options),
      sources: options.sources,
      target: options.target,
      access: accessFor(options),
      providersPath:
        (options.target.kind === 'lab' ? labInfo(options.dataCollectorDir)?.providersPath : undefined) ?? options.providersPath,
      sourceProviderType: options.sourceProviderType,
      dataCollectorDir: options.dataCollectorDir,
      trackedResourcesFile: path.join(options.dataCollectorDir, RESOURCES_FILE_NAME),
      skipTeardown: options.skipTeardown,
      skipDataCollector: options.skipDataCollector,
      labFaults: options.labFaults,
    };
    this.properties = {
      target: describeTarget(options.target),
      source_provider: options.config.source_provider ?? '',
      storage_class: options.config.storage_class ?? '',
      session_id: this.run.sessionId,
      run_id: options.runId,
    };
    this.suite = loadSuite(options.suiteModule);
    this.diagnostics = new StepDiagnostics(this.run);
    const report: RunReport = { setProperty: (name, value) => this.setProperty(name, value) };
    this.scope = new FixtureScope(this.suite.fixtures as AnyFixtureSet, 'session', { run: this.run, log: this.log, report }, undefined, {
      onSetup: (name, scope) => this.log.debug(`SETUP    ${scope} fixture ${name}`),
      onTeardown: (name, scope) => this.log.debug(`TEARDOWN ${scope} fixture ${name}`),
      onError: (name, scope, phase, error) => this.log.error(`${scope} fixture ${name} ${phase} failed: ${errorMessage(error)}`),
    });
    const started = `worker ${workerId}: session ${this.run.sessionId} on ${describeTarget(options.target)}`;
    this.log.info(started);
    liveNote(started);
    const shown = Object.entries(options.config)
      .filter(([key]) => !SECRET_CONFIG_KEYS.includes(key as ConfigKey))
      .map(([key, value]) => `${key}=${JSON.stringify(value)} (${options.sources[key as ConfigKey] ?? 'default'})`);
    this.log.debug(`run config: ${shown.join(', ')}`);
  }

  /** Session-level properties go to the JUnit properties of every scenario this worker runs. */
  setProperty(name: string, value: string): void {
    this.properties[name] = value;
    for (const file of this.scenarioFiles) writeSuiteProperties(this.options.dataCollectorDir, file, { [name]: value });
  }

  /**
   * Starts a scenario (validated by the CLI). Never throws: a failure becomes the first step's
   * error. A scenario the CLI started ahead (startAhead) is taken as it is.
   */
  beginScenario(scenario: LoadedScenario): Promise<ScenarioRun> {
    const ahead = this.startedAhead.get(scenario.file);
    if (!ahead) return this.start(scenario);
    this.startedAhead.delete(scenario.file);
    return ahead;
  }

  /**
   * Starts a scenario (session and scenario fixtures: namespace, providers, source clones) before
   * Jest reaches its beforeAll, while Jest loads: Jest's load is mostly this process's CPU, the
   * fixtures mostly waiting on the cluster and the source. The test environment's setup does this
   * for every file; the CLI does it even earlier for an in-band run's one file, as soon as the
   * pre-flight passed (the environment then finds it started).
   */
  startAhead(scenario: LoadedScenario): void {
    if (!this.startedAhead.has(scenario.file)) this.startedAhead.set(scenario.file, this.start(scenario));
  }

  private async start(scenario: LoadedScenario): Promise<ScenarioRun> {
    const file = scenario.file;
    this.scenarioFiles.add(file);
    const interrupted = process.env[INTERRUPTED_ENV];
    if (interrupted) {
      return new ScenarioRun(
        this,
        scenario,
        undefined,
        undefined,
        new RunInterruptedError(`the run was interrupted (${interrupted}): scenario ${path.basename(file)} not started`),
      );
    }
    writeSuiteProperties(this.options.dataCollectorDir, file, { ...this.properties, scenario: scenario.name });
    const log = childLogger({ scenario: scenario.name });
    const skip = staticGateSkip(scenario, {
      config: this.options.config,
      sourceProviderType: this.options.sourceProviderType,
      jira: this.options.jira,
      labRemote: this.options.target.kind === 'lab',
    });
    if (skip) {
      writeSuiteProperties(this.options.dataCollectorDir, file, { skip_reason: skip });
      return new ScenarioRun(this, scenario, undefined, skip, undefined);
    }
    const scope = this.scope.openScenario({ scenario });
    const mark = this.diagnostics.mark();
    try {
      // The MTV version: a JUnit property whenever the suite can tell it, and the input of the
      // minMtvVersion gate (which cannot be decided without it).
      const hasVersion = this.suite.fixtures.entries.has(MTV_VERSION_FIXTURE);
      if (scenario.gates?.minMtvVersion && !hasVersion) {
        throw new SuiteModuleError(
          `gate minMtvVersion needs a session fixture "${MTV_VERSION_FIXTURE}" (the installed MTV version); define it in ${this.options.suiteModule}`,
        );
      }
      if (hasVersion) {
        const version = String(await scope.get(MTV_VERSION_FIXTURE));
        if (this.properties.mtv_version !== version) this.setProperty('mtv_version', version);
        writeSuiteProperties(this.options.dataCollectorDir, file, { mtv_version: version });
        const versionSkip = versionGateSkip(scenario, version);
        if (versionSkip) {
          await scope.teardown();
          writeSuiteProperties(this.options.dataCollectorDir, file, { skip_reason: versionSkip });
          return new ScenarioRun(this, scenario, undefined, versionSkip, undefined);
        }
      }
      log.info(`scenario ${scenario.name} starts: ${scenario.description}`);
      await scope.resolve(scenario.fixtures ?? []);
      return new ScenarioRun(this, scenario, scope, undefined, undefined, mark);
    } catch (error) {
      log.error(`scenario ${scenario.name} could not start: ${errorMessage(error)}`);
      const run = new ScenarioRun(this, scenario, scope, undefined, error, mark);
      run.startGathers = await this.diagnostics.gatherForSession(`session-${this.run.sessionId}-${scenario.name}`);
      return run;
    }
  }

  /** Tears the session down; errors are logged, never thrown (nothing is left to report them to). */
  async shutdown(): Promise<void> {
    try {
      await this.scope.teardown();
      this.diagnostics.close();
      // debug: at worker exit the console line would land after the run's summary line.
      this.log.debug(`session ${this.run.sessionId} torn down`);
    } catch (error) {
      this.log.error(`session ${this.run.sessionId} teardown failed: ${errorMessage(error)}`);
      process.exitCode = 1;
    } finally {
      await closeLogger(this.log);
    }
  }
}

const SESSION = Symbol.for('mtv-tests.worker-session');
const holder = globalThis as { [SESSION]?: WorkerSession };

export function workerSession(): WorkerSession {
  if (!holder[SESSION]) {
    const session = new WorkerSession(runOptions());
    holder[SESSION] = session;
    // Jest has no worker-exit hook. Two triggers, whichever comes first:
    //  - jest-worker's END message (the parent has no more files for this worker). It arrives even
    //    when a hung step body keeps handles open, which would keep 'beforeExit' from ever firing;
    //  - 'beforeExit' (in-band runs have no IPC; global teardown is their backstop).
    // jest.config.ts gives the teardown workerGracefulExitTimeout to finish.
    if (process.send) {
      // jest-worker's CHILD_MESSAGE_END (2 in jest-worker 30; the package does not export it).
      const end = 2;
      const onMessage = (message: unknown): void => {
        if (!Array.isArray(message) || message[0] !== end) return;
        process.off('message', onMessage); // a listener keeps the IPC channel (and the worker) alive
        void shutdownWorkerSession();
      };
      process.on('message', onMessage);
    }
    process.once('beforeExit', () => void shutdownWorkerSession());
  }
  return holder[SESSION];
}

/** Tears down this process's session, if it has one. */
export async function shutdownWorkerSession(): Promise<void> {
  const session = holder[SESSION];
  if (!session) return;
  delete holder[SESSION];
  await session.shutdown();
}
