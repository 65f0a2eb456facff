/**
 * Which cluster a run talks to. The embedded lab unless the user names a real cluster:
 *   --tc cluster_host:<url> with cluster_token, or with cluster_username + cluster_password
 *   (OpenShift OAuth), or --kubeconfig <file>, or --target cluster (which alone means: use the
 *   kubeconfig from $KUBECONFIG / ~/.kube/config, because the user asked for it).
 * An ambient KUBECONFIG or ~/.kube/config is never picked up without one of these.
 * This module only describes the target; lib/k8s connects to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TargetConfigError } from '../../exceptions/config';
import type { RunConfig } from './keys';
import type { ClusterAccess } from '../k8s/connect';

export type TargetKind = 'lab' | 'cluster';

export type ClusterAuth =
  | { method: 'token'; server: string; token: string }
  | { method: 'password'; server: string; username: string; password: string }
  | { method: 'kubeconfig'; kubeconfigPath: string; context?: string };

export type Target =
  | { kind: 'lab'; why: string }
  /** insecureSkipTlsVerify applies to token/password access; a kubeconfig brings its own TLS settings. */
  | { kind: 'cluster'; auth: ClusterAuth; insecureSkipTlsVerify: boolean; why: string; warnings: string[] };

export interface TargetInputs {
  config: RunConfig;
  /** --target */
  target?: TargetKind | undefined;
  /** --kubeconfig */
  kubeconfig?: string | undefined;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

/** "api.example.com" → "https://api.example.com:6443"; URLs with a scheme are kept as given. */
export function normalizeServer(host: string): string {
  const trimmed = host.trim().replace(/\/+$/, '');
  if (/^[a-z]+:\/\//i.test(trimmed)) return trimmed;
  return /:\d+$/.test(trimmed) ? `https://${trimmed}` : `https://${trimmed}:6443`;
}

function tlsWarnings(server: string, insecure: boolean): string[] {
  return insecure
    ? [`TLS certificate of ${server} is NOT verified (insecure_verify_skip=true); pass --tc insecure_verify_skip:false to verify it`]
    : [];
}

/** cluster_host with a token or a user and password. */
function clusterHostTarget(config: TargetInputs['config'], host: string): Target {
  const insecure = config.insecure_verify_skip;
  const server = normalizeServer(host);
  const warnings = tlsWarnings(server, insecure);
  if (config.cluster_token) {
    return {
      kind: 'cluster',
      auth: { method: 'token', server, token: config.cluster_token },
      insecureSkipTlsVerify: insecure,
      why: 'cluster_host + cluster_token',
      warnings,
    };
  }
  if (config.cluster_username && config.cluster_password) {
    return {
      kind: 'cluster',
      auth: { method: 'password', server, username: config.cluster_username, password: config.cluster_password },
      insecureSkipTlsVerify: insecure,
      why: 'cluster_host + cluster_username/cluster_password',
      warnings,
    };
  }
  const missing = config.cluster_username ? 'cluster_password' : 'credentials';
  throw new TargetConfigError(
    `cluster_host ${server} has no ${missing}: pass --tc cluster_token:<token>, or --tc cluster_username:<user> --tc cluster_password:<password>`,
  );
}

/** --kubeconfig <file>: a kubeconfig carries its own TLS settings (CA data or insecure-skip-tls-verify); they apply. */
function kubeconfigTarget(kubeconfig: string): Target {
  const file = path.resolve(kubeconfig);
  if (!fs.existsSync(file)) throw new TargetConfigError(`--kubeconfig ${file} does not exist; pass the path of a kubeconfig file`);
  return {
    kind: 'cluster',
    auth: { method: 'kubeconfig', kubeconfigPath: file },
    insecureSkipTlsVerify: false,
    why: '--kubeconfig',
    warnings: [],
  };
}

/** --target cluster without naming one: the standard kubeconfig, explicitly asked for. */
function standardKubeconfigTarget(inputs: TargetInputs, env: NodeJS.ProcessEnv): Target {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((p) => p.length > 0);
  const file = fromEnv ?? path.join(inputs.homeDir ?? os.homedir(), '.kube', 'config');
  if (!fs.existsSync(file)) {
    throw new TargetConfigError(
      `--target cluster found no kubeconfig at ${file}: pass --kubeconfig <file> or --tc cluster_host:<url> with credentials`,
    );
  }
  return {
    kind: 'cluster',
    auth: { method: 'kubeconfig', kubeconfigPath: file },
    insecureSkipTlsVerify: false,
    why: `--target cluster (kubeconfig ${fromEnv ? '$KUBECONFIG' : '~/.kube/config'})`,
    warnings: [],
  };
}

export function resolveTarget(inputs: TargetInputs): Target {
  const { config } = inputs;
  if (inputs.target === 'lab') {
    if (config.cluster_host || inputs.kubeconfig) {
      throw new TargetConfigError(`--target lab conflicts with ${inputs.kubeconfig ? '--kubeconfig' : 'cluster_host'}; drop one of them`);
    }
    return { kind: 'lab', why: '--target lab' };
  }
  if (config.cluster_host) {
    if (inputs.kubeconfig) throw new TargetConfigError('both cluster_host and --kubeconfig name a cluster; keep only one of them');
    return clusterHostTarget(config, config.cluster_host);
  }
  if (config.cluster_token || config.cluster_username || config.cluster_password) {
    throw new TargetConfigError('cluster credentials were given without a cluster: add --tc cluster_host:<https://api.<cluster>:6443>');
  }
  if (inputs.kubeconfig) return kubeconfigTarget(inputs.kubeconfig);
  if (inputs.target === 'cluster') return standardKubeconfigTarget(inputs, inputs.env ?? process.env);
  return { kind: 'lab', why: 'no cluster named (cluster_host, --kubeconfig or --target cluster)' };
}

/** How to reach a named cluster (lib/k8s/connect builds the client from it). */
export function clusterAccessOf(t: Extract<Target, { kind: 'cluster' }>): ClusterAccess {
  switch (t.auth.method) {
    case 'token':
      return { kind: 'token', server: t.auth.server, token: t.auth.token, insecureSkipTlsVerify: t.insecureSkipTlsVerify };
    case 'password':
      return {
        kind: 'password',
        server: t.auth.server,
        username: t.auth.username,
        password: t.auth.password,
        insecureSkipTlsVerify: t.insecureSkipTlsVerify,
      };
    case 'kubeconfig':
      return { kind: 'kubeconfig', path: t.auth.kubeconfigPath };
  }
}

/** One line for banners and JUnit properties; never contains credentials. */
export function describeTarget(target: Target): string {
  if (target.kind === 'lab') return `embedded lab (${target.why})`;
  const auth = target.auth;
  switch (auth.method) {
    case 'token':
      return `cluster ${auth.server} (token)`;
    case 'password':
      return `cluster ${auth.server} (user ${auth.username})`;
    case 'kubeconfig':
      return `cluster from kubeconfig ${auth.kubeconfigPath}`;
  }
}
