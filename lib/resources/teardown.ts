/**
 * Session teardown in the Python suite's order (utilities/pytest_utils.py session_teardown):
 *   1. cancel migrations still running, 2. archive plans,
 *   3. delete tracked objects kind by kind — Migration, Plan, Provider, Host, Secret, NAD,
 *      StorageMap, NetworkMap, VirtualMachine, Pod, then any other tracked kind — waiting for each
 *      kind to be gone before the next,
 *   4. delete every VirtualMachine left in the session's namespaces (migrated VMs),
 *   5. wait for the session's Pods, DataVolumes, PVCs and bound PVs to go,
 *   6. delete the session's namespaces, 7. delete source-side clones, a few at a time (and the
 *      populator key lines added to ESXi hosts' authorized_keys, one at a time),
 *   8. leftover detection: anything of the session still present is reported, one line each.
 * Step 7 runs alongside steps 3 to 6 (once 2 is done no migration reads the clones), and the two
 * halves of step 8 alongside each other: the order only matters within each side.
 * Teardown never stops at the first error; every failure becomes a leftover line.
 */
import { SessionTeardownError, type Leftover } from '../../exceptions/migration';
import { WaitTimeoutError } from '../../exceptions/k8s';
import { errorMessage } from '../../exceptions/base';
import type { K8sClient } from '../k8s/client';
import { findCondition, formatConditions, hasTrueCondition } from '../k8s/conditions';
import { isKind, type Kind } from '../k8s/kinds';
import { waitDeleted, waitForCondition, waitForNone, waitForObject } from '../k8s/waits';
import { EsxiSshError } from '../../exceptions/copy-offload';
import type { TrackedClusterObject, TrackedEntry, TrackedEsxiKey, TrackedSourceEntry, TrackedSourceVm } from './tracker';

/** Deletes clones on the source provider (vSphere through the suite's vim25 client). */
export interface SourceVmCleaner {
  deleteVm(entry: TrackedSourceVm): Promise<'deleted' | 'absent'>;
  exists(entry: TrackedSourceVm): Promise<boolean>;
  /** vSphere copy-offload (esxi_clone_method ssh): the key lines the run added on ESXi hosts. */
  esxiKeys?: {
    remove(entry: TrackedEsxiKey): Promise<'deleted' | 'absent'>;
    exists(entry: TrackedEsxiKey): Promise<boolean>;
  };
}

function esxiKeysOf(cleaner: SourceVmCleaner, e: TrackedEsxiKey): NonNullable<SourceVmCleaner['esxiKeys']> {
  if (cleaner.esxiKeys) return cleaner.esxiKeys;
  throw new EsxiSshError(e.name, '(unknown)', 'removing the populator key', `providers entry "${e.providerKey}" gives no ESXi login`);
}

/** Removes one source-side entry (a clone, or an ESXi key line) through its provider's cleaner. */
export function deleteSourceEntry(cleaner: SourceVmCleaner, e: TrackedSourceEntry): Promise<'deleted' | 'absent'> {
  return e.kind === 'EsxiAuthorizedKey' ? esxiKeysOf(cleaner, e).remove(e) : cleaner.deleteVm(e);
}

/** Whether a source-side entry still exists. */
export function sourceEntryExists(cleaner: SourceVmCleaner, e: TrackedSourceEntry): Promise<boolean> {
  return e.kind === 'EsxiAuthorizedKey' ? esxiKeysOf(cleaner, e).exists(e) : cleaner.exists(e);
}

export interface TeardownTimeouts {
  cancelMs: number;
  archiveMs: number;
  deleteMs: number;
  storageMs: number;
}

export const DEFAULT_TEARDOWN_TIMEOUTS: TeardownTimeouts = { cancelMs: 120_000, archiveMs: 120_000, deleteMs: 180_000, storageMs: 180_000 };

export interface TeardownOptions {
  client: K8sClient;
  entries: readonly TrackedEntry[];
  /** Source-side cleaner per providers-file key; undefined when that provider cannot be reached. */
  sourceCleaner?: (providerKey: string) => Promise<SourceVmCleaner | undefined>;
  timeouts?: Partial<TeardownTimeouts>;
}

/** The Python order; kinds not listed are deleted after these, Namespaces last. */
export const DELETE_ORDER: readonly Kind[] = [
  'Migration',
  'Plan',
  'Provider',
  'Host',
  'Secret',
  'NetworkAttachmentDefinition',
  'StorageMap',
  'NetworkMap',
  'Conversion',
  'VirtualMachine',
  'Pod',
];

/** How teardown and sweep name a tracked entry in leftovers and logs. */
export const describeEntry = (e: TrackedEntry): string =>
  e.side === 'cluster'
    ? `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`
    : e.kind === 'EsxiAuthorizedKey'
      ? `EsxiAuthorizedKey ${e.providerKey}/${e.name} (key ...${e.line.trim().split(/\s+/).slice(-2).join(' ').slice(-24)})`
      : `SourceVm ${e.providerKey}/${e.name}`;

function dedupe(entries: readonly TrackedEntry[]): TrackedEntry[] {
  const seen = new Map<string, TrackedEntry>();
  for (const e of entries) seen.set(describeEntry(e), e);
  return [...seen.values()];
}

/** One teardown's inputs and what it has found so far; each phase below reads and adds to it. */
interface TeardownRun {
  client: K8sClient;
  timeouts: TeardownTimeouts;
  cluster: TrackedClusterObject[];
  source: TrackedSourceEntry[];
  namespaces: string[];
  sourceCleaner?: (providerKey: string) => Promise<SourceVmCleaner | undefined>;
  /** Source cleaners resolved in phase 7, reused by leftover detection. */
  cleaners: Map<string, SourceVmCleaner | undefined>;
  problems: Leftover[];
}

export async function teardownEntries(opts: TeardownOptions): Promise<Leftover[]> {
  const run = prepare(opts);
  await cancelMigrations(run);
  await archivePlans(run);
  // No migration reads the source clones any more: they go while the cluster side is deleted.
  await Promise.all([deleteClusterSide(run), deleteSourceClones(run)]);
  const leftovers = await Promise.all([detectClusterLeftovers(run), detectSourceLeftovers(run)]);
  run.problems.push(...leftovers.flat());
  return run.problems;
}

/** Steps 3 to 6, in order: each needs the previous one done. */
async function deleteClusterSide(run: TeardownRun): Promise<void> {
  await deleteTrackedKindByKind(run);
  await deleteMigratedVms(run);
  await waitForMigrationLeftovers(run);
  await deleteNamespaces(run);
}

function prepare(opts: TeardownOptions): TeardownRun {
  const entries = dedupe(opts.entries);
  const cluster = entries.filter((e): e is TrackedClusterObject => e.side === 'cluster' && isKind(e.kind));
  const unknownKinds = entries.filter((e) => e.side === 'cluster' && !isKind(e.kind));
  return {
    client: opts.client,
    timeouts: { ...DEFAULT_TEARDOWN_TIMEOUTS, ...opts.timeouts },
    cluster,
    source: entries.filter((e): e is TrackedSourceEntry => e.side === 'source'),
    namespaces: cluster.filter((e) => e.kind === 'Namespace').map((e) => e.name),
    sourceCleaner: opts.sourceCleaner,
    cleaners: new Map(),
    problems: unknownKinds.map((e) => ({
      object: describeEntry(e),
      reason: 'kind unknown to this version of the suite; delete it by hand',
    })),
  };
}

const ofKind = (run: TeardownRun, kind: string): TrackedClusterObject[] => run.cluster.filter((e) => e.kind === kind);

function note(run: TeardownRun, object: string, error: unknown): void {
  run.client.log.warn(`teardown: ${object}: ${errorMessage(error)}`);
}

/** Runs `action` on every item in parallel; a failure is logged against that item and the rest go on. */
async function eachNoting<T>(
  run: TeardownRun,
  items: readonly T[],
  label: (item: T) => string,
  action: (item: T) => Promise<unknown>,
): Promise<void> {
  await Promise.all(
    items.map(async (item) => {
      try {
        await action(item);
      } catch (error) {
        note(run, label(item), error);
      }
    }),
  );
}

/** 1. Cancel migrations that are still running. */
async function cancelMigrations(run: TeardownRun): Promise<void> {
  await eachNoting(run, ofKind(run, 'Migration'), describeEntry, (e) => cancelIfRunning(run.client, e, run.timeouts.cancelMs));
}

/** 2. Archive plans (Forklift then cleans what the plan's runs left behind). */
async function archivePlans(run: TeardownRun): Promise<void> {
  await eachNoting(run, ofKind(run, 'Plan'), describeEntry, (e) => archivePlan(run.client, e.name, e.namespace!, run.timeouts.archiveMs));
}

/** 3. Tracked objects, kind by kind in DELETE_ORDER, then the other tracked kinds; each kind gone before the next. */
async function deleteTrackedKindByKind(run: TeardownRun): Promise<void> {
  const others = new Set(run.cluster.map((e) => e.kind as Kind).filter((k) => !DELETE_ORDER.includes(k) && k !== 'Namespace'));
  for (const kind of [...DELETE_ORDER, ...others]) {
    await eachNoting(run, ofKind(run, kind), describeEntry, async (e) => {
      if (kind === 'Conversion') await deleteConversionPods(run.client, e);
      await run.client.delete(kind, e.name, e.namespace);
      await waitDeleted(run.client, kind, e.name, e.namespace, run.timeouts.deleteMs);
    });
  }
}

/**
 * A Conversion's pods (label conversion=<name>, in its targetNamespace) carry no owner reference
 * (Forklift's conversion Ensurer sets none), so deleting the Conversion leaves them: delete them too.
 */
async function deleteConversionPods(client: K8sClient, e: TrackedClusterObject): Promise<void> {
  const conv = await client.tryGet('Conversion', e.name, e.namespace);
  const namespace = conv?.spec?.targetNamespace || e.namespace;
  const pods = await client.list('Pod', { namespace, labelSelector: `conversion=${e.name}` });
  await Promise.all(pods.items.map((p) => client.delete('Pod', p.metadata!.name!, namespace)));
}

/** 4. Migrated VMs are not tracked one by one: remove every VM left in the session's namespaces. */
async function deleteMigratedVms(run: TeardownRun): Promise<void> {
  const { client } = run;
  for (const ns of run.namespaces) {
    try {
      const vms = await client.list('VirtualMachine', { namespace: ns });
      await Promise.all(vms.items.map((vm) => client.delete('VirtualMachine', vm.metadata!.name!, ns)));
      if (vms.items.length) await waitForNone(client, 'VirtualMachine', { namespace: ns }, run.timeouts.deleteMs);
    } catch (error) {
      note(run, `VirtualMachines in ${ns}`, error);
    }
  }
}

/** 5. What the migrations created must follow (owner references, Forklift cleanup). */
async function waitForMigrationLeftovers(run: TeardownRun): Promise<void> {
  const { client, namespaces, timeouts } = run;
  for (const ns of namespaces) {
    for (const kind of ['Pod', 'DataVolume', 'PersistentVolumeClaim'] as const) {
      run.problems.push(...(await waitGone(client, kind, { namespace: ns }, timeouts.storageMs)));
    }
  }
  if (!namespaces.length) return;
  const boundToSession = (pv: unknown): boolean => {
    const p = pv as { spec?: { claimRef?: { namespace?: string } }; status?: { phase?: string } };
    return namespaces.includes(p.spec?.claimRef?.namespace ?? '') && p.status?.phase !== 'Released';
  };
  run.problems.push(...(await waitGone(client, 'PersistentVolume', { filter: boundToSession }, timeouts.storageMs)));
}

/** 6. Namespaces. */
async function deleteNamespaces(run: TeardownRun): Promise<void> {
  await eachNoting(
    run,
    run.namespaces,
    (ns) => `Namespace ${ns}`,
    async (ns) => {
      await run.client.delete('Namespace', ns);
      await waitDeleted(run.client, 'Namespace', ns, undefined, run.timeouts.deleteMs);
    },
  );
}

/**
 * How many source-side calls (clone removals, existence checks) run at once: each is its own call
 * or task on the source provider (a vCenter Destroy_Task takes seconds), so a session with several
 * clones does not wait for them one after another, and a few at a time keeps a large session from
 * queueing a burst of tasks.
 */
export const SOURCE_CALLS_AT_ONCE = 4;

/** Runs `action` on every item, at most `limit` at once, in order of the items. */
export async function eachAtMost<T>(items: readonly T[], limit: number, action: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await action(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Each source provider's cleaner, asked for once before anything is removed. An entry whose
 * provider cannot be reached becomes a leftover line at once: nothing else will remove it.
 */
async function resolveCleaners(run: TeardownRun): Promise<void> {
  const unreachable = new Map<string, string>();
  await Promise.all(
    [...new Set(run.source.map((e) => e.providerKey))].map(async (key) => {
      try {
        const cleaner = await run.sourceCleaner?.(key);
        run.cleaners.set(key, cleaner);
        if (!cleaner) unreachable.set(key, `no access to source provider "${key}" to remove it`);
      } catch (error) {
        unreachable.set(key, `source provider "${key}" not reachable: ${errorMessage(error)}`);
      }
    }),
  );
  for (const e of run.source) {
    const reason = unreachable.get(e.providerKey);
    if (reason) run.problems.push({ object: describeEntry(e), reason });
  }
}

/**
 * 7. Source-side entries: clones a few at a time; an ESXi host's key lines one at a time, since
 * every removal rewrites the one authorized_keys file they share (removals at once would only make
 * each other read it again).
 */
async function deleteSourceClones(run: TeardownRun): Promise<void> {
  await resolveCleaners(run);
  const reachable = run.source.filter((e) => run.cleaners.get(e.providerKey));
  const remove = async (e: TrackedSourceEntry): Promise<void> => {
    try {
      const result = await deleteSourceEntry(run.cleaners.get(e.providerKey)!, e);
      run.client.log.info(`teardown: ${describeEntry(e)} ${result === 'deleted' ? 'deleted' : 'already gone'}`);
    } catch (error) {
      note(run, describeEntry(e), error); // still there: leftover detection reports it
    }
  };
  await Promise.all([
    eachAtMost(
      reachable.filter((e) => e.kind !== 'EsxiAuthorizedKey'),
      SOURCE_CALLS_AT_ONCE,
      remove,
    ),
    eachAtMost(
      reachable.filter((e) => e.kind === 'EsxiAuthorizedKey'),
      1,
      remove,
    ),
  ]);
}

/** 8a. Leftover detection over every tracked cluster object (all asked at once, reported in tracking order). */
async function detectClusterLeftovers(run: TeardownRun): Promise<Leftover[]> {
  const found = await Promise.all(
    run.cluster.map(async (e): Promise<Leftover | undefined> => {
      try {
        const obj = await run.client.tryGet(e.kind as Kind, e.name, e.namespace);
        if (!obj) return undefined;
        const deleting = (obj as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp;
        return { object: describeEntry(e), reason: deleting ? `still being deleted (since ${deleting})` : 'still exists' };
      } catch (error) {
        return { object: describeEntry(e), reason: `could not check: ${errorMessage(error)}` };
      }
    }),
  );
  return found.filter((l): l is Leftover => l !== undefined);
}

/** 8b. Leftover detection over the source entries whose provider could be reached (a few asked at once, reported in tracking order). */
async function detectSourceLeftovers(run: TeardownRun): Promise<Leftover[]> {
  const reachable = run.source.filter((e) => run.cleaners.get(e.providerKey));
  const found: Array<Leftover | undefined> = [];
  await eachAtMost(reachable, SOURCE_CALLS_AT_ONCE, async (e, index) => {
    try {
      if (await sourceEntryExists(run.cleaners.get(e.providerKey)!, e))
        found[index] = {
          object: describeEntry(e),
          reason:
            e.kind === 'EsxiAuthorizedKey'
              ? 'key line still in the ESXi host authorized_keys'
              : 'clone still exists on the source provider',
        };
    } catch (error) {
      found[index] = { object: describeEntry(e), reason: `could not check: ${errorMessage(error)}` };
    }
  });
  return found.filter((l): l is Leftover => l !== undefined);
}

/** Teardown of one session: throws SessionTeardownError listing each leftover. */
export async function sessionTeardown(session: string, opts: TeardownOptions): Promise<void> {
  opts.client.log.info(`session ${session}: teardown of ${opts.entries.length} tracked object(s)`);
  const leftovers = await teardownEntries(opts);
  if (leftovers.length) throw new SessionTeardownError(session, leftovers);
  opts.client.log.info(`session ${session}: teardown complete, nothing left`);
}

async function waitGone(
  client: K8sClient,
  kind: Kind,
  sel: { namespace?: string; filter?: (obj: unknown) => boolean },
  timeoutMs: number,
): Promise<Leftover[]> {
  try {
    await waitForNone(client, kind, sel, timeoutMs);
    return [];
  } catch (error) {
    if (!(error instanceof WaitTimeoutError))
      return [{ object: `${kind}s${sel.namespace ? ` in ${sel.namespace}` : ''}`, reason: errorMessage(error) }];
    const left = await client.list(kind, { namespace: sel.namespace });
    return left.items
      .filter((o) => (sel.filter ? sel.filter(o) : true))
      .map((o) => ({
        object: `${kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`,
        reason: `not removed within ${timeoutMs} ms`,
      }));
  }
}

/** migration_utils.cancel_migration: a running Migration gets spec.cancel = the plan's VMs; wait until it ends. */
export async function cancelIfRunning(client: K8sClient, e: { name: string; namespace?: string }, timeoutMs: number): Promise<void> {
  const migration = await client.tryGet('Migration', e.name, e.namespace);
  if (!migration) return;
  const ended = (m: unknown) => ['Succeeded', 'Failed', 'Canceled'].some((t) => hasTrueCondition(m, t));
  if (ended(migration) || migration.status?.completed) return;
  const planRef = migration.spec?.plan;
  const plan = planRef?.name ? await client.tryGet('Plan', planRef.name, planRef.namespace ?? e.namespace) : undefined;
  const vms = (plan?.spec?.vms ?? []).map((vm) => ({ ...(vm.id ? { id: vm.id } : {}), ...(vm.name ? { name: vm.name } : {}) }));
  client.log.info(`teardown: canceling running Migration ${e.namespace}/${e.name} (${vms.length} VM(s))`);
  await client.mergePatch('Migration', e.name, e.namespace, { spec: { cancel: vms } });
  // It may also finish on its own while the cancel is processed: any end state will do.
  await waitForObject(client, 'Migration', e.name, e.namespace, (m) => m === undefined || ended(m), {
    timeoutMs,
    what: 'to end (Canceled, or Succeeded/Failed on its own)',
    describe: (m) => (m ? `conditions: ${formatConditions(m)}` : 'deleted'),
  });
}

/** migration_utils.archive_plan: spec.archived=true, then wait for the Archived condition. */
export async function archivePlan(client: K8sClient, name: string, namespace: string, timeoutMs: number): Promise<void> {
  const plan = await client.tryGet('Plan', name, namespace);
  if (!plan) return;
  if (findCondition(plan, 'Archived')?.status === 'True') return;
  client.log.info(`teardown: archiving Plan ${namespace}/${name}`);
  await client.mergePatch('Plan', name, namespace, { spec: { archived: true } });
  await waitForCondition(client, 'Plan', name, namespace, 'Archived', { timeoutMs, what: 'to be archived' });
}
