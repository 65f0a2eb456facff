/**
 * The benchmarks are not run by CI (their figures need a quiet machine), so a change to the lab
 * (e.g. CRD schema validation pruning or refusing what a benchmark writes) could break them
 * unnoticed. This runs each lab benchmark once with tiny counts and checks that it completes and
 * prints its machine-readable BENCH line. It asserts no figure: speed is the benchmark's business.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function bench(args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'tools/bench.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

test('lab-api completes: creates, gets and watch delivery on Plans the CRD schema accepts', () => {
  const r = bench(['lab-api', '--creates', '5', '--gets', '5', '--watch-writes', '3', '--concurrency', '2']);
  expect(r.out).toMatch(/^BENCH lab-api \{.*"watchLatencyMs":\{"median":[\d.]+/m);
  expect(r.status).toBe(0);
});

test('wait-reaction completes: the suite wait resolves on each status write', () => {
  const r = bench(['wait-reaction', '--samples', '3']);
  expect(r.out).toMatch(/^BENCH wait-reaction \{"samples":3,/m);
  expect(r.status).toBe(0);
});
