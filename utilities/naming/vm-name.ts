/**
 * Target VM names as Forklift derives them (pkg/controller/plan/util ChangeVmName,
 * vm_name_handler.go, migration.go Started phase, adapter/base ResolveTargetVmName).
 * Randomness is injectable so tests and the lab can be deterministic.
 */
import { randomInt } from 'node:crypto';
import { DNS1123_LABEL_MAX_LENGTH, dns1123SubdomainErrors, isDns1123Label, isDns1123Subdomain } from './dns1123';

/** A source of Forklift's 4-character [a-z0-9] suffixes (util.GenerateRandomSuffix). */
export type SuffixSource = () => string;

const SUFFIX_CHARSET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const randomNameSuffix: SuffixSource = () => {
  let s = '';
  for (let i = 0; i < 4; i++) s += SUFFIX_CHARSET[randomInt(SUFFIX_CHARSET.length)];
  return s;
};

/** strings.Trim(s, cutset) for an ASCII cutset. */
function trimChars(s: string, cutset: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && cutset.includes(s[a] as string)) a++;
  while (b > a && cutset.includes(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

/** Go's strings.ToLower maps rune by rune; JavaScript's may expand (İ -> i̇), keep those as is. */
function goLower(s: string): string {
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += Array.from(l).length === 1 ? l : ch;
  }
  return out;
}

/**
 * util.ChangeVmName: lower-case, trim '.'/'-', then per dot-separated part map `_ + * space / \`
 * to '-', drop everything outside [a-z0-9-], trim and collapse dashes, cut to 63; join with '.',
 * cut to 63, trim '.-'; empty gives "vm-<4 random>".
 */
export function changeVmName(name: string, suffix: SuffixSource = randomNameSuffix): string {
  let newName = trimChars(goLower(name), '.-');
  const parts: string[] = [];
  for (let part of newName.split('.')) {
    part = part.replace(/[_+* /\\]/g, '-');
    part = part.replace(/[^a-z0-9-]/g, '');
    part = trimChars(part, '-.');
    part = part
      .split('-')
      .filter((p) => p !== '')
      .join('-');
    if (part.length > DNS1123_LABEL_MAX_LENGTH) part = trimChars(part.slice(0, DNS1123_LABEL_MAX_LENGTH), '-');
    if (part !== '') parts.push(part);
  }
  newName = parts.join('.');
  if (newName.length > DNS1123_LABEL_MAX_LENGTH) newName = trimChars(newName.slice(0, DNS1123_LABEL_MAX_LENGTH), '.-');
  if (newName === '') newName = 'vm-' + suffix();
  return newName;
}

export class TargetVmNameError extends Error {
  override readonly name = 'TargetVmNameError';
}

export interface NewVmNameInput {
  /** Source VM name. */
  readonly name: string;
  /** vms[].targetName, used verbatim when set. */
  readonly targetName?: string;
  /** Whether a VM of this name already exists in the target namespace or among the plan's VMs. */
  readonly exists: (name: string) => boolean;
  readonly suffix?: SuffixSource;
}

/**
 * The name the migration gives the target VM (migration.go Started phase):
 * `newName` is what goes to status.vms[].newName, undefined when the source name is kept.
 * Throws TargetVmNameError where Forklift fails the migration (invalid or taken targetName).
 */
export function newVmNameForMigration(input: NewVmNameInput): { targetVmName: string; newName: string | undefined } {
  const suffix = input.suffix ?? randomNameSuffix;
  if (input.targetName) {
    if (dns1123SubdomainErrors(input.targetName).length > 0) {
      throw new TargetVmNameError(`VM name '${input.targetName}' does not meet DNS1123 protocol requirements`);
    }
    if (input.exists(input.targetName)) {
      throw new TargetVmNameError(`VM name '${input.targetName}' already exists in the target namespace`);
    }
    return { targetVmName: input.targetName, newName: input.targetName };
  }
  if (isDns1123Subdomain(input.name)) return { targetVmName: input.name, newName: undefined };
  let generated = changeVmName(input.name, suffix);
  if (input.exists(generated)) {
    // vm_name_handler.go: keep room for "-xxxx" within 63 (no re-trim, as in Forklift).
    if (generated.length > DNS1123_LABEL_MAX_LENGTH - 5) generated = generated.slice(0, DNS1123_LABEL_MAX_LENGTH - 5);
    generated = `${generated}-${suffix()}`;
  }
  return { targetVmName: generated, newName: generated };
}

export interface ResolveTargetVmNameInput {
  readonly vmId: string;
  readonly vmName: string;
  /** plan.spec.vms[].targetName for this VM. */
  readonly targetName?: string;
  /** plan.status.migration.vms[].newName for this VM. */
  readonly newName?: string;
  readonly suffix?: SuffixSource;
}

const hasAlphanumeric = (s: string): boolean => /[A-Za-z0-9]/.test(s);

/**
 * adapter/base ResolveTargetVmName, the .TargetVmName of PVC templates: targetName (trimmed),
 * then status newName, then the source name when it is a DNS-1123 label, else ChangeVmName of the
 * name (or of the VM id when the name has no letters or digits), else "vm-0000".
 */
export function resolveTargetVmName(input: ResolveTargetVmNameInput): string {
  const target = input.targetName?.trim();
  if (target) return target;
  if (input.newName) return input.newName;
  if (isDns1123Label(input.vmName)) return input.vmName;
  const suffix = input.suffix ?? randomNameSuffix;
  if (hasAlphanumeric(input.vmName)) return changeVmName(input.vmName, suffix);
  if (hasAlphanumeric(input.vmId)) return changeVmName(input.vmId, suffix);
  return 'vm-0000';
}
