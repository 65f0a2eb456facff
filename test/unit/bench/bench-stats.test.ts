/**
 * The benchmark's arithmetic and formatting (tools/bench/wait-reaction.ts, run-analysis.ts, figures.ts):
 * median/p99, PASS/MISS verdicts, the lab migration window from watch events, and the parsing of
 * the suite's own request count. The benchmarks themselves need a lab and are not run here.
 */
import {
  coveredMs,
  fixtureSetupTimes,
  formatByVerb,
  migrationWindows,
  suiteCountFromLog,
  type MigrationEvent,
} from '../../../tools/bench/run-analysis';
import { FIGURE_NAMES, TARGETS, figure, measurementLine, meets, report, slope, summaryLines } from '../../../tools/bench/figures';
import { formatVerdict, median, passes, percentile, waitReactionLines } from '../../../tools/bench/wait-reaction';

describe('median', () => {
  it('is the middle value of an odd count, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is NaN for no samples', () => {
    expect(median([])).toBeNaN();
  });
  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  it('p99 of 1..100 is 99, p100 is the maximum, p50 is 50', () => {
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 50)).toBe(50);
  });
  it('p99 of 50 samples is the largest (rank ceil(49.5) = 50)', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => i + 1);
    expect(percentile(fifty, 99)).toBe(50);
  });
  it('rejects a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
  it('is NaN for no samples', () => {
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('verdicts', () => {
  it('passes at or below the target, and never for NaN', () => {
    expect(passes({ label: 'x', value: 99, unit: 'req', target: 100 })).toBe(true);
    expect(passes({ label: 'x', value: 100, unit: 'req', target: 100 })).toBe(true);
    expect(passes({ label: 'x', value: 100.5, unit: 'req', target: 100 })).toBe(false);
    expect(passes({ label: 'x', value: NaN, unit: 'ms', target: 100 })).toBe(false);
  });
  it('prints the value, the target and PASS or MISS', () => {
    expect(formatVerdict({ label: 'API requests (1 VM)', value: 84, unit: 'req', target: 100 })).toMatch(
      /^API requests \(1 VM\) +84 req {3}target <= 100 req {3}PASS$/,
    );
    expect(formatVerdict({ label: 'suite overhead', value: 10183, unit: 'ms', target: 2000 })).toMatch(
      /10183 ms {3}target <= 2000 ms {3}MISS$/,
    );
    expect(formatVerdict({ label: 'wait', value: 0.634, unit: 'ms', target: 100 })).toContain('0.63 ms');
  });
});

describe('waitReactionLines', () => {
  it('judges the median after the write answer, counting early resolutions as 0 ms', () => {
    const afterWriteMs = [-0.2, 1, 2, 3, 200];
    const { verdict, lines } = waitReactionLines({ samples: 5, afterWriteMs, afterSendMs: [1, 2, 3, 4, 201] }, 100);
    expect(verdict.value).toBe(2);
    expect(passes(verdict)).toBe(true);
    expect(lines[0]).toMatch(/PASS$/);
    expect(lines[1]).toContain('200.00 ms');
    expect(lines[2]).toContain('1 sample(s) resolved before');
  });
  it('misses when the median is at or over the target', () => {
    const { verdict, lines } = waitReactionLines({ samples: 3, afterWriteMs: [150, 160, 170], afterSendMs: [151, 161, 171] }, 100);
    expect(verdict.value).toBe(160);
    expect(lines[0]).toMatch(/MISS$/);
  });
});

describe('lab migration time from watch events', () => {
  const ev = (
    at: number,
    type: string,
    name: string,
    conditions: Array<{ type: string; status: string }> = [],
    started?: string,
    completed?: string,
  ): MigrationEvent => ({
    at,
    type,
    object: {
      metadata: { namespace: 'ns', name },
      status: { conditions, ...(started ? { started } : {}), ...(completed ? { completed } : {}) },
    },
  });

  it('spans from the ADDED event to the first event with a finished condition True', () => {
    const windows = migrationWindows([
      ev(100, 'ADDED', 'm1'),
      ev(150, 'MODIFIED', 'm1', [{ type: 'Running', status: 'True' }], '2026-01-01T00:00:00Z'),
      ev(700, 'MODIFIED', 'm1', [{ type: 'Succeeded', status: 'True' }], '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'),
      ev(710, 'MODIFIED', 'm1', [{ type: 'Succeeded', status: 'True' }]),
      ev(900, 'DELETED', 'm1', [{ type: 'Succeeded', status: 'True' }]),
    ]);
    expect(windows).toEqual([{ name: 'ns/m1', createdAt: 100, finishedAt: 700, outcome: 'Succeeded', statusMs: 1000 }]);
    expect(coveredMs(windows)).toBe(600);
  });

  it('ignores a Migration whose creation it did not see or that never finished', () => {
    const windows = migrationWindows([
      ev(10, 'MODIFIED', 'early', [{ type: 'Succeeded', status: 'True' }]),
      ev(20, 'ADDED', 'open'),
      ev(30, 'MODIFIED', 'open', [{ type: 'Failed', status: 'False' }]),
    ]);
    expect(windows).toEqual([]);
  });

  it('counts overlapping migrations once and adds disjoint ones', () => {
    expect(
      coveredMs([
        { createdAt: 0, finishedAt: 100 },
        { createdAt: 50, finishedAt: 120 },
        { createdAt: 200, finishedAt: 210 },
        { createdAt: 201, finishedAt: 205 },
      ]),
    ).toBe(130);
    expect(coveredMs([])).toBe(0);
  });
});

describe('request counts', () => {
  it('lists verbs in Kubernetes order, then the rest, skipping zeros', () => {
    expect(formatByVerb({ discovery: 2, delete: 9, create: 8, get: 31, list: 29, watch: 0 })).toBe(
      'get 31, list 29, create 8, delete 9, discovery 2',
    );
  });
  it("reads the suite's session count from its log, and nothing from a log without it", () => {
    const log = [
      '2026-11-23T14:36:31.201Z INFO  session auto-h1hu: teardown complete, nothing left',
      '2026-11-23T14:36:31.206Z INFO  pid=1 cluster API requests this session: {"byVerb":{"create":8,"get":22},"total":30,"retries":0}',
      '2026-11-23T14:36:31.248Z INFO  sweep: nothing to do',
    ].join('\n');
    expect(suiteCountFromLog(log)).toEqual({ total: 30, byVerb: { create: 8, get: 22 } });
    expect(suiteCountFromLog('no such line')).toBeUndefined();
    expect(suiteCountFromLog('cluster API requests this session: {broken')).toBeUndefined();
  });
});

describe('fixtureSetupTimes', () => {
  it('times each setup before the first step up to the next SETUP line or the step start, slowest first', () => {
    const log = [
      '2026-11-23T14:40:58.400Z INFO  pid=1 worker 1: session auto-kg0p on cluster',
      '2026-11-23T14:40:58.423Z DEBUG pid=1 SETUP    session fixture client',
      '2026-11-23T14:41:03.642Z DEBUG pid=1 SETUP    session fixture providerEntry',
      '2026-11-23T14:41:03.650Z INFO  pid=1 created Namespace auto-kg0p',
      '2026-11-23T14:41:03.843Z DEBUG pid=1 SETUP    scenario fixture preparedPlan',
      '2026-11-23T14:41:04.999Z INFO  pid=1 [sanity-cold / create StorageMap] step create StorageMap-vsphere-mtv-block starts',
      '2026-11-23T14:41:05.000Z DEBUG pid=1 SETUP    session fixture destinationProvider',
      '2026-11-23T14:41:09.000Z INFO  pid=1 [sanity-cold / create NetworkMap] step create NetworkMap-vsphere-mtv-block starts',
    ].join('\n');
    expect(fixtureSetupTimes(log)).toEqual([
      { fixture: 'client (session)', ms: 5219 },
      { fixture: 'preparedPlan (scenario)', ms: 1156 },
      { fixture: 'providerEntry (session)', ms: 201 },
    ]);
  });
  it('is empty for a log without SETUP lines', () => {
    expect(fixtureSetupTimes('2026-11-23T14:40:58.400Z INFO  nothing here\nnot a log line')).toEqual([]);
  });
});

describe('figures', () => {
  it('judges <= and >= targets inclusively, and never a missing or non-finite value', () => {
    expect(meets(1.0, { target: 1.0, comparison: '<=' })).toBe(true);
    expect(meets(1.01, { target: 1.0, comparison: '<=' })).toBe(false);
    expect(meets(10, { target: 10, comparison: '>=' })).toBe(true);
    expect(meets(9.9, { target: 10, comparison: '>=' })).toBe(false);
    expect(meets(null, { target: 10, comparison: '>=' })).toBe(false);
    expect(meets(Infinity, { target: 10, comparison: '>=' })).toBe(false);
    expect(meets(NaN, { target: 1, comparison: '<=' })).toBe(false);
  });
  it('has the targets of issue 16', () => {
    expect(Object.fromEntries(FIGURE_NAMES.map((n) => [n, `${TARGETS[n].comparison} ${TARGETS[n].target}`]))).toEqual({
      overhead_s: '<= 1',
      requests_sanity_cold: '<= 80',
      reaction_ms_median: '<= 50',
      watch_vs_poll_speedup: '>= 10',
      requests_per_extra_vm: '<= 15',
      two_worker_wall_ratio: '<= 0.6',
    });
  });
  it('a non-finite value is reported as null and missed', () => {
    expect(figure('two_worker_wall_ratio', NaN)).toMatchObject({ value: null, pass: false });
  });
  it('the report lists the missed figures and the summary names them', () => {
    const figures = Object.fromEntries(FIGURE_NAMES.map((n) => [n, figure(n, TARGETS[n].target)])) as ReturnType<typeof report>['figures'];
    figures.overhead_s = figure('overhead_s', 2.5);
    const r = report(figures, new Date(0), [1, 2, 3]);
    expect(r).toMatchObject({ format: 'mtv-bench/1', pass: false, missed: ['overhead_s'], measuredAt: '1970-01-01T00:00:00.000Z' });
    const lines = summaryLines(r);
    expect(lines[0]).toMatch(/^overhead_s +2\.50 s {3}target <= 1\.00 s +MISS$/);
    expect(lines[1]).toMatch(/^requests_sanity_cold .*PASS$/);
    expect(lines.at(-1)).toBe('5/6 targets met; missed: overhead_s');
  });
  it('measurements (no target) are written and printed, never counted as met or missed', () => {
    const figures = Object.fromEntries(FIGURE_NAMES.map((n) => [n, figure(n, TARGETS[n].target)])) as ReturnType<typeof report>['figures'];
    const m = { value: 123.4, unit: 's', description: 'family wall', detail: { scenarios: 25 } };
    const r = report(figures, new Date(0), [1, 2, 3], { copyoffload_family_wall_s: m });
    expect(r).toMatchObject({ pass: true, missed: [], measurements: { copyoffload_family_wall_s: m } });
    const lines = summaryLines(r);
    expect(lines).toContain(measurementLine('copyoffload_family_wall_s', m));
    expect(measurementLine('copyoffload_family_wall_s', m)).toMatch(/^copyoffload_family_wall_s +123 s {3}\(25 scenarios; no target\)$/);
    expect(lines.at(-1)).toBe('6/6 targets met');
  });
  it('slope is the least-squares slope, NaN without two distinct x', () => {
    expect(
      slope([
        { x: 1, y: 75 },
        { x: 2, y: 87 },
        { x: 4, y: 111 },
      ]),
    ).toBeCloseTo(12, 6);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
    expect(
      slope([
        { x: 2, y: 1 },
        { x: 2, y: 5 },
      ]),
    ).toBeNaN();
  });
});
