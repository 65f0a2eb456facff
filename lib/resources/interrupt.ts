/**
 * Signal-safe teardown: while a session owns cluster objects, SIGINT/SIGTERM run its teardown
 * before the process exits (130 / 143, the shell conventions), instead of Node's default of dying
 * on the spot and leaving everything behind. A second signal during that teardown exits at once.
 */
export type Teardown = () => Promise<void>;

const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

export function teardownOnSignal(teardown: Teardown, log: { warn(m: string): void; error(m: string): void }, what: string): () => void {
  let running = false;
  const handler = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (running) {
      log.error(`${signal} again: exiting without finishing the teardown of ${what}`);
      process.exit(EXIT_CODES[signal]);
    }
    running = true;
    log.warn(`${signal} received: tearing down ${what} before exiting (send it again to exit at once)`);
    teardown()
      .catch((error: unknown) =>
        log.error(`teardown of ${what} after ${signal} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => process.exit(EXIT_CODES[signal]));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
