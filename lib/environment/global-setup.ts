/**
 * Jest globalSetup (main process, once per run, before workers exist): prepares the data
 * collector directory and, when the target is the lab, starts the lab as a child process and
 * records its kubeconfig and providers file in the run's lab file (lab-info.ts), which workers read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchLabProcess, type LaunchedLab } from '../../lab/launch';
import { LAB_PROVIDERS_FILE, RUN_LAB_PROVIDERS_FILE } from '../config/lab';
import { writeLabInfo } from './lab-info';
import { runOptions, type RunOptions } from './run-options';

export const LAB_HANDLE = Symbol.for('mtv-tests.lab');
const LAB_START_TIMEOUT_MS = 60_000;

/**
 * Copies (0600) the lab's providers file: the file a QE engineer would write for the lab, the lab
 * CA and VDDK init image included (lab/providers-file.ts), so that a lab run and a run driving a
 * running lab as a cluster read the same entries. Also used by tools/bench, which runs the CLI
 * against a lab it started itself.
 */
export function writeLabProvidersFile(stateDir: string, file: string): void {
  fs.writeFileSync(file, fs.readFileSync(path.join(stateDir, LAB_PROVIDERS_FILE)), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** The run's copy of the lab providers file, in the data collector directory. */
export function labProvidersFile(stateDir: string, dataCollectorDir: string): string {
  const file = path.join(dataCollectorDir, RUN_LAB_PROVIDERS_FILE);
  writeLabProvidersFile(stateDir, file);
  return file;
}

/** The embedded lab's output, in the data collector directory. */
export const LAB_LOG_FILE = 'lab.log';

/**
 * Starts the run's lab (state in <data-collector>/lab-state, output in lab.log) and records it for
 * the workers (lab-info.ts) and for global teardown, which stops it. The CLI calls this before Jest
 * starts, so that its pre-flight checks the lab as it checks a cluster; global setup starts one only
 * when nobody did.
 */
export async function startRunLab(dataCollectorDir: string, labFaults: RunOptions['labFaults']): Promise<LaunchedLab> {
  const stateDir = path.join(dataCollectorDir, 'lab-state');
  const lab: LaunchedLab = await launchLabProcess({
    stateDir,
    faults: labFaults.map((f) => (f.value === undefined ? f.name : `${f.name}=${f.value}`)),
    timeoutMs: LAB_START_TIMEOUT_MS,
    // The lab's own log (controllers, refused port-forwards, ...) next to the run's log: when a
    // check fails on the lab, it often says why.
    onOutput: (line) => fs.appendFileSync(path.join(dataCollectorDir, LAB_LOG_FILE), `${line}\n`),
  });
  (globalThis as { [LAB_HANDLE]?: LaunchedLab })[LAB_HANDLE] = lab;
  process.stdout.write(`mtv-tests: embedded lab running at ${lab.url} (state ${lab.stateDir})\n`);
  const providersPath = labProvidersFile(lab.stateDir, dataCollectorDir);
  writeLabInfo(dataCollectorDir, {
    kubeconfigPath: lab.kubeconfig,
    stateDir: lab.stateDir,
    providersPath,
    ...(lab.remote ? { remote: { name: lab.remote.name, kubeconfigPath: lab.remote.kubeconfig } } : {}),
  });
  return lab;
}

export default async function globalSetup(): Promise<void> {
  const options = runOptions();
  fs.mkdirSync(options.dataCollectorDir, { recursive: true });
  if (options.target.kind !== 'lab' || (globalThis as { [LAB_HANDLE]?: LaunchedLab })[LAB_HANDLE]) return;
  await startRunLab(options.dataCollectorDir, options.labFaults);
}
