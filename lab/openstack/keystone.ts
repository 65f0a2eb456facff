/**
 * Keystone v3 as clients use it: the version documents (GET / and GET /v3), password
 * authentication scoped to a project (POST /v3/auth/tokens, the token in X-Subject-Token and a
 * body with the service catalog), token validation (GET/HEAD /v3/auth/tokens) and revocation
 * (DELETE). Tokens last an hour, as Keystone's default expiration.
 */
import { randomBytes } from 'node:crypto';
import { BadRequest, bodyObject, json, Router, str, type ApiReply, type ApiRequest } from './http';
import type { OpenStackIdentity } from './model';

export interface KeystoneCredentials {
  username: string;
  password: string;
}

/** The catalog: service type -> path below the lab server (the project id is appended for Cinder). */
export const SERVICES = [
  { type: 'identity', name: 'keystone', path: '/v3' },
  { type: 'compute', name: 'nova', path: '/compute/v2.1' },
  { type: 'volumev3', name: 'cinderv3', path: '/volume/v3/%(project_id)s' },
  { type: 'block-storage', name: 'cinder', path: '/volume/v3/%(project_id)s' },
  { type: 'image', name: 'glance', path: '/image' },
  { type: 'network', name: 'neutron', path: '/network' },
] as const;

const TOKEN_TTL_MS = 3600_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

interface Token {
  issuedAt: number;
  expiresAt: number;
  auditId: string;
}

export class Keystone {
  private readonly tokens = new Map<string, Token>();

  constructor(
    private readonly identity: OpenStackIdentity,
    private readonly credentials: KeystoneCredentials,
  ) {}

  /** Whether a token was issued here, is not revoked and has not expired. */
  valid(token: string | undefined): boolean {
    const t = token ? this.tokens.get(token) : undefined;
    return t !== undefined && t.expiresAt > Date.now();
  }

  versionDocument(baseUrl: string): Record<string, unknown> {
    return {
      id: 'v3.14',
      status: 'stable',
      updated: '2020-04-07T00:00:00Z',
      links: [{ rel: 'self', href: `${baseUrl}/v3/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    };
  }

  routes(): Router {
    return new Router()
      .open('GET', '/', (r) => json(300, { versions: { values: [this.versionDocument(r.baseUrl)] } }))
      .open('GET', '/v3', (r) => json(200, { version: this.versionDocument(r.baseUrl) }))
      .open('POST', '/v3/auth/tokens', (r) => this.issue(r))
      .open('GET', '/v3/auth/tokens', (r) => this.validate(r, true))
      .open('HEAD', '/v3/auth/tokens', (r) => this.validate(r, false))
      .open('DELETE', '/v3/auth/tokens', (r) => this.revoke(r));
  }

  private issue(r: ApiRequest): ApiReply {
    const auth = bodyObject(r.body, 'auth');
    const identity = bodyObject(auth, 'identity');
    const methods = identity['methods'];
    if (!Array.isArray(methods) || !methods.includes('password'))
      throw new BadRequest('Expecting to find identity methods ["password"] in auth');
    const user = bodyObject(bodyObject(identity, 'password'), 'user');
    if (!this.userMatches(user) || str(user, 'password') !== this.credentials.password)
      return unauthorized('The request you have made requires authentication.', r.baseUrl);
    const scope = auth['scope'] ? bodyObject(auth, 'scope') : undefined;
    if (scope && !this.projectMatches(bodyObject(scope, 'project'))) return unauthorized('User has no access to project', r.baseUrl);
    const id = `gAAAAA${randomBytes(96).toString('base64url')}`;
    const issuedAt = Date.now();
    const token: Token = { issuedAt, expiresAt: issuedAt + TOKEN_TTL_MS, auditId: randomBytes(16).toString('base64url').slice(0, 22) };
    this.tokens.set(id, token);
    return json(201, { token: this.tokenBody(token, r.baseUrl) }, { 'x-subject-token': id });
  }

  private validate(r: ApiRequest, withBody: boolean): ApiReply {
    if (!this.valid(header(r, 'x-auth-token'))) return unauthorized('The request you have made requires authentication.', r.baseUrl);
    const subject = header(r, 'x-subject-token');
    const token = subject && this.valid(subject) ? this.tokens.get(subject) : undefined;
    if (!token)
      return json(404, {
        error: { code: 404, title: 'Not Found', message: `Could not find token: ${subject ? subject.slice(0, 8) : ''}...` },
      });
    return withBody
      ? json(200, { token: this.tokenBody(token, r.baseUrl) }, { 'x-subject-token': subject! })
      : { status: 200, headers: { 'x-subject-token': subject! } };
  }

  private revoke(r: ApiRequest): ApiReply {
    if (!this.valid(header(r, 'x-auth-token'))) return unauthorized('The request you have made requires authentication.', r.baseUrl);
    const subject = header(r, 'x-subject-token') ?? '';
    if (!this.tokens.delete(subject)) return json(404, { error: { code: 404, title: 'Not Found', message: 'Could not find token.' } });
    return { status: 204 };
  }

  private userMatches(user: Record<string, unknown>): boolean {
    const { user: u, domain } = this.identity;
    if (str(user, 'id') !== undefined) return str(user, 'id') === u.id;
    if (str(user, 'name') !== this.credentials.username) return false;
    return domainMatches(user, domain);
  }

  private projectMatches(project: Record<string, unknown>): boolean {
    const { project: p, domain } = this.identity;
    if (str(project, 'id') !== undefined) return str(project, 'id') === p.id;
    return str(project, 'name') === p.name && domainMatches(project, domain);
  }

  private tokenBody(t: Token, baseUrl: string): Record<string, unknown> {
    const { domain, project, user, region } = this.identity;
    return {
      methods: ['password'],
      user: { id: user.id, name: user.name, domain: { ...domain }, password_expires_at: null },
      project: { id: project.id, name: project.name, domain: { ...domain } },
      roles: [
        { id: 'b1ba5d6f6a2a4c4c9d1a3e2f4b5c6d7e', name: 'admin' },
        { id: '9fe2ff9ee4384b1894a90878d3e92bab', name: 'member' },
        { id: 'c2a1f0e3d4b5a6978877665544332211', name: 'reader' },
      ],
      is_domain: false,
      catalog: SERVICES.map((s) => ({
        id: `${s.type}-service`,
        type: s.type,
        name: s.name,
        endpoints: ['public', 'internal', 'admin'].map((iface) => ({
          id: `${s.type}-${iface}`,
          interface: iface,
          region,
          region_id: region,
          url: `${baseUrl}${s.path.replace('%(project_id)s', project.id)}`,
        })),
      })),
      audit_ids: [t.auditId],
      issued_at: iso(t.issuedAt),
      expires_at: iso(t.expiresAt),
    };
  }
}

function domainMatches(o: Record<string, unknown>, domain: { id: string; name: string }): boolean {
  const d = o['domain'] && typeof o['domain'] === 'object' ? (o['domain'] as Record<string, unknown>) : {};
  if (str(d, 'id') !== undefined) return str(d, 'id') === domain.id;
  return str(d, 'name') === domain.name;
}

export function header(r: { headers: ApiRequest['headers'] }, name: string): string | undefined {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** 401 as Keystone and keystonemiddleware-protected services answer it. */
export function unauthorized(message: string, baseUrl: string): ApiReply {
  return json(401, { error: { code: 401, title: 'Unauthorized', message } }, { 'www-authenticate': `Keystone uri="${baseUrl}/v3"` });
}
