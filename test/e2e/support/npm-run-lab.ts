/** `npm run lab` exactly as a user types it, in its own process group, until it prints LAB READY. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { REPO_ROOT } from './cli';

export interface LabReady {
  url: string;
  kubeconfig: string;
  stateDir: string;
}

export interface NpmLab {
  ready: LabReady;
  /** The state folder it was given. */
  stateDir: string;
  stop(): Promise<void>;
}

export async function startNpmLab(): Promise<NpmLab> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-npm-run-lab-'));
  // Its own process group, so that stopping it reaches npm's children too.
  const lab: ChildProcess = spawn('npm', ['run', '--silent', 'lab', '--', '--state-dir', stateDir], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (lab.pid !== undefined && lab.exitCode === null) {
      const exited = new Promise((resolve) => lab.once('exit', resolve));
      process.kill(-lab.pid, 'SIGTERM');
      await exited;
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
  const tail: string[] = [];
  readline.createInterface({ input: lab.stderr! }).on('line', (l) => tail.push(l));
  try {
    const ready = await new Promise<LabReady>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm run lab printed no LAB READY line in 90 s:\n${tail.slice(-20).join('\n')}`)),
        90_000,
      );
      readline.createInterface({ input: lab.stdout! }).on('line', (line) => {
        const m = /^LAB READY (\{.*\})$/.exec(line);
        if (!m) return;
        clearTimeout(timer);
        resolve(JSON.parse(m[1]!) as LabReady);
      });
      lab.on('exit', (code) => reject(new Error(`npm run lab exited (${code}) before it was ready:\n${tail.slice(-20).join('\n')}`)));
    });
    return { ready, stateDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
