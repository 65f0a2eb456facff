/**
 * The lab ESXi host's sshd on 127.0.0.1:<port> (an ESXi host listens on 22; the lab cannot): an
 * ssh2 Server with password login for the host's root credentials and exec requests run by
 * EsxiSshHost (ssh-host.ts). No shell, sftp or port forwarding. The host key is ECDSA (ssh2 cannot
 * always parse the ed25519 keys it generates), made once into <stateDir>/esxi-ssh/ssh_host_ecdsa_key.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Server, utils, type Connection, type ServerChannel } from 'ssh2';
import type { Credentials } from '../soap/vim-service';
import { readsStdin, type EsxiSshHost } from './ssh-host';
import { acceptPasswordLogins } from '../../ssh-password-login';

export const ESXI_SSH_HOST_KEY_FILE = path.join('esxi-ssh', 'ssh_host_ecdsa_key');

export interface RunningEsxiSsh {
  /** host:port the suite's providers file names as esxi_host. */
  address: string;
  port: number;
  stop(): Promise<void>;
}

const usable = (pem: string): boolean => !(utils.parseKey(pem) instanceof Error);

export function loadOrCreateEsxiHostKey(stateDir: string): string {
  const file = path.join(stateDir, ESXI_SSH_HOST_KEY_FILE);
  if (fs.existsSync(file)) {
    const stored = fs.readFileSync(file, 'utf8');
    if (usable(stored)) return stored;
  }
  const pair = utils.generateKeyPairSync('ecdsa', { bits: 256 });
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, pair.private, { mode: 0o600 });
  return pair.private;
}

function runExec(channel: ServerChannel, host: EsxiSshHost, command: string): void {
  const finish = (stdin: string) => {
    const r = host.run(command, stdin);
    if (r.stdout) channel.write(r.stdout);
    if (r.stderr) channel.stderr.write(r.stderr);
    channel.exit(r.code);
    channel.end();
  };
  if (!readsStdin(command)) return finish('');
  const chunks: Buffer[] = [];
  channel.on('data', (d: Buffer) => chunks.push(d));
  channel.once('end', () => finish(Buffer.concat(chunks).toString('utf8')));
}

function handleClient(client: Connection, host: EsxiSshHost, credentials: Credentials, onError: (e: Error) => void): void {
  acceptPasswordLogins(client, () => [{ user: credentials.username, password: credentials.password }]);
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const s = acceptSession();
      s.on('env', (accept) => accept?.());
      s.on('pty', (_accept, reject) => reject?.());
      s.on('exec', (accept, _reject, info) => runExec(accept(), host, info.command));
      s.on('shell', (_accept, reject) => reject?.());
      s.on('sftp', (_accept, reject) => reject?.());
      s.on('subsystem', (_accept, reject) => reject?.());
    });
  });
  client.on('error', (error) => {
    onError(error);
    client.end();
  });
}

export async function startEsxiSsh(
  host: EsxiSshHost,
  credentials: Credentials,
  hostKey: string,
  onError: (e: Error) => void,
): Promise<RunningEsxiSsh> {
  const server = new Server({ hostKeys: [hostKey], ident: 'OpenSSH_8.8' }, (client) => handleClient(client, host, credentials, onError));
  server.on('error', onError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
