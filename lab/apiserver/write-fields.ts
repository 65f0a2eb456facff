/**
 * The fields the API server owns on a write: identity and bookkeeping set on create, kept as they
 * were on update, whatever the writer sent.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject, ResourceType } from './contract';
import { errors } from './errors';
import { apiVersionOf } from './resource-types';
import { clone, deepEqual, nowTimestamp, specPart } from './objects';

/** Create: apiVersion, kind, name, namespace, uid, creationTimestamp, generation 1. */
export function setCreateFields(rt: ResourceType, obj: KubeObject, name: string, ns: string | undefined): void {
  const md = obj.metadata;
  obj.apiVersion = apiVersionOf(rt);
  obj.kind = rt.kind;
  md.name = name;
  if (ns !== undefined) md.namespace = ns;
  md.uid = randomUUID();
  md.creationTimestamp = nowTimestamp();
  md.generation = 1;
  delete md.deletionTimestamp;
  delete md.deletionGracePeriodSeconds;
  if (rt.plural === 'namespaces' && rt.group === '')
    obj.spec = { finalizers: ['kubernetes'], ...(typeof obj.spec === 'object' && obj.spec ? obj.spec : {}) };
}

/**
 * Update: identity and system fields stay as the server set them, status stays where a status
 * subresource owns it, a deleting object gains no finalizers, and a spec change bumps generation.
 */
export function keepServerFields(rt: ResourceType, cur: KubeObject, obj: KubeObject): void {
  const md = obj.metadata;
  const name = cur.metadata.name ?? '';
  md.name = name;
  if (cur.metadata.namespace !== undefined) md.namespace = cur.metadata.namespace;
  else delete md.namespace;
  md.uid = cur.metadata.uid;
  md.creationTimestamp = cur.metadata.creationTimestamp;
  md.generation = cur.metadata.generation;
  if (cur.metadata.deletionTimestamp) md.deletionTimestamp = cur.metadata.deletionTimestamp;
  else delete md.deletionTimestamp;
  delete md.generateName;
  if (cur.metadata.generateName) md.generateName = cur.metadata.generateName;
  obj.apiVersion = cur.apiVersion;
  obj.kind = cur.kind;
  if (rt.subresources?.includes('status') || rt.plural === 'namespaces') {
    if (cur.status === undefined) delete obj.status;
    else obj.status = clone(cur.status);
  }
  if (cur.metadata.deletionTimestamp && Array.isArray(md.finalizers)) {
    const had = new Set(cur.metadata.finalizers ?? []);
    const added = md.finalizers.filter((f) => !had.has(f));
    if (added.length)
      throw errors.invalid(rt.kind, rt.group, name, [
        {
          field: 'metadata.finalizers',
          reason: 'FieldValueForbidden',
          message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        },
      ]);
  }
  if (!deepEqual(specPart(obj), specPart(cur))) md.generation = (cur.metadata.generation ?? 0) + 1;
  md.resourceVersion = cur.metadata.resourceVersion;
}
