/** Metadata validation kube-apiserver applies to every object on create and update (422 Invalid). */
import type { KubeObject, ResourceType } from './contract';
import { errors } from './errors';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function validateMetadata(rt: ResourceType, obj: KubeObject, name: string): void {
  const md = obj.metadata;
  const causes: Array<{ field: string; message: string }> = [];
  for (const f of ['labels', 'annotations'] as const) {
    const v = md[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'object' || Array.isArray(v)) causes.push({ field: `metadata.${f}`, message: 'Invalid value: must be a map of strings' });
    else for (const [k, val] of Object.entries(v)) if (typeof val !== 'string') causes.push({ field: `metadata.${f}`, message: `Invalid value: ${JSON.stringify(k)}: value must be a string` });
  }
  if (md.labels && typeof md.labels === 'object') {
    for (const [k, val] of Object.entries(md.labels)) {
      const namePart = k.slice(k.lastIndexOf('/') + 1);
      if (!LABEL_KEY.test(k) || namePart.length > 63) causes.push({ field: 'metadata.labels', message: `Invalid value: ${JSON.stringify(k)}: a label key is an optional DNS subdomain prefix and '/', then a name of at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character` });
      if (typeof val === 'string' && (val.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(val))) causes.push({ field: 'metadata.labels', message: `Invalid value: ${JSON.stringify(val)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label ${k})` });
    }
  }
  if (md.finalizers !== undefined && md.finalizers !== null && (!Array.isArray(md.finalizers) || md.finalizers.some((f) => typeof f !== 'string'))) causes.push({ field: 'metadata.finalizers', message: 'Invalid value: must be a list of strings' });
  if (md.ownerReferences !== undefined && md.ownerReferences !== null) {
    if (!Array.isArray(md.ownerReferences)) causes.push({ field: 'metadata.ownerReferences', message: 'Invalid value: must be a list' });
    else
      md.ownerReferences.forEach((r, i) => {
        if (!r || typeof r !== 'object' || !r.uid || !r.name || !r.kind || !r.apiVersion) causes.push({ field: `metadata.ownerReferences[${i}]`, message: 'Required value: apiVersion, kind, name and uid must be set' });
      });
  }
  if (causes.length) throw errors.invalid(rt.kind, rt.group, name, causes);
}
