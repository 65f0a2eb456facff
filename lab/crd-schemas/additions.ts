/**
 * Fields newer upstream CRDs declare that the schemas in @kubev2v/types 0.0.24 predate, and that
 * the lab's controllers write because they follow the newer products. Each was read from the
 * upstream CRD (read only; nothing copied):
 * - kubev2v/forklift operator/config/crd/bases (main, commit d42511b, August 2026): a VM's
 *   migration status records whether its disks were copied (Plan status.migration.vms[] and
 *   Migration status.vms[]), a Provider's status the resourceVersion of the Secret its last
 *   connection test used, and a Plan may ask for nested virtualization on the target VMs (the
 *   scenarios' enableNestedVirtualization, plan-wide or per VM), the XFS-compatible virt-v2v
 *   image for XFS v4 guests (spec.xfsCompatibility, default false), and a VM may override the
 *   plan's migrateSharedDisks (spec.vms[].migrateSharedDisks), and a Plan may map RDM disks as
 *   LUN devices (spec.rdmAsLun); a Hook may run an Ansible
 *   Automation Platform job template instead of an image (spec.aap: the template id, required, an
 *   optional timeout in seconds, an optional reference to the token Secret and an optional base
 *   URL), so its spec no longer requires an image; a VSphereXcopyVolumePopulator names the ESXi
 *   host to copy through (spec.migrationHost) and reports, besides progress, how the copy went
 *   (status: result, xcopyUsed, storage vendor and protocol, clone method, VIB version, provisioned
 *   and allocated bytes, copy duration — all strings);
 * - kubevirt/kubevirt validations_generated.go (main, commit d923fdb, August 2026): a
 *   VirtualMachine's status repeats the run strategy in force, and a VirtualMachineInstance's
 *   interface status reports its link state (up or down), and a volume's PVC info names its claim
 *   (status.volumeStatus[].persistentVolumeClaimInfo.claimName).
 * `path` walks properties; `[]` steps into array items.
 */

const OBJECT_REFERENCE: Schema = {
  type: 'object',
  'x-kubernetes-map-type': 'atomic',
  properties: Object.fromEntries(
    ['apiVersion', 'fieldPath', 'kind', 'name', 'namespace', 'resourceVersion', 'uid'].map((f) => [f, { type: 'string' }]),
  ),
};
const AAP_HOOK: Schema = {
  type: 'object',
  required: ['jobTemplateId'],
  properties: {
    jobTemplateId: { type: 'integer' },
    timeout: { type: 'integer', format: 'int64' },
    tokenSecret: OBJECT_REFERENCE,
    url: { type: 'string' },
  },
};
import { rootSchema, type Schema } from './convert';
import { CONVERSION_SCHEMA } from './conversion-schema';

export interface FieldAddition {
  kind: string;
  path: string;
  field: string;
  /** The new field's schema; absent: the field exists and only stops being required. */
  schema?: Schema;
  /** The field is no longer required where it is. */
  optional?: true;
}

export const FIELD_ADDITIONS: FieldAddition[] = [
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'status.migration.vms[]', field: 'disksCopied', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Migration', path: 'status.vms[]', field: 'disksCopied', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Provider', path: 'status', field: 'secretResourceVersion', schema: { type: 'string' } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec', field: 'enableNestedVirtualization', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec.vms[]', field: 'enableNestedVirtualization', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec', field: 'xfsCompatibility', schema: { type: 'boolean', default: false } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec.vms[]', field: 'migrateSharedDisks', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec', field: 'rdmAsLun', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Hook', path: 'spec', field: 'aap', schema: AAP_HOOK },
  { kind: 'forklift.konveyor.io/v1beta1/Hook', path: 'spec', field: 'image', optional: true },
  { kind: 'forklift.konveyor.io/v1beta1/VSphereXcopyVolumePopulator', path: 'spec', field: 'migrationHost', schema: { type: 'string' } },
  ...[
    'allocatedBytes',
    'cloneMethod',
    'copyDurationSeconds',
    'provisionedBytes',
    'result',
    'storageProtocol',
    'storageVendor',
    'vibVersion',
    'xcopyUsed',
  ].map((field): FieldAddition => ({
    kind: 'forklift.konveyor.io/v1beta1/VSphereXcopyVolumePopulator',
    path: 'status',
    field,
    schema: { type: 'string' },
  })),
  { kind: 'kubevirt.io/v1/VirtualMachine', path: 'status', field: 'runStrategy', schema: { type: 'string' } },
  { kind: 'kubevirt.io/v1/VirtualMachineInstance', path: 'status.interfaces[]', field: 'linkState', schema: { type: 'string' } },
  {
    kind: 'kubevirt.io/v1/VirtualMachineInstance',
    path: 'status.volumeStatus[].persistentVolumeClaimInfo',
    field: 'claimName',
    schema: { type: 'string' },
  },
];

/**
 * Whole kinds newer Forklift serves that the package has no CRD for at all: Conversion (the
 * standalone deep inspection CR, conversion-schema.ts). The generator fails when the package
 * ships one of them, so the overlay only ever shrinks.
 */
export const KIND_ADDITIONS: Readonly<Record<string, Schema>> = {
  'forklift.konveyor.io/v1beta1/Conversion': CONVERSION_SCHEMA,
};

/** Adds each whole kind; a kind the package already has is an error (drop it from KIND_ADDITIONS). */
export function applyKindAdditions(kinds: Record<string, Schema>, additions: Readonly<Record<string, Schema>>): void {
  for (const [key, body] of Object.entries(additions)) {
    if (kinds[key] !== undefined) throw new Error(`${key} is in the package's CRDs now: drop it from KIND_ADDITIONS in additions.ts`);
    kinds[key] = rootSchema(structuredClone(body));
  }
}

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Adds each field where its path leads; a path that leads nowhere, or a field already there, is an error (the package caught up). */
export function applyAdditions(kinds: Record<string, Schema>, additions: FieldAddition[]): void {
  for (const a of additions) {
    let node: unknown = kinds[a.kind];
    for (const step of a.path.split('.')) {
      const name = step.replace(/\[\]$/, '');
      node = isObject(node) && isObject(node.properties) ? node.properties[name] : undefined;
      if (step.endsWith('[]')) node = isObject(node) ? node.items : undefined;
    }
    if (!isObject(node) || !isObject(node.properties)) throw new Error(`${a.kind}: ${a.path} is not an object in the schema`);
    if (a.optional) {
      const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
      if (!required.includes(a.field))
        throw new Error(`${a.kind}: ${a.path}.${a.field} is optional in the package's schema now: drop it from additions.ts`);
      node.required = required.filter((r) => r !== a.field);
      if (!(node.required as unknown[]).length) delete node.required;
    }
    if (!a.schema) continue;
    if (node.properties[a.field] !== undefined)
      throw new Error(`${a.kind}: ${a.path}.${a.field} is in the package's schema now: drop it from additions.ts`);
    node.properties[a.field] = structuredClone(a.schema);
  }
}
