/**
 * The real run: writes the run options file, runs Jest programmatically with jest.config.ts, and
 * reports `N passed, N failed` from Jest's results. Results go to <data-collector>/jest-results.json,
 * JUnit to ./junit-report.xml.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCLI } from 'jest';
import type { Config } from '@jest/types';
import { scenarioJestConfig } from '../../jest.config';
import type { RunSettings } from '../../lib/config/run-settings';
import {
  adoptRunOptions,
  RUN_FILE_ENV,
  RUN_FILE_FORMAT,
  RUN_FILE_NAME,
  splitSecrets,
  writeRunOptions,
  type RunOptions,
} from '../../lib/environment/run-options';
import { finishRunArtifacts } from '../../lib/report/finish-run';
import { readSuiteProperties } from '../../lib/report/suite-properties';
import { RESOURCES_FILE_NAME } from '../../lib/resources/tracker';
import type { LabFaultRequest } from '../../lib/runner/run-context';
import type { LoadedScenario } from '../../lib/runner/scenario';
import { lazyModule } from '../../lib/runtime/lazy-module';
import type * as WorkerSessionModule from '../../lib/environment/worker-session';
import type { CliOptions } from './options';
import { forwardSignalsToWorkers, SIGNAL_EXIT_CODES } from './signals';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// Loaded only by a run that starts its scenario ahead (the suite's modules, which Jest loads anyway then).
const workerSessionModule = lazyModule<typeof WorkerSessionModule>(path.join(REPO_ROOT, 'lib', 'environment', 'worker-session.ts'));
export const RESULTS_FILE_NAME = 'jest-results.json';
export const PREVIOUS_RESOURCES_FILE_NAME = 'previous-resources.json';
/** jest-junit's outputName (jest.config.ts), in the user's working directory. */
const JUNIT_FILE_NAME = 'junit-report.xml';

/**
 * The run's Jest config (jest.config.ts), handed to Jest as JSON: under tsx, Jest's own loading of
 * a .ts config (through ts-node) would receive tsx-transformed source and fail.
 */
function writeJestConfig(dir: string, options: RunOptions, scenariosDir: string): string {
  const file = path.join(dir, 'jest.config.json');
  const config = scenarioJestConfig({ config: options.config, lab: options.target.kind === 'lab', scenariosDir });
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export interface RunOutcome {
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

/**
 * Like the Python suite: the collector directory belongs to this run. The previous run's
 * tracked-resources file is kept, though: if that run was killed, it is the only record of what
 * it left on the cluster.
 */
export function freshCollectorDir(dir: string): void {
  const previousTracked = path.join(dir, RESOURCES_FILE_NAME);
  const previous = fs.existsSync(previousTracked) ? fs.readFileSync(previousTracked) : undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (previous) {
    const kept = path.join(dir, PREVIOUS_RESOURCES_FILE_NAME);
    fs.writeFileSync(kept, previous, { mode: 0o600 });
    process.stdout.write(
      `mtv-tests: kept the previous run's ${RESOURCES_FILE_NAME} as ${kept} (clean its leftovers with npx tsx tools/clean-cluster.ts ${kept})\n`,
    );
  }
}

/**
 * Writes the run options file (once; nobody rewrites it) and points this process and its Jest
 * workers at it. This process keeps the object it wrote: global setup, global teardown and an
 * in-band session ask runOptions() and get it without reading the file back.
 */
function publishRunOptions(dir: string, options: RunOptions): void {
  const runFile = path.join(dir, RUN_FILE_NAME);
  const { options: publicOptions, env } = splitSecrets(options);
  writeRunOptions(runFile, publicOptions);
  adoptRunOptions(runFile, options);
  Object.assign(process.env, env, { [RUN_FILE_ENV]: runFile });
}

function jestArgv(cli: CliOptions, scenarios: readonly LoadedScenario[], configFile: string): Config.Argv {
  return {
    _: scenarios.map((s) => s.file),
    $0: 'mtv-tests',
    config: configFile,
    runTestsByPath: true,
    json: true,
    outputFile: path.join(cli.dataCollectorPath, RESULTS_FILE_NAME),
    ...(cli.jest.testNamePattern !== undefined ? { testNamePattern: cli.jest.testNamePattern } : {}),
    ...(cli.jest.maxWorkers !== undefined ? { maxWorkers: cli.jest.maxWorkers } : {}),
    ...(cli.jest.bail !== undefined ? { bail: cli.jest.bail } : {}),
  };
}

export async function runScenarios(
  cli: CliOptions,
  settings: RunSettings,
  scenarios: readonly LoadedScenario[],
  labFaults: LabFaultRequest[],
  jira?: RunOptions['jira'],
): Promise<RunOutcome> {
  // The collector directory was made fresh before the pre-flight (freshCollectorDir).
  const dir = cli.dataCollectorPath;
  const options: RunOptions = {
    format: RUN_FILE_FORMAT,
    runId: `run-${randomBytes(3).toString('hex')}`,
    config: settings.config,
    sources: settings.sources,
    target: settings.target,
    providersPath: settings.providersPath,
    sourceProviderType: settings.sourceProviderType,
    dataCollectorDir: dir,
    skipTeardown: cli.skipTeardown,
    skipDataCollector: cli.skipDataCollector,
    liveView: cli.live || process.stdout.isTTY === true,
    labFaults,
    suiteModule: cli.suite,
    scenarios: [...scenarios],
    ...(jira ? { jira } : {}),
  };
  publishRunOptions(dir, options);
  const argv = jestArgv(cli, scenarios, writeJestConfig(dir, options, cli.scenariosDir));
  // Jest takes the config as the root (global) config only when the project is the cwd; every path
  // handed to it is absolute, and junit-report.xml's directory was fixed above (the user's cwd).
  const userCwd = process.cwd();
  process.chdir(REPO_ROOT);
  let results: Awaited<ReturnType<typeof runCLI>>['results'];
  const signals = forwardSignalsToWorkers(path.join(dir, RESOURCES_FILE_NAME));
  try {
    // One scenario file runs in this process: start it while Jest loads (worker-session.ts,
    // startAhead). Not with -t, where Jest may run none of its steps.
    if (scenarios.length === 1 && cli.jest.testNamePattern === undefined) workerSessionModule().workerSession().startAhead(scenarios[0]!);
    ({ results } = await runCLI(argv, [REPO_ROOT]));
  } finally {
    signals.dispose();
    process.chdir(userCwd);
  }
  finishRunArtifacts(options, path.resolve(JUNIT_FILE_NAME));

  const skips = scenarios.map((s) => [s.name, readSuiteProperties(dir, s.file).skip_reason] as const).filter(([, reason]) => reason);
  for (const [name, reason] of skips) process.stdout.write(`skipped ${name}: ${reason}\n`);
  const passed = results.numPassedTests;
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests;
  const interrupted = signals.received;
  if (interrupted) process.stdout.write(`mtv-tests: the run was interrupted (${interrupted})\n`);
  const exitCode = interrupted ? SIGNAL_EXIT_CODES[interrupted] : results.success && failed === 0 && process.exitCode !== 1 ? 0 : 1;
  return { passed, failed, skipped, exitCode };
}
