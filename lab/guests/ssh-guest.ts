/**
 * One guest's sshd, served on a stream (the port-forward tunnel) instead of a TCP port: an ssh2
 * Server that is never listening, fed the tunnel through injectSocket. Password login with the
 * guest's credentials (Linux or Windows login by guest OS); exec requests and a minimal
 * interactive shell run guest commands (lab/guests/commands.ts).
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server, utils, type Connection, type ServerChannel } from 'ssh2';
import fs from 'node:fs';
import path from 'node:path';
import type { GuestModel } from '../kubevirt/guest-model';
import { runGuestCommand } from './commands';
import { acceptPasswordLogins } from '../ssh-password-login';
import type { GuestLogin } from './credentials';

export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

const usable = (privateKey: string): boolean => !(utils.parseKey(privateKey) instanceof Error);

/**
 * ssh2's ed25519 generator now and then (about 1 key in 300) drops a leading zero byte and writes
 * a key its own parser rejects ("Malformed OpenSSH private key"): every SSH login to that lab's
 * guests then fails. Such a key is generated again.
 */
function generateHostKey(): { private: string; public: string } {
  for (let attempt = 1; attempt <= 20; attempt += 1) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (usable(pair.private)) return pair;
  }
  throw new Error('could not generate an ed25519 SSH host key that ssh2 can parse (20 attempts)');
}

/** The guests' SSH host key, generated once into <stateDir>/guests (again if the stored one is unusable). */
export function loadOrCreateHostKey(stateDir: string): string {
  const dir = path.join(stateDir, 'guests');
  const file = path.join(dir, HOST_KEY_FILE);
  if (fs.existsSync(file)) {
    const stored = fs.readFileSync(file, 'utf8');
    if (usable(stored)) return stored;
  }
  const pair = generateHostKey();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, pair.private, { mode: 0o600 });
  fs.writeFileSync(`${file}.pub`, pair.public + '\n', { mode: 0o644 });
  return pair.private;
}

export interface GuestSession {
  /** The guest as it is now; undefined once its VMI stopped (the connection then drops). */
  guest(): GuestModel | undefined;
  /** Accepted logins (the image's login, plus one cloud-init configured, if any). */
  logins: GuestLogin[];
  hostKey: string;
  banner?: string;
  /** Connection-level failures (handshake, transport), for the lab's log. */
  onError?: (error: Error) => void;
}

function prompt(g: GuestModel, user: string): string {
  return g.os === 'windows'
    ? `${g.hostname.toLowerCase()}\\${user.toLowerCase()}@${g.hostname} C:\\Users\\${user}>`
    : `[${user}@${g.hostname} ~]# `;
}

function runShell(channel: ServerChannel, session: GuestSession, user: string, echo: boolean): void {
  let line = '';
  const g0 = session.guest();
  if (!g0) {
    channel.exit(255);
    channel.end();
    return;
  }
  const nl = '\r\n';
  channel.write(prompt(g0, user));
  channel.on('data', (data: Buffer) => {
    for (const ch of data.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        if (echo) channel.write(nl);
        const g = session.guest();
        if (!g) {
          channel.exit(255);
          channel.end();
          return;
        }
        const cmd = line.trim();
        line = '';
        if (cmd === 'exit' || cmd === 'logout') {
          channel.exit(0);
          channel.end();
          return;
        }
        const r = runGuestCommand(g, cmd);
        channel.write((r.stdout + r.stderr).replace(/\r?\n/g, '\r\n'));
        channel.write(prompt(g, user));
      } else if (ch === '\u007f' || ch === '\b') {
        if (line.length) {
          line = line.slice(0, -1);
          if (echo) channel.write('\b \b');
        }
      } else if (ch === '\u0004' && !line) {
        channel.exit(0);
        channel.end();
        return;
      } else {
        line += ch;
        if (echo) channel.write(ch);
      }
    }
  });
}

function handleClient(client: Connection, session: GuestSession): void {
  let user = '';
  acceptPasswordLogins(
    client,
    () => session.logins,
    (u) => (user = u),
  );
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const s = acceptSession();
      let pty = false;
      s.on('pty', (accept) => {
        pty = true;
        accept?.();
      });
      s.on('env', (accept) => accept?.());
      s.on('window-change', (accept) => accept?.());
      s.on('exec', (accept, reject, info) => {
        const g = session.guest();
        if (!g) {
          reject?.();
          client.end();
          return;
        }
        const channel = accept();
        const r = runGuestCommand(g, info.command);
        if (r.stdout) channel.write(r.stdout);
        if (r.stderr) channel.stderr.write(r.stderr);
        channel.exit(r.code);
        channel.end();
      });
      s.on('shell', (accept) => runShell(accept(), session, user, pty));
      s.on('sftp', (_accept, reject) => reject?.());
      s.on('subsystem', (_accept, reject) => reject?.());
    });
  });
  client.on('error', (error) => {
    session.onError?.(error);
    client.end();
  });
}

/** Serves SSH for one guest on `stream` (raw bytes of one port-forward tunnel). */
export function serveSsh(stream: Duplex, session: GuestSession): void {
  const server = new Server(
    { hostKeys: [session.hostKey], ident: 'OpenSSH_8.7', ...(session.banner ? { banner: session.banner } : {}) },
    (client) => handleClient(client, session),
  );
  server.on('error', (error: Error) => {
    session.onError?.(error);
    stream.destroy();
  });
  server.injectSocket(stream as unknown as Socket);
}
