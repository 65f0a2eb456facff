/**
 * Runs the cluster pre-flight (lib/preflight/cluster.ts) in a child process, so that the CLI's own
 * module graph stays free of lib/k8s and @kubernetes/client-node: `--list`, `--plan` and bad-input
 * runs stay fast. The child is started early (it loads the client while the parent goes on, e.g.
 * starting the embedded lab) and asked once; a failed check is one line and exit 2 before Jest starts.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ClusterAccessError, ClusterPreflightCrashError } from '../../exceptions/cluster-access';
import type { ClusterPreflightRequest } from './cluster';

const CHILD = path.join(__dirname, 'child.ts');
const REPO_ROOT = path.resolve(__dirname, '../..');
/** How `npm test` runs TypeScript (bin/register-ts.cjs). */
const REGISTER_TS = path.join(REPO_ROOT, 'bin', 'register-ts.cjs');
const CHILD_TIMEOUT_MS = 60_000;

export interface ClusterPreflightChild {
  /** Sends the request (once) and resolves when every cluster check passed. */
  check(request: ClusterPreflightRequest): Promise<void>;
  /** Ends the child without asking (the run failed before the cluster checks). */
  dispose(): void;
}

export function startClusterPreflight(): ClusterPreflightChild {
  const child = spawn(process.execPath, ['-r', REGISTER_TS, CHILD], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    async check(request) {
      const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
      child.stdin.end(JSON.stringify(request));
      const { code, signal, error } = await closed;
      clearTimeout(timer);
      if (error) throw error;
      const line = out.trim().split('\n').pop() ?? '';
      let verdict: { ok?: boolean; error?: string; input?: boolean } | undefined;
      try {
        verdict = JSON.parse(line) as typeof verdict;
      } catch {
        verdict = undefined;
      }
      if (verdict?.ok) return;
      if (verdict?.error && verdict.input) throw new ClusterAccessError(verdict.error);
      throw new ClusterPreflightCrashError(code, signal, verdict?.error ?? err.trim().split('\n').slice(-3).join(' | '));
    },
    dispose() {
      if (child.exitCode === null && child.signalCode === null) child.stdin.end();
    },
  };
}
