/**
 * What kube-apiserver's defaulting and conversion do to built-in kinds on every write, whoever the
 * writer is: Secret stringData is folded into base64 data (and data must be base64), Secret type
 * defaults to Opaque, new Pods and PVCs start Pending, new Namespaces start Active.
 */
import type { KubeObject, ResourceType } from './contract';
import { errors } from './errors';
import { isPlainObject } from './objects';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Secret.data as a copy, each value checked to be base64 (what the v1 decoder rejects otherwise). */
function checkedSecretData(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw errors.badRequest('Secret.data must be a map of base64 strings');
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' || !BASE64.test(v))
      throw errors.badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data in data[${JSON.stringify(k)}]`);
  }
  return { ...raw };
}

/** stringData is write-only: each value is folded into data as base64, overriding the same key. */
function foldStringData(raw: unknown, data: Record<string, unknown>): void {
  if (raw === undefined || raw === null) return;
  if (!isPlainObject(raw)) throw errors.badRequest('Secret.stringData must be a map of strings');
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw errors.badRequest(`Secret.stringData[${JSON.stringify(k)}] must be a string`);
    data[k] = Buffer.from(v, 'utf8').toString('base64');
  }
}

function normalizeSecret(obj: KubeObject): void {
  const data = checkedSecretData(obj.data);
  foldStringData(obj.stringData, data);
  delete obj.stringData;
  if (Object.keys(data).length) obj.data = data;
  else delete obj.data;
  if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
}

function normalizeConfigMap(obj: KubeObject): void {
  if (obj.data === undefined || obj.data === null) return;
  if (!isPlainObject(obj.data)) throw errors.badRequest('ConfigMap.data must be a map of strings');
  for (const [k, v] of Object.entries(obj.data))
    if (typeof v !== 'string')
      throw errors.badRequest(`ConfigMap in version "v1" cannot be handled as a ConfigMap: data[${JSON.stringify(k)}] must be a string`);
}

/** Applied to the new object of every create and update (before identity fields are set). */
export function normalizeOnWrite(rt: ResourceType, obj: KubeObject): void {
  if (rt.group !== '') return;
  if (rt.plural === 'secrets') normalizeSecret(obj);
  else if (rt.plural === 'configmaps') normalizeConfigMap(obj);
}

/** Applied on create only: the initial status kube-apiserver gives these kinds. */
export function initialStatus(rt: ResourceType, obj: KubeObject): void {
  if (rt.group !== '') return;
  const status = isPlainObject(obj.status) ? obj.status : undefined;
  if ((rt.plural === 'pods' || rt.plural === 'persistentvolumeclaims') && !status?.phase)
    obj.status = { ...(status ?? {}), phase: 'Pending' };
  if (rt.plural === 'namespaces') obj.status = { phase: 'Active' };
}
