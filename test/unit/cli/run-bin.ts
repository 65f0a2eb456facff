/** Runs the real `npm test` entry (bin/mtv-tests.ts) with tsx in a child process, in a clean environment. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
/** As `npm test` runs it. */
const REGISTER_TS = path.join(REPO, 'bin', 'register-ts.cjs');
export const FIXTURE_SUITE = path.join(REPO, 'test/unit/runner/fixture-suite/suite.ts');
export const FIXTURE_SCENARIOS = path.join(REPO, 'test/unit/runner/fixture-suite/scenarios');

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
  cwd: string;
}

/** A fresh cwd and HOME; no KUBECONFIG, CLUSTER_* or MTV_TESTS_* from the caller's environment. */
export function runBin(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): BinResult {
  const cwd = opts.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-bin-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(KUBECONFIG|CLUSTER_|MTV_TESTS_|PROVIDERS_JSON_PATH|JEST_WORKER_ID)/.test(k)) continue;
    env[k] = v;
  }
  const r = spawnSync(process.execPath, ['-r', REGISTER_TS, path.join(REPO, 'bin/mtv-tests.ts'), ...args], {
    cwd,
    env: { ...env, HOME: cwd, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

/** Files under a directory (relative), to prove a dry run created nothing. */
export function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}
