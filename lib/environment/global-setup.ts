/**
 * Jest globalSetup (main process, once per run, before workers exist): prepares the data
 * collector directory and, when the target is the lab, starts the lab as a child process and
 * records its kubeconfig and providers file in the run options file, which workers read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchLabProcess, type LaunchedLab } from '../../lab/launch';
import { LAB_PROVIDERS_FILE } from '../config/lab';
import { readRunOptions, runOptionsPath, splitSecrets, writeRunOptions } from './run-options';

export const LAB_HANDLE = Symbol.for('mtv-tests.lab');
const LAB_START_TIMEOUT_MS = 60_000;

export default async function globalSetup(): Promise<void> {
  const options = readRunOptions();
  fs.mkdirSync(options.dataCollectorDir, { recursive: true });
  if (options.target.kind !== 'lab' || options.lab) return;
  const stateDir = path.join(options.dataCollectorDir, 'lab-state');
  const lab: LaunchedLab = await launchLabProcess({
    stateDir,
    faults: options.labFaults.map((f) => (f.value === undefined ? f.name : `${f.name}=${f.value}`)),
    timeoutMs: LAB_START_TIMEOUT_MS,
  });
  (globalThis as { [LAB_HANDLE]?: LaunchedLab })[LAB_HANDLE] = lab;
  process.stdout.write(`mtv-tests: embedded lab running at ${lab.url} (state ${lab.stateDir})\n`);
  const withLab = { ...options, lab: { kubeconfigPath: lab.kubeconfig, stateDir: lab.stateDir, providersPath: path.join(lab.stateDir, LAB_PROVIDERS_FILE) } };
  writeRunOptions(runOptionsPath(), splitSecrets(withLab).options);
}
