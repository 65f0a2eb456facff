/**
 * vim25 values as the simulator serves them: data objects with their WSDL type, MoRefs, arrays
 * and typed scalars, and their XML encoding. The encoding follows vim25: a property value at the
 * top of a propSet/changeSet always carries xsi:type (ArrayOfX for arrays), nested fields carry
 * xsi:type only where the WSDL field is polymorphic (device, backing, deviceInfo, OptionValue.value,
 * TaskInfo.result, fault...).
 */
import { fieldInVersion, typeInVersion } from './vim25-schema';
import { el, escapeXml } from './xml';

export interface MoRefV {
  kind: 'moref';
  type: string;
  value: string;
  anySlot?: boolean;
}
export interface DataV {
  kind: 'data';
  type: string;
  poly: boolean;
  fields: Record<string, Val>;
}
export interface ArrayV {
  kind: 'array';
  itemType: string;
  items: Val[];
}
/** A scalar that always states its xsd type (anyType fields such as OptionValue.value). */
export interface TypedV {
  kind: 'typed';
  xsd: string;
  value: string | number | boolean;
}
/** A scalar whose declared type shows only at the top of a propSet (enums, xsd:long). */
export interface ScalarV {
  kind: 'scalar';
  xsd: string;
  value: string | number | boolean;
}
export type Val = string | number | boolean | MoRefV | DataV | ArrayV | TypedV | ScalarV | undefined;

export const mo = (type: string, value: string): MoRefV => ({ kind: 'moref', type, value });
/** A MoRef in an xsd:anyType slot (TaskInfo.result): it states xsi:type ManagedObjectReference. */
export const anyMo = (ref: MoRefV): MoRefV => ({ ...ref, anySlot: true });
export const data = (type: string, fields: Record<string, Val>): DataV => ({ kind: 'data', type, poly: false, fields });
/** A data object in a polymorphic slot: it states its concrete type. */
export const poly = (type: string, fields: Record<string, Val>): DataV => ({ kind: 'data', type, poly: true, fields });
export const arr = (itemType: string, items: Val[]): ArrayV => ({ kind: 'array', itemType, items });
export const typed = (xsd: string, value: string | number | boolean): TypedV => ({ kind: 'typed', xsd, value });
/** Enum values state their enum type at the top of a propSet (e.g. VirtualMachinePowerState). */
export const enumV = (type: string, value: string): ScalarV => ({ kind: 'scalar', xsd: type, value });
export const long = (n: number): ScalarV => ({ kind: 'scalar', xsd: 'xsd:long', value: n });

function scalarXsd(v: string | number | boolean): string {
  if (typeof v === 'boolean') return 'xsd:boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'xsd:int' : 'xsd:double';
  return 'xsd:string';
}

function arrayTypeName(itemType: string): string {
  const base = itemType.startsWith('xsd:') ? itemType.slice(4) : itemType;
  return `ArrayOf${base.charAt(0).toUpperCase()}${base.slice(1)}`;
}

/**
 * The fields of a data object as a `version` client sees them: the type it is sent as (an ancestor
 * when its own type is newer than the version) and only the fields that version has. No version:
 * the newest, everything.
 */
function dataXml(name: string, v: DataV, version: string | undefined, typeAttr: boolean): string {
  const sentAs = version === undefined ? v.type : typeInVersion(v.type, version);
  const body = Object.entries(v.fields)
    .filter(([k]) => version === undefined || fieldInVersion(v.type, sentAs, k, version))
    .map(([k, f]) => nestedXml(k, f, version))
    .join('');
  return `<${name}${typeAttr ? ` xsi:type="${escapeXml(sentAs)}"` : ''}>${body}</${name}>`;
}

/** A value inside a data object (or an array item): xsi:type only where the slot is polymorphic. */
export function nestedXml(name: string, v: Val, version?: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'object') return el(name, v);
  switch (v.kind) {
    case 'moref':
      return el(name, v.value, { ...(v.anySlot ? { 'xsi:type': 'ManagedObjectReference' } : {}), type: v.type });
    case 'typed':
      return el(name, v.value, { 'xsi:type': v.xsd });
    case 'scalar':
      return el(name, v.value);
    case 'data':
      return dataXml(name, v, version, v.poly);
    case 'array':
      return v.items.map((i) => nestedXml(name, i, version)).join('');
  }
}

/** A property value at the top of a propSet / changeSet (`<val>`): always typed. */
export function topValueXml(name: string, v: Val, version?: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'object') return el(name, v, { 'xsi:type': scalarXsd(v) });
  switch (v.kind) {
    case 'moref':
      return el(name, v.value, { 'xsi:type': 'ManagedObjectReference', type: v.type });
    case 'typed':
    case 'scalar':
      return el(name, v.value, { 'xsi:type': v.xsd });
    case 'data':
      return dataXml(name, v, version, true);
    case 'array': {
      const itemName = v.itemType.startsWith('xsd:') ? v.itemType.slice(4) : v.itemType;
      return `<${name} xsi:type="${arrayTypeName(v.itemType)}">${v.items.map((i) => nestedXml(itemName, i, version)).join('')}</${name}>`;
    }
  }
}

/** Element content of a data object without its wrapper (method responses, fault details). */
export function dataFieldsXml(v: DataV, version?: string): string {
  return dataXml('x', v, version, false)
    .replace(/^<x>/, '')
    .replace(/<\/x>$/, '');
}

/** Follows a dotted property path ("config.hardware.device") through data objects. */
export function lookupPath(root: Record<string, Val>, dotted: string): { found: boolean; value: Val } {
  const parts = dotted.split('.');
  const head = parts[0] ?? '';
  if (!(head in root)) return { found: false, value: undefined };
  let cur: Val = root[head];
  for (const part of parts.slice(1)) {
    if (cur === undefined) return { found: true, value: undefined };
    if (typeof cur !== 'object' || cur.kind !== 'data') return { found: false, value: undefined };
    cur = cur.fields[part];
  }
  return { found: true, value: cur };
}

/** MoRefs contained in a value (for traversal specs). */
export function morefsIn(v: Val): MoRefV[] {
  if (v === undefined || typeof v !== 'object') return [];
  if (v.kind === 'moref') return [v];
  if (v.kind === 'array') return v.items.flatMap(morefsIn);
  return [];
}
