/**
 * The default benchmark (`npm run bench [-- --json <file>]`): every figure of issue 16, each with
 * its target and PASS/MISS (figures.ts has the list and the JSON shape). Exit code 0 when every
 * target is met, 1 when one is missed (the summary names it), and the "bench failed" exit 1 with
 * the cause when a run could not be measured at all.
 *
 * One lab with its components serves every suite run (suite-run.ts: how runs are timed and their
 * requests counted); a second lab without components serves the wait measurements, so nothing
 * but the benchmark writes the Plan there.
 *  - overhead_s, requests_sanity_cold: `--runs` (>= 3 for a figure to report) runs of the
 *    project's sanity-cold scenario; overhead per run = wall - lab migration time; the medians.
 *  - requests_per_extra_vm: one run per `--vm-counts` entry of a scenario whose one plan has that
 *    many clones of mtv-tests-rhel8; the least-squares slope of requests over VMs.
 *  - two_worker_wall_ratio: `--worker-scenarios` copies of sanity-cold in one run with -w 1, then
 *    with -w 2; wall time of the second over the first.
 *  - reaction_ms_median: wait-reaction.ts; watch_vs_poll_speedup: watch-vs-poll.ts.
 *  - copyoffload_family_wall_s (a measurement, no target; --skip-copyoffload leaves it out): one run
 *    of every copy-offload scenario (copyoffload.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Benchmark } from '../bench';
import { COPYOFFLOAD_MEASUREMENT, measureCopyOffloadFamily } from './copyoffload';
import { FIGURE_NAMES, figure, report, slope, summaryLines, type Figure, type FigureName, type Measurement } from './figures';
import { runSuite, startBenchLab, type BenchLab, type SuiteRunResult } from './suite-run';
import { measureOn, median, positiveInt, withPlanLab } from './wait-reaction';
import { measureWatchVsPoll, watchVsPollFigure } from './watch-vs-poll';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SANITY = 'sanity-cold';
const CLONE_SOURCE = 'mtv-tests-rhel8';

interface Options {
  json?: string;
  runs: number;
  vmCounts: number[];
  workerScenarios: number;
  waitSamples: number;
  pollSamples: number;
  runTimeout: number;
  copyoffloadTimeout: number;
  skipCopyoffload?: boolean;
  keep?: boolean;
}

function vmCounts(v: string): number[] {
  const counts = v.split(',').map((s) => Number(s.trim()));
  if (counts.length < 2 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 20) || new Set(counts).size !== counts.length)
    throw new InvalidArgumentError('--vm-counts must be at least two different VM counts from 1 to 20, e.g. 1,2,4');
  return counts;
}

function parseOptions(args: string[]): Options {
  return new Command()
    .name('npm run bench --')
    .description('every benchmark figure with its target; exit 1 when a target is missed')
    .option('--json <file>', 'write the figures as JSON (format mtv-bench/1, see tools/bench/figures.ts)')
    .option('--runs <n>', 'sanity-cold runs for overhead_s and requests_sanity_cold (median)', positiveInt('--runs'), 3)
    .option('--vm-counts <list>', 'VMs per plan for requests_per_extra_vm', vmCounts, [1, 2, 4])
    .option('--worker-scenarios <n>', 'scenarios in each two_worker_wall_ratio run', positiveInt('--worker-scenarios'), 4)
    .option('--wait-samples <n>', 'status writes for reaction_ms_median', positiveInt('--wait-samples'), 50)
    .option('--poll-samples <n>', 'status writes for watch_vs_poll_speedup (up to 1 s each)', positiveInt('--poll-samples'), 10)
    .option('--run-timeout <seconds>', 'give up on one suite run after this long', positiveInt('--run-timeout'), 300)
    .option(
      '--copyoffload-timeout <seconds>',
      'give up on the copy-offload family run after this long',
      positiveInt('--copyoffload-timeout'),
      1800,
    )
    .option('--skip-copyoffload', 'leave out the copy-offload family measurement (several minutes)')
    .option('--keep', 'keep the work directory (lab state, run outputs, data collectors)')
    .parse(['node', 'all', ...args])
    .opts<Options>();
}

// ---------------------------------------------------------------------------------------------
// Scenario files the runs use, written to the work directory (--scenarios-dir).

function writeScenario(dir: string, name: string, description: string, plan: object, extra: object = {}): void {
  const body = { name, description, markers: ['vsphere'], fixtures: ['cleanupMigratedVms'], ...extra, plan };
  fs.writeFileSync(path.join(dir, `${name}.scenario.json`), `${JSON.stringify(body, null, 2)}\n`);
}

/** bench-vms-<n>: one plan of n clones of mtv-tests-rhel8; bench-w-<i>: copies of sanity-cold. */
function writeScenarios(dir: string, o: Options): { vms: Map<number, string>; workers: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const vms = new Map<number, string>();
  for (const n of o.vmCounts) {
    const name = `bench-vms-${n}`;
    const virtualMachines = Array.from({ length: n }, (_, i) => ({
      name: CLONE_SOURCE,
      guestAgent: true,
      clone: true,
      cloneName: `bench-${n}vm-${i + 1}`,
    }));
    writeScenario(dir, name, `benchmark: one cold plan of ${n} clone(s) of ${CLONE_SOURCE}`, { virtualMachines, warm: false });
    vms.set(n, name);
  }
  const sanity = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scenarios', `${SANITY}.scenario.json`), 'utf8')) as {
    plan: object;
    fixtures?: string[];
  };
  const workers: string[] = [];
  for (let i = 1; i <= o.workerScenarios; i++) {
    const name = `bench-w-${i}`;
    writeScenario(dir, name, `benchmark: a copy of ${SANITY}`, sanity.plan, { fixtures: sanity.fixtures ?? [] });
    workers.push(name);
  }
  return { vms, workers };
}

// ---------------------------------------------------------------------------------------------
// The figures.

const s3 = (ms: number): number => Math.round(ms) / 1000;

type Figures = Partial<Record<FigureName, Figure>>;

async function sanityFigures(lab: BenchLab, o: Options, log: (line: string) => void): Promise<Figures> {
  const runs: SuiteRunResult[] = [];
  for (let i = 1; i <= o.runs; i++) {
    const r = await runSuite(lab, { label: `sanity-${i}`, scenarios: [SANITY], timeoutMs: o.runTimeout * 1000 });
    log(`  ${SANITY} run ${i}/${o.runs}: wall ${s3(r.wallMs)} s, lab migration ${s3(r.migrationMs)} s, ${r.suiteRequests} requests`);
    runs.push(r);
  }
  const first = runs[0]!;
  const overhead = figure('overhead_s', s3(median(runs.map((r) => r.overheadMs))), {
    runs: runs.map((r) => ({ wallS: s3(r.wallMs), labMigrationS: s3(r.migrationMs), overheadS: s3(r.overheadMs) })),
    medianOf: runs.length,
    ...(runs.length < 3 ? { note: 'fewer than 3 runs: not a figure to report' } : {}),
    ...(first.jest
      ? {
          firstRun: {
            beforeScenarioFileS: s3(first.jest.fileStartEpochMs - first.startedEpochMs),
            scenarioFileS: s3(first.jest.fileEndEpochMs - first.jest.fileStartEpochMs),
            stepsS: s3(first.jest.stepsMs),
            afterScenarioFileS: s3(first.startedEpochMs + first.wallMs - first.jest.fileEndEpochMs),
          },
        }
      : {}),
  });
  const requests = figure('requests_sanity_cold', median(runs.map((r) => r.suiteRequests)), {
    runs: runs.map((r) => r.suiteRequests),
    byVerb: first.counted.byVerb,
    byClient: first.counted.byClient ?? {},
    suiteCountedBySessions: first.suiteCounted ?? null,
  });
  return { overhead_s: overhead, requests_sanity_cold: requests };
}

async function perVmFigure(
  lab: BenchLab,
  o: Options,
  scenarios: Map<number, string>,
  dir: string,
  log: (l: string) => void,
): Promise<Figure> {
  const points: Array<{ vms: number; requests: number }> = [];
  for (const [n, name] of scenarios) {
    const r = await runSuite(lab, { label: name, scenarios: [name], scenariosDir: dir, timeoutMs: o.runTimeout * 1000 });
    log(`  ${name}: ${r.suiteRequests} requests, wall ${s3(r.wallMs)} s`);
    points.push({ vms: n, requests: r.suiteRequests });
  }
  const value = slope(points.map((p) => ({ x: p.vms, y: p.requests })));
  return figure('requests_per_extra_vm', Math.round(value * 10) / 10, { points });
}

/** A multi-scenario run's wall time split around its scenario files (Jest's results). */
function phases(r: SuiteRunResult): object | null {
  if (!r.jest) return null;
  return {
    beforeFirstFile: s3(r.jest.fileStartEpochMs - r.startedEpochMs),
    filesSpan: s3(r.jest.fileEndEpochMs - r.jest.fileStartEpochMs),
    filesSum: s3(r.jest.filesMs),
    afterLastFile: s3(r.startedEpochMs + r.wallMs - r.jest.fileEndEpochMs),
  };
}

async function workersFigure(lab: BenchLab, o: Options, scenarios: string[], dir: string, log: (l: string) => void): Promise<Figure> {
  const runs: Record<string, SuiteRunResult> = {};
  for (const workers of [1, 2]) {
    const r = await runSuite(lab, {
      label: `workers-${workers}`,
      scenarios,
      scenariosDir: dir,
      workers,
      timeoutMs: o.runTimeout * 1000,
    });
    log(`  ${scenarios.length} scenarios with -w ${workers}: wall ${s3(r.wallMs)} s`);
    runs[`w${workers}`] = r;
  }
  const ratio = runs.w2!.wallMs / runs.w1!.wallMs;
  return figure('two_worker_wall_ratio', Math.round(ratio * 100) / 100, {
    scenarios: scenarios.length,
    wallS: { w1: s3(runs.w1!.wallMs), w2: s3(runs.w2!.wallMs) },
    // Where each run's wall time went: the fixed part before the first scenario file starts and
    // after the last one ends (start-up; session teardown, sweep, exit), and the files themselves.
    phasesS: { w1: phases(runs.w1!), w2: phases(runs.w2!) },
  });
}

async function waitFigures(o: Options, log: (l: string) => void): Promise<Figures> {
  return withPlanLab(async (lab) => {
    const w = await measureOn(lab, o.waitSamples);
    const reaction = w.afterWriteMs.map((v) => Math.max(0, v));
    const round = (n: number): number => Math.round(n * 100) / 100;
    const reactionFigure = figure('reaction_ms_median', round(median(reaction)), {
      samples: w.samples,
      fromWriteSentMedianMs: round(median(w.afterSendMs)),
      maxMs: round(Math.max(...reaction)),
    });
    log(`  wait reaction: ${w.samples} samples`);
    const p = watchVsPollFigure(await measureWatchVsPoll(lab, o.pollSamples));
    log(`  watch vs 1 s poll: ${o.pollSamples} samples`);
    return { reaction_ms_median: reactionFigure, watch_vs_poll_speedup: p };
  });
}

interface Measured {
  figures: Record<FigureName, Figure>;
  measurements: Record<string, Measurement>;
}

async function measure(o: Options, workDir: string, log: (l: string) => void): Promise<Measured> {
  const scenariosDir = path.join(workDir, 'scenarios');
  const files = writeScenarios(scenariosDir, o);
  const lab = await startBenchLab(workDir);
  log(`lab started in ${s3(lab.labStartMs)} s (not part of any figure)`);
  const out: Figures = {};
  const measurements: Record<string, Measurement> = {};
  try {
    Object.assign(out, await sanityFigures(lab, o, log));
    out.requests_per_extra_vm = await perVmFigure(lab, o, files.vms, scenariosDir, log);
    out.two_worker_wall_ratio = await workersFigure(lab, o, files.workers, scenariosDir, log);
    if (!o.skipCopyoffload) {
      const m = await measureCopyOffloadFamily(lab, o.copyoffloadTimeout * 1000);
      log(`  copy-offload family: ${String(m.detail.scenarios)} scenarios, wall ${m.value} s`);
      measurements[COPYOFFLOAD_MEASUREMENT] = m;
    }
  } finally {
    await lab.stop();
  }
  Object.assign(out, await waitFigures(o, log));
  // Every figure is measured above; a missing one would be a bug here, reported as not measured.
  const figures = Object.fromEntries(FIGURE_NAMES.map((n) => [n, out[n] ?? figure(n, null, { error: 'not measured' })])) as Record<
    FigureName,
    Figure
  >;
  return { figures, measurements };
}

async function run(args: string[]): Promise<number> {
  const o = parseOptions(args);
  const loadStart = os.loadavg();
  const startedAt = new Date();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-bench-'));
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  let ok = false;
  try {
    log(`benchmark: work directory ${workDir}, load average ${loadStart.map((n) => n.toFixed(2)).join(' ')}`);
    const m = await measure(o, workDir, log);
    const r = report(m.figures, startedAt, loadStart, m.measurements);
    if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(r, null, 2)}\n`);
    for (const line of summaryLines(r)) log(line);
    if (o.json) log(`figures written to ${o.json}`);
    ok = true;
    return r.pass ? 0 : 1;
  } finally {
    if (o.keep || !ok) log(`work directory kept: ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  description:
    'every figure (overhead, requests, reaction, watch vs poll, per-VM slope, two workers) with targets, and the copy-offload family wall time; --json <file>',
  run,
};
