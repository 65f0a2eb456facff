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
import { TemplateError, pvcNameTemplateData, renderTemplate, type PvcNameTemplateFields } from '../go-template';

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

/** Python str slicing counts code points. */
const cut = (s: string, n: number): string => Array.from(s).slice(0, n).join('');

/** The name (exact) or prefix (generateName) a PVC for this disk must have. */
export function expectedPvcNamePrefix(input: PvcNameExpectationInput): PvcNameExpectation {
  let rendered: string;
  try {
    rendered = renderTemplate(input.template, pvcNameTemplateData(input.data)).trim();
  } catch (e) {
    if (e instanceof TemplateError) {
      throw new PvcNameExpectationError(`Failed to render pvcNameTemplate '${input.template}' with values ${JSON.stringify(input.data)}: ${e.message}`);
    }
    throw e;
  }
  if (rendered === '') throw new PvcNameExpectationError(`pvcNameTemplate '${input.template}' rendered to empty string with values ${JSON.stringify(input.data)}`);
  if (input.useGenerateName) return { expected: cut(rendered, KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH), match: 'prefix' };
  return { expected: cut(rendered, KUBERNETES_MAX_NAME_LENGTH), match: 'exact' };
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
