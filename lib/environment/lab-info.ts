/**
 * The embedded lab of a run, as Jest global setup started it: its kubeconfig, state directory and
 * the run's copy of its providers file. Global setup learns this after the run options file was
 * written, so it has its own file, <data-collector>/lab.json, written once; each worker reads it
 * at most once, and the process that wrote it (the CLI's) never reads it back.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LAB_INFO_FILE_NAME = 'lab.json';

export interface LabInfo {
  kubeconfigPath: string;
  stateDir: string;
  providersPath: string;
  /** The lab's remote destination cluster: its name (remote_ocp_cluster) and admin kubeconfig. */
  remote?: { name: string; kubeconfigPath: string };
}

const known = new Map<string, LabInfo>();

export function labInfoFile(dataCollectorDir: string): string {
  return path.join(dataCollectorDir, LAB_INFO_FILE_NAME);
}

/** Global setup, once the lab runs. */
export function writeLabInfo(dataCollectorDir: string, info: LabInfo): void {
  fs.writeFileSync(labInfoFile(dataCollectorDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  known.set(dataCollectorDir, info);
}

/** The run's lab, or undefined when global setup started none (the target is a cluster). */
export function labInfo(dataCollectorDir: string): LabInfo | undefined {
  if (!known.has(dataCollectorDir)) {
    const file = labInfoFile(dataCollectorDir);
    if (!fs.existsSync(file)) return undefined;
    known.set(dataCollectorDir, JSON.parse(fs.readFileSync(file, 'utf8')) as LabInfo);
  }
  return known.get(dataCollectorDir);
}
