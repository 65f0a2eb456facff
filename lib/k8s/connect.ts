/**
 * Build a K8sClient for the cluster the run targets. A real cluster is used only when the user
 * named it; the access forms are those of the Python suite plus a kubeconfig: a kubeconfig (file or
 * text, e.g. the lab's), an API URL with a bearer token, or an API URL with username/password
 * (exchanged for a token through the OpenShift OAuth server). TLS is verified unless
 * insecureSkipTlsVerify is set.
 */
import fs from 'node:fs';
import { KubeconfigError } from '../../exceptions/k8s';
import { loadClientNodeCore, type ClientNode } from './client-node';
import { K8sClient } from './client';
import type { SuiteLog } from './log';
import { loginWithPassword } from './oauth';
import type { RetryPolicy } from './rest';
import { registerSecret } from '../log/redact';

/**
 * Every credential a kubeconfig carries (the lab's bearer token, a named cluster's token, password
 * or client key) is masked in everything this process logs or writes from the moment it is read.
 */
function registerKubeconfigSecrets(kc: ClientNode.KubeConfig): void {
  for (const user of kc.getUsers()) {
    registerSecret(user.token);
    registerSecret(user.password);
    registerSecret(user.keyData);
  }
}

export type ClusterAccess =
  | { kind: 'kubeconfig'; path?: string; yaml?: string; context?: string }
  | { kind: 'token'; server: string; token: string; insecureSkipTlsVerify: boolean; caPem?: string }
  | { kind: 'password'; server: string; username: string; password: string; insecureSkipTlsVerify: boolean; caPem?: string };

export async function kubeConfigFor(access: ClusterAccess): Promise<ClientNode.KubeConfig> {
  const k8s = loadClientNodeCore();
  const kc = new k8s.KubeConfig();
  if (access.kind === 'kubeconfig') {
    if (access.yaml !== undefined) kc.loadFromString(access.yaml);
    else if (access.path) kc.loadFromString(fs.readFileSync(access.path, 'utf8'));
    else throw new KubeconfigError('kubeconfig access needs a path or the kubeconfig text: pass --kubeconfig <file>');
    if (access.context) kc.setCurrentContext(access.context);
    registerKubeconfigSecrets(kc);
    return kc;
  }
  const token = access.kind === 'token' ? access.token : await loginWithPassword(access);
  registerSecret(token);
  if (access.kind === 'password') registerSecret(access.password);
  const cluster = {
    name: 'target',
    server: access.server.replace(/\/+$/, ''),
    skipTLSVerify: access.insecureSkipTlsVerify,
    ...(access.caPem ? { caData: Buffer.from(access.caPem, 'utf8').toString('base64') } : {}),
  };
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'target-user', token }],
    contexts: [{ name: 'target', cluster: 'target', user: 'target-user' }],
    currentContext: 'target',
  });
  return kc;
}

export async function connect(access: ClusterAccess, log: SuiteLog, retryPolicy?: RetryPolicy): Promise<K8sClient> {
  return new K8sClient(await kubeConfigFor(access), log, retryPolicy);
}
