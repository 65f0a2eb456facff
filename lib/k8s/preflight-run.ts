/**
 * Runs the real-cluster preflight (lib/k8s/preflight.ts) in a child process, so that the CLI's own
 * module graph stays free of lib/k8s and @kubernetes/client-node: `--list`, `--plan` and bad-input
 * runs stay fast, and a failed preflight (unreachable API, refused login, untrusted TLS) is one line
 * and exit 2 before Jest starts. (It was first moved here when the in-band suite loaded its own
 * copies of lib/k8s through tsx's namespaced require and an error class from one copy failed
 * `instanceof` in the other; requireFramework now shares one copy.)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ClusterAccessError, ClusterPreflightCrashError } from '../../exceptions/cluster-access';
import { clusterAccessOf, type Target } from '../config/target';

const CHILD = path.join(__dirname, 'preflight-main.ts');
const REPO_ROOT = path.resolve(__dirname, '../..');
/** How `npm test` runs TypeScript (bin/register-ts.cjs). */
const REGISTER_TS = path.join(REPO_ROOT, 'bin', 'register-ts.cjs');
const CHILD_TIMEOUT_MS = 60_000;

export function preflightCluster(target: Extract<Target, { kind: 'cluster' }>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_TS, CHILD], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      let verdict: { ok?: boolean; error?: string } | undefined;
      try {
        verdict = JSON.parse(line) as { ok?: boolean; error?: string };
      } catch {
        verdict = undefined;
      }
      if (verdict?.ok) resolve();
      else if (verdict?.error) reject(new ClusterAccessError(verdict.error));
      else reject(new ClusterPreflightCrashError(code, signal, err.trim().split('\n').slice(-3).join(' | ')));
    });
    child.stdin.end(JSON.stringify(clusterAccessOf(target)));
  });
}
