/**
 * Issue #15 item 6 must-show: the manifests of `npm run job -- --shards 3` are accepted by
 * `kubectl apply --dry-run=server` against a lab started with `npm run lab` (an API server that
 * runs its defaults, admission and validation on a dry-run create and stores nothing).
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './support/cli';
import { startNpmLab, type NpmLab } from './support/npm-run-lab';

let lab: NpmLab;
beforeAll(async () => {
  lab = await startNpmLab();
}, 120_000);
afterAll(() => lab?.stop(), 30_000);

function kubectl(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('kubectl', ['--kubeconfig', lab.ready.kubeconfig, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('kubectl apply --dry-run=server accepts the Indexed Job of 3 shards and its results claim; nothing is stored', () => {
  expect(kubectl(['create', 'namespace', 'mtv-tests']).code).toBe(0);
  const job = spawnSync('npm', ['run', '--silent', 'job', '--', '--shards', '3', '--', '-m', 'tier0'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(job.status).toBe(0);
  const applied = kubectl(['apply', '--dry-run=server', '-f', '-'], job.stdout);
  expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
  expect(applied.stdout.trim().split('\n')).toEqual([
    'persistentvolumeclaim/mtv-tests-results created (server dry run)',
    'job.batch/mtv-tests created (server dry run)',
  ]);
  const listed = kubectl(['get', 'jobs,pvc', '-n', 'mtv-tests', '-o', 'name']);
  expect({ code: listed.code, stdout: listed.stdout }).toEqual({ code: 0, stdout: '' });
});

test('the lab refuses a dry run with a value kube-apiserver would refuse', () => {
  const r = kubectl(['create', 'configmap', 'x', '-n', 'default', '--dry-run=server', '-o', 'name']);
  expect(r.code).toBe(0);
  const raw = kubectl(['create', '--raw', '/api/v1/namespaces/default/configmaps?dryRun=Some', '-f', '-'], '{"metadata":{"name":"y"}}');
  expect(raw.code).not.toBe(0);
  expect(raw.stderr).toContain('Invalid dryRun value');
});
