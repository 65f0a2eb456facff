/**
 * The real kubectl as a test peer: which binary (KUBECTL=/path picks another build), whether it is
 * installed (mandatory when CI=true), and one run against a lab with a private cache directory.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestLab, useLab } from './lab';

export const KUBECTL_INSTALL_HINT = 'kubectl is not installed: apt-get install kubernetes-client (or put kubectl on PATH)';
export const KUBECTL = process.env.KUBECTL || 'kubectl';
export const haveKubectl = !spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore', timeout: 10_000 }).error;
export const kubectlMandatory = process.env.CI === 'true';

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against `kubeconfig` (never an ambient one); resolves with the exit code, whatever it is. */
export function runKubectl(kubeconfig: string, cacheDir: string, args: string[], input?: string): Promise<KubectlRun> {
  const all = ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, '--request-timeout', '15s', ...args];
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL,
      all,
      { env: { PATH: process.env.PATH, HOME: cacheDir, KUBECONFIG: '' }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export type KubectlFn = (args: string[], input?: string) => Promise<KubectlRun>;

/**
 * A describe block against an API-server-only lab with kubectl bound to it (own cache directory);
 * skipped with the install hint when kubectl is missing, failing instead when CI=true.
 */
export function describeWithKubectl(title: string, body: (kubectl: KubectlFn, lab: () => TestLab) => void): void {
  if (!haveKubectl && !kubectlMandatory) {
    describe(title, () => {
      it.skip(`skipped: ${KUBECTL_INSTALL_HINT}`, () => undefined);
    });
    return;
  }
  describe(title, () => {
    const lab = useLab({ components: false });
    let cacheDir: string;
    beforeAll(() => {
      if (!haveKubectl) throw new Error(`CI=true requires kubectl: ${KUBECTL_INSTALL_HINT}`);
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
    });
    afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
    body((args, input) => runKubectl(lab().kubeconfig, cacheDir, args, input), lab);
  });
}
