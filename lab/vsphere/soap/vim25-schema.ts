/**
 * What each vim25 type the lab serves looked like in each API version (vim25-schema.json: base type,
 * the version that introduced the type, and each field's version). vCenter answers a client in the
 * version it negotiated: fields newer than that are left out, and an object of a newer type is sent
 * as its nearest ancestor that the version has (a VirtualTPM reaches a 6.5 client as a VirtualDevice).
 */
import schemaJson from './vim25-schema.json';

/** Every vim25 release in order (pyVmomi's version table); 2.x predate the vim25 namespace. */
export const VIM25_RELEASES: readonly string[] = [
  '2.0',
  '2.5',
  '2.5u2',
  '2.5u2server',
  '4.0',
  '4.1',
  '5.0',
  '5.1',
  '5.5',
  '6.0',
  '6.5',
  '6.7',
  '6.7.1',
  '6.7.2',
  '6.7.3',
  '6.8.7',
  '6.9.1',
  '7.0.0.0',
  '7.0.0.1',
  '7.0.0.2',
  '7.0.1.0',
  '7.0.1.1',
  '7.0.2.0',
  '7.0.2.1',
  '7.0.3.0',
  '7.0.3.1',
  '7.0.3.2',
  '8.0.0.0',
  '8.0.0.1',
  '8.0.0.2',
  '8.0.1.0',
  '8.0.2.0',
  '8.0.3.0',
];

/** Position in VIM25_RELEASES; vmodl-level versions ('1.0') and unknown ones rank before every release. */
export function versionRank(version: string): number {
  return VIM25_RELEASES.indexOf(version);
}

/** True when `since` (the version that introduced a type or field) is part of `version`. */
export function versionIncludes(version: string, since: string): boolean {
  return versionRank(since) <= versionRank(version);
}

interface TypeInfo {
  base: string | null;
  since: string;
  fields: Record<string, string>;
}

const SCHEMA = schemaJson as unknown as Record<string, TypeInfo | string>;

function info(type: string): TypeInfo | undefined {
  const t = SCHEMA[type];
  return typeof t === 'object' ? t : undefined;
}

/** The type an object of `type` is sent as in `version` (itself, or its nearest ancestor that exists). */
export function typeInVersion(type: string, version: string): string {
  let t = type;
  for (let i = info(t); i && i.base && !versionIncludes(version, i.since); i = info(t)) t = i.base;
  return t;
}

/** The version that introduced `field` on `type` (declared there or on an ancestor), or undefined if unknown. */
export function fieldSince(type: string, field: string): string | undefined {
  for (let t: string | null = type, i = info(type); i; t = i.base, i = t ? info(t) : undefined) {
    const since = i.fields[field];
    if (since !== undefined) return since;
  }
  return undefined;
}

/** True when `type` is in the schema (the lab only serves types it knows the history of). */
export function knownType(type: string): boolean {
  return info(type) !== undefined;
}

/**
 * Whether `field` of an object of type `type`, sent as `sentAs` (see typeInVersion), belongs in a
 * `version` answer. A field the schema does not know at all is kept (the schema test makes sure the
 * lab serves none).
 */
export function fieldInVersion(type: string, sentAs: string, field: string, version: string): boolean {
  const since = fieldSince(sentAs, field);
  if (since !== undefined) return versionIncludes(version, since);
  return fieldSince(type, field) === undefined; // declared only on the subtype that was not sent
}
