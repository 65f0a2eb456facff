/**
 * What the suite expects of PVC names (mtv-api-tests utilities/post_migration.py check_pvc_names):
 * the template rendered, stripped, non-empty, cut to 58 characters when the plan uses
 * generateName (the API server keeps at most 58 of the prefix) or 63 otherwise, then matched by
 * prefix or exactly.
 *
 * The Python suite renders with a map of VmName, DiskIndex and FileName only; here the data is
 * Forklift's struct, so a template may also use .TargetVmName, .PlanName, .VmId & co. when the
 * caller knows them (unset fields are Go zero values).
 */
import type * as GoTemplate from '../../packages/go-template';
import type { PvcNameTemplateFields } from '../../packages/go-template';
import { lazyModule } from '../../lib/runtime/lazy-module';

export const KUBERNETES_MAX_NAME_LENGTH = 63;
export const KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH = 58;

export class PvcNameExpectationError extends Error {
  override readonly name = 'PvcNameExpectationError';
}

export interface PvcNameExpectationInput {
  readonly template: string;
  readonly data: PvcNameTemplateFields;
  readonly useGenerateName: boolean;
}

export interface PvcNameExpectation {
  /** The (truncated) rendered name. */
  readonly expected: string;
  /** 'prefix' with generateName (the API server appends a random suffix), else 'exact'. */
  readonly match: 'prefix' | 'exact';
}

/** Loaded when a PVC name template is rendered (lib/runtime/lazy-module.ts): most scenarios set none. */
const goTemplate = lazyModule<typeof GoTemplate>(require.resolve('../../packages/go-template'));

/** Python str slicing counts code points. */
const cut = (s: string, n: number): string => Array.from(s).slice(0, n).join('');

/** The name (exact) or prefix (generateName) a PVC for this disk must have. */
export function expectedPvcNamePrefix(input: PvcNameExpectationInput): PvcNameExpectation {
  let rendered: string;
  try {
    const { renderTemplate, pvcNameTemplateData } = goTemplate();
    rendered = renderTemplate(input.template, pvcNameTemplateData(input.data)).trim();
  } catch (e) {
    if (e instanceof goTemplate().TemplateError) {
      throw new PvcNameExpectationError(
        `Failed to render pvcNameTemplate '${input.template}' with values ${JSON.stringify(input.data)}: ${e.message}`,
      );
    }
    throw e;
  }
  if (rendered === '')
    throw new PvcNameExpectationError(
      `pvcNameTemplate '${input.template}' rendered to empty string with values ${JSON.stringify(input.data)}`,
    );
  return pvcNameExpectationFor(rendered, input.useGenerateName);
}

/**
 * The expectation for an already rendered template: stripped, then cut (in code points, like
 * Python) to 58 with generateName (prefix match) or 63 otherwise (exact match).
 */
export function pvcNameExpectationFor(rendered: string, useGenerateName: boolean): PvcNameExpectation {
  const trimmed = rendered.trim();
  if (useGenerateName) return { expected: cut(trimmed, KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH), match: 'prefix' };
  return { expected: cut(trimmed, KUBERNETES_MAX_NAME_LENGTH), match: 'exact' };
}

export function pvcNameMatches(expectation: PvcNameExpectation, actualName: string): boolean {
  return expectation.match === 'prefix' ? actualName.startsWith(expectation.expected) : actualName === expectation.expected;
}

/** The disk file name the suite uses for .FileName: "[datastore1] vm/vm_1.vmdk" -> "vm_1.vmdk". */
export function inventoryDiskFileName(inventoryFile: string): string {
  let path = inventoryFile;
  const bracket = path.indexOf(']');
  if (bracket >= 0) path = path.slice(bracket + 1).trim();
  return path.split('/').pop() ?? '';
}

/** vSphere disks in Forklift's DiskIndex order: by (controller key, unit number). */
export function orderVsphereDisks<T extends { readonly controllerKey: number; readonly unitNumber: number }>(disks: readonly T[]): T[] {
  return [...disks].sort((a, b) => a.controllerKey - b.controllerKey || a.unitNumber - b.unitNumber);
}

export interface DestinationPvc {
  readonly name: string;
  /** The disk's position on the target VM (VMI volume index without cloud-init), when known. */
  readonly unitNumber?: number;
}

export interface PvcMatchResult {
  /** Source disk index -> matched PVC name. */
  readonly matched: ReadonlyMap<number, string>;
  /** One message per source disk that failed, worded like the Python check. */
  readonly failures: readonly string[];
}

/**
 * check_pvc_names' matching: for each source disk in order, the first not yet matched PVC whose
 * name starts with (generateName) or equals the expectation; with `checkOrder` (vSphere) the
 * matched PVC's unit number must be unknown or equal to the disk index.
 */
export function matchPvcNames(input: {
  readonly template: string;
  readonly expectations: readonly PvcNameExpectation[];
  readonly sourceDiskNames: readonly string[];
  readonly destinations: readonly DestinationPvc[];
  readonly checkOrder: boolean;
}): PvcMatchResult {
  const matched = new Map<number, string>();
  const used = new Set<string>();
  const failures: string[] = [];
  input.expectations.forEach((e, index) => {
    const src = input.sourceDiskNames[index] ?? `disk-${index}`;
    const pvc = input.destinations.find((d) => !used.has(d.name) && pvcNameMatches(e, d.name));
    if (!pvc) {
      const available = input.destinations.filter((d) => !used.has(d.name)).map((d) => d.name);
      const kind = e.match === 'prefix' ? 'prefix' : 'exact name';
      failures.push(
        `No destination PVC found matching ${kind} '${e.expected}' for source disk ${index} (${src}).\n` +
          `  Template: '${input.template}'\n` +
          `  Expected ${e.match === 'prefix' ? 'prefix' : 'name'}: '${e.expected}'\n` +
          `  Available unmatched PVCs: ${JSON.stringify(available)}\n` +
          `  Already matched: ${JSON.stringify([...used])}`,
      );
      return;
    }
    used.add(pvc.name);
    matched.set(index, pvc.name);
    if (input.checkOrder && pvc.unitNumber !== undefined && pvc.unitNumber !== index) {
      failures.push(
        `Disk order mismatch for source disk ${index} (${src}):\n` +
          `  Source disk index: ${index}\n` +
          `  Destination unit_number: ${pvc.unitNumber}\n` +
          `  PVC name: '${pvc.name}'\n` +
          '  This indicates the disk order was not preserved during migration!',
      );
    }
  });
  return { matched, failures };
}
