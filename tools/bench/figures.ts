/**
 * The benchmark's figures, their targets (issue 16) and the machine-readable report
 * `npm run bench -- --json <file>` writes. Pure: unit-tested in test/unit/bench.
 *
 * JSON shape (format "mtv-bench/1"):
 *   {
 *     "format": "mtv-bench/1",
 *     "measuredAt": "<ISO time>",
 *     "machine": { "cpus": 2, "loadavg": [1m, 5m, 15m] at the start, "loadavgEnd": [...], "node": "v20..." },
 *     "figures": {
 *       "<name>": { "value": <number|null>, "unit": "s", "target": 1, "comparison": "<=", "pass": true,
 *                   "description": "...", "detail": { ...how it was measured, raw samples } },
 *       ...one entry per FIGURE_NAMES...
 *     },
 *     "measurements": {      // figures without a target: shown, never judged
 *       "copyoffload_family_wall_s": { "value": 123, "unit": "s", "description": "...", "detail": { ... } }
 *     },
 *     "pass": true,          // every figure passes
 *     "missed": ["<name>"]   // the figures that miss their target (none: [])
 *   }
 * A figure that could not be measured has value null and pass false.
 */
import os from 'node:os';

export const FIGURE_NAMES = [
  'overhead_s',
  'requests_sanity_cold',
  'reaction_ms_median',
  'watch_vs_poll_speedup',
  'requests_per_extra_vm',
  'two_worker_wall_ratio',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

export type Comparison = '<=' | '>=';

export interface Target {
  target: number;
  comparison: Comparison;
  unit: string;
  description: string;
}

export const TARGETS: Record<FigureName, Target> = {
  overhead_s: {
    target: 1.0,
    comparison: '<=',
    unit: 's',
    description: "suite wall time per sanity-cold run beyond the lab's own migration time (median of the runs)",
  },
  requests_sanity_cold: {
    target: 80,
    comparison: '<=',
    unit: 'requests',
    description: 'API requests the suite makes for one sanity-cold run, counted by the lab API server per client',
  },
  reaction_ms_median: {
    target: 50,
    comparison: '<=',
    unit: 'ms',
    description: "from the lab changing an object (status write answered) to the suite's wait returning (median)",
  },
  watch_vs_poll_speedup: {
    target: 10,
    comparison: '>=',
    unit: 'x',
    description: "the same wait done with a 1 s GET poll (as the Python suite waits) over the suite's watch: median reaction ratio",
  },
  requests_per_extra_vm: {
    target: 15,
    comparison: '<=',
    unit: 'requests/VM',
    description: 'least-squares slope of the API requests of one plan over its number of VMs',
  },
  two_worker_wall_ratio: {
    target: 0.6,
    comparison: '<=',
    unit: 'ratio',
    description: 'wall time of the worker scenarios with -w 2 over -w 1',
  },
};

export interface Figure extends Target {
  value: number | null;
  pass: boolean;
  detail: Record<string, unknown>;
}

/** Whether a value meets its target; NaN, infinity and a missing value never do. */
export function meets(value: number | null, t: Pick<Target, 'target' | 'comparison'>): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return t.comparison === '<=' ? value <= t.target : value >= t.target;
}

export function figure(name: FigureName, value: number | null, detail: Record<string, unknown> = {}): Figure {
  const t = TARGETS[name];
  const v = value === null || !Number.isFinite(value) ? null : value;
  return { ...t, value: v, pass: meets(v, t), detail };
}

/** A figure without a target (e.g. the copy-offload family's wall time): shown and written, never judged. */
export interface Measurement {
  value: number;
  unit: string;
  description: string;
  detail: Record<string, unknown>;
}

export interface BenchReport {
  format: 'mtv-bench/1';
  measuredAt: string;
  machine: { cpus: number; loadavg: number[]; loadavgEnd: number[]; node: string };
  figures: Record<FigureName, Figure>;
  measurements: Record<string, Measurement>;
  pass: boolean;
  missed: FigureName[];
}

export function report(
  figures: Record<FigureName, Figure>,
  startedAt: Date,
  loadavgStart: number[],
  measurements: Record<string, Measurement> = {},
): BenchReport {
  const missed = FIGURE_NAMES.filter((n) => !figures[n].pass);
  return {
    format: 'mtv-bench/1',
    measuredAt: startedAt.toISOString(),
    machine: { cpus: os.cpus().length, loadavg: loadavgStart.map(round2), loadavgEnd: os.loadavg().map(round2), node: process.version },
    figures,
    measurements,
    pass: missed.length === 0,
    missed,
  };
}

/** `copyoffload_family_wall_s   123 s   (25 scenarios; no target)` */
export function measurementLine(name: string, m: Measurement): string {
  const scenarios = typeof m.detail.scenarios === 'number' ? `${m.detail.scenarios} scenarios; ` : '';
  return `${name.padEnd(24)} ${`${fmt(m.value)} ${m.unit}`.padStart(18)}   (${scenarios}no target)`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Three significant digits at most, no trailing zeros beyond what the magnitude needs. */
export function fmt(n: number | null): string {
  if (n === null) return 'n/a';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** `overhead_s                 0.84 s        target <= 1 s        PASS` */
export function summaryLine(name: FigureName, f: Figure): string {
  const value = `${fmt(f.value)} ${f.unit}`;
  const target = `target ${f.comparison} ${fmt(f.target)} ${f.unit}`;
  return `${name.padEnd(24)} ${value.padStart(18)}   ${target.padEnd(28)} ${f.pass ? 'PASS' : 'MISS'}`;
}

export function summaryLines(r: BenchReport): string[] {
  const lines = FIGURE_NAMES.map((n) => summaryLine(n, r.figures[n]));
  for (const [name, m] of Object.entries(r.measurements)) lines.push(measurementLine(name, m));
  lines.push(
    `load average ${r.machine.loadavg.join(' ')} at the start, ${r.machine.loadavgEnd.join(' ')} at the end (${r.machine.cpus} CPUs)`,
  );
  lines.push(
    r.pass
      ? `${FIGURE_NAMES.length}/${FIGURE_NAMES.length} targets met`
      : `${FIGURE_NAMES.length - r.missed.length}/${FIGURE_NAMES.length} targets met; missed: ${r.missed.join(', ')}`,
  );
  return lines;
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}
