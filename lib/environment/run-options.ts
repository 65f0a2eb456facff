/**
 * The run options file: how the CLI (bin/mtv-tests.ts) hands what it resolved and validated
 * (config, target, the selected scenarios, ...) to every Jest worker. The CLI writes it once,
 * before Jest starts, and nobody rewrites it; what is learned later travels in its own file (the
 * lab's, lab-info.ts). Its path travels in MTV_TESTS_RUN_FILE (workers inherit the environment).
 * Each process reads it at most once (runOptions()); the CLI process never does: it adopts the
 * object it wrote. Secrets (cluster token/password) are not written to it: they travel in the
 * MTV_TESTS_CLUSTER_* environment variables of the run and are put back when the file is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigKey, RunConfig } from '../config/keys';
import type { ProviderType } from '../config/providers-file';
import type { JiraStatuses } from '../jira/client';
import type { Target } from '../config/target';
import type { LabFaultRequest } from '../runner/run-context';
import type { LoadedScenario } from '../runner/scenario';
import { registerSecret } from '../log/redact';

export const RUN_FILE_ENV = 'MTV_TESTS_RUN_FILE';
export const RUN_FILE_NAME = 'run-options.json';
export const RUN_FILE_FORMAT = 'mtv-tests-run/2';
/**
 * Set (to the signal name) by the CLI when the run was interrupted. Jest restarts a worker that
 * exited during a test file and runs the file again; the restarted worker inherits this variable
 * and refuses to start scenarios, so an interrupted run creates nothing new.
 */
export const INTERRUPTED_ENV = 'MTV_TESTS_INTERRUPTED';

export interface RunOptions {
  format: typeof RUN_FILE_FORMAT;
  runId: string;
  config: RunConfig;
  sources: Partial<Record<ConfigKey, string>>;
  target: Target;
  providersPath: string;
  sourceProviderType: ProviderType | undefined;
  dataCollectorDir: string;
  skipTeardown: boolean;
  skipDataCollector: boolean;
  /** The compact live console view (lib/report/live-view.ts): --live, or stdout is a terminal. */
  liveView?: boolean;
  /** With --jira: the live status of every gated issue, looked up once by the CLI (gates.ts). */
  jira?: JiraStatuses;
  labFaults: LabFaultRequest[];
  /** Module whose default export is the Suite (fixtures + step bodies). */
  suiteModule: string;
  /** The scenarios selected for this run, validated by the CLI: workers never read a scenario file. */
  scenarios: LoadedScenario[];
}

const SECRET_ENV: Partial<Record<ConfigKey, string>> = {
  cluster_password: 'MTV_TESTS_CLUSTER_PASSWORD',
  cluster_token: 'MTV_TESTS_CLUSTER_TOKEN',
};

/** Removes secrets from the options and returns them as environment variables for the workers. */
export function splitSecrets(options: RunOptions): { options: RunOptions; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const config = { ...options.config };
  for (const [key, variable] of Object.entries(SECRET_ENV) as [ConfigKey, string][]) {
    const value = config[key];
    if (typeof value === 'string') env[variable] = value;
    delete config[key];
  }
  let target: Target = options.target;
  if (target.kind === 'cluster' && target.auth.method === 'token') target = { ...target, auth: { ...target.auth, token: '' } };
  if (target.kind === 'cluster' && target.auth.method === 'password') target = { ...target, auth: { ...target.auth, password: '' } };
  return { options: { ...options, config, target }, env };
}

function restoreSecrets(options: RunOptions, env: NodeJS.ProcessEnv): RunOptions {
  const config = { ...options.config };
  for (const [key, variable] of Object.entries(SECRET_ENV) as [ConfigKey, string][]) {
    const value = env[variable];
    if (value) {
      registerSecret(value); // this process logs too: mask the secret here as well
      (config as Record<string, unknown>)[key] = value;
    }
  }
  let target = options.target;
  if (target.kind === 'cluster' && target.auth.method === 'token')
    target = { ...target, auth: { ...target.auth, token: config.cluster_token ?? '' } };
  if (target.kind === 'cluster' && target.auth.method === 'password')
    target = { ...target, auth: { ...target.auth, password: config.cluster_password ?? '' } };
  return { ...options, config, target };
}

/** Written once, by the CLI, before Jest starts (0600, atomically). */
export function writeRunOptions(file: string, options: RunOptions): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(options, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export class RunOptionsMissingError extends Error {
  constructor(detail: string) {
    super(
      `${detail}: scenario files run through \`npm test\` (bin/mtv-tests.ts), which writes the run options file and sets ${RUN_FILE_ENV}`,
    );
    this.name = 'RunOptionsMissingError';
  }
}

export function runOptionsPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = env[RUN_FILE_ENV];
  if (!file) throw new RunOptionsMissingError(`${RUN_FILE_ENV} is not set`);
  return file;
}

export function readRunOptions(env: NodeJS.ProcessEnv = process.env): RunOptions {
  const file = runOptionsPath(env);
  let parsed: RunOptions;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as RunOptions;
  } catch (error) {
    throw new RunOptionsMissingError(`cannot read ${file} (${(error as Error).message})`);
  }
  if (parsed.format !== RUN_FILE_FORMAT)
    throw new RunOptionsMissingError(`${file} is not a run options file of this version (${RUN_FILE_FORMAT})`);
  return restoreSecrets(parsed, env);
}

let current: { file: string; options: RunOptions } | undefined;

/**
 * This process's run options: read from MTV_TESTS_RUN_FILE the first time, the same object after
 * that (global setup, the environment, the worker session and global teardown all ask).
 */
export function runOptions(env: NodeJS.ProcessEnv = process.env): RunOptions {
  const file = runOptionsPath(env);
  if (current?.file !== file) current = { file, options: readRunOptions(env) };
  return current.options;
}

/** The writer's side: the CLI's process keeps the object it wrote (with its secrets) instead of reading it back. */
export function adoptRunOptions(file: string, options: RunOptions): void {
  current = { file, options };
}
