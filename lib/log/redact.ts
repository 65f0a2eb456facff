/**
 * Secret redaction for everything the suite logs or writes: by key name (password, token, ...),
 * by pattern (Bearer tokens, OpenShift sha256~ tokens, key=value / "key": "value" pairs, JWTs,
 * PEM private keys) and by literal values registered at runtime (the cluster token, passwords from
 * the providers file). Registered values live in this module's state, i.e. per process/realm.
 */
export const MASK = '***';

const SECRET_KEY =
  /^(?:.*_)?(?:password|passwd|pass|passphrase|token|access_?token|refresh_?token|authorization|secret|client_?secret|api_?key|private_?key|kubeconfig|cacert_key)$/i;

const PATTERNS: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, () => MASK],
  [/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, (_m, p) => `${p}${MASK}`],
  [/sha256~[A-Za-z0-9_-]{10,}/g, () => `sha256~${MASK}`],
  [/eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g, () => MASK],
  // password=..., token: ..., "password": "...", 'secret'='...'
  [
    /((?:["']?)(?:[A-Za-z_]*(?:password|passwd|passphrase|token|secret|api_?key))(?:["']?)\s*[=:]\s*)(["']?)([^\s"',&}]+)\2/gi,
    (_m, prefix, quote) => `${prefix}${quote}${MASK}${quote}`,
  ],
];

// Process-wide: the environment and the suite module can be loaded by different module loaders
// (ts-jest, tsx) in one worker; a secret registered through either must be masked by both.
const REGISTRY = Symbol.for('mtv-tests.redact.literals');
const holder = globalThis as { [REGISTRY]?: Set<string> };
const literals: Set<string> = (holder[REGISTRY] ??= new Set<string>());

/** Register a secret value (e.g. a password read from .providers.json); it is masked wherever it appears. */
export function registerSecret(value: unknown): void {
  // Very short values would mask unrelated text ("a", "1"); they are still covered by key rules.
  if (typeof value === 'string' && value.length >= 4) literals.add(value);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Masks secrets inside one string. */
export function redactText(text: string): string {
  let out = text;
  // Longest first so that a secret containing another registered secret is masked whole.
  for (const secret of [...literals].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
  for (const [re, replace] of PATTERNS) out = out.replace(re, replace as (m: string, ...g: string[]) => string);
  return out;
}

/** Masks secrets in any value: strings by pattern, object properties with secret names entirely. */
export function redact<V>(value: V, seen: WeakSet<object> = new WeakSet()): V {
  if (typeof value === 'string') return redactText(value) as V;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]' as V;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen)) as V;
  if (
    value instanceof Error ||
    (typeof (value as { message?: unknown }).message === 'string' && typeof (value as { stack?: unknown }).stack === 'string')
  ) {
    const e = value as unknown as Error;
    return { name: e.name, message: redactText(e.message), stack: e.stack === undefined ? undefined : redactText(e.stack) } as V;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) && v !== undefined && v !== '' ? MASK : redact(v, seen);
  return out as V;
}
