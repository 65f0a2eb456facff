import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import { SshConnectionError } from '../../exceptions/post-migration';
import type { SuiteLog } from '../../lib/k8s/log';
import { freeLocalPort } from './free-port';
import type { SecretMask } from './redaction';

export interface PortForwardOptions {
  readonly virtctlPath: string;
  readonly vmName: string;
  readonly namespace: string;
  /** API server URL (--server). */
  readonly server: string;
  /** Bearer token (--token); masked in every log line. */
  readonly token: string;
  readonly insecureSkipTlsVerify: boolean;
  /**
   * PEM file with the API server's CA (--certificate-authority), for clusters whose CA is not in
   * the system trust store; virtctl then verifies the API server like kubectl does.
   */
  readonly caFile?: string;
  readonly remotePort?: number;
  /** How long to wait for the local port to accept (default 30 s). */
  readonly readyTimeoutMs?: number;
  readonly log: SuiteLog;
  readonly mask: SecretMask;
  /** Environment of the virtctl child (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A running `virtctl port-forward` child and the local port it listens on. */
export class PortForward {
  private exited = false;
  private readonly output: string[] = [];
  private errorsReadUpTo = 0;

  private constructor(
    readonly vmName: string,
    readonly localPort: number,
    private readonly child: ChildProcess,
  ) {}

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Last lines virtctl printed (already masked), for error messages. */
  recentOutput(): string {
    return this.output.slice(-5).join('\n');
  }

  /**
   * The errors virtctl logged since the last call (already masked): why it dropped a connection,
   * e.g. "websocket: bad handshake (HTTP 409): ... VM is not running". virtctl logs JSON lines
   * ({"level":"error","msg":...}); other lines are kept when they say "error".
   */
  takeErrors(): string[] {
    const lines = this.output.slice(this.errorsReadUpTo);
    this.errorsReadUpTo = this.output.length;
    return lines.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
        return entry.level === 'error' && typeof entry.msg === 'string' ? [entry.msg] : [];
      } catch {
        return /error/i.test(line) ? [line] : [];
      }
    });
  }

  /**
   * Starts virtctl and resolves once the local port accepts connections. Readiness is
   * event-driven: virtctl logs "forwarding tcp <address>:<port> to <remote>" once it listens, and
   * an exit rejects at once with virtctl's own output. Builds that log differently are covered by
   * TCP connection attempts to the local port every 250 ms from 1 s on, bounded by the timeout
   * (the port is local, so an attempt costs nothing).
   */
  static async open(options: PortForwardOptions): Promise<PortForward> {
    options.mask.add(options.token);
    const localPort = await freeLocalPort();
    const args = portForwardArgs(options, localPort);
    options.log.info(options.mask.apply(`ssh: starting ${options.virtctlPath} ${args.join(' ')}`));
    const child = spawn(options.virtctlPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    const forward = new PortForward(options.vmName, localPort, child);
    const timeoutMs = options.readyTimeoutMs ?? 30_000;

    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let probeTimer: NodeJS.Timeout | undefined;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(probeTimer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const deadline = setTimeout(() => {
        forward.close();
        finish(
          new SshConnectionError(
            options.vmName,
            `virtctl port-forward did not accept on 127.0.0.1:${localPort} within ${timeoutMs} ms; virtctl said: ${forward.recentOutput() || '(nothing)'}`,
          ),
        );
      }, timeoutMs);
      const probe = (): void => {
        if (settled) return;
        const socket = net.connect({ host: '127.0.0.1', port: localPort });
        socket.once('connect', () => {
          socket.destroy();
          finish();
        });
        socket.once('error', () => {
          socket.destroy();
          if (!settled && forward.alive) probeTimer = setTimeout(probe, 250);
        });
      };
      const onLine = (line: string): void => {
        const masked = options.mask.apply(line);
        forward.output.push(masked);
        options.log.debug(`virtctl[${options.vmName}] ${masked}`);
        if (new RegExp(`forwarding tcp [^ ]*:${localPort} to`).test(line)) finish();
      };
      for (const stream of [child.stdout, child.stderr]) {
        if (stream !== null) readline.createInterface({ input: stream }).on('line', onLine);
      }
      probeTimer = setTimeout(probe, 1_000);
      child.once('error', (error) => {
        forward.exited = true;
        finish(new SshConnectionError(options.vmName, `cannot start ${options.virtctlPath}`, error));
      });
      child.once('exit', (code, signal) => {
        forward.exited = true;
        // Let the last output lines arrive before reporting them.
        setImmediate(() =>
          finish(
            new SshConnectionError(
              options.vmName,
              `virtctl port-forward exited (${signal ?? `code ${String(code)}`}) before the tunnel was ready: ${forward.recentOutput() || '(no output)'}`,
            ),
          ),
        );
      });
    });
    child.on('exit', (code, signal) => {
      forward.exited = true;
      options.log.debug(`virtctl[${options.vmName}] exited (${signal ?? `code ${String(code)}`})`);
    });
    return forward;
  }

  /** Signals virtctl to stop (SIGTERM), synchronously: usable from a process 'exit' handler. */
  close(): void {
    if (!this.exited && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  /** Stops virtctl and waits for it to exit; SIGKILL if it ignores SIGTERM for `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** virtctl port-forward's arguments: the VM's SSH port on a free local port, TLS as the options say. */
function portForwardArgs(options: PortForwardOptions, localPort: number): string[] {
  return [
    'port-forward',
    `vm/${options.vmName}`,
    `${localPort}:${options.remotePort ?? 22}`,
    '--namespace',
    options.namespace,
    '--address',
    '127.0.0.1',
    '--server',
    options.server,
    '--token',
    options.token,
    ...(options.insecureSkipTlsVerify
      ? ['--insecure-skip-tls-verify']
      : options.caFile !== undefined
        ? ['--certificate-authority', options.caFile]
        : []),
    '-v',
    '3',
  ];
}
