/**
 * The Python suite's way to upgrade MTV (utilities/upgrade.py run_mtv_upgrade): run the user's
 * upgrade script with MTV_VERSION, MTV_SOURCE (upper-case), IMAGE_INDEX, CLUSTER_USERNAME,
 * CLUSTER_PASSWORD, CLUSTER_API_URL and DEBUG=true in its environment, in its own directory and
 * process group, output to files (not pipes, so children left behind cannot block the read), one
 * hour at most; the process group is stopped afterwards (SIGTERM, then SIGKILL). The cluster
 * password is replaced by *** in everything the step logs or throws.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MtvUpgradeError } from '../../exceptions/cluster-side';

export const UPGRADE_TIMEOUT_SECONDS = 3600;
const GROUP_STOP_MS = 15_000;

export interface UpgradeScriptInput {
  scriptPath: string;
  version: string;
  source: string;
  imageIndex: string;
  clusterUsername: string;
  clusterPassword: string;
  clusterApiUrl: string;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

const redact = (text: string, secret: string): string => (secret ? text.split(secret).join('***') : text);

/** Runs the script; resolves with its stdout (redacted), or throws MtvUpgradeError with both outputs. */
export async function runUpgradeScript(input: UpgradeScriptInput, timeoutMs = UPGRADE_TIMEOUT_SECONDS * 1000): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-upgrade-'));
  const outFile = path.join(dir, 'stdout.log');
  const errFile = path.join(dir, 'stderr.log');
  const out = fs.openSync(outFile, 'w');
  const err = fs.openSync(errFile, 'w');
  try {
    const child = spawn(input.scriptPath, [], {
      cwd: path.dirname(input.scriptPath),
      detached: true,
      stdio: ['ignore', out, err],
      env: {
        ...process.env,
        MTV_VERSION: input.version,
        MTV_SOURCE: input.source.toUpperCase(),
        IMAGE_INDEX: input.imageIndex,
        CLUSTER_USERNAME: input.clusterUsername,
        CLUSTER_PASSWORD: input.clusterPassword,
        CLUSTER_API_URL: input.clusterApiUrl,
        DEBUG: 'true',
      },
    });
    const exited = new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const result = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
    if (child.pid) {
      killGroup(child.pid, 'SIGTERM');
      if (result === 'timeout') await Promise.race([exited, new Promise((r) => setTimeout(r, GROUP_STOP_MS))]);
      killGroup(child.pid, 'SIGKILL');
    }
    const stdout = redact(fs.readFileSync(outFile, 'utf8'), input.clusterPassword);
    const stderr = redact(fs.readFileSync(errFile, 'utf8'), input.clusterPassword);
    if (result === 'timeout')
      throw new MtvUpgradeError(`MTV upgrade script timed out after ${timeoutMs / 1000} seconds\nstdout: ${stdout}\nstderr: ${stderr}`);
    if (result !== 0)
      throw new MtvUpgradeError(`MTV upgrade script failed with exit code ${String(result)}\nstdout: ${stdout}\nstderr: ${stderr}`);
    return stdout;
  } catch (error) {
    if (error instanceof MtvUpgradeError) throw error;
    throw new MtvUpgradeError(`MTV upgrade script ${input.scriptPath} could not run: ${(error as Error).message}`);
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
