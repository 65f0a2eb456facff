/**
 * sanity-cold benchmark (`npm run bench`, the default): one real `sanity-cold` run of the suite's
 * CLI against the embedded lab, then the wait-reaction measurement. Prints, each with PASS/MISS
 * against its target (a miss is reported, not an error: the exit code is 0 unless something broke):
 *  - wall time of the CLI run and the suite overhead = wall time minus the lab's migration time;
 *  - the API requests the run made, by verb, as the lab's API server counted them;
 *  - how fast the suite's wait reacts to a status change (wait-reaction.ts).
 *
 * How the run is set up, and why:
 *  - The benchmark starts the lab itself (as Jest global setup would) and hands it to the CLI as a
 *    named cluster: `--kubeconfig <lab kubeconfig> --providers-json <lab providers> --config
 *    <lab defaults + lab time profile>`. The CLI then runs exactly the code path of a lab run (the
 *    same config values, providers entry, kubeconfig access), but the lab outlives the run, so
 *    its request counts can be read after the run's last request (global teardown's sweep). A
 *    lab that global setup starts is stopped inside the run, before anyone can read it.
 *  - Lab components write through the lab's store, not HTTP, so the API server's counts are the
 *    run's requests, plus the few the lab's inventory makes to authorize the run's inventory
 *    calls (Forklift does a TokenReview/SubjectAccessReview there). The benchmark's own watch is
 *    opened before the mark, and /lab requests are not counted.
 *  - Lab migration time: the benchmark watches Migrations; per Migration, from the event that
 *    shows it created to the event that shows it Succeeded/Failed/Canceled (watch delivery is
 *    sub-millisecond at both ends). The Migration's status.started/completed timestamps have
 *    one-second resolution (RFC 3339, as Kubernetes writes them), too coarse for a 2 s budget;
 *    they are printed as a cross-check.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { Command } from 'commander';
import { launchLabProcess } from '../../lab/launch';
import { LAB_CA_FILE, labDefaults, labTimeProfile } from '../../lib/config/lab';
import { writeLabProvidersFile } from '../../lib/environment/global-setup';
import type { Benchmark } from '../bench';
import {
  LabAdminClient,
  WAIT_REACTION_TARGET_MS,
  formatRow,
  formatVerdict,
  measureWaitReaction,
  passes,
  positiveInt,
  readMetrics,
  waitReactionLines,
  type LabMetrics,
  type Verdict,
} from './wait-reaction';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCENARIO = 'sanity-cold';
const MARK = 'bench-sanity-cold';
const TERM_GRACE_MS = 20_000;
export const OVERHEAD_TARGET_MS = 2000;
export const REQUEST_TARGET = 100;

// ---------------------------------------------------------------------------------------------
// Lab migration time from watch events (pure; unit-tested).

export interface MigrationEvent {
  /** performance.now() when the event arrived. */
  at: number;
  type: string;
  object: {
    metadata?: { name?: string; namespace?: string };
    status?: { started?: string; completed?: string; conditions?: Array<{ type?: string; status?: string }> };
  };
}

export interface MigrationWindow {
  name: string;
  createdAt: number;
  finishedAt: number;
  outcome: string;
  /** status.completed - status.started in ms (1 s resolution), when both were seen. */
  statusMs: number | undefined;
}

const FINISHED = ['Succeeded', 'Failed', 'Canceled'];

const keyOf = (ev: MigrationEvent): string => `${ev.object.metadata?.namespace ?? ''}/${ev.object.metadata?.name ?? ''}`;

/** The condition type that ended the Migration (Succeeded, Failed or Canceled), if one is true. */
const outcomeOf = (ev: MigrationEvent): string | undefined =>
  ev.object.status?.conditions?.find((c) => c.status === 'True' && FINISHED.includes(c.type ?? ''))?.type;

/** started → completed from the Migration's own status, when both are set and parse. */
function statusDurationMs(ev: MigrationEvent): number | undefined {
  const { started, completed } = ev.object.status ?? {};
  if (!started || !completed) return undefined;
  const ms = Date.parse(completed) - Date.parse(started);
  return Number.isNaN(ms) ? undefined : ms;
}

/** One window per Migration that was both seen created and seen finished. */
export function migrationWindows(events: readonly MigrationEvent[]): MigrationWindow[] {
  const open = new Map<string, { createdAt: number }>();
  const done: MigrationWindow[] = [];
  for (const ev of events) {
    const key = keyOf(ev);
    if (ev.type === 'ADDED' && !open.has(key) && !done.some((d) => d.name === key)) open.set(key, { createdAt: ev.at });
    const started = open.get(key);
    const outcome = outcomeOf(ev);
    if (!started || !outcome) continue;
    done.push({ name: key, createdAt: started.createdAt, finishedAt: ev.at, outcome, statusMs: statusDurationMs(ev) });
    open.delete(key);
  }
  return done;
}

/** Total time covered by the windows (overlaps counted once): the time the lab was migrating. */
export function coveredMs(windows: ReadonlyArray<{ createdAt: number; finishedAt: number }>): number {
  const sorted = [...windows].sort((a, b) => a.createdAt - b.createdAt);
  let total = 0;
  let end = -Infinity;
  for (const w of sorted) {
    if (w.finishedAt <= end) continue;
    total += w.finishedAt - Math.max(w.createdAt, end);
    end = w.finishedAt;
  }
  return total;
}

/** `create 8, get 22, list 29` in a stable order (Kubernetes verbs first, then the rest). */
export function formatByVerb(byVerb: Readonly<Record<string, number>>): string {
  const order = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
  const rank = (v: string): number => (order.includes(v) ? order.indexOf(v) : order.length);
  return Object.entries(byVerb)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
}

/** The suite's own count, from its session log line `cluster API requests this session: {...}`. */
export function suiteCountFromLog(logText: string): { total: number; byVerb: Record<string, number> } | undefined {
  const m = /cluster API requests this session: (\{.*\})\s*$/m.exec(logText);
  if (!m) return undefined;
  try {
    const parsed = JSON.parse(m[1]!) as { total?: unknown; byVerb?: unknown };
    return typeof parsed.total === 'number' && parsed.byVerb && typeof parsed.byVerb === 'object'
      ? { total: parsed.total, byVerb: parsed.byVerb as Record<string, number> }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the setup time before the first step goes, from the suite log's `SETUP <scope> fixture
 * <name>` lines: fixtures are set up one after another, so each one lasts until the next SETUP
 * line or the first step start. (Fixtures set up inside a step are part of that step's time.)
 * Slowest first. Empty when the log has no such lines.
 */
export function fixtureSetupTimes(logText: string): Array<{ fixture: string; ms: number }> {
  const marks: Array<{ at: number; fixture?: string }> = [];
  for (const line of logText.split('\n')) {
    const at = Date.parse(line.slice(0, line.indexOf(' ')));
    if (Number.isNaN(at)) continue;
    const setup = /\bSETUP\s+(\w+) fixture (\S+)/.exec(line);
    if (setup) marks.push({ at, fixture: `${setup[2]} (${setup[1]})` });
    else if (/\] step .* starts$/.test(line)) {
      marks.push({ at });
      break;
    }
  }
  const out: Array<{ fixture: string; ms: number }> = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const m = marks[i]!;
    if (m.fixture) out.push({ fixture: m.fixture, ms: marks[i + 1]!.at - m.at });
  }
  return out.sort((a, b) => b.ms - a.ms);
}

// ---------------------------------------------------------------------------------------------
// The run.

/** Watches Migrations in all namespaces, recording each event's arrival time. */
function watchMigrations(admin: { url: string; token: string; ca: string }, events: MigrationEvent[]): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = https.get(new URL('/apis/forklift.konveyor.io/v1beta1/migrations?watch=true', admin.url), {
      headers: { Authorization: `Bearer ${admin.token}`, Accept: 'application/json' },
      ca: admin.ca,
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`watching Migrations: HTTP ${res.statusCode}`));
        return;
      }
      res.socket.setNoDelay(true);
      const lines = readline.createInterface({ input: res });
      // The stream is cut by close() at the end (ECONNRESET/aborted); nothing to report then.
      res.on('error', () => undefined);
      lines.on('error', () => undefined);
      lines.on('line', (line) => {
        const at = performance.now();
        if (!line.trim()) return;
        const ev = JSON.parse(line) as { type?: string; object?: MigrationEvent['object'] };
        if (ev.type && ev.object) events.push({ at, type: ev.type, object: ev.object });
      });
      resolve({ close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  startedAt: number; // performance.now()
  startedEpochMs: number;
  wallMs: number;
}

function runCli(args: string[], outputFile: string, timeoutMs: number): Promise<CliRun> {
  const env = { ...process.env };
  delete env.MTV_TESTS_RUN_FILE; // the CLI writes its own
  const out = fs.openSync(outputFile, 'w', 0o600);
  const startedEpochMs = Date.now();
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    ['-r', path.join(REPO_ROOT, 'bin', 'register-ts.cjs'), path.join(REPO_ROOT, 'bin', 'mtv-tests.ts'), ...args],
    { cwd: REPO_ROOT, env, stdio: ['ignore', out, out] },
  );
  return new Promise((resolve, reject) => {
    // SIGTERM first: the CLI then runs its signal-safe teardown and stops its Jest workers.
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), TERM_GRACE_MS).unref();
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      fs.closeSync(out);
      reject(e);
    });
    child.once('exit', (exitCode, signal) => {
      const wallMs = performance.now() - startedAt;
      clearTimeout(timer);
      fs.closeSync(out);
      resolve({ exitCode, signal, startedAt, startedEpochMs, wallMs });
    });
  });
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

interface JestFileTimes {
  fileStartEpochMs: number;
  fileEndEpochMs: number;
  stepsMs: number;
}

function jestTimes(resultsFile: string): JestFileTimes | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
      testResults?: Array<{ startTime?: number; endTime?: number; assertionResults?: Array<{ duration?: number | null }> }>;
    };
    const file = r.testResults?.[0];
    if (!file?.startTime || !file.endTime) return undefined;
    return {
      fileStartEpochMs: file.startTime,
      fileEndEpochMs: file.endTime,
      stepsMs: (file.assertionResults ?? []).reduce((s, a) => s + (a.duration ?? 0), 0),
    };
  } catch {
    return undefined;
  }
}

export interface SanityColdResult {
  labStartMs: number;
  wallMs: number;
  migrationMs: number;
  migrations: MigrationWindow[];
  overheadMs: number;
  requests: LabMetrics;
  suiteCounted: { total: number; byVerb: Record<string, number> } | undefined;
  jest: JestFileTimes | undefined;
  /** Slowest fixture setups from the suite log. */
  setups: Array<{ fixture: string; ms: number }>;
  startedEpochMs: number;
}

async function runSanityCold(workDir: string, timeoutMs: number): Promise<SanityColdResult> {
  const t0 = performance.now();
  const lab = await launchLabProcess({ stateDir: path.join(workDir, 'lab-state'), timeoutMs: 60_000 });
  const labStartMs = performance.now() - t0;
  const events: MigrationEvent[] = [];
  let admin: LabAdminClient | undefined;
  let watcher: { close(): void } | undefined;
  try {
    const ca = fs.readFileSync(path.join(lab.stateDir, LAB_CA_FILE), 'utf8');
    admin = new LabAdminClient(lab.url, lab.adminToken, ca);
    const providers = path.join(workDir, 'lab-providers.json');
    writeLabProvidersFile(lab.stateDir, providers);
    const config = path.join(workDir, 'run-config.json');
    fs.writeFileSync(config, JSON.stringify({ ...labDefaults, ...labTimeProfile }, null, 2));
    watcher = await watchMigrations({ url: lab.url, token: lab.adminToken, ca }, events);
    await admin.expect(201, 'POST', `/lab/metrics/marks/${MARK}`);

    const dataDir = path.join(workDir, 'data-collector');
    const output = path.join(workDir, 'suite-output.log');
    const args = [
      '--scenario',
      SCENARIO,
      '--kubeconfig',
      lab.kubeconfig,
      '--providers-json',
      providers,
      '--config',
      config,
      '--data-collector-path',
      dataDir,
    ];
    const cli = await runCli(args, output, timeoutMs);
    if (cli.exitCode !== 0) {
      throw new Error(
        `the ${SCENARIO} run failed (exit ${cli.exitCode ?? cli.signal}); the benchmark needs a green run. Output: ${output}\n${tail(output, 25)}`,
      );
    }
    const requests = await readMetrics(admin, MARK);
    const migrations = migrationWindows(events);
    if (migrations.length === 0)
      throw new Error(
        `no Migration was seen created and finished during the run (${events.length} watch events); cannot tell the lab's migration time`,
      );
    const migrationMs = coveredMs(migrations);
    let logText = '';
    try {
      logText = fs.readFileSync(path.join(dataDir, 'mtv-tests.log'), 'utf8');
    } catch {
      logText = '';
    }
    return {
      labStartMs,
      wallMs: cli.wallMs,
      migrationMs,
      migrations,
      overheadMs: cli.wallMs - migrationMs,
      requests,
      suiteCounted: suiteCountFromLog(logText),
      jest: jestTimes(path.join(dataDir, 'jest-results.json')),
      setups: fixtureSetupTimes(logText),
      startedEpochMs: cli.startedEpochMs,
    };
  } finally {
    watcher?.close();
    admin?.close();
    await lab.stop();
  }
}

export function sanityColdLines(r: SanityColdResult, details = false): { lines: string[]; verdicts: Verdict[] } {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const overhead: Verdict = {
    label: 'suite overhead (wall - lab migration)',
    value: Math.round(r.overheadMs),
    unit: 'ms',
    target: OVERHEAD_TARGET_MS,
  };
  const requests: Verdict = { label: 'API requests (1 VM)', value: r.requests.total, unit: 'req', target: REQUEST_TARGET };
  const lines = [
    formatRow('lab start (before the run, not in wall)', s(r.labStartMs)),
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
    lines.push(formatRow('  before the scenario file', `${s(beforeFile)} (tsx, CLI checks, Jest start, worker)`));
    lines.push(formatRow('  scenario file', `${s(file)} (session fixtures, 5 steps ${s(r.jest.stepsMs)}, teardown)`));
    lines.push(formatRow('  after the scenario file', `${s(after)} (global teardown sweep, exit)`));
  }
  const slow = r.setups.slice(0, 3).filter((f) => f.ms >= 50);
  if (slow.length) lines.push(formatRow('  slowest setups before step 1 (log)', slow.map((f) => `${f.fixture} ${s(f.ms)}`).join(', ')));
  lines.push(formatVerdict(requests));
  lines.push(formatRow('  by verb (counted by the lab)', formatByVerb(r.requests.byVerb)));
  lines.push(
    formatRow(
      '  counted by the suite (session)',
      r.suiteCounted ? `${r.suiteCounted.total}: ${formatByVerb(r.suiteCounted.byVerb)}` : 'no count in the session log',
    ),
  );
  lines.push(formatRow('', "the lab's count adds global teardown's sweep and the inventory's authorization GETs"));
  if (details) {
    for (const e of r.requests.entries)
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

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-bench-sanity-'));
  let ok = false;
  try {
    process.stdout.write(`running ${SCENARIO} against a fresh lab (work directory ${workDir})\n`);
    const r = await runSanityCold(workDir, o.runTimeout * 1000);
    const { lines, verdicts } = sanityColdLines(r, o.details === true);
    process.stdout.write(`measuring wait reaction (${o.waitSamples} samples, lab without components)\n`);
    const w = await measureWaitReaction(o.waitSamples);
    const wait = waitReactionLines(w, WAIT_REACTION_TARGET_MS);
    for (const line of [...lines, ...wait.lines]) process.stdout.write(`${line}\n`);
    const all = [...verdicts, wait.verdict];
    process.stdout.write(`${all.filter(passes).length}/${all.length} targets met\n`);
    const summary = {
      labStartMs: Math.round(r.labStartMs),
      wallMs: Math.round(r.wallMs),
      labMigrationMs: Math.round(r.migrationMs),
      overheadMs: Math.round(r.overheadMs),
      requests: { total: r.requests.total, byVerb: r.requests.byVerb },
      suiteCountedRequests: r.suiteCounted?.total,
      waitReactionMs: { median: wait.verdict.value, samples: w.samples },
      pass: Object.fromEntries(all.map((v) => [v.label, passes(v)])),
    };
    process.stdout.write(`BENCH sanity-cold ${JSON.stringify(summary)}\n`);
    ok = true;
    return 0;
  } finally {
    if (o.keep || !ok) process.stdout.write(`work directory kept: ${workDir}\n`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  description:
    'one real sanity-cold run on the lab: wall time, suite overhead, API requests by verb, wait reaction (the default benchmark)',
  run,
};
