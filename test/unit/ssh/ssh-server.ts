import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server } from 'ssh2';

/** A guest stand-in: password login for one user, a few commands answered like a Linux guest. */
export async function startGuestSshServer(
  users: Record<string, string>,
): Promise<{ port: number; logins: string[]; close: () => Promise<void> }> {
  const hostKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const logins: string[] = [];
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && users[ctx.username] === ctx.password) {
        logins.push(ctx.username);
        ctx.accept();
      } else ctx.reject(['password']);
    });
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec, _reject, info) => {
        const channel = acceptExec();
        if (info.command.startsWith('echo ')) channel.write(`${info.command.slice(5)}\n`);
        else if (info.command === 'hostname') channel.write('guest-a\n');
        else {
          channel.stderr.write(`sh: ${info.command}: command not found\n`);
          channel.exit(127);
          channel.end();
          return;
        }
        channel.exit(0);
        channel.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
