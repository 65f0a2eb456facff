/**
 * Create-and-track (the Python suite's create_and_store_resource): name the object when the
 * caller did not, create it (a 409 AlreadyExists reuses the existing object), and record it in the
 * tracked-resources file the moment it exists — before the caller waits on it, so a crash during
 * the wait still leaves it on the cleanup list.
 */
import type { K8sClient } from '../k8s/client';
import { RESOURCES, apiVersionOf, type Kind, type ObjectOf } from '../k8s/kinds';
import { resourceName } from './names';
import type { ResourceTracker } from './tracker';

export interface ResourceContext {
  client: K8sClient;
  tracker: ResourceTracker;
  /** `{session}-source-{type}-{version}`: prefix of generated names. */
  baseName: string;
}

/** The session's own resource context: its teardown is the session teardown. */
export interface SessionResources extends ResourceContext {
  /**
   * Runs `teardown` right after the session teardown (also when a signal starts that teardown),
   * even when the session teardown failed or was skipped. For objects on another cluster that the
   * session's Plans and Providers use (the remote destination's ServiceAccount, token and target
   * namespace): they must outlive those, so that Forklift can still clean up there when the plans
   * are archived and deleted.
   */
  afterTeardown(what: string, teardown: () => Promise<void>): void;
}

export interface CreateOptions {
  /** Plan/Migration suffix: -warm or -cold. */
  warm?: boolean;
}

export async function createAndTrack<K extends Kind>(
  ctx: ResourceContext,
  kind: K,
  body: ObjectOf<K>,
  opts: CreateOptions = {},
): Promise<ObjectOf<K>> {
  const metadata = { ...(body.metadata ?? {}) };
  if (!metadata.name) metadata.name = resourceName(ctx.baseName, kind, opts.warm);
  const named = { ...body, metadata } as ObjectOf<K>;
  const info = RESOURCES[kind];
  const where = `${kind} ${metadata.namespace ? `${metadata.namespace}/` : ''}${metadata.name}`;
  const { object, created } = await ctx.client.create(kind, named, { reuseOnConflict: true });
  await ctx.tracker.record({
    kind,
    apiVersion: apiVersionOf(info),
    name: object.metadata?.name ?? metadata.name,
    namespace: info.namespaced ? (object.metadata?.namespace ?? metadata.namespace) : undefined,
    uid: object.metadata?.uid,
  });
  ctx.client.log.info(`${created ? 'created' : 'reused existing'} ${where}`);
  return object;
}

/** Marks an object createIfAbsentAndTrack created, so a retried POST's 409 is told from someone else's object. */
export const CREATED_BY_ANNOTATION = 'mtv-tests/created-by-session';

/**
 * For objects that may already exist and are then not ours (a system ClusterRole OpenShift may
 * ship): created and recorded only when absent; an existing one is used as it is, never recorded,
 * so no teardown deletes it. `created` tells the caller whether to remove it. One POST: a 409
 * answers "it exists", and the annotation tells our own earlier attempt (a lost response) from
 * somebody else's object.
 */
export async function createIfAbsentAndTrack<K extends Kind>(
  ctx: ResourceContext,
  kind: K,
  body: ObjectOf<K>,
): Promise<{ object: ObjectOf<K>; created: boolean }> {
  const name = body.metadata?.name;
  if (!name) throw new TypeError(`createIfAbsentAndTrack: ${kind} needs a metadata.name`);
  const info = RESOURCES[kind];
  const namespace = info.namespaced ? body.metadata?.namespace : undefined;
  const where = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  const annotations = { ...(body.metadata?.annotations ?? {}), [CREATED_BY_ANNOTATION]: ctx.tracker.session };
  const marked = { ...body, metadata: { ...body.metadata, annotations } } as ObjectOf<K>;
  const result = await ctx.client.create(kind, marked, { reuseOnConflict: true });
  const created = result.created || result.object.metadata?.annotations?.[CREATED_BY_ANNOTATION] === ctx.tracker.session;
  if (!created) {
    ctx.client.log.info(`${where} exists and is not the suite's: used as it is, not tracked`);
    return { object: result.object, created };
  }
  await ctx.tracker.record({ kind, apiVersion: apiVersionOf(info), name, namespace, uid: result.object.metadata?.uid });
  ctx.client.log.info(`created ${where}`);
  return { object: result.object, created };
}
