/**
 * The login of the lab's guests (what a real lab's VM templates are built with). Generated once per
 * state directory and kept in <stateDir>/guests/credentials.json (mode 0600); the providers file
 * hands them to the suite as guest_vm_linux_* / guest_vm_win_*.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface GuestLogin {
  user: string;
  password: string;
}
export interface GuestCredentials {
  linux: GuestLogin;
  windows: GuestLogin;
}

export const LINUX_GUEST_USER = 'root';
export const WINDOWS_GUEST_USER = 'Administrator';

function isLogin(v: unknown): v is GuestLogin {
  const l = v as Partial<GuestLogin> | null;
  return !!l && typeof l.user === 'string' && typeof l.password === 'string';
}

export function loadOrCreateGuestCredentials(stateDir: string): GuestCredentials {
  const dir = path.join(stateDir, 'guests');
  const file = path.join(dir, 'credentials.json');
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GuestCredentials>;
    if (!isLogin(parsed.linux) || !isLogin(parsed.windows))
      throw new Error(
        `${file} must hold {"linux": {user, password}, "windows": {user, password}}; delete it to generate new guest credentials`,
      );
    return { linux: parsed.linux, windows: parsed.windows };
  }
  const creds: GuestCredentials = {
    linux: { user: LINUX_GUEST_USER, password: `Rh-${randomBytes(12).toString('base64url')}` },
    // Windows complexity rules: upper, lower, digit, symbol.
    windows: { user: WINDOWS_GUEST_USER, password: `Win-${randomBytes(12).toString('base64url')}9!` },
  };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}
