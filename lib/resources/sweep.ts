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
import {
  describeEntry,
  eachAtMost,
  SOURCE_CALLS_AT_ONCE,
  sourceEntryExists,
  teardownEntries,
  type SourceVmCleaner,
  type TeardownTimeouts,
} from './teardown';
import { readTrackedFile, REMOTE_SESSION_SUFFIX, unverifiedEntries, type TrackedEntry, type TrackedFile } from './tracker';

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

/**
 * The entries whose object still exists (cluster: GET, all at once; source: the cleaner's exists(),
 * a few at a time, alongside), listed in tracking order. A source entry whose provider cannot be
 * reached or answered counts as present: the teardown then reports it with the reason instead of
 * the sweep stopping before the cluster objects are removed.
 */
export async function presentEntries(
  client: K8sClient,
  entries: readonly TrackedEntry[],
  sourceCleaner?: (providerKey: string) => Promise<SourceVmCleaner | undefined>,
): Promise<TrackedEntry[]> {
  // A kind unknown here counts as present: the teardown reports it.
  const exists = entries.map(() => true);
  const source = entries.flatMap((e, i) => (e.side === 'cluster' ? [] : [{ e, i }]));
  await Promise.all([
    ...entries.map(async (e, i) => {
      if (e.side === 'cluster' && isKind(e.kind)) exists[i] = Boolean(await client.tryGet(e.kind as Kind, e.name, e.namespace));
    }),
    eachAtMost(source, SOURCE_CALLS_AT_ONCE, async ({ e, i }) => {
      try {
        const cleaner = await sourceCleaner?.(e.providerKey);
        // Without access to the provider we cannot tell: keep it so it is reported, not forgotten.
        exists[i] = !cleaner || (await sourceEntryExists(cleaner, e));
      } catch {
        exists[i] = true;
      }
    }),
  ]);
  return entries.filter((_, i) => exists[i]);
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
  const data = readTrackedFile(file);
  const all = (opts.skipVerified ? unverifiedEntries(data) : data.entries).filter(
    (e) => !opts.sessions || opts.sessions.includes(e.session),
  );
  const result: SweepResult = { listed: all.length, present: [], leftovers: [] };
  // The host cluster's group first: its Plans are archived and deleted before the objects they use
  // on another cluster go (the in-process order: host session, then the remote session).
  for (const [server, entries] of groupByCluster(data, all, opts.client.server)) {
    const one =
      server === sameServer(opts.client.server)
        ? await sweepCluster(file, opts.client, entries, opts, sourceCleaner)
        : await sweepOtherCluster(file, data, server, entries, opts, sourceCleaner);
    result.present.push(...one.present);
    result.leftovers.push(...one.leftovers);
  }
  if (all.length === 0) opts.client.log.info(`sweep of ${file}: 0 tracked object(s), none left: nothing to do`);
  return result;
}

function sameServer(server: string): string {
  return server.replace(/\/+$/, '');
}

/**
 * Entries by the cluster their session's recorded target names, the host's (`host`) first. Entries
 * of a session without a target are the host's.
 */
function groupByCluster(data: TrackedFile, entries: readonly TrackedEntry[], host: string): Map<string, TrackedEntry[]> {
  const groups = new Map<string, TrackedEntry[]>([[sameServer(host), []]]);
  for (const e of entries) {
    const server = sameServer(data.targets[e.session]?.server ?? host);
    groups.set(server, [...(groups.get(server) ?? []), e]);
  }
  for (const [server, list] of groups) if (list.length === 0) groups.delete(server);
  return groups;
}

/** Another cluster's entries, through the kubeconfig its sessions recorded (closed afterwards). */
async function sweepOtherCluster(
  file: string,
  data: TrackedFile,
  server: string,
  entries: TrackedEntry[],
  opts: SweepOptions,
  sourceCleaner: (providerKey: string) => Promise<SourceVmCleaner | undefined>,
): Promise<Omit<SweepResult, 'listed'>> {
  const sessions = new Set(entries.map((e) => e.session));
  const kubeconfig = Object.entries(data.targets)
    .filter(([session, t]) => sessions.has(session) && sameServer(t.server) === server)
    .map(([, t]) => t.kubeconfigPath)
    .find((p): p is string => Boolean(p && fs.existsSync(p)));
  const unreached = (reason: string): Omit<SweepResult, 'listed'> => {
    opts.client.log.warn(`sweep of ${file}: ${entries.length} tracked object(s) on ${server} not checked: ${reason}`);
    return { present: entries, leftovers: entries.map((e) => ({ object: describeEntry(e), reason })) };
  };
  if (!kubeconfig)
    return unreached(
      `cluster ${server} not reachable: no usable kubeconfig recorded for it; run tools/clean-cluster.ts ${file} --session ${[...sessions].join(' ')} --kubeconfig <kubeconfig of ${server}>`,
    );
  let client: K8sClient;
  try {
    client = await connect({ kind: 'kubeconfig', path: kubeconfig }, opts.client.log);
  } catch (error) {
    return unreached(`cluster ${server}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await sweepCluster(file, client, entries, opts, sourceCleaner);
  } catch (error) {
    return unreached(`cluster ${server}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.close();
  }
}

/** One cluster's entries: only what still exists is acted on. */
async function sweepCluster(
  file: string,
  client: K8sClient,
  all: readonly TrackedEntry[],
  opts: SweepOptions,
  sourceCleaner: (providerKey: string) => Promise<SourceVmCleaner | undefined>,
): Promise<Omit<SweepResult, 'listed'>> {
  const log = client.log;
  const present = await presentEntries(client, all, sourceCleaner);
  if (present.length === 0) {
    log.info(`sweep of ${file}: ${all.length} tracked object(s) on ${client.server}, none left: nothing to do`);
    return { present, leftovers: [] };
  }
  log.warn(`sweep of ${file}: ${present.length} of ${all.length} tracked object(s) still exist; removing them from ${client.server}`);
  // Namespaces of the affected sessions are swept too, so migrated VMs/PVCs inside them go.
  const sessions = new Set(present.map((e) => e.session));
  const namespaces = all.filter((e) => e.side === 'cluster' && e.kind === 'Namespace' && sessions.has(e.session));
  const leftovers = await teardownEntries({
    client,
    entries: [...present, ...namespaces.filter((n) => !present.includes(n))],
    sourceCleaner,
    timeouts: opts.timeouts,
  });
  return { present, leftovers };
}

/**
 * Cluster access for a tracked file: an explicit one wins; else the kubeconfig path recorded for
 * the file's sessions (the lab's, or the one the run was given).
 */
export async function clientForTrackedFile(file: string, log: SuiteLog, access?: ClusterAccess): Promise<K8sClient> {
  if (access) return connect(access, log);
  const recorded = Object.entries(readTrackedFile(file).targets);
  // The host's first: a remote session's target names the lab's other cluster (swept through its own).
  const remote = ([session]: [string, unknown]): boolean => session.endsWith(REMOTE_SESSION_SUFFIX);
  const targets = [...recorded.filter((t) => !remote(t)), ...recorded.filter(remote)].map(([, t]) => t);
  const withKubeconfig = targets.find((t) => t.kubeconfigPath && fs.existsSync(t.kubeconfigPath));
  if (!withKubeconfig?.kubeconfigPath) {
    const servers = [...new Set(targets.map((t) => t.server))].join(', ') || 'unknown';
    throw new TrackedFileAccessError(file, servers);
  }
  return connect({ kind: 'kubeconfig', path: withKubeconfig.kubeconfigPath }, log);
}
