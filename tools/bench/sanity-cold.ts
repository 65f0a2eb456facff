/**
 * sanity-cold benchmark (`npm run bench -- sanity-cold`): one real `sanity-cold` run of the suite's
 * CLI against a lab the benchmark starts (suite-run.ts says how), then the wait-reaction
 * measurement, with the detail of where the run's time and requests go: time before, in and after
 * the scenario file, the slowest fixture setups, requests by verb (and by resource with
 * --details). Each figure is judged against its target (figures.ts); a miss is reported, not an
 * error. `npm run bench` (the `all` benchmark) measures every figure with repeated runs.
 */
import { Command } from 'commander';
import type { Benchmark } from '../bench';
import { TARGETS } from './figures';
import { fixtureSetupTimes, formatByVerb } from './run-analysis';
import { inWorkDir, runSuite, startBenchLab, type SuiteRunResult } from './suite-run';
import {
  formatRow,
  formatVerdict,
  measureWaitReaction,
  passes,
  positiveInt,
  WAIT_REACTION_TARGET_MS,
  waitReactionLines,
  type Verdict,
} from './wait-reaction';

const SCENARIO = 'sanity-cold';

export function sanityColdLines(r: SuiteRunResult, labStartMs: number, details = false): { lines: string[]; verdicts: Verdict[] } {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const overhead: Verdict = {
    label: 'suite overhead (wall - lab migration)',
    value: Math.round(r.overheadMs),
    unit: 'ms',
    target: TARGETS.overhead_s.target * 1000,
  };
  const requests: Verdict = {
    label: 'API requests (1 VM)',
    value: r.suiteRequests,
    unit: 'req',
    target: TARGETS.requests_sanity_cold.target,
  };
  const lines = [
    formatRow('lab start (before the run, not in wall)', s(labStartMs)),
    formatRow('wall time (CLI process start to exit)', s(r.wallMs)),
    formatRow('lab migration time', `${s(r.migrationMs)} (Migration created -> finished, seen by watch)`),
  ];
  for (const m of r.migrations) {
    lines.push(
      formatRow(
        `  ${m.name}`,
        `${m.outcome}; status.started->completed ${m.statusMs === undefined ? 'not set' : `${(m.statusMs / 1000).toFixed(0)} s`} (1 s resolution)`,
      ),
    );
  }
  lines.push(formatVerdict(overhead));
  if (r.jest) {
    const beforeFile = r.jest.fileStartEpochMs - r.startedEpochMs;
    const file = r.jest.fileEndEpochMs - r.jest.fileStartEpochMs;
    const after = r.startedEpochMs + r.wallMs - r.jest.fileEndEpochMs;
    lines.push(formatRow('  before the scenario file', `${s(beforeFile)} (node, tsx, CLI checks, Jest start)`));
    lines.push(formatRow('  scenario file', `${s(file)} (session fixtures, 5 steps ${s(r.jest.stepsMs)}, teardown)`));
    lines.push(formatRow('  after the scenario file', `${s(after)} (global teardown sweep, exit)`));
  }
  const slow = fixtureSetupTimes(r.logText)
    .slice(0, 3)
    .filter((f) => f.ms >= 50);
  if (slow.length) lines.push(formatRow('  slowest setups before step 1 (log)', slow.map((f) => `${f.fixture} ${s(f.ms)}`).join(', ')));
  lines.push(formatVerdict(requests));
  lines.push(formatRow('  by verb (counted by the lab)', formatByVerb(r.counted.byVerb)));
  lines.push(formatRow('  by client (User-Agent)', JSON.stringify(r.counted.byClient ?? {})));
  lines.push(
    formatRow('  counted by the suite (sessions)', r.suiteCounted === undefined ? 'no count in the session log' : String(r.suiteCounted)),
  );
  if (details) {
    for (const e of r.counted.entries)
      lines.push(formatRow(`    ${e.verb} ${e.resource || '(none)'}`, `${e.count}${e.namespace ? ` in ${e.namespace}` : ''}`, 60));
  }
  return { lines, verdicts: [overhead, requests] };
}

async function run(args: string[]): Promise<number> {
  const o = new Command()
    .name('npm run bench -- sanity-cold')
    .description('one real sanity-cold run against the embedded lab: wall time, suite overhead, API requests, wait reaction')
    .option('--wait-samples <n>', 'status changes timed for the wait reaction', positiveInt('--wait-samples'), 50)
    .option('--run-timeout <seconds>', 'give up on the suite run after this long', positiveInt('--run-timeout'), 300)
    .option('--keep', 'keep the work directory (lab state, run output, data collector)')
    .option('--details', 'also list the counted requests by verb, resource and namespace')
    .parse(['node', 'sanity-cold', ...args])
    .opts<{ waitSamples: number; runTimeout: number; keep?: boolean; details?: boolean }>();

  return inWorkDir('mtv-bench-sanity-', o.keep, async (workDir) => {
    process.stdout.write(`running ${SCENARIO} against a fresh lab (work directory ${workDir})\n`);
    const lab = await startBenchLab(workDir);
    let r: SuiteRunResult;
    try {
      r = await runSuite(lab, { label: SCENARIO, scenarios: [SCENARIO], timeoutMs: o.runTimeout * 1000 });
    } finally {
      await lab.stop();
    }
    const { lines, verdicts } = sanityColdLines(r, lab.labStartMs, o.details === true);
    process.stdout.write(`measuring wait reaction (${o.waitSamples} samples, lab without components)\n`);
    const w = await measureWaitReaction(o.waitSamples);
    const wait = waitReactionLines(w, WAIT_REACTION_TARGET_MS);
    for (const line of [...lines, ...wait.lines]) process.stdout.write(`${line}\n`);
    const all = [...verdicts, wait.verdict];
    process.stdout.write(`${all.filter(passes).length}/${all.length} targets met\n`);
    const summary = {
      labStartMs: Math.round(lab.labStartMs),
      wallMs: Math.round(r.wallMs),
      labMigrationMs: Math.round(r.migrationMs),
      overheadMs: Math.round(r.overheadMs),
      requests: { total: r.suiteRequests, byVerb: r.counted.byVerb, byClient: r.counted.byClient },
      suiteCountedRequests: r.suiteCounted,
      waitReactionMs: { median: wait.verdict.value, samples: w.samples },
      pass: Object.fromEntries(all.map((v) => [v.label, passes(v)])),
    };
    process.stdout.write(`BENCH sanity-cold ${JSON.stringify(summary)}\n`);
    return 0;
  });
}

export const benchmark: Benchmark = {
  description: 'one real sanity-cold run on the lab with the detail of where its time and requests go, and the wait reaction',
  run,
};
