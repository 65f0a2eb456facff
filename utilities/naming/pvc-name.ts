/**
 * PVC / DataVolume names from pvcNameTemplate, as the Forklift controller sets them
 * (adapter/base/template.go SetPVCNameOnObject, kubevirt.go fallback), plus the API server's
 * generateName completion (k8s names.SimpleNameGenerator) for the lab.
 */
import { randomInt } from 'node:crypto';
import { TemplateError, goTrimSpace, pvcNameTemplateData, renderTemplate, type PvcNameTemplateFields } from '../../packages/go-template';
import { DNS1123_LABEL_MAX_LENGTH, dns1123LabelErrors } from './dns1123';

export const DEFAULT_PVC_NAME_TEMPLATE = '{{trunc 15 .PlanName}}-{{trunc 15 .TargetVmName}}-disk-{{.DiskIndex}}';
export const DEFAULT_OCP_PVC_NAME_TEMPLATE = '{{.SourcePVCName}}';

export interface PvcNameTemplateSources {
  /** plan.spec.vms[].pvcNameTemplate */
  readonly vmTemplate?: string;
  /** plan.spec.pvcNameTemplate */
  readonly planTemplate?: string;
  /** ForkliftController controller_pvc_name_template */
  readonly controllerTemplate?: string;
  /** ForkliftController controller_ocp_pvc_name_template */
  readonly controllerOcpTemplate?: string;
  /** The plan's source provider is OpenShift. */
  readonly ocpSource: boolean;
}

/** GetPVCNameTemplate: VM, then Plan, then the controller setting for the source type, then the default. */
export function resolvePvcNameTemplate(s: PvcNameTemplateSources): string {
  if (s.vmTemplate) return s.vmTemplate;
  if (s.planTemplate) return s.planTemplate;
  if (s.ocpSource) return s.controllerOcpTemplate || DEFAULT_OCP_PVC_NAME_TEMPLATE;
  return s.controllerTemplate || DEFAULT_PVC_NAME_TEMPLATE;
}

/** GetPVCNameTemplateUseGenerateName: an explicit plan value wins; otherwise true except for OpenShift sources. */
export function resolveUseGenerateName(planValue: boolean | undefined, ocpSource: boolean): boolean {
  return planValue ?? !ocpSource;
}

export type PvcObjectName = { readonly name: string; readonly generateName?: undefined } | { readonly generateName: string; readonly name?: undefined };

export class PvcNameTemplateError extends Error {
  override readonly name = 'PvcNameTemplateError';
  constructor(
    message: string,
    readonly template: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

export interface RenderPvcNameInput {
  readonly template: string;
  readonly data: PvcNameTemplateFields;
  readonly useGenerateName: boolean;
}

/**
 * SetPVCNameOnObject: render, trim whitespace, require a non-empty DNS-1123 label; then
 * generateName = out (+ "-" unless it already ends so) or name = out without a trailing "-".
 * Throws PvcNameTemplateError with Forklift's wording.
 */
export function renderPvcName(input: RenderPvcNameInput): PvcObjectName {
  let out: string;
  try {
    out = renderTemplate(input.template, pvcNameTemplateData(input.data));
  } catch (e) {
    if (e instanceof TemplateError) {
      const prefix = e.kind === 'parse' ? 'Invalid template syntax' : 'Template execution failed';
      throw new PvcNameTemplateError(`${prefix}: ${e.message}`, input.template, e);
    }
    throw e;
  }
  out = goTrimSpace(out);
  if (out === '') throw new PvcNameTemplateError('Template output is empty', input.template);
  const errs = dns1123LabelErrors(out);
  if (errs.length > 0) throw new PvcNameTemplateError(`Template output is invalid k8s label [${out}]: ${errs.join('; ')}`, input.template);
  if (input.useGenerateName) return { generateName: out.endsWith('-') ? out : out + '-' };
  return { name: out.replace(/-$/, '') };
}

/** kubevirt.go getGeneratedName: the generateName used when a template cannot be applied. */
export const fallbackPvcGenerateName = (planName: string, vmId: string): string => `${planName}-${vmId}-`;

/**
 * The generic DataVolume path (kubevirt.go): a failing template is logged and replaced by the
 * fallback generateName. (The vSphere builder instead fails the step: use renderPvcName there.)
 */
export function pvcNameWithFallback(input: RenderPvcNameInput & { readonly planName: string; readonly vmId: string }): PvcObjectName & { readonly templateError?: PvcNameTemplateError } {
  try {
    return renderPvcName(input);
  } catch (e) {
    if (!(e instanceof PvcNameTemplateError)) throw e;
    return { generateName: fallbackPvcGenerateName(input.planName, input.vmId), templateError: e };
  }
}

/** Copy-offload PVCs never use generateName: `<generateName without trailing '-'>-<suffix>`. */
export function copyOffloadPvcName(rendered: PvcObjectName, deterministicSuffix: string): string {
  if (rendered.name !== undefined) return rendered.name;
  return `${rendered.generateName.replace(/-$/, '')}-${deterministicSuffix}`;
}

// ---- API server side

/** k8s names.SimpleNameGenerator: prefix cut to 58, plus 5 random characters. */
export const MAX_GENERATED_NAME_PREFIX_LENGTH = DNS1123_LABEL_MAX_LENGTH - 5;
const K8S_RAND_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function randomK8sSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += K8S_RAND_ALPHANUMS[randomInt(K8S_RAND_ALPHANUMS.length)];
  return s;
}

export function generateNameFromPrefix(prefix: string, random: () => string = randomK8sSuffix): string {
  const base = prefix.length > MAX_GENERATED_NAME_PREFIX_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_PREFIX_LENGTH) : prefix;
  return base + random();
}
