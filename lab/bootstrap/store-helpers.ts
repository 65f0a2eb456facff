/** Small store helpers the lab's simulated cluster components share. */
import type { KubeObject, ResourceType, Store } from '../apiserver/contract';

export function requireType(store: Store, group: string, plural: string): ResourceType {
  const rt = store.resourceType(group, plural);
  if (!rt) throw new Error(`the lab resource table has no ${plural}${group ? '.' + group : ''} row`);
  return rt;
}

/**
 * Creates `obj` (spec and metadata) and then writes its status, the way an operator creates an
 * object and then reports on it. If the object already exists (a restarted lab with kept state)
 * it is left alone. Returns the stored object.
 */
export function ensureObject(store: Store, rt: ResourceType, obj: KubeObject): KubeObject {
  const existing = store.get(rt, obj.metadata.namespace, obj.metadata.name ?? '');
  if (existing) return existing;
  const created = store.create(rt, obj);
  if (obj.status === undefined) return created;
  return store.updateStatus(rt, { ...created, status: obj.status });
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  return obj.metadata.labels ?? {};
}
