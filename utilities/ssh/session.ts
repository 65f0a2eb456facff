import type * as Ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';
import { lazyModule } from '../../lib/runtime/lazy-module';
import { SshConnectionError } from '../../exceptions/post-migration';
import type { GuestCommandResult, GuestShell } from '../post-migration/guest-shell';

export interface SshCredentials {
  readonly user: string;
  readonly password: string;
}

const ssh2 = lazyModule<typeof Ssh2>('ssh2');

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
   * Connects with password authentication (keyboard-interactive answered with the same password,
   * which Windows OpenSSH and PAM-based sshd ask for). The host key is not pinned: the guest is
   * reached through the API server's authenticated port-forward, not over an open network, and
   * a migrated VM's host key is the source VM's, unknown to the suite.
   */
  static connect(vmName: string, port: number, credentials: SshCredentials, readyTimeoutMs: number): Promise<SshSession> {
    const client = new (ssh2().Client)();
    return new Promise((resolve, reject) => {
      client.once('ready', () => resolve(new SshSession(vmName, client)));
      // ssh2 can emit several errors for one failure, and errors after 'ready' when the tunnel
      // drops; keep a listener for the client's whole life so none is unhandled. Before 'ready'
      // the first one rejects; later ones fail the running command through its channel.
      client.on('error', (error) => {
        client.end();
        reject(new SshConnectionError(vmName, `SSH login as ${credentials.user} on 127.0.0.1:${port} failed`, error));
      });
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => credentials.password)));
      client.connect({
        host: '127.0.0.1',
        port,
        username: credentials.user,
        password: credentials.password,
        tryKeyboard: true,
        readyTimeout: readyTimeoutMs,
        hostVerifier: () => true,
      });
    });
  }

  /** Runs one command; resolves with its output and exit code, rejects on timeout or transport error. */
  run(command: string, options: { timeoutMs?: number } = {}): Promise<GuestCommandResult> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel: ClientChannel) => {
        if (error) {
          reject(new SshConnectionError(this.vmName, `cannot run "${command}"`, error));
          return;
        }
        let stdout = '';
        let stderr = '';
        let exitCode: number | null = null;
        const timer = setTimeout(() => {
          channel.close();
          reject(new SshConnectionError(this.vmName, `"${command}" did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
        channel.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        channel.on('exit', (code: number | null) => (exitCode = code));
        channel.on('close', () => {
          clearTimeout(timer);
          resolve({ stdout, stderr, exitCode });
        });
      });
    });
  }

  close(): void {
    this.ended = true;
    this.client.end();
  }
}
