/**
 * Before a run on a real cluster starts Jest, check that the cluster answers and accepts the
 * credentials, so that an unreachable API, a wrong password or untrusted TLS is one line that
 * names the fix (exit 2, nothing created) rather than a failed first step in every worker.
 * Two requests: OAuth login when a password is given, then the Forklift API group's discovery
 * document with the bearer token (authenticated, and proves MTV's CRDs are served).
 */
import https from 'node:https';
import { ClusterAccessError } from '../../exceptions/cluster-access';
import { errorMessage } from '../../exceptions/base';
import { RequestTimeoutError } from '../../exceptions/k8s';
import { kubeConfigFor, type ClusterAccess } from './connect';

const TLS_CODES =
  /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|certificate/i;
const NET_CODES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|socket hang up|timed out/i;
const TIMEOUT_MS = 15_000;

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

export async function checkClusterAccess(access: ClusterAccess): Promise<void> {
  const server = access.kind === 'kubeconfig' ? '(kubeconfig server)' : access.server;
  let kc;
  try {
    kc = await kubeConfigFor(access);
  } catch (error) {
    const message = errorMessage(error);
    if (/refused \(HTTP 401\)/.test(message)) throw new ClusterAccessError(`${message} (cluster_username / cluster_password)`);
    if (error instanceof Error && error.name === 'ClusterLoginError' && !/cannot reach/.test(message))
      throw new ClusterAccessError(message);
    throw new ClusterAccessError(explainTransportError(server, error));
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterAccessError('the kubeconfig has no current cluster: pick a context with a cluster');
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const url = new URL('/apis/forklift.konveyor.io/v1beta1', cluster.server);
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.request(
      url,
      { ...options, method: 'GET', headers: { ...(options.headers ?? {}), Accept: 'application/json' }, timeout: TIMEOUT_MS },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new RequestTimeoutError(url.origin, TIMEOUT_MS)));
    req.on('error', reject);
    req.end();
  }).catch((error: unknown) => {
    throw new ClusterAccessError(explainTransportError(cluster.server, error));
  });
  if (status === 401) {
    throw new ClusterAccessError(
      `the cluster API at ${cluster.server} refused the credentials (HTTP 401): check cluster_token, cluster_username / cluster_password or the kubeconfig's user`,
    );
  }
  if (status === 404) {
    throw new ClusterAccessError(
      `the cluster at ${cluster.server} does not serve forklift.konveyor.io/v1beta1: install MTV (or name the right cluster)`,
    );
  }
  if (status !== 200 && status !== 403) {
    throw new ClusterAccessError(
      `the cluster API at ${cluster.server} answered HTTP ${status} to the Forklift API discovery: check that it is an OpenShift cluster with MTV`,
    );
  }
}
