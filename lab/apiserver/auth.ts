/**
 * Who is calling: bearer tokens (the lab's admin token and tokens minted by the OAuth flow) and
 * the users from the lab config (username/password, for the OAuth challenge). Every
 * authenticated user may do everything under /api and /apis; /lab/* is for the admin token only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface LabUser {
  name: string; // login name, e.g. "kubeadmin"
  password: string;
}

export interface Identity {
  name: string; // e.g. "kube:admin", "system:admin"
  groups: string[];
  admin: boolean;
}

const TOKEN_LIFETIME_SECONDS = 86_400;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** OpenShift-style opaque token: "sha256~" + 43 url-safe characters. */
export function newToken(): string {
  return `sha256~${randomBytes(32).toString('base64url')}`;
}

export class Authenticator {
  private readonly tokens = new Map<string, { identity: Identity; expiresAt: number }>();

  constructor(
    adminToken: string,
    private readonly users: readonly LabUser[],
  ) {
    this.tokens.set(adminToken, {
      identity: { name: 'system:admin', groups: ['system:masters', 'system:authenticated'], admin: true },
      expiresAt: Number.POSITIVE_INFINITY,
    });
  }

  identify(token: string | undefined): Identity | undefined {
    if (!token) return undefined;
    const t = this.tokens.get(token);
    if (!t) return undefined;
    if (t.expiresAt < Date.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return t.identity;
  }

  /** Constant-time password check; returns the user's identity or undefined. */
  login(username: string, password: string): Identity | undefined {
    const user = this.users.find((u) => u.name === username);
    const ok = user !== undefined && timingSafeEqual(digest(user.password), digest(password));
    if (!ok || !user) return undefined;
    // OpenShift calls the kubeadmin user "kube:admin".
    const name = user.name === 'kubeadmin' ? 'kube:admin' : user.name;
    return {
      name,
      groups: ['system:authenticated', 'system:authenticated:oauth', ...(user.name === 'kubeadmin' ? ['system:cluster-admins'] : [])],
      admin: false,
    };
  }

  mint(identity: Identity): { token: string; expiresIn: number } {
    const token = newToken();
    this.tokens.set(token, { identity, expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000 });
    return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
  }
}
