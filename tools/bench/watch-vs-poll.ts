/**
 * watch-vs-poll benchmark: the same wait done two ways, on the same status writes, in the same
 * run. One way is the suite's own wait (lib/k8s waitForCondition: list + watch). The other is
 * how the Python suite waits (TimeoutSampler with sleep=1 around a GET of the object): GET the
 * Plan, check the condition, sleep 1 s, repeat.
 *
 * Per sample: the watch wait starts (and its watch is registered), the poll starts (its first GET
 * at once, as TimeoutSampler's first sample), then the benchmark writes the condition after a
 * random delay in [0, 1 s) so the write lands at a uniform phase of the poll cycle; both reaction
 * times are taken from the moment the write was sent (always positive, so the ratio is defined).
 * The figure is median(poll) / median(watch).
 */
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { hasTrueCondition } from '../../lib/k8s/conditions';
import type { Benchmark } from '../bench';
import { figure, summaryLine, type Figure } from './figures';
import { median, positiveInt, startWatchWait, withPlanLab, type PlanLab } from './wait-reaction';

/** The Python suite's poll interval (TimeoutSampler sleep=1). */
export const POLL_INTERVAL_MS = 1000;
const POLL_TIMEOUT_MS = 10_000;

export interface WatchVsPollResult {
  samples: number;
  /** Wait returned minus write sent, per sample (ms). */
  watchMs: number[];
  pollMs: number[];
  /** median(poll) / median(watch). */
  speedup: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** GET every POLL_INTERVAL_MS until the condition is True; resolves with the time it saw it. */
async function pollWait(lab: PlanLab, type: string): Promise<number> {
  const deadline = performance.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const plan = await lab.client.get('Plan', lab.plan, lab.namespace);
    if (hasTrueCondition(plan, type)) return performance.now();
    if (performance.now() > deadline) throw new Error(`the poll for ${type} did not see it within ${POLL_TIMEOUT_MS} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}

export async function measureWatchVsPoll(lab: PlanLab, samples: number): Promise<WatchVsPollResult> {
  const watchMs: number[] = [];
  const pollMs: number[] = [];
  for (let i = 1; i <= samples; i++) {
    const type = `BenchPollVsWatch${i}`;
    const watch = await startWatchWait(lab, type);
    const poll = pollWait(lab, type);
    poll.catch(() => undefined); // awaited below
    await sleep(Math.random() * POLL_INTERVAL_MS);
    const sentAt = performance.now();
    await lab.writeCondition(type, `pair ${i}`);
    await watch.done;
    const polledAt = await poll;
    watchMs.push(watch.resolvedAt() - sentAt);
    pollMs.push(polledAt - sentAt);
  }
  return { samples, watchMs, pollMs, speedup: median(pollMs) / median(watchMs) };
}

export function watchVsPollFigure(r: WatchVsPollResult): Figure {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return figure('watch_vs_poll_speedup', Math.round(r.speedup * 10) / 10, {
    samples: r.samples,
    pollIntervalMs: POLL_INTERVAL_MS,
    watchMedianMs: round(median(r.watchMs)),
    pollMedianMs: round(median(r.pollMs)),
    watchMs: r.watchMs.map(round),
    pollMs: r.pollMs.map(round),
  });
}

async function run(args: string[]): Promise<number> {
  const o = new Command()
    .name('npm run bench -- watch-vs-poll')
    .description("the suite's watch-based wait against a 1 s GET poll, on the same status writes")
    .option('--samples <n>', 'status writes (each takes up to a second)', positiveInt('--samples'), 10)
    .parse(['node', 'watch-vs-poll', ...args])
    .opts<{ samples: number }>();
  const f = watchVsPollFigure(await withPlanLab((lab) => measureWatchVsPoll(lab, o.samples)));
  process.stdout.write(`${summaryLine('watch_vs_poll_speedup', f)}\n`);
  process.stdout.write(`  median reaction: watch ${String(f.detail.watchMedianMs)} ms, 1 s poll ${String(f.detail.pollMedianMs)} ms\n`);
  process.stdout.write(`BENCH watch-vs-poll ${JSON.stringify({ speedup: f.value, pass: f.pass, ...f.detail })}\n`);
  return f.pass ? 0 : 1;
}

export const benchmark: Benchmark = {
  description: "the suite's watch-based wait against the Python suite's 1 s poll, same writes, same run",
  run,
};
