/**
 * The Jest test environment for scenario files. One instance per scenario file, but the module
 * (and the worker session it reaches through worker-session.ts) lives once per worker process.
 *
 * - Declares the scenario's describe and its steps. Jest can only JSON.parse a .json test file
 *   (no transform may turn it into code), so the environment, which Jest hands the file's path,
 *   declares them when jest-circus announces the test file (the 'setup' event): the scenario the
 *   CLI validated for exactly that file, by its name, from the run options. The scenario file
 *   itself is never read again here.
 * - Publishes Node's real require as __nodeRequire (ESM-only @kubernetes/client-node).
 * - Step bodies run in the worker session (outer realm); their errors are rebuilt in the test
 *   realm so that Jest reports them as errors of the test.
 * - Incremental steps: after a failed step the remaining steps are marked skipped before they
 *   start, and the reason "previous step failed: <step>" is logged to the console and the log file.
 *   Gate skips work the same way with the gate's reason, and so does a step an earlier step's body
 *   marked to be skipped (StepContext.skipLater, e.g. check VMs after an expected PreHook failure).
 * - handleTestEvent never throws, except for a test file that is not one of the run's scenarios:
 *   that fails the file, with the reason.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { nodeRequire, requireFramework } from './node-require';
import type * as WorkerSessionModule from './worker-session';
import type * as RunOptionsModule from './run-options';
import type * as ScenarioStepsModule from '../runner/scenario-steps';
import type * as LoggerModule from '../log/logger';

type ScenarioRun = Awaited<ReturnType<WorkerSessionModule.WorkerSession['beginScenario']>>;
type Globals = Extract<Circus.Event, { name: 'setup' }>['runtimeGlobals'];

interface Runtime {
  session: typeof WorkerSessionModule;
  options: typeof RunOptionsModule;
  steps: typeof ScenarioStepsModule;
  log: typeof LoggerModule;
}

/**
 * The framework and the suite load through Node's require (requireFramework), not through Jest's
 * transformer: that puts them in Node's module cache of this worker (one copy shared by all
 * scenario files) and in the outer realm, where the session lives.
 */
function loadRuntime(): Runtime {
  useSuiteStackTraces();
  return {
    session: requireFramework('./worker-session.ts'),
    options: requireFramework('./run-options.ts'),
    steps: requireFramework('../runner/scenario-steps.ts'),
    log: requireFramework('../log/logger.ts'),
  };
}

/** Published by bin/register-ts.cjs (bin/ts-stack-traces.cjs) in the processes it runs. */
const TS_STACK_TRACES = Symbol.for('mtv-tests.prepareStackTrace');

/**
 * The suite's stack frames at their TypeScript lines. Jest installs its own Error.prepareStackTrace
 * for each test file (after the environment's setup), which maps only the files Jest transformed:
 * none in a scenario run. So the formatter of bin/register-ts.cjs is put back at each scenario's
 * start; where the suite was loaded otherwise, Node's own source-map support (inline maps) is used.
 */
function useSuiteStackTraces(): void {
  const ours = (process as unknown as Record<symbol, unknown>)[TS_STACK_TRACES];
  if (typeof ours === 'function') {
    Error.prepareStackTrace = ours as NonNullable<ErrorConstructor['prepareStackTrace']>;
    return;
  }
  process.setSourceMapsEnabled(true);
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
}

export default class MtvEnvironment extends TestEnvironment {
  private readonly testPath: string;
  private readonly testNamePattern: string | null | undefined;
  private runtime: Runtime | undefined;
  private run: ScenarioRun | undefined;
  private readonly stepByTitle = new Map<string, string>();
  private failedStep: string | undefined;
  private failedTitle: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
    this.testNamePattern = config.globalConfig.testNamePattern;
    (this.global as unknown as { __nodeRequire: typeof nodeRequire }).__nodeRequire = nodeRequire;
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.runtime = loadRuntime();
    this.startScenarioAhead(this.runtime);
  }

  /**
   * Starts this file's scenario (session and scenario fixtures: mostly waiting on the cluster and
   * the source) now, while Jest loads its test framework into the file's realm (mostly this
   * process's CPU); the scenario's beforeAll takes it as started (WorkerSession.startAhead). Not
   * with -t, where Jest may run none of its steps; an unknown file is reported by declareScenario.
   */
  private startScenarioAhead(rt: Runtime): void {
    if (this.testNamePattern) return;
    try {
      const scenario = rt.options.runOptions().scenarios.find((s) => s.file === this.testPath);
      if (scenario) rt.session.workerSession().startAhead(scenario);
    } catch {
      // Left to the scenario's beforeAll, which reports the same failure as its first step's error.
    }
  }

  private rt(): Runtime {
    if (!this.runtime) throw new Error('the mtv test environment was not set up');
    return this.runtime;
  }

  /** describe(<scenario name>) with beforeAll (start), one test per step, afterAll (scenario teardown). */
  private declareScenario(globals: Globals): void {
    const rt = this.rt();
    const options = rt.options.runOptions();
    const scenario = options.scenarios.find((s) => s.file === this.testPath);
    if (!scenario) {
      throw new this.global.Error(
        `${this.testPath} is not one of the scenarios this run selected (${options.scenarios.map((s) => s.name).join(', ')}); scenario files run through \`npm test -- --scenario <name>\``,
      );
    }
    const steps = rt.steps.scenarioSteps(scenario).map((entry) => ({
      entry,
      name: `${entry.kind}${rt.steps.isMultiPlan(scenario) ? ` ${entry.plan ?? '(all plans)'}` : ''}`,
      title: rt.steps.entryTitle(scenario, entry, options.config.source_provider, options.config.storage_class),
    }));
    for (const s of steps) this.stepByTitle.set(s.title, s.name);
    globals.describe(scenario.name, () => {
      globals.beforeAll(() =>
        this.inTestRealm(async () => {
          useSuiteStackTraces();
          this.run = await rt.session.workerSession().beginScenario(scenario);
          if (this.run.skipReason) this.announce(`SKIPPED scenario ${scenario.name}: ${this.run.skipReason}`);
        }),
      );
      for (const step of steps) {
        globals.test(step.title, () =>
          this.inTestRealm(async () => {
            if (!this.run) throw new Error(`step "${step.name}" ran before its scenario started`);
            await this.run.runStep(step.entry);
          }),
        );
      }
      globals.afterAll(() => this.inTestRealm(async () => this.run?.end()));
    });
  }

  /** Errors of the session's realm fail `instanceof Error` in the test's: rebuild them there. */
  private async inTestRealm(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      if (error instanceof this.global.Error) throw error;
      const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
      const rebuilt = new this.global.Error(typeof e?.message === 'string' ? e.message : String(error));
      if (typeof e?.name === 'string') rebuilt.name = e.name;
      if (typeof e?.stack === 'string') rebuilt.stack = e.stack;
      throw rebuilt;
    }
  }

  /** Console (the worker's stdout, not buffered by Jest) and the log file. */
  private announce(message: string): void {
    try {
      const scenario = this.run?.scenario.name;
      this.rt()
        .log.childLogger(scenario ? { scenario } : {})
        .warn(message);
    } catch {
      process.stderr.write(`${message}\n`);
    }
  }

  /** Why the step with this title does not run ("" for a gate-skipped scenario, announced once), or undefined. */
  private skipOf(title: string): string | undefined {
    if (this.run?.skipReason) return '';
    if (this.failedStep !== undefined) return `previous step failed: ${this.failedStep}`;
    const step = this.stepByTitle.get(title);
    return step === undefined ? undefined : this.run?.skipReasonFor(step);
  }

  // Must never throw (see the header comment).
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'setup') {
      this.declareScenario(event.runtimeGlobals);
      return;
    }
    try {
      switch (event.name) {
        case 'test_start': {
          const skip = this.skipOf(event.test.name);
          if (skip !== undefined) {
            event.test.mode = 'skip';
            if (skip) this.announce(`SKIPPED ${event.test.name}: ${skip}`);
            this.run?.recordSkipped(event.test.name, skip);
          }
          break;
        }
        case 'test_done':
          // A body that outlived its test (timeout) must not keep running behind the next steps.
          this.run?.abortRunningStep(`Jest finished "${event.test.name}" before its body returned`);
          if (event.test.errors.length > 0 && this.failedStep === undefined) {
            this.failedTitle = event.test.name;
            this.failedStep = this.stepByTitle.get(event.test.name) ?? event.test.name;
          }
          break;
        case 'test_retry':
          if (event.test.name === this.failedTitle) {
            this.failedStep = undefined;
            this.failedTitle = undefined;
          }
          break;
        default:
          break;
      }
    } catch (error) {
      process.stderr.write(`mtv environment: ignoring an error in handleTestEvent(${event.name}): ${String(error)}\n`);
    }
  }
}
