/**
 * Waits on single objects and on sets of objects, built on the watch engine (watch.ts). Each takes
 * an explicit timeout and a description; none sleeps on the happy path.
 */
import type { K8sClient } from './client';
import { formatConditions, hasTrueCondition, type ConditionLike } from './conditions';
import { type Kind, type ObjectOf } from './kinds';
import { waitOn, type Verdict } from './watch';

function ref(kind: string, name: string, namespace?: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

export interface ObjectWaitOptions<K extends Kind> {
  timeoutMs: number;
  what?: string;
  /** Return a reason to give up at once (a state the object cannot recover from). */
  failIf?: (obj: ObjectOf<K>) => string | undefined;
  /** Return the condition that makes the object's state terminal (e.g. criticalCondition): the wait ends at once with WaitTerminalConditionError naming it. */
  terminalIf?: (obj: ObjectOf<K>) => ConditionLike | undefined;
  describe?: (obj: ObjectOf<K> | undefined) => string;
  /** Abort the wait (e.g. the step's signal); see CollectionWait.signal. */
  signal?: AbortSignal;
}

/** Wait until `ready(obj)` holds for the named object (undefined while it does not exist). */
export function waitForObject<K extends Kind>(
  client: K8sClient,
  kind: K,
  name: string,
  namespace: string | undefined,
  ready: (obj: ObjectOf<K> | undefined) => boolean,
  opts: ObjectWaitOptions<K>,
): Promise<ObjectOf<K> | undefined> {
  const what = `${ref(kind, name, namespace)}${opts.what ? ` ${opts.what}` : ''}`;
  return waitOn(client, {
    kind,
    name,
    namespace,
    what,
    timeoutMs: opts.timeoutMs,
    check: (items): Verdict<ObjectOf<K> | undefined> => {
      const obj = items[0];
      if (ready(obj)) return { done: obj };
      if (!obj) return undefined;
      const why = opts.failIf?.(obj);
      if (why) return { fail: why };
      const terminal = opts.terminalIf?.(obj);
      return terminal ? { terminal } : undefined;
    },
    describe: opts.describe ? (items) => opts.describe!(items[0]) : undefined,
    signal: opts.signal,
  });
}

/** Wait until a status condition of the given type is "True"; the timeout error lists all conditions. */
export async function waitForCondition<K extends Kind>(
  client: K8sClient,
  kind: K,
  name: string,
  namespace: string | undefined,
  type: string,
  opts: Omit<ObjectWaitOptions<K>, 'what'> & { what?: string },
): Promise<ObjectOf<K>> {
  const obj = await waitForObject(client, kind, name, namespace, (o) => o !== undefined && hasTrueCondition(o, type), {
    ...opts,
    what: opts.what ?? `to have condition ${type}=True`,
    describe: opts.describe ?? ((o) => (o ? `conditions: ${formatConditions(o)}` : 'object does not exist')),
  });
  return obj as ObjectOf<K>;
}

/** Wait until the named object is gone (a 404). */
export async function waitDeleted(
  client: K8sClient,
  kind: Kind,
  name: string,
  namespace: string | undefined,
  timeoutMs: number,
): Promise<void> {
  await waitForObject(client, kind, name, namespace, (o) => o === undefined, {
    timeoutMs,
    what: 'to be deleted',
    describe: (o) => {
      if (!o) return 'deleted';
      const meta = (o as { metadata?: { deletionTimestamp?: string; finalizers?: string[] } }).metadata;
      return meta?.deletionTimestamp
        ? `deleting since ${meta.deletionTimestamp}, finalizers: ${JSON.stringify(meta.finalizers ?? [])}`
        : 'still present, not being deleted';
    },
  });
}

/** Wait until no object of `kind` matches the selector in the namespace (or cluster-wide). */
export async function waitForNone(
  client: K8sClient,
  kind: Kind,
  sel: { namespace?: string; labelSelector?: string; filter?: (obj: unknown) => boolean },
  timeoutMs: number,
): Promise<void> {
  const where = [sel.namespace ? `in ${sel.namespace}` : 'cluster-wide', sel.labelSelector ? `matching ${sel.labelSelector}` : '']
    .filter(Boolean)
    .join(' ');
  await waitOn(client, {
    kind,
    namespace: sel.namespace,
    labelSelector: sel.labelSelector,
    what: `no ${kind} ${where} to remain`,
    timeoutMs,
    check: (items) => (items.filter((i) => (sel.filter ? sel.filter(i) : true)).length === 0 ? { done: undefined } : undefined),
    describe: (items) => {
      const left = items.filter((i) => (sel.filter ? sel.filter(i) : true));
      return `${left.length} left: ${left.map((i) => (i as { metadata?: { name?: string } }).metadata?.name).join(', ')}`;
    },
  });
}
