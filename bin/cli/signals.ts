/**
 * SIGINT/SIGTERM sent to the CLI while Jest runs scenario files in worker processes.
 *
 * A terminal's Ctrl-C reaches the whole process group, but `kill <cli pid>` (CI timeouts, job
 * runners) reaches only the CLI, and Node's default would end it on the spot: the workers lose
 * their parent and exit without tearing their sessions down, and global teardown never sweeps.
 * So while Jest runs, the first signal is forwarded to every Jest worker (each tears its session
 * down, lib/resources/interrupt.ts) and INTERRUPTED_ENV is set, so a worker Jest restarts for the
 * interrupted file starts nothing new; Jest then finishes, global teardown sweeps and stops the
 * lab, and the CLI exits with the signal's code. A second signal kills the workers at once and
 * exits, naming the resources file to clean up from.
 *
 * In-band runs (one scenario file, or -w 1) host the session in this process; its own signal
 * handler tears it down. With neither workers nor such a handler there is nothing to wait for,
 * and the signal ends the process as it would have without this module.
 */
import { jestWorkerPids } from '../../lib/environment/jest-workers';
import { INTERRUPTED_ENV } from '../../lib/environment/run-options';

type Signal = 'SIGINT' | 'SIGTERM';
export const SIGNAL_EXIT_CODES: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface SignalForwarding {
  /** The first signal received, if any. */
  readonly received: Signal | undefined;
  dispose(): void;
}

export function forwardSignalsToWorkers(
  resourcesFile: string,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): SignalForwarding {
  let received: Signal | undefined;
  const handler = (signal: Signal): void => {
    const workers = jestWorkerPids();
    if (received !== undefined) {
      write(
        `mtv-tests: ${signal} again: killing ${workers.length} Jest worker(s) without teardown; remove what they left with: npx tsx tools/clean-cluster.ts ${resourcesFile}`,
      );
      for (const pid of workers) kill(pid, 'SIGKILL');
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    received = signal;
    process.env[INTERRUPTED_ENV] = signal;
    // Only this handler: nothing in this process owns a session to tear down.
    if (workers.length === 0 && process.listenerCount(signal) === 1) process.exit(SIGNAL_EXIT_CODES[signal]);
    if (workers.length > 0) {
      write(
        `mtv-tests: ${signal} received: forwarding it to ${workers.length} Jest worker(s) (pids ${workers.join(', ')}); each tears its session down (send it again to exit at once)`,
      );
      for (const pid of workers) kill(pid, signal);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
