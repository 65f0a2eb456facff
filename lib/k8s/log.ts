/**
 * The logging surface the cluster layer needs. The suite's winston logger (lib/log) satisfies it;
 * self-tests pass a capturing logger. Messages never contain secret values: callers log names,
 * kinds and conditions, not object data.
 */
export interface SuiteLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  error(message: string): void;
}

export const silentLog: SuiteLog = { info() {}, warn() {}, debug() {}, error() {} };
