/**
 * Runs the suite's real CLI against a lab the benchmark started itself, and measures each run:
 * wall time, the lab's migration time, and the API requests the suite made.
 *
 * How, and why:
 *  - The benchmark starts the lab once (as Jest global setup would) and hands it to each CLI run as
 *    a named cluster: `--kubeconfig <lab kubeconfig> --providers-json <lab providers> --config
 *    <lab defaults + lab time profile>`. The CLI then runs exactly the code path of a lab run (the
 *    same config values, providers entry, kubeconfig access), but the lab outlives the run, so its
 *    request counts can be read after the run's last request (global teardown's sweep), and lab
 *    start is not part of any run's time.
 *  - Requests: the lab's API server counts every request since a mark set just before the run, by
 *    client (User-Agent). Lab components write through the lab's store, not HTTP; the one lab
 *    client that does use HTTP, the inventory's authorization checks, names itself and is left
 *    out. The benchmark's own watch is opened before the mark; /lab requests are not counted.
 *  - Lab migration time: the benchmark watches Migrations during the run (run-analysis.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { INVENTORY_USER_AGENT, launchLabProcess, type LaunchedLab } from '../../lab/launch';
import { LAB_CA_FILE, labDefaults, labTimeProfile } from '../../lib/config/lab';
import { writeLabProvidersFile } from '../../lib/environment/global-setup';
import { coveredMs, migrationWindows, suiteCountFromLog, type MigrationEvent, type MigrationWindow } from './run-analysis';
import { LabAdminClient, readMetrics, type LabMetrics } from './wait-reaction';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TERM_GRACE_MS = 20_000;

export interface BenchLab {
  lab: LaunchedLab;
  admin: LabAdminClient;
  ca: string;
  workDir: string;
  providersFile: string;
  configFile: string;
  labStartMs: number;
  stop(): Promise<void>;
}

/** Starts a lab with its components, and writes the providers and config files the CLI runs get. */
export async function startBenchLab(workDir: string): Promise<BenchLab> {
  const t0 = performance.now();
  const lab = await launchLabProcess({ stateDir: path.join(workDir, 'lab-state'), timeoutMs: 60_000 });
  const labStartMs = performance.now() - t0;
  const ca = fs.readFileSync(path.join(lab.stateDir, LAB_CA_FILE), 'utf8');
  const admin = new LabAdminClient(lab.url, lab.adminToken, ca);
  const providersFile = path.join(workDir, 'lab-providers.json');
  writeLabProvidersFile(lab.stateDir, providersFile);
  const configFile = path.join(workDir, 'run-config.json');
  fs.writeFileSync(configFile, JSON.stringify({ ...labDefaults, ...labTimeProfile }, null, 2));
  return {
    lab,
    admin,
    ca,
    workDir,
    providersFile,
    configFile,
    labStartMs,
    stop: async () => {
      admin.close();
      await lab.stop();
    },
  };
}

/** Watches Migrations in all namespaces, recording each event's arrival time. */
function watchMigrations(lab: BenchLab, events: MigrationEvent[]): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = https.get(new URL('/apis/forklift.konveyor.io/v1beta1/migrations?watch=true', lab.lab.url), {
      headers: { Authorization: `Bearer ${lab.lab.adminToken}`, Accept: 'application/json', 'User-Agent': 'mtv-bench' },
      ca: lab.ca,
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
      resolve({ exitCode, signal, startedEpochMs, wallMs });
    });
  });
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** When Jest ran the run's scenario files (its --json results), all files together. */
export interface JestFileTimes {
  /** The first file's start and the last file's end. */
  fileStartEpochMs: number;
  fileEndEpochMs: number;
  /** The steps' durations, summed over the files. */
  stepsMs: number;
  /** Each file's start to end, summed (with several workers: more than the files' span). */
  filesMs: number;
  files: number;
}

function jestTimes(resultsFile: string): JestFileTimes | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
      testResults?: Array<{ startTime?: number; endTime?: number; assertionResults?: Array<{ duration?: number | null }> }>;
    };
    const files = (r.testResults ?? []).filter((f) => f.startTime && f.endTime) as Array<{
      startTime: number;
      endTime: number;
      assertionResults?: Array<{ duration?: number | null }>;
    }>;
    if (files.length === 0) return undefined;
    return {
      fileStartEpochMs: Math.min(...files.map((f) => f.startTime)),
      fileEndEpochMs: Math.max(...files.map((f) => f.endTime)),
      stepsMs: files.flatMap((f) => f.assertionResults ?? []).reduce((s, a) => s + (a.duration ?? 0), 0),
      filesMs: files.reduce((s, f) => s + (f.endTime - f.startTime), 0),
      files: files.length,
    };
  } catch {
    return undefined;
  }
}

export interface SuiteRunSpec {
  /** Names the run's files and mark (unique per benchmark run). */
  label: string;
  scenarios: string[];
  /** A folder of scenario files (default: the project's scenarios/). */
  scenariosDir?: string;
  /** Jest workers (-w); default: the CLI's default. */
  workers?: number;
  /** `--tc key:value` settings of the run (e.g. the copy-offload source entry). */
  tc?: string[];
  timeoutMs: number;
}

export interface SuiteRunResult {
  label: string;
  wallMs: number;
  /** Time the lab was migrating (overlaps counted once). */
  migrationMs: number;
  migrations: MigrationWindow[];
  overheadMs: number;
  /** Everything the lab's API server counted since the mark. */
  counted: LabMetrics;
  /** The suite's requests: counted minus the lab's own clients. */
  suiteRequests: number;
  /** The suite's own count from its session log line (one per session), summed. */
  suiteCounted: number | undefined;
  dataDir: string;
  logText: string;
  outputFile: string;
  startedEpochMs: number;
  jest: JestFileTimes | undefined;
}

function cliArgs(lab: BenchLab, spec: SuiteRunSpec, dataDir: string): string[] {
  return [
    '--scenario',
    spec.scenarios.join(','),
    ...(spec.scenariosDir ? ['--scenarios-dir', spec.scenariosDir] : []),
    ...(spec.workers !== undefined ? ['-w', String(spec.workers)] : []),
    ...(spec.tc ?? []).flatMap((tc) => ['--tc', tc]),
    '--kubeconfig',
    lab.lab.kubeconfig,
    '--providers-json',
    lab.providersFile,
    '--config',
    lab.configFile,
    '--data-collector-path',
    dataDir,
  ];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The suite's own counts, one `cluster API requests this session` line per worker session. */
function suiteCountsFromLog(logText: string): number | undefined {
  const counts = logText
    .split('\n')
    .map((line) => suiteCountFromLog(line)?.total)
    .filter((n): n is number => n !== undefined);
  return counts.length ? counts.reduce((a, b) => a + b, 0) : undefined;
}

/** One CLI run against the lab; a failed run is an error (the benchmark needs green runs). */
export async function runSuite(lab: BenchLab, spec: SuiteRunSpec): Promise<SuiteRunResult> {
  const events: MigrationEvent[] = [];
  const watcher = await watchMigrations(lab, events);
  try {
    const mark = `bench-${spec.label}`;
    await lab.admin.expect(201, 'POST', `/lab/metrics/marks/${mark}`);
    const dataDir = path.join(lab.workDir, `dc-${spec.label}`);
    const outputFile = path.join(lab.workDir, `output-${spec.label}.log`);
    const cli = await runCli(cliArgs(lab, spec, dataDir), outputFile, spec.timeoutMs);
    if (cli.exitCode !== 0) {
      throw new Error(
        `the ${spec.scenarios.join(',')} run (${spec.label}) failed (exit ${cli.exitCode ?? cli.signal}); the benchmark needs green runs. Output: ${outputFile}\n${tail(outputFile, 25)}`,
      );
    }
    const counted = await readMetrics(lab.admin, mark);
    const migrations = migrationWindows(events);
    if (migrations.length === 0)
      throw new Error(`no Migration was seen created and finished during ${spec.label} (${events.length} watch events)`);
    const migrationMs = coveredMs(migrations);
    const logText = readText(path.join(dataDir, 'mtv-tests.log'));
    return {
      label: spec.label,
      wallMs: cli.wallMs,
      migrationMs,
      migrations,
      overheadMs: cli.wallMs - migrationMs,
      counted,
      suiteRequests: counted.total - (counted.byClient?.[INVENTORY_USER_AGENT] ?? 0),
      suiteCounted: suiteCountsFromLog(logText),
      dataDir,
      logText,
      outputFile,
      startedEpochMs: cli.startedEpochMs,
      jest: jestTimes(path.join(dataDir, 'jest-results.json')),
    };
  } finally {
    watcher.close();
  }
}

/**
 * A temporary work directory for one benchmark run: removed after a run that succeeded, kept (and
 * its path printed) with --keep or after a failure, so the lab state and outputs can be read.
 */
export async function inWorkDir<T>(prefix: string, keep: boolean | undefined, body: (workDir: string) => Promise<T>): Promise<T> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let ok = false;
  try {
    const out = await body(workDir);
    ok = true;
    return out;
  } finally {
    if (keep || !ok) process.stdout.write(`work directory kept: ${workDir}\n`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}
