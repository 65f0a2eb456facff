/**
 * Turns the schema documents @kubev2v/types ships into the structural OpenAPI v3 schemas a
 * CustomResourceDefinition carries: every node typed (or marked int-or-string / preserve-unknown),
 * no $ref, no descriptions. Forklift's are already CRD schemas; KubeVirt's and CDI's come from
 * their OpenAPI v2 (swagger) documents, which are generated from the same Go types as their CRDs.
 */

export type Schema = Record<string, unknown>;
type Definitions = Record<string, Schema>;

/** Per swagger definition: property defaults the upstream CRDs declare (see kubevirt-defaults.ts). */
export type DefaultsOverlay = Record<string, Record<string, unknown>>;

const INT_OR_STRING: Schema = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
const OPEN_OBJECT: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/**
 * apimachinery types whose JSON form is not what their swagger definition says: the CRD
 * generators replace them with these shapes (Quantity and IntOrString accept numbers and strings;
 * embedded ObjectMeta and raw extensions are kept as given).
 */
const SPECIAL_REFS: Record<string, Schema> = {
  'k8s.io.apimachinery.pkg.api.resource.Quantity': INT_OR_STRING,
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': INT_OR_STRING,
  'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta': { ...OPEN_OBJECT, nullable: true },
  'k8s.io.apimachinery.pkg.runtime.RawExtension': OPEN_OBJECT,
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': OPEN_OBJECT,
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'k8s.io.apimachinery.pkg.apis.meta.v1.Duration': { type: 'string' },
};

/**
 * Maps the swagger document leaves untyped (a bare `type: object`) that the CRDs type: KubeVirt's
 * ResourceRequirements requests/limits are Kubernetes ResourceLists, maps of Quantity.
 */
const UNTYPED_MAPS: Record<string, Record<string, Schema>> = {
  'v1.ResourceRequirements': { requests: INT_OR_STRING, limits: INT_OR_STRING },
};

/** Keywords a structural schema keeps (descriptions, swagger's zero-value defaults and patch hints are dropped). */
const KEPT = [
  'type',
  'format',
  'enum',
  'required',
  'nullable',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
];
const REF_PREFIX = '#/definitions/';

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Inlines one swagger definition (and everything it references) as a structural schema. */
export function fromSwagger(defs: Definitions, name: string, overlay: DefaultsOverlay): Schema {
  return convertRef(defs, name, overlay, []);
}

function convertRef(defs: Definitions, name: string, overlay: DefaultsOverlay, stack: string[]): Schema {
  const special = SPECIAL_REFS[name];
  if (special) return structuredClone(special);
  const def = defs[name];
  if (!def) throw new Error(`swagger definition ${name} is missing`);
  // A self-referencing type has no finite structural form; CRD generators leave it open.
  if (stack.includes(name)) return structuredClone(OPEN_OBJECT);
  const out = convertNode(defs, def, overlay, [...stack, name]);
  for (const [prop, values] of Object.entries(UNTYPED_MAPS[name] ?? {})) {
    const p = isObject(out.properties) ? out.properties[prop] : undefined;
    if (!isObject(p) || p.type !== 'object' || p.properties || p.additionalProperties)
      throw new Error(`${name}.${prop} is no longer an untyped object in the swagger document`);
    p.additionalProperties = structuredClone(values);
  }
  const defaults = overlay[name];
  if (defaults && isObject(out.properties)) {
    for (const [prop, value] of Object.entries(defaults)) {
      const p = out.properties[prop];
      if (!isObject(p)) throw new Error(`defaults overlay names ${name}.${prop}, which the schema does not have`);
      p.default = value;
    }
  }
  return out;
}

function convertNode(defs: Definitions, node: Schema, overlay: DefaultsOverlay, stack: string[]): Schema {
  if (typeof node.$ref === 'string') {
    if (!node.$ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${node.$ref}`);
    return convertRef(defs, node.$ref.slice(REF_PREFIX.length), overlay, stack);
  }
  const out: Schema = {};
  for (const k of KEPT) if (node[k] !== undefined) out[k] = structuredClone(node[k]);
  if (out.format === 'int-or-string') return structuredClone(INT_OR_STRING);
  if (isObject(node.properties)) {
    const props: Schema = {};
    for (const [k, v] of Object.entries(node.properties)) if (isObject(v)) props[k] = convertNode(defs, v, overlay, stack);
    out.properties = props;
    out.type ??= 'object';
  }
  if (isObject(node.items)) out.items = convertNode(defs, node.items, overlay, stack);
  if (isObject(node.additionalProperties)) out.additionalProperties = convertNode(defs, node.additionalProperties, overlay, stack);
  else if (node.additionalProperties === true) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (out.type === undefined && out['x-kubernetes-preserve-unknown-fields'] === undefined) return { ...out, ...OPEN_OBJECT };
  return out;
}

/** A kind's schema as the API server uses it: apiVersion, kind and metadata as every CRD declares them. */
export function rootSchema(body: Schema): Schema {
  const props = isObject(body.properties) ? { ...body.properties } : {};
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  props.metadata = { type: 'object' };
  return { ...body, type: 'object', properties: props };
}

/** A CRD's own openAPIV3Schema, without descriptions (they are documentation, not validation). */
export function stripDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    // "properties" maps names to schemas: a property may itself be called "description".
    out[k] =
      k === 'properties' && isObject(v)
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, stripDescriptions(s)]))
        : stripDescriptions(v);
  }
  return out;
}
