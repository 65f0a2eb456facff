/**
 * The cluster half of the pre-flight where client-node is needed (in the child process,
 * lib/preflight/child.ts): an OpenShift user/password login, or a kubeconfig whose user runs an
 * exec plugin or auth provider. It connects as the suite's client will, then runs the same checks
 * (cluster-checks.ts). An unreachable API, a refused login or untrusted TLS is one line naming the fix.
 */
import type https from 'node:https';
import { ClusterAccessError } from '../../exceptions/cluster-access';
import { errorMessage } from '../../exceptions/base';
import { kubeConfigFor, type ClusterAccess } from '../k8s/connect';
import { checkClusterWith, explainTransportError, type ClusterConnection, type ClusterWants } from './cluster-checks';

export interface ClusterPreflightRequest extends ClusterWants {
  access: ClusterAccess;
}

async function connect(access: ClusterAccess): Promise<ClusterConnection> {
  const named = access.kind === 'kubeconfig' ? '(kubeconfig server)' : access.server;
  let kc;
  try {
    kc = await kubeConfigFor(access);
  } catch (error) {
    const message = errorMessage(error);
    if (/refused \(HTTP 401\)/.test(message)) throw new ClusterAccessError(`${message} (cluster_username / cluster_password)`);
    if (error instanceof Error && error.name === 'ClusterLoginError' && !/cannot reach/.test(message))
      throw new ClusterAccessError(message);
    throw new ClusterAccessError(explainTransportError(named, error));
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterAccessError('the kubeconfig has no current cluster: pick a context with a cluster');
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  return { server: cluster.server, options };
}

export async function checkCluster(request: ClusterPreflightRequest): Promise<void> {
  await checkClusterWith(await connect(request.access), request);
}
