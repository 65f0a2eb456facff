/**
 * One run of the real CLI (`bin/mtv-tests.ts --scenario <s> [--lab-fault <f>]`) in a child
 * process with its own data collector directory and working directory, and what the run left
 * behind: exit code, the per-step Jest results, the checks the failure message blames, and whether
 * the teardown and the global sweep reported nothing left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startCli } from '../e2e/support/cli';
import { labLogHighlights } from '../support/lab-log';

export interface StepResult {
  readonly title: string;
  readonly status: string;
  readonly message: string;
}

export interface ScenarioRunResult {
  readonly scenario: string;
  readonly fault: string | undefined;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly seconds: number;
  readonly steps: readonly StepResult[];
  /** Check names in the "  - <check>: " lines of the check VMs failure, deduplicated, sorted. */
  readonly blamed: readonly string[];
  readonly checkMessage: string;
  /** The session teardown said "teardown complete, nothing left" and the sweep "none left". */
  readonly nothingLeft: boolean;
  readonly dataCollectorDir: string;
  /** Last output lines, for assertion messages. */
  readonly tail: string;
}

interface JestJson {
  testResults?: Array<{ assertionResults?: Array<{ title: string; status: string; failureMessages?: string[] }> }>;
}

/** Extra run settings for every matrix run: guest waits (guest agent, cloud-init) bounded at 15 s (see the README). */
export const MATRIX_TC = ['guest_agent_timeout:15', 'cloud_init_timeout:15'];

export async function runScenario(opts: {
  scenario: string;
  fault?: string;
  scenariosDir?: string;
  /** --tc source_provider:<key> when the row checks another source type. */
  sourceProvider?: string;
  workDir: string;
  timeoutMs: number;
}): Promise<ScenarioRunResult> {
  const label = opts.fault ?? 'clean';
  const runDir = path.join(opts.workDir, `${opts.scenario}--${label}`);
  const dataCollectorDir = path.join(runDir, 'data-collector');
  fs.mkdirSync(runDir, { recursive: true });
  const args = ['--scenario', opts.scenario, '--data-collector-path', dataCollectorDir, ...MATRIX_TC.flatMap((tc) => ['--tc', tc])];
  if (opts.scenariosDir) args.push('--scenarios-dir', path.join(REPO_ROOT, opts.scenariosDir));
  if (opts.fault) args.push('--lab-fault', opts.fault);
  if (opts.sourceProvider) args.push('--tc', `source_provider:${opts.sourceProvider}`);
  const started = Date.now();
  const run = startCli(args, { cwd: runDir });
  // Bounded: a run that outlives its budget is interrupted (SIGINT runs the suite's signal-safe teardown).
  const timer = setTimeout(() => run.child.kill('SIGINT'), opts.timeoutMs);
  const { code, signal } = await run.exited.finally(() => clearTimeout(timer));
  const seconds = (Date.now() - started) / 1000;

  const resultsFile = path.join(dataCollectorDir, 'jest-results.json');
  const json = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestJson) : {};
  const steps: StepResult[] = (json.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? []).map((a) => ({ title: a.title, status: a.status, message: (a.failureMessages ?? []).join('\n') })),
  );
  const checkMessage = steps.find((s) => s.title.startsWith('check VMs'))?.message ?? '';
  const blamed = [...new Set([...checkMessage.matchAll(/^ {2}- ([a-z][a-z-]*): /gm)].map((m) => m[1]!))].sort();
  const logFile = path.join(dataCollectorDir, 'mtv-tests.log');
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  const output = run.lines.join('\n');
  const nothingLeft =
    /teardown complete, nothing left/.test(log + output) &&
    /none left: nothing to do/.test(log + output) &&
    !/leftover\(s\)|still exists|SessionTeardownError/.test(log + output);
  // The lab's own lines about guests and failures explain a dropped tunnel or a stuck controller.
  const tail = [...run.lines.slice(-30), '--- lab.log (guests, failures) ---', ...labLogHighlights(dataCollectorDir, 15)].join('\n');
  return {
    scenario: opts.scenario,
    fault: opts.fault,
    exitCode: code,
    signal,
    seconds,
    steps,
    blamed,
    checkMessage,
    nothingLeft,
    dataCollectorDir,
    tail,
  };
}

/** Runs `tasks` with at most `limit` in flight, results in input order. */
export async function withConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Why a faulted run does not count as failing at `stepName` (empty when it does): the run exited
 * non-zero, the steps before it passed, it failed, every later step was skipped, and nothing was
 * left behind. `step` is the failed step's result, for the row's own checks of its message.
 */
export function failedAtStep(r: ScenarioRunResult, stepName: string): { problems: string[]; step?: StepResult } {
  const problems: string[] = [];
  if (r.exitCode === 0) problems.push('the run exited 0');
  if (!r.nothingLeft) problems.push('teardown/sweep did not report nothing left');
  const at = r.steps.findIndex((s) => s.title.startsWith(stepName));
  if (at < 0) return { problems: [...problems, `no step "${stepName}" among ${r.steps.map((s) => s.title).join(', ')}`] };
  const before = r.steps.slice(0, at).filter((s) => s.status !== 'passed');
  if (before.length) problems.push(`steps before ${stepName} not passed: ${before.map((s) => `${s.title} (${s.status})`).join(', ')}`);
  const after = r.steps.slice(at + 1).filter((s) => s.status !== 'pending');
  if (after.length) problems.push(`steps after ${stepName} not skipped: ${after.map((s) => `${s.title} (${s.status})`).join(', ')}`);
  const step = r.steps[at]!;
  if (step.status !== 'failed') problems.push(`${stepName} ${step.status}`);
  return { problems, step };
}
