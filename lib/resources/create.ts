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
