/**
 * Runs the real CLI (`bin/mtv-tests.ts` under tsx) in a child process, as a user would, from a
 * scratch working directory (junit-report.xml lands there). Output lines are collected and can be
 * awaited; every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** `node -r` this to run project TypeScript as `npm test` does (absolute: runs start in scratch directories). */
export const REGISTER_TS = path.join(REPO_ROOT, 'bin/register-ts.cjs');

export interface CliRun {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the n-th line matching (default the first), or rejects after timeoutMs (naming the pattern). */
  waitForLine(pattern: RegExp, timeoutMs: number, occurrence?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const child = spawn(process.execPath, ['-r', REGISTER_TS, path.join(REPO_ROOT, 'bin/mtv-tests.ts'), ...args], {
    cwd: opts.cwd,
    env: { ...process.env, FORCE_COLOR: '0', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; left: number; resolve: (m: RegExpMatchArray) => void }> = [];
  const onLine = (line: string): void => {
    lines.push(line);
    for (const w of [...waiters]) {
      const m = line.match(w.pattern);
      if (m && --w.left === 0) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  readline.createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs, occurrence = 1) {
      const seen = lines.map((l) => l.match(pattern)).filter((m): m is RegExpMatchArray => m !== null);
      if (seen.length >= occurrence) return Promise.resolve(seen[occurrence - 1]!);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, left: occurrence - seen.length, resolve: (m: RegExpMatchArray) => (clearTimeout(timer), resolve(m)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no output line matching ${pattern} within ${timeoutMs} ms; last lines:\n${lines.slice(-25).join('\n')}`));
        }, timeoutMs);
        waiters.push(waiter);
        void exited.then(() =>
          setTimeout(() => {
            if (waiters.includes(waiter)) {
              clearTimeout(timer);
              waiters.splice(waiters.indexOf(waiter), 1);
              reject(new Error(`the CLI exited without printing a line matching ${pattern}; last lines:\n${lines.slice(-25).join('\n')}`));
            }
          }, 50),
        );
      });
    },
  };
}

/** Waits for the exit, killing the CLI (and failing) if it takes longer than timeoutMs. */
export async function exitOf(run: CliRun, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${timeoutMs} ms; last lines:\n${run.lines.slice(-25).join('\n')}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The CLI arguments that drive a running lab as a named cluster, as a user with its kubeconfig and a
 * providers file would: the lab's providers.json copied into `cwd` with the vSphere CA named
 * (`ca_cert_file`), TLS verified, data collector `<cwd>/dc`. `tc` adds settings.
 */
export function namedClusterArgs(lab: { kubeconfig: string; stateDir: string }, cwd: string, tc: string[] = []): string[] {
  const providersJson = path.join(cwd, 'providers.json');
  const entries = JSON.parse(fs.readFileSync(path.join(lab.stateDir, 'providers.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  entries.vsphere = { ...entries.vsphere, ca_cert_file: path.join(lab.stateDir, 'ca.crt') };
  fs.writeFileSync(providersJson, JSON.stringify(entries), { mode: 0o600 });
  const settings = ['source_provider:vsphere', 'storage_class:mtv-block', 'insecure_verify_skip:false', ...tc];
  return [
    '--kubeconfig',
    lab.kubeconfig,
    '--providers-json',
    providersJson,
    ...settings.flatMap((s) => ['--tc', s]),
    '--data-collector-path',
    path.join(cwd, 'dc'),
  ];
}
