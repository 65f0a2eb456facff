/**
 * The three patch formats kube-apiserver accepts: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902) and strategic merge patch. Strategic merge is merge patch plus merge-by-key for the
 * well-known Kubernetes list fields and the $patch / $setElementOrder / $deleteFromPrimitiveList
 * directives; custom resources refuse it with 415 (handlers.ts), as kube-apiserver does.
 */
import { ApiError, errors } from './errors';
import { clone, deepEqual, isPlainObject } from './objects';

export type PatchType = 'merge' | 'json' | 'strategic';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
};

function invalidPatch(message: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ---- JSON patch --------------------------------------------------------------------------------

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw invalidPatch(`invalid JSON pointer ${JSON.stringify(p)}`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, tokens: string[], path: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = Number(t);
      if (!/^\d+$/.test(t) || i >= cur.length) throw invalidPatch(`path ${JSON.stringify(path)} does not exist`);
      cur = cur[i];
    } else if (isPlainObject(cur)) {
      if (!(t in cur)) throw invalidPatch(`path ${JSON.stringify(path)} does not exist`);
      cur = cur[t];
    } else throw invalidPatch(`path ${JSON.stringify(path)} does not exist`);
  }
  if (!Array.isArray(cur) && !isPlainObject(cur)) throw invalidPatch(`path ${JSON.stringify(path)} does not exist`);
  return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
}

function getAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const t of parsePointer(path)) {
    if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)];
    else if (isPlainObject(cur) && t in cur) cur = cur[t];
    else throw invalidPatch(`path ${JSON.stringify(path)} does not exist`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], key: string, path: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length;
  if (!/^\d+$/.test(key)) throw invalidPatch(`invalid array index ${JSON.stringify(key)} in ${JSON.stringify(path)}`);
  const i = Number(key);
  if (forAdd ? i > arr.length : i >= arr.length) throw invalidPatch(`array index ${i} out of range in ${JSON.stringify(path)}`);
  return i;
}

function addAt(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (!tokens.length) return clone(value);
  const { parent, key } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, path, true), 0, clone(value));
  else parent[key] = clone(value);
  return doc;
}

function removeAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (!tokens.length) throw invalidPatch('cannot remove the whole document');
  const { parent, key } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, path, false), 1);
  else {
    if (!(key in parent)) throw invalidPatch(`path ${JSON.stringify(path)} does not exist`);
    delete parent[key];
  }
  return doc;
}

function valueOf(raw: Record<string, unknown>, op: JsonPatchOp): unknown {
  if (!('value' in raw)) throw errors.badRequest(`JSON patch ${JSON.stringify(op.op)} at ${op.path} has no value`);
  return op.value;
}

function fromOf(op: JsonPatchOp): string {
  if (typeof op.from !== 'string') throw errors.badRequest(`JSON patch ${JSON.stringify(op.op)} needs "from"`);
  return op.from;
}

/** RFC 6902 operations: each returns the document after it (possibly a new root). */
const JSON_PATCH_OPS: Record<string, (doc: unknown, op: JsonPatchOp, raw: Record<string, unknown>) => unknown> = {
  add: (doc, op, raw) => addAt(doc, op.path, valueOf(raw, op)),
  remove: (doc, op) => removeAt(doc, op.path),
  replace: (doc, op, raw) => {
    const value = valueOf(raw, op);
    getAt(doc, op.path);
    return op.path === '' ? clone(value) : addAt(removeAt(doc, op.path), op.path, value);
  },
  move: (doc, op) => {
    const from = fromOf(op);
    const v = getAt(doc, from);
    return addAt(removeAt(doc, from), op.path, v);
  },
  copy: (doc, op) => addAt(doc, op.path, getAt(doc, fromOf(op))),
  test: (doc, op) => {
    if (!deepEqual(getAt(doc, op.path), op.value)) throw invalidPatch(`testing value ${op.path} failed`);
    return doc;
  },
};

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw errors.badRequest('a JSON patch must be a JSON array of operations');
  let doc = clone(target);
  for (const raw of ops) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw errors.badRequest('each JSON patch operation needs string "op" and "path"');
    const op = raw as unknown as JsonPatchOp;
    const apply = Object.hasOwn(JSON_PATCH_OPS, op.op) ? JSON_PATCH_OPS[op.op] : undefined;
    if (!apply) throw errors.badRequest(`unknown JSON patch operation ${JSON.stringify(op.op)}`);
    doc = apply(doc, op, raw);
  }
  return doc;
}

// ---- strategic merge patch ---------------------------------------------------------------------

/** patchMergeKey of the list fields Kubernetes' built-in types declare (patchStrategy=merge). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  env: 'name',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  secrets: 'name',
};
/** Primitive lists merged as sets (patchStrategy=merge on []string). */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeList(field: string, target: unknown, patch: unknown[]): unknown[] {
  const key = MERGE_KEYS[field];
  const base = Array.isArray(target) ? target : [];
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out = [...base];
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(clone(v));
    return out;
  }
  if (!key || !patch.every(isPlainObject)) return clone(patch);
  const out: unknown[] = base.map((x) => clone(x));
  for (const item of patch as Array<Record<string, unknown>>) {
    const directive = item.$patch;
    const idx = out.findIndex((x) => isPlainObject(x) && x[key] === item[key]);
    if (directive === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (directive === 'replace') return clone(patch).filter((x) => !(isPlainObject(x) && x.$patch === 'replace'));
    if (idx >= 0) out[idx] = strategicMerge(out[idx], item);
    else out.push(strategicMerge({}, item));
  }
  return out;
}

export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, out[k], v);
    else {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  switch (type) {
    case 'merge':
      return mergePatch(target, patch);
    case 'json':
      return jsonPatch(target, patch);
    case 'strategic':
      return strategicMerge(target, patch);
  }
}
