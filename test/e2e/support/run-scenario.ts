/** One CLI run against its embedded lab, observed through the lab's API from start to stop. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCli, exitOf, type CliRun } from './cli';
import { LabObserver } from './observer';

export interface ObservedRun {
  cwd: string;
  dataCollector: string;
  session: string;
  cli: CliRun;
  observer: LabObserver;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  output: string;
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
    observer = await LabObserver.start(path.join(stateDir!, 'kubeconfig'));
    const [, session] = await cli.waitForLine(/session (auto-[a-z0-9]{4}) on /, 60_000);
    if (opts.during) await opts.during(cli);
    const exit = await exitOf(cli, opts.timeoutMs ?? 240_000);
    return { cwd, dataCollector, session: session!, cli, observer, exit, output: cli.lines.join('\n') };
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
