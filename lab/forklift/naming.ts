/**
 * The lab Forklift's own naming rules (reference/forklift.md §3 "Template variables", §4 "Target
 * VirtualMachine name" and "PVC / DataVolume names"): target VM names, the .TargetVmName of PVC
 * templates, the PVC template resolution and rendering, the vSphere template data.
 *
 * Written for the lab alone, on purpose: the suite's pvc-names check computes what it expects with
 * its own code (utilities/naming), so a naming bug on either side makes the check fail instead of
 * confirming itself. Only the Go template engine (packages/go-template) is shared, as a library.
 */
import { randomInt } from 'node:crypto';
import { TemplateError, goTrimSpace, pvcNameTemplateData, renderTemplate, type PvcNameTemplateFields } from '../../packages/go-template';

const LABEL_MAX = 63;
const SUBDOMAIN_MAX = 253;
const LABEL_PATTERN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_PATTERN = `${LABEL_PATTERN}(\\.${LABEL_PATTERN})*`;

/** k8s.io/apimachinery IsDNS1123Label: its error strings, none when valid. */
export function labelProblems(value: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(value) > LABEL_MAX) problems.push(`must be no more than ${LABEL_MAX} characters`);
  if (!new RegExp(`^${LABEL_PATTERN}$`).test(value)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character " +
        `(e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL_PATTERN}')`,
    );
  }
  return problems;
}

export const isLabel = (value: string): boolean => labelProblems(value).length === 0;
export const isSubdomain = (value: string): boolean =>
  Buffer.byteLength(value) <= SUBDOMAIN_MAX && new RegExp(`^${SUBDOMAIN_PATTERN}$`).test(value);

/** util.GenerateRandomSuffix: 4 characters of [a-z0-9]. Injectable for deterministic tests. */
export type Suffix = () => string;
export const randomSuffix: Suffix = () => Array.from({ length: 4 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('');

/** Go's strings.Trim with an ASCII cutset. */
function trimSet(s: string, cutset: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && cutset.includes(s.charAt(start))) start++;
  while (end > start && cutset.includes(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}

/** Go's strings.ToLower changes one rune into one rune; JavaScript may expand one (İ), Go keeps it. */
const goToLower = (s: string): string =>
  Array.from(s, (ch) => (Array.from(ch.toLowerCase()).length === 1 ? ch.toLowerCase() : ch)).join('');

/** One dot-separated part of ChangeVmName (§4.3): map, drop, trim, collapse, cut to 63, re-trim. */
function normalisePart(part: string): string {
  const mapped = part.replace(/[_+* /\\]/g, '-').replace(/[^a-z0-9-]/g, '');
  const collapsed = trimSet(mapped, '-.').replace(/-+/g, '-');
  return collapsed.length > LABEL_MAX ? trimSet(collapsed.slice(0, LABEL_MAX), '-') : collapsed;
}

/** util.ChangeVmName (§4.3): `My_VM.Prod` → `my-vm.prod`, `VM (1)` → `vm-1`; nothing left → `vm-<4 random>`. */
export function changeVmName(name: string, suffix: Suffix = randomSuffix): string {
  const parts = trimSet(goToLower(name), '.-')
    .split('.')
    .map(normalisePart)
    .filter((p) => p !== '');
  let out = parts.join('.');
  if (out.length > LABEL_MAX) out = trimSet(out.slice(0, LABEL_MAX), '.-');
  return out === '' ? `vm-${suffix()}` : out;
}

/** Where Forklift fails the VM's migration over its name (§4.1). */
export class TargetNameError extends Error {
  override readonly name = 'TargetNameError';
}

export interface StartedPhaseNameInput {
  readonly sourceName: string;
  /** plan.spec.vms[].targetName */
  readonly targetName?: string;
  /** True when the name is taken in the target namespace (or by another VM of the plan). */
  readonly taken: (name: string) => boolean;
  readonly suffix?: Suffix;
}

/**
 * The Started phase's target VM name (§4.1-3). `newName` (status.vms[].newName) is unset when the
 * source name is kept. Throws TargetNameError for an invalid or taken targetName.
 */
export function startedPhaseVmName(input: StartedPhaseNameInput): { name: string; newName?: string } {
  const suffix = input.suffix ?? randomSuffix;
  const target = input.targetName;
  if (target) {
    if (!isSubdomain(target)) throw new TargetNameError(`VM name '${target}' does not meet DNS1123 protocol requirements`);
    if (input.taken(target)) throw new TargetNameError(`VM name '${target}' already exists in the target namespace`);
    return { name: target, newName: target };
  }
  if (isSubdomain(input.sourceName)) return { name: input.sourceName };
  const changed = changeVmName(input.sourceName, suffix);
  const name = input.taken(changed) ? `${changed.slice(0, LABEL_MAX - 5)}-${suffix()}` : changed;
  return { name, newName: name };
}

export interface TemplateVmNameInput {
  readonly vmId: string;
  readonly sourceName: string;
  readonly targetName?: string;
  readonly newName?: string;
  readonly suffix?: Suffix;
}

/**
 * ResolveTargetVmName, the PVC templates' .TargetVmName (§4.4): it checks for a DNS-1123 label (no
 * dots, unlike the VM name): targetName, then newName, then the source name when a label, then
 * ChangeVmName of the name (of the VM id when the name has no letter or digit), else `vm-0000`.
 */
export function templateTargetVmName(input: TemplateVmNameInput): string {
  const target = input.targetName?.trim();
  if (target) return target;
  if (input.newName) return input.newName;
  if (isLabel(input.sourceName)) return input.sourceName;
  const suffix = input.suffix ?? randomSuffix;
  const usable = (s: string) => /[a-zA-Z0-9]/.test(s);
  if (usable(input.sourceName)) return changeVmName(input.sourceName, suffix);
  if (usable(input.vmId)) return changeVmName(input.vmId, suffix);
  return 'vm-0000';
}

/** The hard default templates (§4 "PVC / DataVolume names"). */
export const DEFAULT_TEMPLATE = '{{trunc 15 .PlanName}}-{{trunc 15 .TargetVmName}}-disk-{{.DiskIndex}}';
export const DEFAULT_OCP_TEMPLATE = '{{.SourcePVCName}}';

export interface TemplateChoice {
  readonly vm?: string;
  readonly plan?: string;
  /** ForkliftController controller_pvc_name_template */
  readonly controller?: string;
  /** ForkliftController controller_ocp_pvc_name_template */
  readonly controllerOcp?: string;
  readonly ocpSource: boolean;
  /** plan.spec.pvcNameTemplateUseGenerateName */
  readonly useGenerateName?: boolean;
}

/** Template: VM, Plan, controller setting for the source type, default. generateName: plan value, else all but OCP sources. */
export function chooseTemplate(c: TemplateChoice): { template: string; useGenerateName: boolean } {
  const controller = c.ocpSource ? c.controllerOcp || DEFAULT_OCP_TEMPLATE : c.controller || DEFAULT_TEMPLATE;
  return { template: c.vm || c.plan || controller, useGenerateName: c.useGenerateName ?? !c.ocpSource };
}

/** A PVC template that cannot give a name, with Forklift's message. */
export class PvcTemplateError extends Error {
  override readonly name = 'PvcTemplateError';
}

/** What a DataVolume/PVC gets: a name, or a generateName the API server completes. */
export type DiskObjectName =
  { readonly name: string; readonly generateName?: undefined } | { readonly generateName: string; readonly name?: undefined };

/**
 * Renders the template for one disk (§4): output trimmed (Go's TrimSpace), non-empty, a DNS-1123
 * label; then `generateName: <out>-` or `name: <out>`. Throws PvcTemplateError.
 */
export function diskObjectName(template: string, useGenerateName: boolean, data: PvcNameTemplateFields): DiskObjectName {
  let out: string;
  try {
    out = goTrimSpace(renderTemplate(template, pvcNameTemplateData(data)));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    throw new PvcTemplateError(`${e.kind === 'parse' ? 'Invalid template syntax' : 'Template execution failed'}: ${e.message}`, {
      cause: e,
    });
  }
  if (out === '') throw new PvcTemplateError('Template output is empty');
  const problems = labelProblems(out);
  if (problems.length > 0) throw new PvcTemplateError(`Template output is invalid k8s label [${out}]: ${problems.join('; ')}`);
  return useGenerateName ? { generateName: `${out}-` } : { name: out };
}

/** Copy-offload PVCs (§9) never use generateName: the rendered prefix plus a deterministic suffix. */
export function copyOffloadName(rendered: DiskObjectName, suffix: string): string {
  return rendered.name ?? `${rendered.generateName}${suffix}`;
}

/** Warm plans name the base disk: a snapshot delta "vm-000015.vmdk" is "vm.vmdk" (Go regexp `-\d{6}.vmdk`). */
const baseDisk = (file: string): string => file.replace(/-\d{6}[^\n]vmdk/g, '.vmdk');

/** The vSphere .FileName (§3: includes `.vmdk`): "[datastore1] vm/vm_1.vmdk" → "vm_1.vmdk"; a folder gives "". */
export function templateFileName(diskFile: string, warm: boolean): string {
  let path = warm ? baseDisk(diskFile) : diskFile;
  const datastore = /^\[[^\]]+\]\s*/.exec(path);
  if (datastore && !path.includes('\n')) path = path.slice(datastore[0].length).trim();
  if (/[/\\]$/.test(path)) return '';
  return path.split(/[/\\]/).pop() ?? '';
}

/**
 * The vSphere .RootDiskIndex from plan.spec.vms[].rootDisk (GetBootDiskNumber): "/dev/sdc" → 2. The
 * first letter byte after "/dev/sd" counts from 'a' in uint8 arithmetic, as Go does; else 0.
 */
export function templateRootDiskIndex(rootDisk: string | undefined): number {
  const prefix = '/dev/sd';
  if (!rootDisk?.startsWith(prefix)) return 0;
  const letter = [...Buffer.from(rootDisk.slice(prefix.length))].find((b) => /\p{L}/u.test(String.fromCharCode(b)));
  return letter === undefined ? 0 : (letter - 0x61) & 0xff;
}
