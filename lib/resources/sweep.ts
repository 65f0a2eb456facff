/**
 * Removing what a tracked-resources file lists, whoever created it: the parent process's global
 * teardown calls sweepTrackedResources() for workers that crashed before their own teardown, and
 * tools/clean-cluster.ts does the same by hand. Only objects that still exist are acted on, so a
 * second sweep finds nothing to do.
 */
import fs from 'node:fs';
import type { Leftover } from '../../exceptions/migration';
import { TrackedFileAccessError } from '../../exceptions/resources';
import type { K8sClient } from '../k8s/client';
import { connect, type ClusterAccess } from '../k8s/connect';
import { isKind, type Kind } from '../k8s/kinds';
import type { SuiteLog } from '../k8s/log';
import { sourceCleanersFor } from '../providers/base';
import { teardownEntries, type SourceVmCleaner, type TeardownTimeouts } from './teardown';
import { readTrackedFile, unverifiedEntries, type TrackedEntry } from './tracker';

export interface SweepOptions {
  client: K8sClient;
  sourceCleaner?: (providerKey: string) => Promise<SourceVmCleaner | undefined>;
  timeouts?: Partial<TeardownTimeouts>;
  /** Only these sessions (default: every session in the file). */
  sessions?: readonly string[];
  /**
   * Leave out entries their session's teardown verified gone (the run's own global teardown).
   * tools/clean-cluster.ts checks everything.
   */
  skipVerified?: boolean;
}

export interface SweepResult {
  listed: number;
  /** Entries that still existed and were acted on. */
  present: TrackedEntry[];
  leftovers: Leftover[];
}

/** The entries whose object still exists (cluster: GET; source: the cleaner's exists()). */
export async function presentEntries(
  client: K8sClient,
  entries: readonly TrackedEntry[],
  sourceCleaner?: (providerKey: string) => Promise<SourceVmCleaner | undefined>,
): Promise<TrackedEntry[]> {
  const present: TrackedEntry[] = [];
  for (const e of entries) {
    if (e.side === 'cluster') {
      if (!isKind(e.kind) || (await client.tryGet(e.kind as Kind, e.name, e.namespace))) present.push(e);
    } else {
      const cleaner = await sourceCleaner?.(e.providerKey);
      // Without access to the provider we cannot tell: keep it so it is reported, not forgotten.
      if (!cleaner || (await cleaner.exists(e))) present.push(e);
    }
  }
  return present;
}

/**
 * Without an explicit sourceCleaner, clones are deleted through the providers file and TLS setting
 * the file records for its sessions.
 */
export async function sweepTrackedResources(file: string, opts: SweepOptions): Promise<SweepResult> {
  if (opts.sourceCleaner) return sweepWith(file, opts, opts.sourceCleaner);
  const cleaners = sourceCleanersFor(Object.values(readTrackedFile(file).targets));
  try {
    return await sweepWith(file, opts, (key) => cleaners.cleanerFor(key));
  } finally {
    await cleaners.close();
  }
}

async function sweepWith(
  file: string,
  opts: SweepOptions,
  sourceCleaner: (providerKey: string) => Promise<SourceVmCleaner | undefined>,
): Promise<SweepResult> {
  const log = opts.client.log;
  const data = readTrackedFile(file);
  const all = (opts.skipVerified ? unverifiedEntries(data) : data.entries).filter(
    (e) => !opts.sessions || opts.sessions.includes(e.session),
  );
  const present = await presentEntries(opts.client, all, sourceCleaner);
  if (present.length === 0) {
    log.info(`sweep of ${file}: ${all.length} tracked object(s), none left: nothing to do`);
    return { listed: all.length, present, leftovers: [] };
  }
  log.warn(`sweep of ${file}: ${present.length} of ${all.length} tracked object(s) still exist; removing them`);
  // Namespaces of the affected sessions are swept too, so migrated VMs/PVCs inside them go.
  const sessions = new Set(present.map((e) => e.session));
  const namespaces = all.filter((e) => e.side === 'cluster' && e.kind === 'Namespace' && sessions.has(e.session));
  const leftovers = await teardownEntries({
    client: opts.client,
    entries: [...present, ...namespaces.filter((n) => !present.includes(n))],
    sourceCleaner,
    timeouts: opts.timeouts,
  });
  return { listed: all.length, present, leftovers };
}

/**
 * Cluster access for a tracked file: an explicit one wins; else the kubeconfig path recorded for
 * the file's sessions (the lab's, or the one the run was given).
 */
export async function clientForTrackedFile(file: string, log: SuiteLog, access?: ClusterAccess): Promise<K8sClient> {
  if (access) return connect(access, log);
  const targets = Object.values(readTrackedFile(file).targets);
  const withKubeconfig = targets.find((t) => t.kubeconfigPath && fs.existsSync(t.kubeconfigPath));
  if (!withKubeconfig?.kubeconfigPath) {
    const servers = [...new Set(targets.map((t) => t.server))].join(', ') || 'unknown';
    throw new TrackedFileAccessError(file, servers);
  }
  return connect({ kind: 'kubeconfig', path: withKubeconfig.kubeconfigPath }, log);
}
