/**
 * The Jest test environment for scenario files. One instance per scenario file, but the module
 * (and the worker session it reaches through worker-session.ts) lives once per worker process.
 *
 * - Publishes Node's real require as __nodeRequire (ESM-only @kubernetes/client-node).
 * - Hands the test file a small bridge (__mtv) to the worker session: the scenario's describe
 *   title and steps, begin/runStep/end. The session itself never enters the test's realm.
 * - Incremental steps: after a failed step the remaining steps are marked skipped before they
 *   start, and the reason "previous step failed: <step>" is logged to the console and the log file.
 *   Gate skips work the same way with the gate's reason.
 * - handleTestEvent never throws: an exception there would fail the whole file.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { nodeRequire, requireFramework } from './node-require';
import type * as WorkerSessionModule from './worker-session';
import type * as RunOptionsModule from './run-options';
import type * as ScenarioModule from '../runner/scenario';
import type * as StepNamesModule from '../runner/step-names';

type ScenarioRun = Awaited<ReturnType<WorkerSessionModule.WorkerSession['beginScenario']>>;

interface Runtime {
  session: typeof WorkerSessionModule;
  options: typeof RunOptionsModule;
  scenario: typeof ScenarioModule;
  steps: typeof StepNamesModule;
  log: typeof import('../log/logger');
}

/**
 * The framework and the suite load through Node's require (requireFramework), not through Jest's
 * transformer: that puts them in Node's module cache of this worker (one copy shared by all
 * scenario files) and in the outer realm, where the session lives.
 */
function loadRuntime(): Runtime {
  // tsx emits inline source maps; Node applies them only when nobody replaced
  // Error.prepareStackTrace. Jest's source-map-support replacement knows only Jest-transformed
  // files, so without this the suite's stack frames (and Jest's code frames) point at tsx output.
  process.setSourceMapsEnabled(true);
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  return {
    session: requireFramework('./worker-session.ts'),
    options: requireFramework('./run-options.ts'),
    scenario: requireFramework('../runner/scenario.ts'),
    steps: requireFramework('../runner/step-names.ts'),
    log: requireFramework('../log/logger.ts'),
  };
}

export interface ScenarioPlanForLoader {
  title: string;
  steps: { name: string; title: string }[];
}

/** What the scenario loader (test realm) sees as globalThis.__mtv. */
export interface MtvBridge {
  describe(): ScenarioPlanForLoader;
  begin(): Promise<void>;
  runStep(name: string): Promise<void>;
  end(): Promise<void>;
}

export default class MtvEnvironment extends TestEnvironment {
  private readonly testPath: string;
  private runtime: Runtime | undefined;
  private run: ScenarioRun | undefined;
  private readonly stepByTitle = new Map<string, string>();
  private failedStep: string | undefined;
  private failedTitle: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
    const g = this.global as unknown as { __nodeRequire: typeof nodeRequire; __mtv: MtvBridge };
    g.__nodeRequire = nodeRequire;
    g.__mtv = this.bridge();
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.runtime = loadRuntime();
  }

  private rt(): Runtime {
    if (!this.runtime) throw new Error('the mtv test environment was not set up');
    return this.runtime;
  }

  private bridge(): MtvBridge {
    return {
      describe: () => {
        const rt = this.rt();
        const options = rt.options.readRunOptions();
        const scenario = rt.scenario.loadScenarioFile(this.testPath);
        const steps = rt.steps.STEP_NAMES.map((name) => ({ name, title: rt.steps.stepTitle(name, options.config.source_provider, options.config.storage_class) }));
        for (const s of steps) this.stepByTitle.set(s.title, s.name);
        return { title: scenario.name, steps };
      },
      begin: async () => {
        this.run = await this.rt().session.workerSession().beginScenario(this.testPath);
        if (this.run.skipReason) this.announce(`SKIPPED scenario ${this.run.scenario?.name ?? this.testPath}: ${this.run.skipReason}`);
      },
      runStep: async (name: string) => {
        if (!this.run) throw new Error(`step "${name}" ran before its scenario started`);
        await this.run.runStep(name as StepNamesModule.StepName);
      },
      end: async () => {
        await this.run?.end();
      },
    };
  }

  /** Console (the worker's stdout, not buffered by Jest) and the log file. */
  private announce(message: string): void {
    try {
      const scenario = this.run?.scenario?.name;
      this.rt().log.childLogger(scenario ? { scenario } : {}).warn(message);
    } catch {
      process.stderr.write(`${message}\n`);
    }
  }

  // Must never throw (see the header comment).
  async handleTestEvent(event: Circus.Event): Promise<void> {
    try {
      switch (event.name) {
        case 'test_start': {
          const title = event.test.name;
          if (this.run?.skipReason) {
            event.test.mode = 'skip';
          } else if (this.failedStep !== undefined) {
            event.test.mode = 'skip';
            this.announce(`SKIPPED ${title}: previous step failed: ${this.failedStep}`);
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
