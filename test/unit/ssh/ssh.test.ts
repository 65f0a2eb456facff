import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { SshConnectionError } from '../../../exceptions/post-migration';
import type { SuiteLog } from '../../../lib/k8s/log';
import { SshConnectionManager } from '../../../utilities/ssh';
import { startGuestSshServer } from './ssh-server';

const TOKEN = 'sha256~Zq3vLxW8tYpR2mN7kB4sD9fH1jG6cV5aE0uI-token-under-test';
const FAKE = path.join(__dirname, 'fake-virtctl.js');

function capturingLog(): SuiteLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, info: push('info'), warn: push('warn'), debug: push('debug'), error: push('error') };
}

let guest: Awaited<ReturnType<typeof startGuestSshServer>>;
let argsFile: string;
const managers: SshConnectionManager[] = [];

beforeAll(async () => {
  guest = await startGuestSshServer({ cloud: 'linux-pass-1', Administrator: 'Windows-Pass-2' });
  argsFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ssh-test-')), 'args.jsonl');
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.closeAll()));
});
afterAll(async () => {
  await guest.close();
  await fs.rm(path.dirname(argsFile), { recursive: true, force: true });
});

// Jest's sandbox has its own process.env; the fake virtctl gets its settings through `env`.
function manager(
  log: SuiteLog,
  mode: '' | 'silent' | 'fail',
  extra: Partial<ConstructorParameters<typeof SshConnectionManager>[0]> = {},
): SshConnectionManager {
  const created = new SshConnectionManager({
    virtctlPath: FAKE,
    server: 'https://api.cluster.example:6443',
    token: TOKEN,
    insecureSkipTlsVerify: true,
    credentials: { linux: { user: 'cloud', password: 'linux-pass-1' }, windows: { user: 'Administrator', password: 'Windows-Pass-2' } },
    log,
    connectTimeoutMs: 10_000,
    retryDelayMs: 200,
    env: { PATH: process.env['PATH'], FAKE_SSH_PORT: String(guest.port), FAKE_VIRTCTL_ARGS_FILE: argsFile, FAKE_VIRTCTL_MODE: mode },
    ...extra,
  });
  managers.push(created);
  return created;
}

describe('SSH through virtctl port-forward', () => {
  it('runs commands with the Linux or Windows user, passes the documented virtctl arguments and never logs the token', async () => {
    const log = capturingLog();
    const ssh = manager(log, '');
    const linux = await ssh.connect({ vmName: 'mtv-tests-rhel8', namespace: 'mtv-ns', windows: false });
    expect(await linux.run('hostname')).toEqual({ stdout: 'guest-a\n', stderr: '', exitCode: 0 });
    expect(await linux.run('lsblk -J')).toEqual({ stdout: '', stderr: 'sh: lsblk -J: command not found\n', exitCode: 127 });
    const windows = await ssh.connect({ vmName: 'mtv-win2019-3disks', namespace: 'mtv-ns', windows: true });
    expect((await windows.run('echo hi')).stdout).toBe('hi\n');
    expect(guest.logins).toEqual(expect.arrayContaining(['cloud', 'Administrator']));
    expect(ssh.openTunnels).toBe(2);
    // Same VM again: the live session is reused, no second virtctl.
    expect(await ssh.connect({ vmName: 'mtv-tests-rhel8', namespace: 'mtv-ns', windows: false })).toBe(linux);
    // A session that closed is replaced on the next connect (same tunnel).
    (linux as unknown as { close(): void }).close();
    const again = await ssh.connect({ vmName: 'mtv-tests-rhel8', namespace: 'mtv-ns', windows: false });
    expect(again).not.toBe(linux);
    expect((await again.run('hostname')).stdout).toBe('guest-a\n');
    expect(ssh.openTunnels).toBe(2);

    const calls = (await fs.readFile(argsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
    const call = calls.find((args) => args[1] === 'vm/mtv-tests-rhel8')!;
    expect(call).toEqual([
      'port-forward',
      'vm/mtv-tests-rhel8',
      expect.stringMatching(/^\d+:22$/),
      '--namespace',
      'mtv-ns',
      '--address',
      '127.0.0.1',
      '--server',
      'https://api.cluster.example:6443',
      '--token',
      TOKEN,
      '--insecure-skip-tls-verify',
      '-v',
      '3',
    ]);

    const output = log.lines.join('\n');
    expect(output).toContain('--token *** --insecure-skip-tls-verify -v 3');
    expect(output).toContain('connecting to https://api.cluster.example:6443 with bearer *** ***');
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('Zq3vLxW8tYpR2mN7kB4sD9fH1jG6cV5aE0uI');
    expect(output).not.toContain('linux-pass-1');

    await ssh.closeAll();
    expect(ssh.openTunnels).toBe(0);
    await expect(ssh.connect({ vmName: 'x', namespace: 'y', windows: false })).rejects.toThrow(/connection manager is closed/);
  });

  it('gets virtctl on the first connect only, once, and does not retry when it cannot be had', async () => {
    let lookups = 0;
    const lazy = manager(capturingLog(), '', { virtctlPath: async () => (lookups++, FAKE) });
    expect(lookups).toBe(0);
    await lazy.connect({ vmName: 'mtv-tests-rhel8', namespace: 'mtv-ns', windows: false });
    await lazy.connect({ vmName: 'mtv-win2019-3disks', namespace: 'mtv-ns', windows: true });
    expect(lookups).toBe(1);

    let failedLookups = 0;
    const missing = manager(capturingLog(), '', {
      virtctlPath: () => (failedLookups++, Promise.reject(new Error('no virtctl link for linux/x64'))),
    });
    await expect(missing.connect({ vmName: 'mtv-tests-rhel8', namespace: 'mtv-ns', windows: false })).rejects.toThrow(
      'no virtctl link for linux/x64',
    );
    expect(failedLookups).toBe(1);
  });

  it('detects readiness by connection attempts when virtctl does not log it', async () => {
    const ssh = manager(capturingLog(), 'silent');
    const shell = await ssh.connect({ vmName: 'quiet-vm', namespace: 'mtv-ns', windows: false });
    expect((await shell.run('echo ok')).stdout).toBe('ok\n');
  });

  it('reports virtctl failures with its (masked) output after a bounded number of attempts', async () => {
    const log = capturingLog();
    const ssh = manager(log, 'fail', { connectTimeoutMs: 1_500, retryDelayMs: 400 });
    const error = (await ssh.connect({ vmName: 'stopped-vm', namespace: 'mtv-ns', windows: false }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SshConnectionError);
    expect(error.message).toMatch(
      /^SSH to VM stopped-vm could not be set up: no working session within 1500 ms after [2-4] attempt\(s\); last error: SSH to VM stopped-vm could not be set up: virtctl port-forward exited \(code 1\) before the tunnel was ready: .*bearer \*\*\* \*\*\*.*\nError: can't access VMI stopped-vm: Internal error occurred: VirtualMachineInstance is not running/s,
    );
    expect(error.message).not.toContain(TOKEN);
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });

  it('reports a wrong password as a login failure', async () => {
    const ssh = manager(capturingLog(), '', {
      credentials: { linux: { user: 'cloud', password: 'wrong-password' }, windows: { user: 'Administrator', password: 'x' } },
      connectTimeoutMs: 800,
      retryDelayMs: 500,
    });
    await expect(ssh.connect({ vmName: 'vm-a', namespace: 'mtv-ns', windows: false })).rejects.toThrow(
      /SSH login as cloud on 127\.0\.0\.1:\d+ failed: All configured authentication methods failed/,
    );
  });

  it('stops virtctl when the worker process exits without teardown', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'exit-cleanup-worker.ts'), String(guest.port)],
      { timeout: 20_000 },
    );
    const pid = Number(stdout);
    expect(pid).toBeGreaterThan(0);
    // The exit hook sent SIGTERM synchronously; give the fake virtctl a bounded moment to exit.
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 40 && alive(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
  }, 30_000);
});
