/**
 * The cluster checks of the pre-flight, given a connection (server URL + HTTPS options carrying the
 * credentials): three GETs in parallel — the Forklift API group's discovery document, the MTV
 * namespace, the storage classes — each retried on 429/5xx as the suite's client retries. Plain
 * node:https, so that the CLI runs them in-process for a token or a plain kubeconfig
 * (lib/preflight/kubeconfig.ts); the child process (cluster.ts) only adds client-node's login.
 */
import https from 'node:https';
import { ClusterAccessError } from '../../exceptions/cluster-access';
import { errorMessage } from '../../exceptions/base';
import { RequestTimeoutError } from '../../exceptions/k8s';
import { ForkliftCrdsMissingError, MtvNamespaceNotFoundError, StorageClassNotFoundError } from '../../exceptions/preflight';

const TLS_CODES =
  /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|certificate/i;
const NET_CODES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|socket hang up|timed out/i;
const TIMEOUT_MS = 15_000;
const FORKLIFT_GROUP = 'forklift.konveyor.io/v1beta1';
/** The Forklift kinds a run creates (resource names as discovery lists them). */
const FORKLIFT_RESOURCES = {
  providers: 'Provider',
  storagemaps: 'StorageMap',
  networkmaps: 'NetworkMap',
  plans: 'Plan',
  migrations: 'Migration',
};
/** As lib/k8s/rest.ts DEFAULT_RETRY (not imported: this module stays light for the CLI). */
const RETRY = { retries: 6, minTimeoutMs: 100, maxTimeoutMs: 3000, maxRetryAfterMs: 10_000 };

export interface ClusterConnection {
  server: string;
  /** TLS material and the Authorization header, as client-node's applyToHTTPSOptions fills them. */
  options: https.RequestOptions;
}

export interface ClusterWants {
  mtvNamespace: string;
  storageClass: string;
}

/** The fix for a transport failure, from the error's code or text. */
export function explainTransportError(server: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const text = `${typeof code === 'string' ? `${code} ` : ''}${errorMessage(error)}`;
  if (TLS_CODES.test(text)) {
    return `TLS verification of ${server} failed (${text.trim()}): trust the cluster's CA, or pass --tc insecure_verify_skip:true to skip verification`;
  }
  if (NET_CODES.test(text))
    return `cannot reach the cluster API at ${server} (${text.trim()}): check cluster_host (or the kubeconfig's server) and the network`;
  return `cannot talk to the cluster API at ${server}: ${text.trim()}`;
}

interface Answer {
  status: number;
  body: string;
  retryAfterMs?: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

function getOnce(server: string, options: https.RequestOptions, apiPath: string): Promise<Answer> {
  const url = new URL(apiPath, server);
  return new Promise<Answer>((resolve, reject) => {
    const headers = { ...(options.headers ?? {}), Accept: 'application/json' };
    const req = https.request(url, { ...options, method: 'GET', headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const retryAfter = Number(res.headers['retry-after']);
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new RequestTimeoutError(url.origin, TIMEOUT_MS)));
    req.on('error', reject);
    req.end();
  }).catch((error: unknown) => {
    throw new ClusterAccessError(explainTransportError(server, error));
  });
}

/**
 * A GET, retried on 429/5xx as the suite's client retries (RETRY, Retry-After honoured): a
 * busy or briefly failing API server is not bad input. A transport failure is reported at once.
 */
async function get(server: string, options: https.RequestOptions, apiPath: string): Promise<Answer> {
  let answer = await getOnce(server, options, apiPath);
  for (let attempt = 1; attempt <= RETRY.retries && RETRYABLE_STATUS.has(answer.status); attempt++) {
    const backoff = Math.min(RETRY.minTimeoutMs * 2 ** (attempt - 1), RETRY.maxTimeoutMs);
    await delay(Math.min(answer.retryAfterMs ?? backoff, RETRY.maxRetryAfterMs));
    answer = await getOnce(server, options, apiPath);
  }
  return answer;
}

function checkForklift(server: string, discovery: Answer): void {
  if (discovery.status === 404)
    throw new ClusterAccessError(`the cluster at ${server} does not serve ${FORKLIFT_GROUP}: install MTV (or name the right cluster)`);
  if (discovery.status !== 200) {
    throw new ClusterAccessError(
      `the cluster API at ${server} answered HTTP ${discovery.status} to the Forklift API discovery: check that it is an OpenShift cluster with MTV`,
    );
  }
  const served = new Set((JSON.parse(discovery.body) as { resources?: Array<{ name: string }> }).resources?.map((r) => r.name));
  const missing = Object.entries(FORKLIFT_RESOURCES)
    .filter(([resource]) => !served.has(resource))
    .map(([resource, kind]) => `${resource}.forklift.konveyor.io (${kind})`);
  if (missing.length) throw new ForkliftCrdsMissingError(server, missing);
}

function checkStorageClass(server: string, name: string, answer: Answer): void {
  if (answer.status === 403) return; // not allowed to list them: the StorageMap's own validation will say
  if (answer.status !== 200)
    throw new ClusterAccessError(`the cluster API at ${server} answered HTTP ${answer.status} to the storage class list`);
  const names =
    (JSON.parse(answer.body) as { items?: Array<{ metadata?: { name?: string } }> }).items?.map((i) => i.metadata?.name ?? '') ?? [];
  if (!names.includes(name)) throw new StorageClassNotFoundError(name, server, names.filter(Boolean).sort());
}

/** Throws one InputError (one line) for the first problem found; resolves when the cluster can take the run. */
export async function checkClusterWith(connection: ClusterConnection, wants: ClusterWants): Promise<void> {
  const { server, options } = connection;
  const [discovery, namespace, storageClasses] = await Promise.all([
    get(server, options, `/apis/${FORKLIFT_GROUP}`),
    get(server, options, `/api/v1/namespaces/${encodeURIComponent(wants.mtvNamespace)}`),
    get(server, options, '/apis/storage.k8s.io/v1/storageclasses'),
  ]);
  if ([discovery, namespace, storageClasses].some((a) => a.status === 401)) {
    throw new ClusterAccessError(
      `the cluster API at ${server} refused the credentials (HTTP 401): check cluster_token, cluster_username / cluster_password or the kubeconfig's user`,
    );
  }
  checkForklift(server, discovery);
  if (namespace.status === 404) throw new MtvNamespaceNotFoundError(wants.mtvNamespace, server);
  checkStorageClass(server, wants.storageClass, storageClasses);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
