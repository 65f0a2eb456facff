/**
 * The fieldValidation query parameter of create, update and patch (kube-apiserver 1.27+): what
 * happens to fields a custom resource's schema does not declare. Warn (the default) prunes them and
 * says so in a Warning header; Strict refuses the request; Ignore prunes them silently.
 */
import type http from 'node:http';
import type { KubeObject, ResourceType } from '../contract';
import { ApiError, errors } from '../errors';
import type { CrdSchemas } from './schemas';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
const DIRECTIVES: readonly FieldValidation[] = ['Ignore', 'Strict', 'Warn'];
const OPTIONS_KIND: Record<string, string> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' };

export function parseFieldValidation(query: URLSearchParams, verb: string): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if ((DIRECTIVES as readonly string[]).includes(v)) return v as FieldValidation;
  const cause = {
    field: 'fieldValidation',
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(v)}: supported values: ${DIRECTIVES.map((d) => JSON.stringify(d)).join(', ')}`,
  };
  throw errors.invalid(OPTIONS_KIND[verb] ?? 'CreateOptions', 'meta.k8s.io', '', [cause]);
}

/** An RFC 7234 warn-text as Go's net/http writes it: quoted, with \ and " escaped. */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Prunes the undeclared fields of a custom resource about to be written and applies the directive.
 * Create and update refuse like the decoder (400 "cannot be handled as a Plan"); patch refuses like
 * the patcher (422 Invalid on "patch", the patched object as the value).
 */
export function decodeFields(
  schemas: CrdSchemas,
  rt: ResourceType,
  obj: KubeObject,
  directive: FieldValidation,
  verb: string,
  res: http.ServerResponse,
): void {
  const patchedJson = verb === 'patch' && directive === 'Strict' ? JSON.stringify(obj) : '';
  const dropped = schemas.prune(rt, obj);
  if (!dropped.length || directive === 'Ignore') return;
  const problems = dropped.map((p) => `unknown field ${JSON.stringify(p)}`);
  if (directive === 'Warn') {
    const prior = res.getHeader('Warning');
    res.setHeader('Warning', [...(Array.isArray(prior) ? prior : []), ...problems.map(warningHeader)]);
    return;
  }
  const strict = `strict decoding error: ${problems.join(', ')}`;
  if (verb === 'patch')
    throw errors.invalid('', '', '', [{ field: 'patch', message: `Invalid value: ${JSON.stringify(patchedJson)}: ${strict}` }]);
  throw new ApiError(400, 'BadRequest', `${rt.kind} in version ${JSON.stringify(rt.version)} cannot be handled as a ${rt.kind}: ${strict}`);
}
