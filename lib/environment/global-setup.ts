/**
 * Jest globalSetup (main process, once per run, before workers exist): prepares the data
 * collector directory and, when the target is the lab, starts the lab as a child process and
 * records its kubeconfig and providers file in the run's lab file (lab-info.ts), which workers read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchLabProcess, type LaunchedLab } from '../../lab/launch';
import { LAB_CA_FILE, LAB_PROVIDERS_FILE, LAB_VDDK_INIT_IMAGE, RUN_LAB_PROVIDERS_FILE } from '../config/lab';
import { writeLabInfo } from './lab-info';
import { runOptions } from './run-options';

export const LAB_HANDLE = Symbol.for('mtv-tests.lab');
const LAB_START_TIMEOUT_MS = 60_000;

/**
 * Writes (0600) the lab's providers file plus what a run adds (see lib/config/lab.ts): the lab CA
 * file and the lab VDDK init image on vSphere entries. Also used by tools/bench, which runs the CLI
 * against a lab it started itself.
 */
export function writeLabProvidersFile(stateDir: string, file: string): void {
  const entries = JSON.parse(fs.readFileSync(path.join(stateDir, LAB_PROVIDERS_FILE), 'utf8')) as Record<string, Record<string, unknown>>;
  for (const entry of Object.values(entries)) {
    if (entry.type !== 'vsphere') continue;
    entry.ca_cert_file ??= path.join(stateDir, LAB_CA_FILE);
    if (!entry.vddk_init_image) entry.vddk_init_image = LAB_VDDK_INIT_IMAGE;
  }
  fs.writeFileSync(file, JSON.stringify(entries, null, 2), { mode: 0o600 });
}

/** The run's copy of the lab providers file, in the data collector directory. */
export function labProvidersFile(stateDir: string, dataCollectorDir: string): string {
  const file = path.join(dataCollectorDir, RUN_LAB_PROVIDERS_FILE);
  writeLabProvidersFile(stateDir, file);
  return file;
}

/** The embedded lab's output, in the data collector directory. */
export const LAB_LOG_FILE = 'lab.log';

export default async function globalSetup(): Promise<void> {
  const options = runOptions();
  fs.mkdirSync(options.dataCollectorDir, { recursive: true });
  if (options.target.kind !== 'lab') return;
  const stateDir = path.join(options.dataCollectorDir, 'lab-state');
  const lab: LaunchedLab = await launchLabProcess({
    stateDir,
    faults: options.labFaults.map((f) => (f.value === undefined ? f.name : `${f.name}=${f.value}`)),
    timeoutMs: LAB_START_TIMEOUT_MS,
    // The lab's own log (controllers, refused port-forwards, ...) next to the run's log: when a
    // check fails on the lab, it often says why.
    onOutput: (line) => fs.appendFileSync(path.join(options.dataCollectorDir, LAB_LOG_FILE), `${line}\n`),
  });
  (globalThis as { [LAB_HANDLE]?: LaunchedLab })[LAB_HANDLE] = lab;
  process.stdout.write(`mtv-tests: embedded lab running at ${lab.url} (state ${lab.stateDir})\n`);
  const providersPath = labProvidersFile(lab.stateDir, options.dataCollectorDir);
  writeLabInfo(options.dataCollectorDir, { kubeconfigPath: lab.kubeconfig, stateDir: lab.stateDir, providersPath });
}
