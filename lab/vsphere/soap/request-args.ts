/** Reading vim25 method arguments out of a request element: numbers, booleans, specs. */
import type { DiskProvisioning } from '../model';
import { fault } from './faults';
import { child, children, textOf, type XmlNode } from './xml';

export function num(n: XmlNode | undefined, name: string): number | undefined {
  const t = textOf(n, name);
  return t === undefined || t.trim() === '' ? undefined : Number(t);
}

export function bool(n: XmlNode | undefined, name: string): boolean | undefined {
  const t = textOf(n, name)?.trim();
  return t === undefined ? undefined : t === 'true' || t === '1';
}

/** A required argument; vCenter answers InvalidArgument naming it when it is missing. */
export function required(m: XmlNode, name: string): XmlNode {
  const n = child(m, name);
  if (!n) throw fault('InvalidArgument', `A specified parameter was not correct: ${name}`, { invalidProperty: name });
  return n;
}

/** Disk provisioning from a backing's thinProvisioned / eagerlyScrub flags (undefined: not given). */
export function provisioningOf(backing: XmlNode | undefined): DiskProvisioning | undefined {
  if (!backing) return undefined;
  const thin = bool(backing, 'thinProvisioned');
  const eager = bool(backing, 'eagerlyScrub');
  if (thin === undefined && eager === undefined) return undefined;
  if (thin) return 'thin';
  return eager ? 'thick-eager' : 'thick-lazy';
}

/** ConfigSpec.extraConfig as key -> value (undefined when the spec has none). */
export function extraConfigOf(spec: XmlNode | undefined): Record<string, string> | undefined {
  const items = children(spec, 'extraConfig');
  if (items.length === 0) return undefined;
  return Object.fromEntries(items.map((o) => [textOf(o, 'key') ?? '', textOf(o, 'value') ?? '']));
}
