/**
 * The copy-offload family's wall time on the lab (`npm run bench -- copyoffload [--json f]`, and a
 * measurement of the default benchmark): one CLI run of every scenario marked copyoffload, as
 * `npm test -- -m copyoffload` runs them, against a lab the benchmark started. A measurement
 * without a target: it shows what the family costs, it does not judge it. The run must be green.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Benchmark } from '../bench';
import { LAB_COPY_OFFLOAD_PROVIDER } from '../../lib/config/lab';
import { measurementLine, type Measurement } from './figures';
import { inWorkDir, runSuite, startBenchLab, type BenchLab } from './suite-run';
import { positiveInt } from './wait-reaction';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const COPYOFFLOAD_MEASUREMENT = 'copyoffload_family_wall_s';

/** The project's scenarios marked copyoffload, by name. */
export function copyOffloadScenarios(dir = path.join(REPO_ROOT, 'scenarios')): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.scenario.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { name: string; markers?: string[] })
    .filter((s) => s.markers?.includes('copyoffload'))
    .map((s) => s.name)
    .sort();
}

const s3 = (ms: number): number => Math.round(ms) / 1000;

/** One run of the family (or the named scenarios of it) on `lab`. */
export async function measureCopyOffloadFamily(
  lab: BenchLab,
  timeoutMs: number,
  scenarios: string[] = copyOffloadScenarios(),
): Promise<Measurement> {
  // A named cluster gets no automatic source choice: the lab's copy-offload entry is named here.
  const tc = [`source_provider:${LAB_COPY_OFFLOAD_PROVIDER}`];
  const r = await runSuite(lab, { label: 'copyoffload-family', scenarios, tc, timeoutMs });
  return {
    value: s3(r.wallMs),
    unit: 's',
    description: 'wall time of one CLI run of every copy-offload scenario (the -m copyoffload selection) on the lab; no target',
    detail: {
      scenarios: scenarios.length,
      names: scenarios,
      labMigrationS: s3(r.migrationMs),
      migrations: r.migrations.length,
      suiteRequests: r.suiteRequests,
    },
  };
}

async function run(args: string[]): Promise<number> {
  const o = new Command()
    .name('npm run bench -- copyoffload')
    .description("the copy-offload family's wall time on a fresh lab (no target)")
    .option('--json <file>', 'write the measurement as JSON')
    .option('--scenarios <list>', 'only these copy-offload scenarios (comma-separated)')
    .option('--run-timeout <seconds>', 'give up on the run after this long', positiveInt('--run-timeout'), 1800)
    .option('--keep', 'keep the work directory (lab state, run output, data collector)')
    .parse(['node', 'copyoffload', ...args])
    .opts<{ json?: string; scenarios?: string; runTimeout: number; keep?: boolean }>();
  const family = copyOffloadScenarios();
  const chosen = o.scenarios ? o.scenarios.split(',').map((s) => s.trim()) : family;
  const unknown = chosen.filter((s) => !family.includes(s));
  if (unknown.length) {
    process.stderr.write(`--scenarios: not copy-offload scenarios: ${unknown.join(', ')} (known: ${family.join(', ')})\n`);
    return 2;
  }
  return inWorkDir('mtv-bench-copyoffload-', o.keep, async (workDir) => {
    process.stdout.write(`running ${chosen.length} copy-offload scenario(s) against a fresh lab (work directory ${workDir})\n`);
    const lab = await startBenchLab(workDir);
    let m: Measurement;
    try {
      m = await measureCopyOffloadFamily(lab, o.runTimeout * 1000, chosen);
    } finally {
      await lab.stop();
    }
    process.stdout.write(`${measurementLine(COPYOFFLOAD_MEASUREMENT, m)}\n`);
    if (o.json) fs.writeFileSync(o.json, `${JSON.stringify({ [COPYOFFLOAD_MEASUREMENT]: m }, null, 2)}\n`);
    process.stdout.write(`BENCH copyoffload ${JSON.stringify({ wallS: m.value, ...m.detail, names: undefined })}\n`);
    return 0;
  });
}

export const benchmark: Benchmark = {
  description: "the copy-offload family's wall time on the lab (no target); --json <file>, --scenarios <list>",
  run,
};
