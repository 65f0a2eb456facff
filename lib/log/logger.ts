/**
 * The suite's logger: winston to the console and to <data-collector>/mtv-tests.log, with every
 * message, metadata value and stack passed through redact() before any transport sees it.
 * One root logger per process; `childLogger({ scenario, step })` adds context.
 *
 * Format order matters: errors() → splat() (interpolate first) → redact → timestamp, then a
 * per-transport printf/json. Never JSON round-trip `info`: winston's Symbol keys would be lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as Winston from 'winston';
import { bundledPackage } from '../runtime/package-bundle';
import { isSecretKey, MASK, redact, redactText } from './redact';

// winston and the ~90 modules it loads, as one file (every process of a run logs).
const winston = bundledPackage<typeof Winston>('winston')();

export type Logger = Winston.Logger;
export const LOG_FILE_NAME = 'mtv-tests.log';

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    const value = info[key];
    info[key] = isSecretKey(key) && value !== undefined ? MASK : redact(value);
  }
  if (typeof info.message === 'string') info.message = redactText(info.message);
  return info;
});

const contextOf = (info: Winston.Logform.TransformableInfo): string => {
  const parts = [info.scenario, info.step].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.length ? ` [${parts.join(' / ')}]` : '';
};

const SHOWN = new Set(['level', 'message', 'timestamp', 'stack', 'scenario', 'step', 'component']);
/** Extra metadata (already redacted) as compact JSON, so the file keeps what was passed. */
const metaOf = (info: Winston.Logform.TransformableInfo): string => {
  const meta = Object.fromEntries(Object.entries(info).filter(([k]) => !SHOWN.has(k)));
  return Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
};

/** Sinks that receive every line this process logs while they are open (captureLines). */
const CAPTURE = Symbol.for('mtv-tests.log.capture');
const sinks = ((globalThis as { [CAPTURE]?: Set<string[]> })[CAPTURE] ??= new Set<string[]>());

// Runs inside logger.log(), synchronously: a line logged before stop() is in the capture, whatever
// the transports' buffering. Lines are already redacted (this format comes after redactFormat).
const captureFormat = winston.format((info) => {
  if (sinks.size === 0) return info;
  const line = `${String(info.timestamp)} ${info.level.toUpperCase().padEnd(5)}${contextOf(info)} ${String(info.message)}${info.stack ? `\n${String(info.stack)}` : ''}`;
  for (const sink of sinks) sink.push(line);
  return info;
});

/**
 * Collects the lines logged (at any level, every logger of this process) from now until stop():
 * a step's own log for the JUnit system-out and the run report. One step runs at a time per worker.
 */
export function captureLines(): { lines: string[]; stop(): string[] } {
  const lines: string[] = [];
  sinks.add(lines);
  return {
    lines,
    stop: () => {
      sinks.delete(lines);
      return lines;
    },
  };
}

export interface LoggerOptions {
  /** Directory for mtv-tests.log; no file when undefined. */
  dataCollectorDir?: string | undefined;
  consoleLevel?: string;
  fileLevel?: string;
  /** Console output off (e.g. for --list / --plan output that must stay clean). */
  silentConsole?: boolean;
}

// Process-wide root logger, for the same reason as the secret registry in redact.ts.
const ROOT = Symbol.for('mtv-tests.log.root');
const store = globalThis as { [ROOT]?: Logger };

export function createLogger(options: LoggerOptions = {}): Logger {
  const transports: Winston.transport[] = [
    new winston.transports.Console({
      level: options.consoleLevel ?? process.env.MTV_TESTS_LOG_LEVEL ?? 'info',
      silent: options.silentConsole === true,
      stderrLevels: ['error', 'warn'],
      format: winston.format.printf(
        (i) =>
          `${String(i.timestamp)} ${i.level.toUpperCase().padEnd(5)}${contextOf(i)} ${String(i.message)}${i.stack ? `\n${String(i.stack)}` : ''}`,
      ),
    }),
  ];
  if (options.dataCollectorDir) {
    fs.mkdirSync(options.dataCollectorDir, { recursive: true });
    transports.push(
      new winston.transports.File({
        filename: path.join(options.dataCollectorDir, LOG_FILE_NAME),
        level: options.fileLevel ?? 'debug',
        format: winston.format.printf(
          (i) =>
            `${String(i.timestamp)} ${i.level.toUpperCase().padEnd(5)} pid=${process.pid}${contextOf(i)} ${String(i.message)}${metaOf(i)}${i.stack ? `\n${String(i.stack)}` : ''}`,
        ),
      }),
    );
  }
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      winston.format.splat(),
      redactFormat(),
      winston.format.timestamp(),
      captureFormat(),
    ),
    transports,
    exitOnError: false,
  });
  logger.on('error', (error: unknown) => process.stderr.write(`logger error: ${redactText(String(error))}\n`));
  return logger;
}

/** Installs the process-wide root logger (the CLI and each Jest worker's environment do this once). */
export function initLogger(options: LoggerOptions): Logger {
  store[ROOT] = createLogger(options);
  return store[ROOT];
}

/** The root logger; before initLogger() a console-only logger. */
export function getLogger(): Logger {
  store[ROOT] ??= createLogger({});
  return store[ROOT];
}

export function childLogger(context: { scenario?: string; step?: string; component?: string }): Logger {
  return getLogger().child(context);
}

/** Flushes and closes the file transport (call before the process exits). */
export async function closeLogger(logger: Logger = getLogger()): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
    setTimeout(resolve, 2_000).unref();
  });
  if (logger === store[ROOT]) delete store[ROOT];
}
