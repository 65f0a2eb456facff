/**
 * Go text/template renderer with Forklift's function set — the library both the suite's
 * checks (expected PVC names) and the lab's migration controller (actual PVC names) use.
 *
 *   renderTemplate('{{trunc 15 .PlanName}}-disk-{{.DiskIndex}}', pvcNameTemplateData({PlanName: 'p', DiskIndex: 0}))
 *
 * Data: a GoValue — pvcNameTemplateData & co. for Forklift's structs, or fromJson(obj) for a Go
 * map[string]interface{} (missing keys print "<no value>").
 * Errors: TemplateError with kind 'parse' or 'exec' and Go's message.
 * Regexps (mustRegexReplaceAll) run on a Go RE2 engine of their own (go-regexp*.ts), not on
 * JavaScript's RegExp, so results match Go's.
 */
import { BUILTINS } from './builtins';
import { execute } from './exec';
import type { FuncMap, GoFunc } from './funcs';
import { type ParsedTemplate, parseTemplate } from './parser';
import { SPRIG_FORKLIFT } from './sprig';
import { toDisplayString } from './go-strings';
import type { GoValue } from './values';

export { TemplateError, type TemplateErrorKind } from './errors';
export { FORKLIFT_MATH_FUNCS, FORKLIFT_STRING_FUNCS } from './sprig';
export {
  NETWORK_NAME_TEMPLATE_DATA,
  PVC_NAME_TEMPLATE_DATA,
  VOLUME_NAME_TEMPLATE_DATA,
  networkNameTemplateData,
  pvcNameTemplateData,
  volumeNameTemplateData,
  type NetworkNameTemplateFields,
  type PvcNameTemplateFields,
  type VolumeNameTemplateFields,
} from './template-data';
export { type GoValue, fromJson, goStruct, type StructDef } from './values';
/** strings.TrimSpace (unicode.IsSpace), for callers that post-process rendered names as Go does. */
export { goTrimSpace } from './go-strings';

/** Forklift's template function set: Go builtins plus templateutil's sprig subset. */
const FORKLIFT_FUNCS: FuncMap = new Map<string, GoFunc>([...BUILTINS, ...SPRIG_FORKLIFT]);

/** Names Forklift registers on top of Go's builtins. */
export const FORKLIFT_FUNC_NAMES: readonly string[] = [...SPRIG_FORKLIFT.keys()];

/** Go's builtin template function names. */
export const GO_BUILTIN_FUNC_NAMES: readonly string[] = [...BUILTINS.keys()];

export interface CompiledTemplate {
  readonly name: string;
  /** Executes against data; throws TemplateError('exec'). */
  execute(data: GoValue): string;
}

/**
 * Which Go release's text/template to follow. 'forklift' is the Go Forklift is built with (1.25):
 * {{else with}} (Go 1.23) and {{range N}} over integers (Go 1.22) are accepted. 'go1.22' has
 * range over integers only; 'go1.19' (the Debian Go of the differential oracle) neither.
 * Nothing else differs.
 */
export type GoDialect = 'forklift' | 'go1.22' | 'go1.19';

export interface CompileOptions {
  /** Template name in messages; Forklift uses "template". */
  readonly name?: string;
  readonly dialect?: GoDialect;
}

/** The dialect matching a Go version string such as "go1.19.8" or "go1.23.1". */
export function dialectForGoVersion(goVersion: string): GoDialect {
  const m = /^go1\.(\d+)/.exec(goVersion);
  const minor = m ? Number(m[1]) : 0;
  if (minor >= 23) return 'forklift';
  if (minor >= 22) return 'go1.22';
  return 'go1.19';
}

/**
 * Parses a template as Forklift's templateutil.ExecuteTemplate does (name "template", Forklift's
 * functions). Throws TemplateError('parse').
 */
export function compileTemplate(text: string, options: CompileOptions = {}): CompiledTemplate {
  const name = options.name ?? 'template';
  const dialect = options.dialect ?? 'forklift';
  const parsed: ParsedTemplate = parseTemplate(name, text, (fn) => FORKLIFT_FUNCS.has(fn), dialect === 'forklift');
  const rangeOverInt = dialect !== 'go1.19';
  return { name, execute: (data) => toDisplayString(execute(parsed, FORKLIFT_FUNCS, data, rangeOverInt)) };
}

/** Parses and executes in one step (templateutil.ExecuteTemplate). */
export function renderTemplate(text: string, data: GoValue, options: CompileOptions = {}): string {
  return compileTemplate(text, options).execute(data);
}
