/**
 * Pruning and defaulting as apiextensions-apiserver does them on every write of a custom resource:
 * fields the schema does not declare are dropped (and reported, so the request's fieldValidation
 * directive can decide between a warning and an error) unless x-kubernetes-preserve-unknown-fields
 * keeps them; nulls in non-nullable fields are dropped; schema defaults fill absent fields.
 */
import { fieldPath, isMap, type Structural } from './structural';

/** What kube-apiserver keeps of metadata on a custom resource (ObjectMeta's JSON fields). */
const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Prunes a whole object in place; returns the paths of the dropped fields ("spec.warmm"). */
export function pruneObject(obj: Record<string, unknown>, schema: Structural): string[] {
  const dropped: string[] = [];
  const md = obj.metadata;
  if (isMap(md)) {
    for (const k of Object.keys(md)) {
      if (OBJECT_META_FIELDS.has(k)) continue;
      delete md[k];
      dropped.push(fieldPath.child('metadata', k));
    }
  }
  for (const [k, v] of Object.entries(obj)) {
    if (ROOT_FIELDS.has(k)) continue;
    const prop = schema.properties?.[k];
    if (prop) prune(v, prop, k, dropped);
    else if (!schema['x-kubernetes-preserve-unknown-fields']) {
      delete obj[k];
      dropped.push(k);
    }
  }
  return dropped;
}

function prune(value: unknown, schema: Structural, path: string, dropped: string[]): void {
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => prune(item, schema.items as Structural, fieldPath.index(path, i), dropped));
    return;
  }
  if (!isMap(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const prop = schema.properties?.[k];
    if (prop) prune(v, prop, fieldPath.child(path, k), dropped);
    else if (schema.additionalProperties) prune(v, schema.additionalProperties, fieldPath.key(path, k), dropped);
    else if (!schema['x-kubernetes-preserve-unknown-fields']) {
      delete value[k];
      dropped.push(fieldPath.child(path, k));
    }
  }
}

/** Drops nulls of non-nullable fields, then applies defaults top-down (into defaulted values too). */
export function applyDefaults(value: unknown, schema: Structural): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isMap(value)) return;
  for (const [k, prop] of Object.entries(schema.properties ?? {})) {
    if (value[k] === null && !prop.nullable) delete value[k];
    if (value[k] === undefined && prop.default !== undefined) value[k] = structuredClone(prop.default);
  }
  for (const [k, v] of Object.entries(value)) {
    const prop = schema.properties?.[k] ?? schema.additionalProperties;
    if (prop) applyDefaults(v, prop);
  }
}
