/**
 * Password login of the lab's SSH servers (the guests', the ESXi host's): the username and password
 * must match one of the logins, the password compared in constant time; any other method is refused
 * with "password" as the one that can continue.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Connection } from 'ssh2';

export interface PasswordLogin {
  user: string;
  password: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Authenticates `client` against `logins` (read at each attempt); `onLogin` gets the user that logged in. */
export function acceptPasswordLogins(client: Connection, logins: () => readonly PasswordLogin[], onLogin?: (user: string) => void): void {
  client.on('authentication', (ctx) => {
    if (ctx.method === 'password' && logins().some((l) => ctx.username === l.user && sameSecret(ctx.password, l.password))) {
      onLogin?.(ctx.username);
      ctx.accept();
      return;
    }
    ctx.reject(['password']);
  });
}
