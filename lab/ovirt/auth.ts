/**
 * The engine's login: the SSO service issues bearer tokens for grant_type=password with scope
 * ovirt-app-api, sso-logout revokes them, and the API also takes HTTP Basic credentials. Tokens live
 * only in memory; a lab restart logs everyone out, as an engine restart does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface EngineCredentials {
  username: string;
  password: string;
}

export type TokenResult =
  | { ok: true; body: { access_token: string; scope: string; exp: string; token_type: 'Bearer' } }
  | { ok: false; status: number; body: { error_code: string; error: string } };

const TOKEN_LIFETIME_MS = 10 * 60 * 60 * 1000;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class EngineAuth {
  private readonly tokens = new Map<string, number>(); // token -> expiry (ms since epoch)

  constructor(private readonly credentials: EngineCredentials) {}

  private validLogin(username: string, password: string): boolean {
    return same(username, this.credentials.username) && same(password, this.credentials.password);
  }

  /** POST /ovirt-engine/sso/oauth/token with the form fields the SDK sends. */
  issueToken(form: URLSearchParams): TokenResult {
    const grant = form.get('grant_type');
    const scope = form.get('scope') ?? '';
    if (grant !== 'password')
      return {
        ok: false,
        status: 400,
        body: { error_code: 'unsupported_grant_type', error: `The grant type '${grant ?? ''}' is not supported.` },
      };
    if (!scope.split(' ').includes('ovirt-app-api'))
      return { ok: false, status: 400, body: { error_code: 'invalid_scope', error: `The requested scope '${scope}' is not allowed.` } };
    const username = form.get('username') ?? '';
    if (!this.validLogin(username, form.get('password') ?? '')) {
      return {
        ok: false,
        status: 400,
        body: { error_code: 'access_denied', error: `Cannot authenticate user '${username}': The username or password is incorrect..` },
      };
    }
    const token = randomBytes(48).toString('base64url');
    const exp = Date.now() + TOKEN_LIFETIME_MS;
    this.tokens.set(token, exp);
    return {
      ok: true,
      body: {
        access_token: token,
        scope: 'ovirt-app-api ovirt-ext=token-info:authz-search ovirt-ext=token-info:public-authz-search ovirt-ext=token-info:validate',
        exp: String(exp),
        token_type: 'Bearer',
      },
    };
  }

  revoke(token: string | null): void {
    if (token) this.tokens.delete(token);
  }

  /** Whether an Authorization header (Bearer token or Basic user:password) is accepted by the API. */
  authorized(header: string | undefined): boolean {
    if (!header) return false;
    const [scheme, value = ''] = header.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'bearer') {
      const exp = this.tokens.get(value);
      return exp !== undefined && exp > Date.now();
    }
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      return i > 0 && this.validLogin(decoded.slice(0, i), decoded.slice(i + 1));
    }
    return false;
  }
}
