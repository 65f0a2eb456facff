/**
 * wait-reaction benchmark: how fast the suite's own wait (waitForCondition from lib/k8s) resolves
 * after the status it waits for is written by another client.
 *
 * Per sample: start waitForCondition on a Plan for a fresh condition type; once the lab has counted
 * that wait's watch request (the watch is registered, so the write can only reach the wait through
 * it), write the condition through a separate admin HTTPS client; the sample is the time from the
 * write's response to the wait's promise resolving. The lab runs without components, so nothing
 * but the benchmark writes the Plan.
 *
 * Also exports the small pieces sanity-cold.ts shares: the admin HTTPS client for the lab's
 * /lab endpoints and raw object writes, and the statistics and PASS/MISS formatting.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { launchLabProcess, type LaunchedLab } from '../../lab/launch';
import type { K8sClient } from '../../lib/k8s/client';
import { connect } from '../../lib/k8s/connect';
import { silentLog } from '../../lib/k8s/log';
import { waitForCondition } from '../../lib/k8s/waits';
import type { Benchmark } from '../bench';
import { TARGETS } from './figures';

// ---------------------------------------------------------------------------------------------
// Statistics and formatting (pure; unit-tested in test/unit/bench).

/** Conventional median: the middle value, or the mean of the two middle values. NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in (0, 100]): the smallest value with at least p% of samples at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil((p / 100) * s.length) - 1]!;
}

export interface Verdict {
  label: string;
  value: number;
  unit: string;
  /** The value must be at or below this. */
  target: number;
}

export function passes(v: Verdict): boolean {
  return Number.isFinite(v.value) && v.value <= v.target;
}

function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 0);
}

/** `wait reaction median       3.41 ms   target <= 50 ms   PASS` */
export function formatVerdict(v: Verdict, width = 36): string {
  return `${v.label.padEnd(width)} ${`${num(v.value)} ${v.unit}`.padStart(10)}   target <= ${num(v.target)} ${v.unit}   ${passes(v) ? 'PASS' : 'MISS'}`;
}

export function formatRow(label: string, value: string, width = 36): string {
  return `${label.padEnd(width)} ${value}`;
}

export function positiveInt(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 100_000)
      throw new InvalidArgumentError(`${name} must be an integer from 1 to 100000`);
    return Number(v);
  };
}

// ---------------------------------------------------------------------------------------------
// Admin HTTPS client for the lab (its admin token; keep-alive so samples do not pay TLS handshakes).

export class LabAdminClient {
  private readonly agent: https.Agent;

  constructor(
    private readonly url: string,
    private readonly token: string,
    caPem: string,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 4, ca: caPem });
  }

  request(method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
      if (payload) {
        headers['Content-Type'] = contentType;
        headers['Content-Length'] = String(payload.length);
      }
      const req = https.request(new URL(urlPath, this.url), { method, headers, agent: this.agent, timeout: 15_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} got no answer within 15 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The request's body as JSON; any other status than `want` is an error naming the request. */
  async expect<T = unknown>(want: number, method: string, urlPath: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.request(method, urlPath, body, contentType);
    if (r.status !== want) throw new Error(`${method} ${urlPath}: expected HTTP ${want}, got ${r.status}: ${r.text.slice(0, 300)}`);
    return (r.text ? JSON.parse(r.text) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LabMetrics {
  total: number;
  byVerb: Record<string, number>;
  /** By User-Agent ("" for none). */
  byClient?: Record<string, number>;
  entries: Array<{ verb: string; resource: string; namespace: string; count: number }>;
}

export function readMetrics(admin: LabAdminClient, since?: string): Promise<LabMetrics> {
  return admin.expect<LabMetrics>(200, 'GET', since === undefined ? '/lab/metrics' : `/lab/metrics?since=${encodeURIComponent(since)}`);
}

// ---------------------------------------------------------------------------------------------
// The measurement.

export interface WaitReactionResult {
  samples: number;
  /** Wait resolved minus status write answered, per sample (ms; negative: resolved before the writer had its answer). */
  afterWriteMs: number[];
  /** Wait resolved minus status write sent, per sample (ms). */
  afterSendMs: number[];
}

const NS = 'bench-wait';
const PLAN = 'wait-reaction';
const PLANS = `/apis/forklift.konveyor.io/v1beta1/namespaces/${NS}/plans`;
const BARRIER_TIMEOUT_MS = 5_000;
const WAIT_TIMEOUT_MS = 10_000;

/** Resolves once the lab has counted more watches on the Plan collection than `before`. */
async function watchRegistered(admin: LabAdminClient, before: number): Promise<void> {
  const deadline = performance.now() + BARRIER_TIMEOUT_MS;
  // The lab has no event for "watch registered"; its metrics endpoint is the only witness. Each
  // read is one round trip (about a millisecond) and is not part of the measured interval.
  while (performance.now() < deadline) {
    if ((await planWatches(admin)) > before) return;
  }
  throw new Error(`the wait's watch on ${PLANS} was not registered by the lab within ${BARRIER_TIMEOUT_MS} ms`);
}

async function planWatches(admin: LabAdminClient): Promise<number> {
  const m = await readMetrics(admin);
  return m.entries.find((e) => e.verb === 'watch' && e.resource === 'plans.forklift.konveyor.io' && e.namespace === NS)?.count ?? 0;
}

/** A lab without components holding one Plan that only the benchmark writes. */
export interface PlanLab {
  admin: LabAdminClient;
  client: K8sClient;
  namespace: string;
  plan: string;
  /** Counted watches on the Plan collection (the barrier before each write). */
  planWatches(): Promise<number>;
  /** Resolves once the lab has counted more watches on the Plan collection than `before`. */
  watchRegistered(before: number): Promise<void>;
  /** Sets condition `type` True on the Plan's status through the admin client; resolves on the answer. */
  writeCondition(type: string, message: string): Promise<void>;
}

export async function withPlanLab<T>(fn: (lab: PlanLab) => Promise<T>): Promise<T> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-bench-wait-'));
  let lab: LaunchedLab | undefined;
  let admin: LabAdminClient | undefined;
  let client: K8sClient | undefined;
  try {
    lab = await launchLabProcess({ stateDir, components: false });
    const a = new LabAdminClient(lab.url, lab.adminToken, fs.readFileSync(path.join(stateDir, 'ca.crt'), 'utf8'));
    admin = a;
    client = await connect({ kind: 'kubeconfig', path: lab.kubeconfig }, silentLog);
    await a.expect(201, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await a.expect(201, 'POST', PLANS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Plan',
      metadata: { name: PLAN, namespace: NS },
      // The smallest spec Forklift's Plan CRD schema accepts (the lab validates custom resources);
      // no controller runs here, so the names need not exist.
      spec: {
        warm: false,
        vms: [],
        targetNamespace: NS,
        provider: { source: { name: 'source', namespace: NS }, destination: { name: 'host', namespace: NS } },
        map: { network: { name: 'network', namespace: NS }, storage: { name: 'storage', namespace: NS } },
      },
    });
    return await fn({
      admin: a,
      client,
      namespace: NS,
      plan: PLAN,
      planWatches: () => planWatches(a),
      watchRegistered: (before) => watchRegistered(a, before),
      writeCondition: async (type, message) => {
        const condition = {
          type,
          status: 'True',
          category: 'Required',
          reason: 'Benchmark',
          message,
          lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        };
        await a.expect(200, 'PATCH', `${PLANS}/${PLAN}/status`, { status: { conditions: [condition] } }, 'application/merge-patch+json');
      },
    });
  } finally {
    client?.close();
    admin?.close();
    await lab?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * Starts the suite's watch-based wait for a fresh condition type and resolves once its watch is
 * registered; `resolved()` gives the time the wait returned.
 */
export async function startWatchWait(lab: PlanLab, type: string): Promise<{ done: Promise<void>; resolvedAt(): number }> {
  const before = await lab.planWatches();
  let resolvedAt = NaN;
  const done = waitForCondition(lab.client, 'Plan', lab.plan, lab.namespace, type, { timeoutMs: WAIT_TIMEOUT_MS }).then(() => {
    resolvedAt = performance.now();
  });
  done.catch(() => undefined); // awaited by the caller; this only keeps an early barrier failure from leaving it unhandled
  // A wait that fails before the barrier passes surfaces its own error through the race.
  const first = await Promise.race([lab.watchRegistered(before).then(() => 'watching' as const), done.then(() => 'resolved' as const)]);
  if (first === 'resolved') throw new Error(`the wait for ${type} resolved before its status was written`);
  return { done, resolvedAt: () => resolvedAt };
}

export async function measureWaitReaction(samples: number): Promise<WaitReactionResult> {
  return withPlanLab((lab) => measureOn(lab, samples));
}

export async function measureOn(lab: PlanLab, samples: number): Promise<WaitReactionResult> {
  const result: WaitReactionResult = { samples, afterWriteMs: [], afterSendMs: [] };
  for (let i = 1; i <= samples; i++) {
    const type = `BenchReady${i}`;
    const wait = await startWatchWait(lab, type);
    const sentAt = performance.now();
    await lab.writeCondition(type, `sample ${i}`);
    const answeredAt = performance.now();
    await wait.done;
    result.afterWriteMs.push(wait.resolvedAt() - answeredAt);
    result.afterSendMs.push(wait.resolvedAt() - sentAt);
  }
  return result;
}

/** The three lines sanity-cold and this benchmark print; the median is judged against the target. */
export function waitReactionLines(r: WaitReactionResult, targetMs: number): { lines: string[]; verdict: Verdict } {
  // A wait that resolved before the writer got its answer reacted with no delay after the write.
  const reaction = r.afterWriteMs.map((v) => Math.max(0, v));
  const verdict: Verdict = {
    label: `wait reaction median (${r.samples} samples)`,
    value: Number(median(reaction).toFixed(2)),
    unit: 'ms',
    target: targetMs,
  };
  const early = r.afterWriteMs.filter((v) => v < 0).length;
  return {
    verdict,
    lines: [
      formatVerdict(verdict),
      formatRow('wait reaction p99', `${percentile(reaction, 99).toFixed(2)} ms (max ${Math.max(...reaction).toFixed(2)} ms)`),
      formatRow(
        '  measured from the write sent',
        `median ${median(r.afterSendMs).toFixed(2)} ms, p99 ${percentile(r.afterSendMs, 99).toFixed(2)} ms${early ? `; ${early} sample(s) resolved before the write's answer arrived` : ''}`,
      ),
    ],
  };
}

export const WAIT_REACTION_TARGET_MS = TARGETS.reaction_ms_median.target;

async function run(args: string[]): Promise<number> {
  const o = new Command()
    .name('npm run bench -- wait-reaction')
    .description("time from a status write to the suite's waitForCondition resolving, on a lab without components")
    .option('--samples <n>', 'status changes to time', positiveInt('--samples'), 50)
    .parse(['node', 'wait-reaction', ...args])
    .opts<{ samples: number }>();
  const r = await measureWaitReaction(o.samples);
  const { lines, verdict } = waitReactionLines(r, WAIT_REACTION_TARGET_MS);
  for (const line of lines) process.stdout.write(`${line}\n`);
  const reaction = r.afterWriteMs.map((v) => Math.max(0, v));
  process.stdout.write(
    `BENCH wait-reaction ${JSON.stringify({ samples: r.samples, medianMs: verdict.value, p99Ms: Number(percentile(reaction, 99).toFixed(2)), pass: passes(verdict) })}\n`,
  );
  return 0;
}

export const benchmark: Benchmark = {
  description: "time from a status write to the suite's own wait (lib/k8s waitForCondition) resolving",
  run,
};
