/**
 * ServiceAccount tokens as kube-apiserver issues and checks them: RS256 JWTs signed with the lab's
 * serving key. Bound tokens (TokenRequest, `kubectl create token`) carry iss/aud/exp and the
 * ServiceAccount's uid; legacy tokens (the kubernetes.io/service-account-token Secret) carry the
 * Secret's name. A token authenticates only while its ServiceAccount (and, for a legacy token, its
 * Secret holding exactly that token) still exists, so deleting either revokes it.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import type { Identity } from '../auth';
import type { KubeObject, ResourceType } from '../contract';
import type { MemoryStore } from '../store';
import { SERVICE_ACCOUNT_PREFIX } from './authorizer';

/** The API server's own audience and issuer (kube's defaults for --api-audiences / --service-account-issuer). */
export const API_AUDIENCE = 'https://kubernetes.default.svc';
const LEGACY_ISSUER = 'kubernetes/serviceaccount';
export const SA_TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

const b64url = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

function parseJwt(
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown>; signed: string; sig: Buffer } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h = '', p = '', s = ''] = parts;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return undefined;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signed: `${h}.${p}`,
      sig: Buffer.from(s, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return {
    name: `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    admin: false,
  };
}

export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly sa: ResourceType;
  private readonly secrets: ResourceType;

  constructor(
    private readonly store: MemoryStore,
    keyPem: string,
  ) {
    this.privateKey = createPrivateKey(keyPem);
    this.publicKey = createPublicKey(this.privateKey);
    const sa = store.resourceType('', 'serviceaccounts');
    const secrets = store.resourceType('', 'secrets');
    if (!sa || !secrets) throw new Error('the lab resource table has no serviceaccounts or secrets row');
    this.sa = sa;
    this.secrets = secrets;
  }

  private jwt(payload: Record<string, unknown>): string {
    const signed = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}`;
    return `${signed}.${sign('sha256', Buffer.from(signed), this.privateKey).toString('base64url')}`;
  }

  /** A bound token (TokenRequest) for an existing ServiceAccount object. */
  issue(sa: KubeObject, audiences: string[], expirationSeconds: number): { token: string; expiresAt: Date } {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + expirationSeconds;
    const token = this.jwt({
      aud: audiences,
      exp,
      iat: now,
      nbf: now,
      iss: API_AUDIENCE,
      jti: randomUUID(),
      sub: `${SERVICE_ACCOUNT_PREFIX}${sa.metadata.namespace ?? ''}:${sa.metadata.name ?? ''}`,
      'kubernetes.io': { namespace: sa.metadata.namespace, serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid } },
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The never-expiring token the tokens controller writes into a service-account-token Secret. */
  issueLegacy(sa: KubeObject, secretName: string): string {
    const ns = sa.metadata.namespace ?? '';
    return this.jwt({
      iss: LEGACY_ISSUER,
      'kubernetes.io/serviceaccount/namespace': ns,
      'kubernetes.io/serviceaccount/secret.name': secretName,
      'kubernetes.io/serviceaccount/service-account.name': sa.metadata.name,
      'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
      sub: `${SERVICE_ACCOUNT_PREFIX}${ns}:${sa.metadata.name ?? ''}`,
    });
  }

  /** The identity a token proves, or undefined (bad signature, expired, wrong audience, revoked). */
  verify(token: string): Identity | undefined {
    const jwt = parseJwt(token);
    if (!jwt || jwt.header.alg !== 'RS256') return undefined;
    if (!verify('sha256', Buffer.from(jwt.signed), this.publicKey, jwt.sig)) return undefined;
    const p = jwt.payload;
    return p.iss === LEGACY_ISSUER ? this.verifyLegacy(token, p) : p.iss === API_AUDIENCE ? this.verifyBound(p) : undefined;
  }

  private verifyBound(p: Record<string, unknown>): Identity | undefined {
    const now = Date.now() / 1000;
    const skew = 60; // kube's leeway for clock skew
    if (typeof p.exp !== 'number' || p.exp + skew < now || (typeof p.nbf === 'number' && p.nbf - skew > now)) return undefined;
    if (!Array.isArray(p.aud) || !p.aud.includes(API_AUDIENCE)) return undefined;
    const k = p['kubernetes.io'] as { namespace?: unknown; serviceaccount?: { name?: unknown; uid?: unknown } } | undefined;
    return this.liveServiceAccount(k?.namespace, k?.serviceaccount?.name, k?.serviceaccount?.uid);
  }

  private verifyLegacy(token: string, p: Record<string, unknown>): Identity | undefined {
    const ns = p['kubernetes.io/serviceaccount/namespace'];
    const secretName = p['kubernetes.io/serviceaccount/secret.name'];
    if (typeof ns !== 'string' || typeof secretName !== 'string') return undefined;
    const secret = this.store.getRaw(this.secrets, ns, secretName);
    const held = (secret?.data as Record<string, string> | undefined)?.token;
    if (!held || Buffer.from(held, 'base64').toString('utf8') !== token) return undefined;
    return this.liveServiceAccount(
      ns,
      p['kubernetes.io/serviceaccount/service-account.name'],
      p['kubernetes.io/serviceaccount/service-account.uid'],
    );
  }

  private liveServiceAccount(ns: unknown, name: unknown, uid: unknown): Identity | undefined {
    if (typeof ns !== 'string' || typeof name !== 'string') return undefined;
    const sa = this.store.getRaw(this.sa, ns, name);
    if (!sa || sa.metadata.uid !== uid || sa.metadata.deletionTimestamp) return undefined;
    return serviceAccountIdentity(ns, name);
  }
}
