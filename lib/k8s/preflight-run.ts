/**
 * Runs the real-cluster preflight (lib/k8s/preflight.ts) in a child process. The CLI must not load
 * lib/k8s itself: with one scenario Jest runs in band, in the CLI's own process, and the suite it
 * loads through tsx would then mix its own copies of lib/k8s and exceptions/ with the CLI's, so an
 * error class from one copy fails `instanceof` in the other (seen: the plan-Ready timeout lost the
 * providers' conditions). A child keeps the CLI's module graph free of them.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ClusterAccessError } from '../../exceptions/cluster-access';
import { clusterAccessOf, type Target } from '../config/target';

const CHILD = path.join(__dirname, 'preflight-main.ts');
// `--import tsx` resolves tsx from the working directory: run the child from the repository.
const REPO_ROOT = path.resolve(__dirname, '../..');
const CHILD_TIMEOUT_MS = 60_000;

export function preflightCluster(target: Extract<Target, { kind: 'cluster' }>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
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
      else reject(new Error(`the cluster preflight child ended without a verdict (code ${code}, signal ${signal}): ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
    child.stdin.end(JSON.stringify(clusterAccessOf(target)));
  });
}
