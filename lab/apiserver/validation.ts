/** Metadata validation kube-apiserver applies to every object on create and update (422 Invalid). */
import type { KubeObject, ResourceType } from './contract';
import { errors } from './errors';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type Cause = { field: string; message: string };
type Metadata = KubeObject['metadata'];

function stringMapCauses(md: Metadata, f: 'labels' | 'annotations'): Cause[] {
  const v = md[f];
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) return [{ field: `metadata.${f}`, message: 'Invalid value: must be a map of strings' }];
  return Object.entries(v)
    .filter(([, val]) => typeof val !== 'string')
    .map(([k]) => ({ field: `metadata.${f}`, message: `Invalid value: ${JSON.stringify(k)}: value must be a string` }));
}

function labelCauses(k: string, val: unknown): Cause[] {
  const causes: Cause[] = [];
  const namePart = k.slice(k.lastIndexOf('/') + 1);
  if (!LABEL_KEY.test(k) || namePart.length > 63)
    causes.push({
      field: 'metadata.labels',
      message: `Invalid value: ${JSON.stringify(k)}: a label key is an optional DNS subdomain prefix and '/', then a name of at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`,
    });
  if (typeof val === 'string' && (val.length > 63 || !LABEL_VALUE.test(val)))
    causes.push({
      field: 'metadata.labels',
      message: `Invalid value: ${JSON.stringify(val)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label ${k})`,
    });
  return causes;
}

function labelsCauses(md: Metadata): Cause[] {
  if (!md.labels || typeof md.labels !== 'object') return [];
  return Object.entries(md.labels).flatMap(([k, val]) => labelCauses(k, val));
}

function finalizersCauses(md: Metadata): Cause[] {
  const f = md.finalizers;
  if (f === undefined || f === null) return [];
  if (Array.isArray(f) && f.every((x) => typeof x === 'string')) return [];
  return [{ field: 'metadata.finalizers', message: 'Invalid value: must be a list of strings' }];
}

function ownerReferencesCauses(md: Metadata): Cause[] {
  const refs = md.ownerReferences;
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) return [{ field: 'metadata.ownerReferences', message: 'Invalid value: must be a list' }];
  const causes: Cause[] = [];
  refs.forEach((r, i) => {
    if (!r || typeof r !== 'object' || !r.uid || !r.name || !r.kind || !r.apiVersion)
      causes.push({ field: `metadata.ownerReferences[${i}]`, message: 'Required value: apiVersion, kind, name and uid must be set' });
  });
  return causes;
}

export function validateMetadata(rt: ResourceType, obj: KubeObject, name: string): void {
  const md = obj.metadata;
  const causes = [
    ...stringMapCauses(md, 'labels'),
    ...stringMapCauses(md, 'annotations'),
    ...labelsCauses(md),
    ...finalizersCauses(md),
    ...ownerReferencesCauses(md),
  ];
  if (causes.length) throw errors.invalid(rt.kind, rt.group, name, causes);
}
