/** One CLI run against its embedded lab, observed through the lab's API from start to stop. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { startCli, exitOf, type CliRun } from './cli';
import { LabObserver } from './observer';
import { labLogHighlights } from '../../support/lab-log';

export interface ObservedRun {
  cwd: string;
  dataCollector: string;
  session: string;
  cli: CliRun;
  observer: LabObserver;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  output: string;
  /** The lab's bearer token (from its kubeconfig), to prove it never reaches the run's outputs. */
  labToken: string;
}

export interface ObservedRunOptions {
  /** Called once the session started (e.g. to interrupt the run at a given step). */
  during?: (cli: CliRun) => Promise<void>;
  timeoutMs?: number;
}

export async function runObserved(args: string[], opts: ObservedRunOptions = {}): Promise<ObservedRun> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-e2e-'));
  const dataCollector = path.join(cwd, 'dc');
  const cli = startCli([...args, '--data-collector-path', dataCollector], { cwd });
  let observer: LabObserver | undefined;
  try {
    const [, stateDir] = await cli.waitForLine(/embedded lab running at \S+ \(state (.+)\)$/, 90_000);
    const kubeconfig = path.join(stateDir!, 'kubeconfig');
    observer = await LabObserver.start(kubeconfig);
    const labToken =
      (YAML.parse(fs.readFileSync(kubeconfig, 'utf8')) as { users?: Array<{ user?: { token?: string } }> }).users?.[0]?.user?.token ?? '';
    const [, session] = await cli.waitForLine(/session (auto-[a-z0-9]{4}) on /, 60_000);
    if (opts.during) await opts.during(cli);
    const exit = await exitOf(cli, opts.timeoutMs ?? 240_000);
    return { cwd, dataCollector, session: session!, cli, observer, exit, output: cli.lines.join('\n'), labToken };
  } catch (error) {
    cli.child.kill('SIGKILL');
    observer?.stop();
    throw error;
  }
}

export function cleanup(run: ObservedRun | undefined): void {
  run?.observer.stop();
  if (run) fs.rmSync(run.cwd, { recursive: true, force: true });
}

/**
 * The run log's warnings, errors and SSH/virtctl lines: shown when a run that should pass does not,
 * because the run's directory (and its log) is gone after cleanup.
 */
export function failureContext(run: ObservedRun): string {
  if (run.exit.code === 0) return '';
  const file = path.join(run.dataCollector, 'mtv-tests.log');
  const suite = (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []).filter((line) =>
    / (WARN|ERROR) |ssh: |virtctl\[/.test(line),
  );
  return [...suite.slice(-40), '--- lab.log ---', ...labLogHighlights(run.dataCollector, 20)].join('\n');
}
