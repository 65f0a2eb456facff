/**
 * The connection for the common cluster accesses without client-node, so that the CLI checks the
 * cluster in-process instead of starting a child (lib/preflight/spawn.ts): a bearer token with the
 * cluster URL, or a kubeconfig whose current context has a server, its CA (data, file, or
 * insecure-skip-tls-verify) and a user with a token or a client certificate — the embedded lab's
 * kubeconfig is one. Anything else (password login, exec plugins, auth providers, basic auth) is
 * left to client-node in the child: undefined.
 */
import fs from 'node:fs';
import type https from 'node:https';
import path from 'node:path';
import type * as Yaml from 'yaml';
import { bundledPackage } from '../runtime/package-bundle';
import { registerSecret } from '../log/redact';
import type { ClusterAccess } from '../k8s/connect';
import type { ClusterConnection } from './cluster-checks';

const yaml = bundledPackage<typeof Yaml>('yaml');

interface Named<T> {
  name?: string;
  cluster?: T;
  user?: T;
  context?: T;
}
type Fields = Record<string, unknown>;
interface Kubeconfig {
  'current-context'?: string;
  clusters?: Named<Fields>[];
  users?: Named<Fields>[];
  contexts?: Named<Fields>[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** PEM from `<key>-data` (base64) or `<key>` (a file, relative to the kubeconfig). */
function pem(fields: Fields, key: string, dir: string): string | undefined {
  const data = str(fields[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = str(fields[key]);
  return file ? fs.readFileSync(path.resolve(dir, file), 'utf8') : undefined;
}

/** The current (or named) context's cluster and user; undefined parts when the file lacks them. */
function selected(kc: Kubeconfig | null, contextName?: string): { cluster: Fields | undefined; user: Fields } {
  const pick = (list: Named<Fields>[] | undefined, name: unknown, part: 'cluster' | 'user' | 'context'): Fields | undefined =>
    list?.find((n) => n.name === name)?.[part];
  const context = pick(kc?.contexts, contextName ?? kc?.['current-context'], 'context');
  return { cluster: pick(kc?.clusters, context?.cluster, 'cluster'), user: pick(kc?.users, context?.user, 'user') ?? {} };
}

/** The user's Authorization header or client certificate; undefined when only client-node can authenticate it. */
function credentials(user: Fields, dir: string): https.RequestOptions | undefined {
  if (['exec', 'auth-provider', 'username', 'password', 'tokenFile'].some((k) => user[k] !== undefined)) return undefined;
  const token = str(user.token);
  if (token) {
    registerSecret(token);
    return { headers: { Authorization: `Bearer ${token}` } };
  }
  const cert = pem(user, 'client-certificate', dir);
  const key = pem(user, 'client-key', dir);
  return cert && key ? { cert, key } : undefined;
}

function fromKubeconfig(text: string, dir: string, contextName?: string): ClusterConnection | undefined {
  const { cluster, user } = selected(yaml().parse(text) as Kubeconfig | null, contextName);
  const server = str(cluster?.server);
  if (!cluster || !server?.startsWith('https://')) return undefined;
  const auth = credentials(user, dir);
  if (!auth) return undefined;
  const ca = pem(cluster, 'certificate-authority', dir);
  return {
    server: server.replace(/\/+$/, ''),
    options: { ...(ca ? { ca } : {}), rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true, ...auth },
  };
}

/** The connection when no client-node is needed for it, else undefined (the child connects). */
export function directConnection(access: ClusterAccess): ClusterConnection | undefined {
  switch (access.kind) {
    case 'token':
      return {
        server: access.server.replace(/\/+$/, ''),
        options: {
          ...(access.caPem ? { ca: access.caPem } : {}),
          rejectUnauthorized: !access.insecureSkipTlsVerify,
          headers: { Authorization: `Bearer ${access.token}` },
        },
      };
    case 'password':
      return undefined;
    case 'kubeconfig': {
      if (access.yaml !== undefined) return fromKubeconfig(access.yaml, process.cwd(), access.context);
      if (!access.path) return undefined;
      try {
        return fromKubeconfig(fs.readFileSync(access.path, 'utf8'), path.dirname(access.path), access.context);
      } catch {
        return undefined; // unreadable or unusual: client-node will say what is wrong with it
      }
    }
  }
}
