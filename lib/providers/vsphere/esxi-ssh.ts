/**
 * SSH to an ESXi host as its root user (esxi_clone_method ssh): reading root's authorized_keys and
 * adding or removing the populator key line (./esxi-key-line.ts), with the few commands any ESXi
 * shell has (cat, mkdir -p, chmod, md5sum, mv, rm). Content is written through `cat` reading the
 * SSH channel, so no key text is put into a command line. The host key is not pinned: the suite has
 * no record of the ESXi host's key, as the Python suite's paramiko AutoAddPolicy has none.
 */
import crypto from 'node:crypto';
import type { Client } from 'ssh2';
import { EsxiSshError } from '../../../exceptions/copy-offload';
import type { EsxiLogin } from '../../config/copy-offload';
import { connectWithPassword, runCommand, type CommandResult } from '../../ssh/password-client';
import {
  addKeyLine,
  ESXI_AUTHORIZED_KEYS,
  hasKeyLine,
  keysTempFile,
  removeKeyLine,
  SWAP_CONFLICT_EXIT,
  SWAP_INCOMPLETE_EXIT,
  SWAP_NO_MD5SUM_EXIT,
  swapIfUnchangedCommand,
} from './esxi-key-line';

export const ESXI_SSH_TIMEOUT_MS = 30_000;

const where = (login: EsxiLogin): string => `${login.host.includes(':') ? `[${login.host}]` : login.host}:${login.port}`;

/** One SSH session to an ESXi host. */
export class EsxiShell {
  private constructor(
    readonly login: EsxiLogin,
    private readonly client: Client,
  ) {}

  static async connect(login: EsxiLogin, timeoutMs = ESXI_SSH_TIMEOUT_MS): Promise<EsxiShell> {
    const client = await connectWithPassword(
      { ...login, readyTimeoutMs: timeoutMs },
      (error) => new EsxiSshError(where(login), login.user, 'login', 'SSH connection or password login refused', error),
    );
    return new EsxiShell(login, client);
  }

  /** Runs `command`, writing `stdin` (then end of input) to it; resolves with its output and exit code. */
  run(command: string, stdin = '', timeoutMs = ESXI_SSH_TIMEOUT_MS): Promise<CommandResult> {
    return runCommand(
      this.client,
      command,
      { stdin, timeoutMs },
      (why, cause) =>
        new EsxiSshError(
          where(this.login),
          this.login.user,
          `"${command}"`,
          why === 'refused' ? 'the exec request was refused' : `no exit within ${timeoutMs} ms`,
          cause,
        ),
    );
  }

  /** Runs `command` and fails with its stderr unless it exits 0. */
  async must(command: string, stdin = ''): Promise<string> {
    const r = await this.run(command, stdin);
    if (r.exitCode !== 0)
      throw new EsxiSshError(
        where(this.login),
        this.login.user,
        `"${command}"`,
        `exit ${String(r.exitCode)}: ${r.stderr.trim() || '(no stderr)'}`,
      );
    return r.stdout;
  }

  close(): void {
    this.client.end();
  }
}

/** What the reading and removal helpers need of a session (a test may wrap a real one). */
export type KeyShell = Pick<EsxiShell, 'login' | 'run'>;

/** One session for `work`, closed afterwards whatever happens. */
export async function withEsxiShell<T>(login: EsxiLogin, work: (shell: EsxiShell) => Promise<T>): Promise<T> {
  const shell = await EsxiShell.connect(login);
  try {
    return await work(shell);
  } finally {
    shell.close();
  }
}

/** root's authorized_keys ('' when the file does not exist yet). */
export async function readAuthorizedKeys(shell: KeyShell): Promise<string> {
  const r = await shell.run(`cat ${ESXI_AUTHORIZED_KEYS}`);
  if (r.exitCode === 0) return r.stdout;
  if (/no such file/i.test(r.stderr)) return '';
  throw new EsxiSshError(
    where(shell.login),
    shell.login.user,
    `reading ${ESXI_AUTHORIZED_KEYS}`,
    `exit ${String(r.exitCode)}: ${r.stderr.trim()}`,
  );
}

/** Reads root's authorized_keys back: the write took effect (`line` there, or gone), or EsxiSshError. */
async function expectKeyLine(shell: KeyShell, line: string, present: boolean): Promise<void> {
  if (hasKeyLine(await readAuthorizedKeys(shell), line) === present) return;
  const what = present ? `adding the populator key to ${ESXI_AUTHORIZED_KEYS}` : `removing the populator key from ${ESXI_AUTHORIZED_KEYS}`;
  throw new EsxiSshError(
    where(shell.login),
    shell.login.user,
    what,
    present ? 'the line is not there when read back' : 'the line is still there',
  );
}

/**
 * Adds `line` to root's authorized_keys unless its key is there already: 'added' (the run now owns
 * the line), or 'present' (someone else's line; the run must leave it). `beforeAdd` runs once the
 * line is known to be the run's and before it is written (the caller records it there, so that a
 * run killed mid-write still has it on record). Verified by reading back.
 */
export async function installKeyLine(login: EsxiLogin, line: string, beforeAdd: () => Promise<void>): Promise<'added' | 'present'> {
  return withEsxiShell(login, async (shell) => {
    await shell.must(`mkdir -p ${ESXI_AUTHORIZED_KEYS.replace(/\/[^/]+$/, '')}`);
    const before = await readAuthorizedKeys(shell);
    const next = addKeyLine(before, line);
    if (!next.added) return 'present';
    await beforeAdd();
    await shell.must(`cat >> ${ESXI_AUTHORIZED_KEYS}`, next.content.slice(before.length));
    await shell.must(`chmod 600 ${ESXI_AUTHORIZED_KEYS}`);
    await expectKeyLine(shell, line, true);
    return 'added';
  });
}

/** How often a removal reads the file again after finding it changed before its swap. */
export const SWAP_ATTEMPTS = 5;

/** Removes exactly `line` from root's authorized_keys: 'removed', or 'absent' when it was not there. */
export function uninstallKeyLine(login: EsxiLogin, line: string): Promise<'removed' | 'absent'> {
  return withEsxiShell(login, (shell) => removeKeyLineOnHost(shell, line));
}

/** Why a swap failed, for EsxiSshError (not a conflict: that one is retried). */
function swapFailure(swap: CommandResult): string {
  if (swap.exitCode === SWAP_INCOMPLETE_EXIT) return 'the new content did not arrive whole (the file is left as it was)';
  if (swap.exitCode === SWAP_NO_MD5SUM_EXIT)
    return 'the host shell has no md5sum, which the safe rewrite needs (the file is left as it was)';
  return `exit ${String(swap.exitCode)}: ${swap.stderr.trim() || '(no stderr)'}`;
}

/**
 * The removal over an open session: read the file, then send it without `line` to the host, which
 * swaps it in only if the file is still as read (swapIfUnchangedCommand). When another run changed
 * it in between, read again, up to SWAP_ATTEMPTS times; verified by reading back.
 */
export async function removeKeyLineOnHost(shell: KeyShell, line: string): Promise<'removed' | 'absent'> {
  const md5 = (text: string): string => crypto.createHash('md5').update(text, 'utf8').digest('hex');
  for (let attempt = 1; attempt <= SWAP_ATTEMPTS; attempt++) {
    const before = await readAuthorizedKeys(shell);
    const next = removeKeyLine(before, line);
    if (!next.removed) return 'absent';
    const temp = keysTempFile(crypto.randomBytes(8).toString('hex'));
    const swap = await shell.run(swapIfUnchangedCommand(ESXI_AUTHORIZED_KEYS, temp, md5(before), md5(next.content)), next.content);
    if (swap.exitCode === 0) {
      await expectKeyLine(shell, line, false);
      return 'removed';
    }
    if (swap.exitCode !== SWAP_CONFLICT_EXIT)
      throw new EsxiSshError(where(shell.login), shell.login.user, `replacing ${ESXI_AUTHORIZED_KEYS} through ${temp}`, swapFailure(swap));
  }
  throw new EsxiSshError(
    where(shell.login),
    shell.login.user,
    `removing the populator key from ${ESXI_AUTHORIZED_KEYS}`,
    `the file changed between reading it and replacing it, ${SWAP_ATTEMPTS} times in a row (other runs editing it?)`,
  );
}

/** Whether root's authorized_keys holds `line`. */
export function keyLinePresent(login: EsxiLogin, line: string): Promise<boolean> {
  return withEsxiShell(login, async (shell) => hasKeyLine(await readAuthorizedKeys(shell), line));
}

/** host:port as the tracked entry and the messages name it. */
export const esxiAddress = where;
