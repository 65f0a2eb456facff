/** The structural schema subset CustomResourceDefinitions use, and the field-path spelling kube-apiserver prints. */

export interface Structural {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, Structural>;
  items?: Structural;
  additionalProperties?: Structural;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Structural[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
}

export type JsonMap = Record<string, unknown>;

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** field.Path rendering: spec.vms[0].name, spec.labels[key]. */
export const fieldPath = {
  child: (path: string, name: string): string => (path ? `${path}.${name}` : name),
  index: (path: string, i: number): string => `${path}[${i}]`,
  key: (path: string, k: string): string => `${path}[${k}]`,
};

/** The JSON type name kube-openapi reports for a value ("integer" for whole numbers). */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
