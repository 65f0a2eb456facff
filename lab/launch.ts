/**
 * launchLabProcess: runs `lab/main.ts` as a child process and waits (with a timeout) for its
 * LAB READY line. Self-tests and the suite's Jest global setup use it, so they reach the lab only
 * over HTTP, exactly as they would reach a real cluster.
 *
 * The lab's one public module: suite code imports nothing else from lab/. Besides the launcher it
 * re-exports the fault catalog, which the CLI checks --lab-fault against before it starts the lab,
 * and the User-Agent of the lab's own API requests, which the benchmark leaves out of its counts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { RemoteClusterInfo } from './remote/cluster';
import { CONFIG_FILE } from './state-files';

export type { RemoteClusterInfo } from './remote/cluster';

export { FAULT_CATALOG, type FaultSpec } from './faults-catalog';
/** The lab providers file's keys and their source types (the suite's gates need the type before the lab runs). */
export { LAB_PROVIDER_TYPES } from './provider-keys';
/** The User-Agent of the lab's own API requests (the inventory's authorization checks), for request accounting. */
export { INVENTORY_USER_AGENT } from './inventory/auth';

export interface LaunchOptions {
  stateDir?: string;
  port?: number;
  faults?: string[];
  env?: NodeJS.ProcessEnv;
  /** false: API server only (`--no-components`); default true. */
  components?: boolean;
  extraArgs?: string[];
  timeoutMs?: number; // default 30 000
  /** Receives the lab's output lines after READY (stdout and stderr); default: dropped. */
  onOutput?: (line: string) => void;
}

export interface LaunchedLab {
  url: string;
  kubeconfig: string;
  stateDir: string;
  adminToken: string;
  /** The remote destination cluster (name for remote_ocp_cluster, URL, its admin kubeconfig), when the lab runs one. */
  remote?: RemoteClusterInfo;
  pid: number;
  /** How the process ended (undefined while it runs); a clean stop is code 0. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(__dirname, 'main.ts');

interface ReadyLine {
  url: string;
  kubeconfig: string;
  stateDir: string;
  remote?: RemoteClusterInfo;
}

function isReady(v: unknown): v is ReadyLine {
  const r = v as Partial<ReadyLine> | null;
  return !!r && typeof r.url === 'string' && typeof r.kubeconfig === 'string' && typeof r.stateDir === 'string';
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export async function launchLabProcess(opts: LaunchOptions = {}): Promise<LaunchedLab> {
  const args = ['--import', 'tsx', MAIN, '--exit-with-stdin'];
  if (opts.stateDir) args.push('--state-dir', path.resolve(opts.stateDir));
  if (opts.port !== undefined) args.push('--port', String(opts.port));
  for (const f of opts.faults ?? []) args.push('--fault', f);
  if (opts.components === false) args.push('--no-components');
  args.push(...(opts.extraArgs ?? []));
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const tail: string[] = [];
  const keep = (line: string): void => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
  };

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`lab did not start: ${why}\n--- lab output (last lines) ---\n${tail.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`no "LAB READY" line within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (e) => fail(`spawn failed: ${e.message}`));
    child.once('exit', (code, signal) => fail(`the lab process exited (code ${code ?? '-'}, signal ${signal ?? '-'})`));
    readline
      .createInterface({ input: child.stderr as NodeJS.ReadableStream })
      .on('line', (line) => (settled ? opts.onOutput?.(line) : keep(line)));
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (settled) return opts.onOutput?.(line);
      keep(line);
      if (!line.startsWith('LAB READY ')) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line.slice('LAB READY '.length));
      } catch {
        return fail('the LAB READY line is not JSON');
      }
      if (!isReady(parsed)) return fail('the LAB READY line lacks url/kubeconfig/stateDir');
      settled = true;
      clearTimeout(timer);
      resolve(parsed);
    });
  });

  const config = JSON.parse(fs.readFileSync(path.join(ready.stateDir, CONFIG_FILE), 'utf8')) as { adminToken: string };
  let stopping: Promise<void> | undefined;
  return {
    ...ready,
    adminToken: config.adminToken,
    pid: child.pid ?? -1,
    exitStatus: () =>
      child.exitCode !== null || child.signalCode !== null ? { code: child.exitCode, signal: child.signalCode } : undefined,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        if (!(await waitExit(child, 5000))) {
          child.kill('SIGKILL');
          await waitExit(child, 2000);
        }
        child.stdin?.destroy();
      })()),
  };
}
