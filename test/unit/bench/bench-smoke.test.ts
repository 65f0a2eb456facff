/**
 * The benchmarks are not run by CI (their figures need a quiet machine), so a change to the lab
 * (e.g. CRD schema validation pruning or refusing what a benchmark writes) could break them
 * unnoticed. This runs each lab benchmark once with tiny counts and checks that it completes and
 * prints its machine-readable BENCH line. It asserts no figure: speed is the benchmark's business.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIGURE_NAMES } from '../../../tools/bench/figures';

const root = path.resolve(__dirname, '../../..');

function bench(args: string[], timeoutMs = 120_000): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'tools/bench.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

test('lab-api completes: creates, gets and watch delivery on Plans the CRD schema accepts', () => {
  const r = bench(['lab-api', '--creates', '5', '--gets', '5', '--watch-writes', '3', '--concurrency', '2']);
  expect(r.out).toMatch(/^BENCH lab-api \{.*"watchLatencyMs":\{"median":[\d.]+/m);
  // 1 is a missed latency target (a busy machine), not a broken benchmark: no figure is judged here.
  expect([0, 1]).toContain(r.status);
});

test('wait-reaction completes: the suite wait resolves on each status write', () => {
  const r = bench(['wait-reaction', '--samples', '3']);
  expect(r.out).toMatch(/^BENCH wait-reaction \{"samples":3,/m);
  expect(r.status).toBe(0);
});

test('watch-vs-poll completes: both waits see the same writes', () => {
  const r = bench(['watch-vs-poll', '--samples', '2']);
  expect(r.out).toMatch(/^BENCH watch-vs-poll \{"speedup":[\d.]+,"pass":(true|false),"samples":2,/m);
  expect([0, 1]).toContain(r.status);
});

test('the default benchmark writes every figure to --json in the documented shape (figures not judged here)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  const file = path.join(dir, 'bench.json');
  try {
    const r = bench(
      // The copy-offload family takes minutes: its own smoke test below runs one scenario of it.
      [
        '--json',
        file,
        '--runs',
        '1',
        '--vm-counts',
        '1,2',
        '--worker-scenarios',
        '2',
        '--wait-samples',
        '2',
        '--poll-samples',
        '1',
        '--skip-copyoffload',
      ],
      400_000,
    );
    // 0: every target met; 1: some missed (this machine is busy); anything else: the bench broke.
    if (r.status !== 0 && r.status !== 1) throw new Error(`the benchmark exited ${String(r.status)}:\n${r.out.slice(-3000)}`);
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & {
      figures: Record<string, Record<string, unknown>>;
      missed: string[];
    };
    expect(report).toMatchObject({
      format: 'mtv-bench/1',
      measuredAt: expect.any(String),
      machine: { cpus: expect.any(Number), loadavg: expect.any(Array), loadavgEnd: expect.any(Array), node: process.version },
      pass: r.status === 0,
    });
    expect(Object.keys(report.figures).sort()).toEqual([...FIGURE_NAMES].sort());
    for (const name of FIGURE_NAMES) {
      const f = report.figures[name]!;
      expect({ name, ...f }).toMatchObject({
        name,
        value: expect.any(Number),
        unit: expect.any(String),
        target: expect.any(Number),
        comparison: expect.stringMatching(/^(<=|>=)$/),
        pass: expect.any(Boolean),
        description: expect.any(String),
        detail: expect.any(Object),
      });
      expect(r.out).toMatch(new RegExp(`^${name} .*(PASS|MISS)$`, 'm'));
      expect(report.missed.includes(name)).toBe(!f.pass);
    }
    expect(r.out).toMatch(/^\d\/6 targets met/m);
    expect(report.measurements).toEqual({});
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 420_000);

test('copyoffload completes: the family wall time, printed and written, without a target', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  const file = path.join(dir, 'co.json');
  try {
    const r = bench(['copyoffload', '--scenarios', 'copyoffload-thin', '--json', file], 300_000);
    if (r.status !== 0) throw new Error(`the benchmark exited ${String(r.status)}:\n${r.out.slice(-3000)}`);
    expect(r.out).toMatch(/^copyoffload_family_wall_s +[\d.]+ s {3}\(1 scenarios; no target\)$/m);
    expect(r.out).toMatch(/^BENCH copyoffload \{"wallS":[\d.]+,"scenarios":1,/m);
    const m = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { value: number; detail: { names: string[] } }>)
      .copyoffload_family_wall_s!;
    expect(m.value).toBeGreaterThan(0);
    expect(m.detail.names).toEqual(['copyoffload-thin']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 320_000);
