/**
 * Jest globalTeardown (main process, after all workers finished). The backstop for session
 * teardown:
 *  1. an in-band run's session lives in this process: tear it down first;
 *  2. unless --skip-teardown, sweep the tracked-resources file (<data-collector>/resources.json):
 *     whatever a crashed or killed worker left is removed (lib/resources/sweep.ts);
 *  3. stop the lab if global setup started it.
 * Errors are printed and make the run fail; they never stop the later steps.
 */
import fs from 'node:fs';
import type { LaunchedLab } from '../../lab/launch';
import { requireFramework } from './node-require';
import { runOptions, type RunOptions } from './run-options';
import { LAB_HANDLE } from './global-setup';
import type * as WorkerSessionModule from './worker-session';
import type * as SweepModule from '../resources/sweep';
import type * as TrackerModule from '../resources/tracker';
import type * as LoggerModule from '../log/logger';

/** Framework modules, from this process's shared module cache (as the environment loads them). */
const load = requireFramework;

function fail(step: string, error: unknown): void {
  process.stderr.write(`mtv-tests global teardown: ${step} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

async function sweep(options: RunOptions): Promise<void> {
  const { RESOURCES_FILE_NAME, readTrackedFile, unverifiedEntries } = load<typeof TrackerModule>('../resources/tracker.ts');
  const file = `${options.dataCollectorDir}/${RESOURCES_FILE_NAME}`;
  if (!fs.existsSync(file)) return;
  const { initLogger, closeLogger } = load<typeof LoggerModule>('../log/logger.ts');
  const log = initLogger({ dataCollectorDir: options.dataCollectorDir });
  let result: Awaited<ReturnType<typeof SweepModule.sweepTrackedResources>>;
  try {
    const tracked = readTrackedFile(file);
    if (unverifiedEntries(tracked).length === 0) {
      // Every session tore itself down and saw each of its objects gone: nothing to ask the cluster.
      log.info(
        `sweep of ${file}: ${tracked.entries.length} tracked object(s), each verified gone by its session's teardown, none left: nothing to do`,
      );
      return;
    }
    // Loaded only now: the sweep's modules (cluster client, source providers) are most of what a
    // multi-worker run's main process would otherwise load at its end for nothing (0.2-0.5 s).
    const { sweepTrackedResources, clientForTrackedFile } = load<typeof SweepModule>('../resources/sweep.ts');
    const { accessFor } = load<typeof WorkerSessionModule>('./worker-session.ts');
    const client = await clientForTrackedFile(file, log, accessFor(options));
    result = await sweepTrackedResources(file, { client, skipVerified: true });
  } finally {
    await closeLogger(log);
  }
  if (result.leftovers.length) {
    fail(
      'the sweep',
      new Error(`${result.leftovers.length} leftover(s): ${result.leftovers.map((l) => `${l.object} (${l.reason})`).join('; ')}`),
    );
  }
}

export default async function globalTeardown(): Promise<void> {
  let options: RunOptions | undefined;
  try {
    options = runOptions();
  } catch (error) {
    fail('reading the run options', error);
  }
  try {
    const holder = globalThis as { [k: symbol]: unknown };
    if (holder[Symbol.for('mtv-tests.worker-session')])
      await load<typeof WorkerSessionModule>('./worker-session.ts').shutdownWorkerSession();
  } catch (error) {
    fail('the in-process session teardown', error);
  }
  if (options && !options.skipTeardown) {
    try {
      await sweep(options);
    } catch (error) {
      fail('the tracked-resources sweep', error);
    }
  }
  const lab = (globalThis as { [LAB_HANDLE]?: LaunchedLab })[LAB_HANDLE];
  if (lab) {
    try {
      await lab.stop();
    } catch (error) {
      fail('stopping the lab', error);
    }
  }
}
