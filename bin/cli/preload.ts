/**
 * While the pre-flight (lib/preflight) waits for the cluster and the source endpoints, this
 * process would only wait. When the run will be in band (one scenario file, or -w 1: Jest then
 * runs the test in this process), the modules the run loads anyway — Jest's runner, the test
 * environment, the worker session, the suite and the cluster client — are loaded meanwhile, on
 * the other core, so the preflight costs the run almost no wall time.
 *
 * Loading a module creates nothing on the cluster. Each module loads in its own macrotask and the
 * loading stops as soon as the preflight has failed, so a bad cluster is still reported at once.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Jest runs the test files in this process (Jest's rule: a single test file, or one worker). */
export function runsInBand(scenarioFiles: number, maxWorkers: string | undefined): boolean {
  return scenarioFiles <= 1 || (maxWorkers !== undefined && Number(maxWorkers) === 1);
}

/** What an in-band run requires, in the order it requires it. */
function preloads(suiteModule: string): Array<() => unknown> {
  const req = createRequire(path.join(REPO_ROOT, 'package.json'));
  return [
    () => req('jest-runner'),
    () => req('jest-circus/runner'),
    () => req('jest-runtime'),
    () => req(path.join(REPO_ROOT, 'lib', 'environment', 'mtv-environment.ts')),
    () => req(path.join(REPO_ROOT, 'lib', 'environment', 'worker-session.ts')),
    () => req(suiteModule),
    () => (req(path.join(REPO_ROOT, 'lib', 'k8s', 'client-node.ts')) as { loadClientNodeCore(): unknown }).loadClientNodeCore(),
  ];
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Awaits `preflight`, loading the in-band run's modules while it runs. A module that fails to load
 * is left to fail where the run loads it, with the run's own error reporting.
 */
export async function preflightWhilePreloading<T>(preflight: Promise<T>, suiteModule: string): Promise<T> {
  let settled = false;
  const watched = preflight.finally(() => {
    settled = true;
  });
  watched.catch(() => undefined); // awaited below
  for (const load of preloads(suiteModule)) {
    await nextMacrotask();
    if (settled) break;
    try {
      load();
    } catch {
      break;
    }
  }
  return watched;
}
