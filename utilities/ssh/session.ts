import type { Client } from 'ssh2';
import { connectWithPassword, runCommand } from '../../lib/ssh/password-client';
import { SshConnectionError } from '../../exceptions/post-migration';
import type { GuestCommandResult, GuestShell } from '../post-migration/guest-shell';

export interface SshCredentials {
  readonly user: string;
  readonly password: string;
}

/** One ssh2 session to a guest through a local forwarded port. */
export class SshSession implements GuestShell {
  private ended = false;

  private constructor(
    readonly vmName: string,
    private readonly client: Client,
  ) {
    client.once('close', () => (this.ended = true));
  }

  /** false once the connection closed (guest reboot, tunnel gone, close()). */
  get open(): boolean {
    return !this.ended;
  }

  /**
   * Connects with password authentication (lib/ssh/password-client.ts). The host key is not pinned:
   * the guest is reached through the API server's authenticated port-forward, not over an open
   * network, and a migrated VM's host key is the source VM's, unknown to the suite.
   */
  static async connect(vmName: string, port: number, credentials: SshCredentials, readyTimeoutMs: number): Promise<SshSession> {
    const client = await connectWithPassword(
      { host: '127.0.0.1', port, user: credentials.user, password: credentials.password, readyTimeoutMs },
      (error) => new SshConnectionError(vmName, `SSH login as ${credentials.user} on 127.0.0.1:${port} failed`, error),
    );
    return new SshSession(vmName, client);
  }

  /** Runs one command; resolves with its output and exit code, rejects on timeout or transport error. */
  run(command: string, options: { timeoutMs?: number } = {}): Promise<GuestCommandResult> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    return runCommand(this.client, command, { timeoutMs }, (why, cause) =>
      why === 'refused'
        ? new SshConnectionError(this.vmName, `cannot run "${command}"`, cause)
        : new SshConnectionError(this.vmName, `"${command}" did not finish within ${timeoutMs} ms`),
    );
  }

  close(): void {
    this.ended = true;
    this.client.end();
  }
}
