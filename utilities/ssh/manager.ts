import { setTimeout as delay } from 'node:timers/promises';
import { SshConnectionError } from '../../exceptions/post-migration';
import { errorMessage } from '../../exceptions/base';
import type { SuiteLog } from '../../lib/k8s/log';
import type { GuestShell, GuestShellProvider } from '../post-migration/guest-shell';
import { SecretMask } from './redaction';
import { SshSession, type SshCredentials } from './session';
import { PortForward } from './tunnel';

export interface SshConnectionManagerOptions {
  /** The virtctl binary, or how to get it (called once, at the first connect). */
  readonly virtctlPath: string | (() => Promise<string>);
  /** API server URL and bearer token for virtctl. */
  readonly server: string;
  readonly token: string;
  readonly insecureSkipTlsVerify: boolean;
  /** PEM file with the cluster CA, passed as --certificate-authority when TLS is verified. */
  readonly caFile?: string;
  /**
   * Guest users from the providers file: guest_vm_linux_user/password, guest_vm_win_user/password.
   * A missing pair fails connect() for that OS with a message naming the keys.
   */
  readonly credentials: { readonly linux?: SshCredentials | undefined; readonly windows?: SshCredentials | undefined };
  readonly log: SuiteLog;
  /**
   * Total time to get a working session (Python: 300 s) and the pause between attempts (15 s).
   * A freshly migrated VM boots, starts sshd and (Windows) may reboot once; there is no event
   * for "sshd is up", so attempts repeat at this interval until the deadline.
   */
  readonly connectTimeoutMs?: number;
  readonly retryDelayMs?: number;
  readonly tunnelReadyTimeoutMs?: number;
  /** Environment for virtctl children (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

interface GuestTarget {
  vmName: string;
  namespace: string;
  windows: boolean;
}

interface Connection {
  readonly key: string;
  tunnel: PortForward | undefined;
  session: SshSession | undefined;
}

/**
 * Opens and tracks SSH sessions to migrated VMs (virtctl port-forward + ssh2). Every session,
 * tunnel and virtctl child is closed by closeAll(), which the scenario fixture calls at teardown;
 * a process 'exit' hook kills leftover virtctl children if the worker ends without teardown.
 */
export class SshConnectionManager implements GuestShellProvider {
  private readonly connections = new Map<string, Connection>();
  private readonly mask = new SecretMask();
  private readonly exitHook = (): void => this.killTunnels();
  private closed = false;
  private virtctlPath: Promise<string> | undefined;

  constructor(private readonly options: SshConnectionManagerOptions) {
    this.mask.add(options.token);
    this.mask.add(options.credentials.linux?.password);
    this.mask.add(options.credentials.windows?.password);
    process.once('exit', this.exitHook);
  }

  /** Number of live virtctl children (for tests and diagnostics). */
  get openTunnels(): number {
    return [...this.connections.values()].filter((connection) => connection.tunnel?.alive === true).length;
  }

  async connect(target: GuestTarget): Promise<GuestShell> {
    if (this.closed) throw new SshConnectionError(target.vmName, 'the connection manager is closed');
    const key = `${target.namespace}/${target.vmName}`;
    const existing = this.connections.get(key);
    // Reuse a live session; a closed one (guest rebooted, tunnel dropped) is replaced.
    if (existing?.session?.open === true && existing.tunnel?.alive === true) return existing.session;
    const connection: Connection = existing ?? { key, tunnel: undefined, session: undefined };
    this.connections.set(key, connection);
    const credentials = this.credentialsFor(target);
    const timeoutMs = this.options.connectTimeoutMs ?? 300_000;
    const retryDelayMs = this.options.retryDelayMs ?? 15_000;
    const virtctlPath = await this.resolveVirtctl();
    const deadline = Date.now() + timeoutMs;
    let attempt = 0;
    let lastError: unknown;
    for (;;) {
      attempt += 1;
      try {
        const session = await this.attempt(connection, target, { virtctlPath, credentials, deadline });
        this.options.log.info(`ssh: connected to ${key} as ${credentials.user} (attempt ${attempt})`);
        return session;
      } catch (error) {
        lastError = this.withVirtctlOutput(connection, target, error);
        this.options.log.debug(this.mask.apply(`ssh: attempt ${attempt} to ${key} failed: ${errorMessage(lastError)}`));
        if (this.closed) break;
        if (Date.now() + retryDelayMs >= deadline) break;
        await delay(retryDelayMs);
      }
    }
    throw new SshConnectionError(
      target.vmName,
      this.mask.apply(`no working session within ${timeoutMs} ms after ${attempt} attempt(s); last error: ${errorMessage(lastError)}`),
    );
  }

  private credentialsFor(target: GuestTarget): SshCredentials {
    const credentials = target.windows ? this.options.credentials.windows : this.options.credentials.linux;
    if (credentials !== undefined) return credentials;
    const keys = target.windows ? 'guest_vm_win_user and guest_vm_win_password' : 'guest_vm_linux_user and guest_vm_linux_password';
    throw new SshConnectionError(
      target.vmName,
      `no ${target.windows ? 'Windows' : 'Linux'} guest credentials: set ${keys} in the source provider's entry of the providers file`,
    );
  }

  /** Not retried: a virtctl that cannot be found or downloaded will not appear by waiting. */
  private resolveVirtctl(): Promise<string> {
    const virtctl = this.options.virtctlPath;
    this.virtctlPath ??= typeof virtctl === 'string' ? Promise.resolve(virtctl) : virtctl();
    return this.virtctlPath;
  }

  /** One try: (re)open the tunnel if it died, log in over it and check the shell answers. */
  private async attempt(
    connection: Connection,
    target: GuestTarget,
    how: { virtctlPath: string; credentials: SshCredentials; deadline: number },
  ): Promise<SshSession> {
    const tunnel = connection.tunnel?.alive === true ? connection.tunnel : await this.openTunnel(target, how.virtctlPath, how.deadline);
    connection.tunnel = tunnel;
    const session = await SshSession.connect(
      target.vmName,
      tunnel.localPort,
      how.credentials,
      Math.max(1_000, Math.min(30_000, how.deadline - Date.now())),
    );
    const probe = await session.run('echo test', { timeoutMs: 30_000 });
    if (probe.exitCode !== 0) {
      session.close();
      throw new SshConnectionError(target.vmName, `probe "echo test" exited ${String(probe.exitCode)}`);
    }
    connection.session = session;
    return session;
  }

  private openTunnel(target: GuestTarget, virtctlPath: string, deadline: number): Promise<PortForward> {
    const options = this.options;
    return PortForward.open({
      virtctlPath,
      vmName: target.vmName,
      namespace: target.namespace,
      server: options.server,
      token: options.token,
      insecureSkipTlsVerify: options.insecureSkipTlsVerify,
      ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
      readyTimeoutMs: Math.min(options.tunnelReadyTimeoutMs ?? 30_000, Math.max(1_000, deadline - Date.now())),
      log: options.log,
      mask: this.mask,
      ...(options.env === undefined ? {} : { env: options.env }),
    });
  }

  /**
   * What virtctl printed (e.g. "websocket: bad handshake (HTTP 409): VM is not running") is
   * usually the only explanation of a dropped connection; keep it with the error.
   */
  private withVirtctlOutput(connection: Connection, target: GuestTarget, error: unknown): unknown {
    const said = connection.tunnel?.takeErrors() ?? [];
    return said.length > 0
      ? new SshConnectionError(target.vmName, `${errorMessage(error)}; virtctl said: ${said.slice(-2).join(' | ')}`)
      : error;
  }

  private killTunnels(): void {
    for (const connection of this.connections.values()) connection.tunnel?.close();
  }

  /** Closes every SSH session and stops every virtctl child. */
  async closeAll(): Promise<void> {
    this.closed = true;
    process.removeListener('exit', this.exitHook);
    for (const connection of this.connections.values()) {
      connection.session?.close();
      connection.session = undefined;
    }
    await Promise.all([...this.connections.values()].map((connection) => connection.tunnel?.stop()));
    this.connections.clear();
  }
}
