/**
 * lab-api benchmark: starts a lab process, then measures create and get throughput and the
 * latency from a status write (request sent) to the matching watch event reaching a client.
 * Prints a table and one machine-readable line: BENCH lab-api {...}.
 */
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { launchLabProcess, type LaunchedLab } from '../../lab/launch';
import type { Benchmark } from '../bench';

interface Client {
  request(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<{ status: number; text: string }>;
  agent: https.Agent;
  /** The lab CA (PEM), for connections outside the agent (the watch). */
  ca: string;
}

function client(lab: LaunchedLab, ca: string): Client {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca });
  return {
    agent,
    ca,
    request: (method, urlPath, body, contentType = 'application/json') =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const headers: Record<string, string> = { Authorization: `Bearer ${lab.adminToken}`, Accept: 'application/json' };
        if (payload) {
          headers['Content-Type'] = contentType;
          headers['Content-Length'] = String(payload.length);
        }
        const req = https.request(new URL(urlPath, lab.url), { method, headers, agent, timeout: 15_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
        req.on('error', reject);
        req.end(payload);
      }),
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? NaN;
}

/** Runs `n` calls of `op` with `concurrency` in flight; returns operations per second. */
async function throughput(n: number, concurrency: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (let i = next++; i < n; i = next++) await op(i);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

function int(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return Number(v);
  };
}

async function must(p: Promise<{ status: number; text: string }>, want: number): Promise<string> {
  const r = await p;
  if (r.status !== want) throw new Error(`expected HTTP ${want}, got ${r.status}: ${r.text.slice(0, 300)}`);
  return r.text;
}

/** Opens a watch on `target` and resolves the callback waiting for each status.seq the watch delivers. */
async function openSeqWatch(
  c: Client,
  lab: LaunchedLab,
  target: string,
  waiting: Map<number, (t: number) => void>,
): Promise<http.ClientRequest> {
  const collection = target.slice(0, target.lastIndexOf('/'));
  const name = target.slice(target.lastIndexOf('/') + 1);
  const resourceVersion = (JSON.parse(await must(c.request('GET', target), 200)) as { metadata: { resourceVersion: string } }).metadata
    .resourceVersion;
  const watchReq = https.get(
    new URL(`${collection}?watch=true&fieldSelector=metadata.name%3D${name}&resourceVersion=${resourceVersion}`, lab.url),
    {
      headers: { Authorization: `Bearer ${lab.adminToken}` },
      ca: c.ca,
    },
  );
  await new Promise<void>((resolve, reject) => {
    watchReq.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch answered ${res.statusCode}`));
      res.socket.setNoDelay(true);
      const lines = readline.createInterface({ input: res });
      lines.on('error', () => undefined);
      res.on('error', () => undefined);
      lines.on('line', (line) => {
        const now = performance.now();
        const ev = JSON.parse(line) as { object?: { status?: { observedGeneration?: number } } };
        const seq = ev.object?.status?.observedGeneration;
        if (seq !== undefined) waiting.get(seq)?.(now);
      });
      resolve();
    });
    watchReq.on('error', reject);
  });
  return watchReq;
}

/** Watch delivery: one watch on the object, sequential status writes (status.observedGeneration = the write number, a field the Plan schema keeps), time until each event arrives (sorted). */
async function watchLatencies(c: Client, lab: LaunchedLab, target: string, writes: number): Promise<number[]> {
  const waiting = new Map<number, (t: number) => void>();
  const watchReq = await openSeqWatch(c, lab, target, waiting);
  const latencies: number[] = [];
  try {
    for (let seq = 1; seq <= writes; seq++) {
      const seen = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch event ${seq} did not arrive within 5 s`)), 5000);
        waiting.set(seq, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      });
      const sent = performance.now();
      await must(c.request('PATCH', `${target}/status`, { status: { observedGeneration: seq } }, 'application/merge-patch+json'), 200);
      latencies.push((await seen) - sent);
      waiting.delete(seq);
    }
  } finally {
    watchReq.destroy();
  }
  return latencies.sort((a, b) => a - b);
}

async function run(args: string[]): Promise<number> {
  const o = new Command()
    .name('npm run bench -- lab-api')
    .option('--creates <n>', 'objects to create', int('--creates'), 1000)
    .option('--gets <n>', 'gets to issue', int('--gets'), 2000)
    .option('--watch-writes <n>', 'status writes timed through a watch', int('--watch-writes'), 300)
    .option('--concurrency <n>', 'requests in flight for the throughput runs', int('--concurrency'), 8)
    .option('--with-components', 'also run the lab components (controllers react to the benchmark objects)')
    .parse(['node', 'lab-api', ...args])
    .opts<{ creates: number; gets: number; watchWrites: number; concurrency: number; withComponents?: boolean }>();

  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-lab-bench-'));
  const t0 = performance.now();
  const lab = await launchLabProcess({ stateDir, components: o.withComponents === true });
  const startMs = performance.now() - t0;
  const c = client(lab, fs.readFileSync(path.join(stateDir, 'ca.crt'), 'utf8'));
  try {
    const ns = 'bench';
    const plans = `/apis/forklift.konveyor.io/v1beta1/namespaces/${ns}/plans`;
    await must(c.request('POST', '/api/v1/namespaces', { metadata: { name: ns } }), 201);
    await must(c.request('POST', '/lab/metrics/marks/bench'), 201);

    const createsPerSec = await throughput(o.creates, o.concurrency, async (i) => {
      await must(c.request('POST', plans, benchPlan(ns, i)), 201);
    });
    const getsPerSec = await throughput(o.gets, o.concurrency, async (i) => {
      await must(c.request('GET', `${plans}/p-${i % o.creates}`), 200);
    });

    const latencies = await watchLatencies(c, lab, `${plans}/p-0`, o.watchWrites);

    const metrics = JSON.parse(await must(c.request('GET', '/lab/metrics?since=bench'), 200)) as {
      total: number;
      byVerb: Record<string, number>;
    };
    const result = {
      startToReadyMs: Math.round(startMs),
      createsPerSec: Math.round(createsPerSec),
      getsPerSec: Math.round(getsPerSec),
      watchLatencyMs: {
        median: Number(percentile(latencies, 50).toFixed(2)),
        p99: Number(percentile(latencies, 99).toFixed(2)),
        max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(2)),
        samples: latencies.length,
      },
      serverCounted: metrics.byVerb,
      options: o,
    };
    const rows: Array<[string, string]> = [
      ['lab start to ready', `${result.startToReadyMs} ms`],
      [`creates (${o.creates}, ${o.concurrency} in flight)`, `${result.createsPerSec} /s`],
      [`gets (${o.gets}, ${o.concurrency} in flight)`, `${result.getsPerSec} /s`],
      ['status write -> watch event, median', `${result.watchLatencyMs.median} ms`],
      ['status write -> watch event, p99', `${result.watchLatencyMs.p99} ms`],
      [
        'requests counted by the lab',
        Object.entries(metrics.byVerb)
          .map(([v, n]) => `${v} ${n}`)
          .join(', '),
      ],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(44)} ${v}\n`);
    process.stdout.write(`BENCH lab-api ${JSON.stringify(result)}\n`);
    const target5 = result.watchLatencyMs.median < 5;
    if (!target5) process.stderr.write(`watch delivery median ${result.watchLatencyMs.median} ms misses the 5 ms target\n`);
    return target5 ? 0 : 1;
  } finally {
    c.agent.destroy();
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  description: 'lab API server: creates/s, gets/s, status-write-to-watch-event latency',
  run,
};

/** Plan p-<i>: the smallest spec the Plan CRD schema accepts (the lab validates custom resources). */
function benchPlan(ns: string, i: number): object {
  return {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Plan',
    metadata: { name: `p-${i}`, labels: { bench: 'yes' } },
    spec: {
      warm: false,
      vms: [{ name: `vm-${i}` }],
      targetNamespace: ns,
      provider: { source: { name: 'source', namespace: ns }, destination: { name: 'host', namespace: ns } },
      map: { network: { name: 'network', namespace: ns }, storage: { name: 'storage', namespace: ns } },
    },
  };
}
