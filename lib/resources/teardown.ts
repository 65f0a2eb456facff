/**
 * Session teardown in the Python suite's order (utilities/pytest_utils.py session_teardown):
 *   1. cancel migrations still running, 2. archive plans,
 *   3. delete tracked objects kind by kind — Migration, Plan, Provider, Host, Secret, NAD,
 *      StorageMap, NetworkMap, VirtualMachine, Pod, then any other tracked kind — waiting for each
 *      kind to be gone before the next,
 *   4. delete every VirtualMachine left in the session's namespaces (migrated VMs),
 *   5. wait for the session's Pods, DataVolumes, PVCs and bound PVs to go,
 *   6. delete the session's namespaces, 7. delete source-side clones,
 *   8. leftover detection: anything of the session still present is reported, one line each.
 * Teardown never stops at the first error; every failure becomes a leftover line.
 */
import { SessionTeardownError, type Leftover } from '../../exceptions/migration';
import { WaitTimeoutError } from '../../exceptions/k8s';
import { errorMessage } from '../../exceptions/base';
import type { K8sClient } from '../k8s/client';
import { findCondition, formatConditions, hasTrueCondition } from '../k8s/conditions';
import { isKind, type Kind } from '../k8s/kinds';
import { waitDeleted, waitForCondition, waitForNone, waitForObject } from '../k8s/waits';
import type { TrackedClusterObject, TrackedEntry, TrackedSourceVm } from './tracker';

/** Deletes clones on the source provider (vSphere through the suite's vim25 client). */
export interface SourceVmCleaner {
  deleteVm(entry: TrackedSourceVm): Promise<'deleted' | 'absent'>;
  exists(entry: TrackedSourceVm): Promise<boolean>;
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
  'VirtualMachine',
  'Pod',
];

const describeEntry = (e: TrackedEntry): string =>
  e.side === 'cluster' ? `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}` : `SourceVm ${e.providerKey}/${e.name}`;

function dedupe(entries: readonly TrackedEntry[]): TrackedEntry[] {
  const seen = new Map<string, TrackedEntry>();
  for (const e of entries) seen.set(describeEntry(e), e);
  return [...seen.values()];
}

export async function teardownEntries(opts: TeardownOptions): Promise<Leftover[]> {
  const { client } = opts;
  const log = client.log;
  const t = { ...DEFAULT_TEARDOWN_TIMEOUTS, ...opts.timeouts };
  const entries = dedupe(opts.entries);
  const cluster = entries.filter((e): e is TrackedClusterObject => e.side === 'cluster' && isKind(e.kind));
  const unknownKinds = entries.filter((e) => e.side === 'cluster' && !isKind(e.kind));
  const source = entries.filter((e): e is TrackedSourceVm => e.side === 'source');
  const problems: Leftover[] = unknownKinds.map((e) => ({ object: describeEntry(e), reason: 'kind unknown to this version of the suite; delete it by hand' }));
  const ofKind = (kind: string) => cluster.filter((e) => e.kind === kind);
  const namespaces = ofKind('Namespace').map((e) => e.name);
  const note = (object: string, error: unknown) => {
    log.warn(`teardown: ${object}: ${errorMessage(error)}`);
  };

  // 1. Cancel migrations that are still running.
  await Promise.all(
    ofKind('Migration').map(async (e) => {
      try {
        await cancelIfRunning(client, e, t.cancelMs);
      } catch (error) {
        note(describeEntry(e), error);
      }
    }),
  );
  // 2. Archive plans (Forklift then cleans what the plan's runs left behind).
  await Promise.all(
    ofKind('Plan').map(async (e) => {
      try {
        await archivePlan(client, e.name, e.namespace!, t.archiveMs);
      } catch (error) {
        note(describeEntry(e), error);
      }
    }),
  );
  // 3. Tracked objects, kind by kind.
  const order = [...DELETE_ORDER, ...new Set(cluster.map((e) => e.kind as Kind).filter((k) => !DELETE_ORDER.includes(k) && k !== 'Namespace'))];
  for (const kind of order) {
    await Promise.all(
      ofKind(kind).map(async (e) => {
        try {
          await client.delete(kind, e.name, e.namespace);
          await waitDeleted(client, kind, e.name, e.namespace, t.deleteMs);
        } catch (error) {
          note(describeEntry(e), error);
        }
      }),
    );
  }
  // 4. Migrated VMs are not tracked one by one: remove every VM left in the session's namespaces.
  for (const ns of namespaces) {
    try {
      const vms = await client.list('VirtualMachine', { namespace: ns });
      await Promise.all(vms.items.map((vm) => client.delete('VirtualMachine', vm.metadata!.name!, ns)));
      if (vms.items.length) await waitForNone(client, 'VirtualMachine', { namespace: ns }, t.deleteMs);
    } catch (error) {
      note(`VirtualMachines in ${ns}`, error);
    }
  }
  // 5. What the migrations created must follow (owner references, Forklift cleanup).
  for (const ns of namespaces) {
    for (const kind of ['Pod', 'DataVolume', 'PersistentVolumeClaim'] as const) {
      problems.push(...(await waitGone(client, kind, { namespace: ns }, t.storageMs)));
    }
  }
  if (namespaces.length) {
    const boundToSession = (pv: unknown): boolean => {
      const p = pv as { spec?: { claimRef?: { namespace?: string } }; status?: { phase?: string } };
      return namespaces.includes(p.spec?.claimRef?.namespace ?? '') && p.status?.phase !== 'Released';
    };
    problems.push(...(await waitGone(client, 'PersistentVolume', { filter: boundToSession }, t.storageMs)));
  }
  // 6. Namespaces.
  await Promise.all(
    namespaces.map(async (ns) => {
      try {
        await client.delete('Namespace', ns);
        await waitDeleted(client, 'Namespace', ns, undefined, t.deleteMs);
      } catch (error) {
        note(`Namespace ${ns}`, error);
      }
    }),
  );
  // 7. Source-side clones.
  const cleaners = new Map<string, SourceVmCleaner | undefined>();
  for (const e of source) {
    try {
      if (!cleaners.has(e.providerKey)) cleaners.set(e.providerKey, await opts.sourceCleaner?.(e.providerKey));
      const cleaner = cleaners.get(e.providerKey);
      if (!cleaner) {
        problems.push({ object: describeEntry(e), reason: `no access to source provider "${e.providerKey}" to delete the clone` });
        continue;
      }
      const result = await cleaner.deleteVm(e);
      log.info(`teardown: ${describeEntry(e)} ${result === 'deleted' ? 'deleted' : 'already gone'}`);
    } catch (error) {
      note(describeEntry(e), error);
    }
  }
  // 8. Leftover detection over everything tracked.
  for (const e of cluster) {
    try {
      const obj = await client.tryGet(e.kind as Kind, e.name, e.namespace);
      if (obj) {
        const deleting = (obj as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp;
        problems.push({ object: describeEntry(e), reason: deleting ? `still being deleted (since ${deleting})` : 'still exists' });
      }
    } catch (error) {
      problems.push({ object: describeEntry(e), reason: `could not check: ${errorMessage(error)}` });
    }
  }
  for (const e of source) {
    const cleaner = cleaners.get(e.providerKey);
    if (!cleaner) continue;
    try {
      if (await cleaner.exists(e)) problems.push({ object: describeEntry(e), reason: 'clone still exists on the source provider' });
    } catch (error) {
      problems.push({ object: describeEntry(e), reason: `could not check: ${errorMessage(error)}` });
    }
  }
  return problems;
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
    if (!(error instanceof WaitTimeoutError)) return [{ object: `${kind}s${sel.namespace ? ` in ${sel.namespace}` : ''}`, reason: errorMessage(error) }];
    const left = await client.list(kind, { namespace: sel.namespace });
    return left.items
      .filter((o) => (sel.filter ? sel.filter(o) : true))
      .map((o) => ({ object: `${kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`, reason: `not removed within ${timeoutMs} ms` }));
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
