/**
 * The ssh2 mechanics the suite's SSH clients share (a guest's session, utilities/ssh/session.ts;
 * the ESXi host's shell, lib/providers/vsphere/esxi-ssh.ts): a password login, and one command run
 * to its exit with a timeout. Each caller turns failures into its own typed error.
 */
import type * as Ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';
import { lazyModule } from '../runtime/lazy-module';

const ssh2 = lazyModule<typeof Ssh2>('ssh2');

export interface PasswordLogin {
  host: string;
  port: number;
  user: string;
  password: string;
  readyTimeoutMs: number;
}

/**
 * Connects with password authentication (keyboard-interactive answered with the same password,
 * which Windows OpenSSH and PAM-based sshd ask for). The host key is not pinned: callers say why
 * that is right for them. The first connection error rejects, as `toError(cause)`.
 */
export function connectWithPassword(login: PasswordLogin, toError: (cause: Error) => Error): Promise<Client> {
  const client = new (ssh2().Client)();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve(client));
    // ssh2 can emit several errors for one failure, and errors after 'ready' when the transport
    // drops; a listener for the client's whole life leaves none unhandled. Before 'ready' the first
    // one rejects; later ones fail the running command through its channel.
    client.on('error', (error) => {
      client.end();
      reject(toError(error));
    });
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => login.password)));
    client.connect({
      host: login.host,
      port: login.port,
      username: login.user,
      password: login.password,
      tryKeyboard: true,
      readyTimeout: login.readyTimeoutMs,
      hostVerifier: () => true,
    });
  });
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs one command to its exit. With `stdin`, that text is written and the input ended (a command
 * such as `cat > file` reads it); without, the input stays open. Rejects with `fail('refused')`
 * when the server refuses the exec request, `fail('timeout')` when it does not exit in time.
 */
export function runCommand(
  client: Client,
  command: string,
  options: { stdin?: string; timeoutMs: number },
  fail: (why: 'refused' | 'timeout', cause?: Error) => Error,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel: ClientChannel) => {
      if (error) return reject(fail('refused', error));
      let stdout = '';
      let stderr = '';
      let exitCode: number | null = null;
      const timer = setTimeout(() => {
        channel.close();
        reject(fail('timeout'));
      }, options.timeoutMs);
      channel.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      channel.on('exit', (code: number | null) => (exitCode = code));
      channel.on('close', () => {
        clearTimeout(timer);
        resolve({ stdout, stderr, exitCode });
      });
      if (options.stdin !== undefined) channel.end(options.stdin);
    });
  });
}
