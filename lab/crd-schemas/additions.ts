/**
 * Fields newer upstream CRDs declare that the schemas in @kubev2v/types 0.0.24 predate, and that
 * the lab's controllers write because they follow the newer products. Each was read from the
 * upstream CRD (read only; nothing copied):
 * - kubev2v/forklift operator/config/crd/bases (main, commit d42511b, August 2026): a VM's
 *   migration status records whether its disks were copied (Plan status.migration.vms[] and
 *   Migration status.vms[]), a Provider's status the resourceVersion of the Secret its last
 *   connection test used, and a Plan may ask for nested virtualization on the target VMs (the
 *   scenarios' enableNestedVirtualization, plan-wide or per VM);
 * - kubevirt/kubevirt validations_generated.go (main, commit d923fdb, August 2026): a
 *   VirtualMachine's status repeats the run strategy in force, and a VirtualMachineInstance's
 *   interface status reports its link state (up or down).
 * `path` walks properties; `[]` steps into array items.
 */
import type { Schema } from './convert';

export interface FieldAddition {
  kind: string;
  path: string;
  field: string;
  schema: Schema;
}

export const FIELD_ADDITIONS: FieldAddition[] = [
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'status.migration.vms[]', field: 'disksCopied', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Migration', path: 'status.vms[]', field: 'disksCopied', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Provider', path: 'status', field: 'secretResourceVersion', schema: { type: 'string' } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec', field: 'enableNestedVirtualization', schema: { type: 'boolean' } },
  { kind: 'forklift.konveyor.io/v1beta1/Plan', path: 'spec.vms[]', field: 'enableNestedVirtualization', schema: { type: 'boolean' } },
  { kind: 'kubevirt.io/v1/VirtualMachine', path: 'status', field: 'runStrategy', schema: { type: 'string' } },
  { kind: 'kubevirt.io/v1/VirtualMachineInstance', path: 'status.interfaces[]', field: 'linkState', schema: { type: 'string' } },
];

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
    if (node.properties[a.field] !== undefined) throw new Error(`${a.kind}: ${a.path}.${a.field} is in the package's schema now: drop it from additions.ts`);
    node.properties[a.field] = structuredClone(a.schema);
  }
}
