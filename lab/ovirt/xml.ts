/**
 * The engine's representation tree: one value renders as the documented XML (elements, `id`/`href`
 * attributes, `<link rel=... href=.../>`, `<actions>`) or as the engine's JSON (attributes become
 * properties, every leaf value is a string, repeated elements such as `link` or the members of a
 * collection become arrays named by the singular element).
 */
export const API_PREFIX = '/ovirt-engine/api';

export interface XNode {
  tag: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: XNode[];
  /** A list element (a collection or a list attribute): JSON renders its members as arrays. */
  list?: boolean;
}

export type Leaf = string | number | boolean | undefined;

/** `<tag>value</tag>`, or nothing when the value is undefined (the engine omits unset attributes). */
export function leaf(tag: string, value: Leaf): XNode[] {
  return value === undefined ? [] : [{ tag, text: String(value) }];
}

export function node(tag: string, children: XNode[], attrs?: Record<string, string>): XNode {
  return attrs ? { tag, attrs, children } : { tag, children };
}

export function list(tag: string, children: XNode[], attrs?: Record<string, string>): XNode {
  return { ...node(tag, children, attrs), list: true };
}

/** A reference to another entity: `<tag href="/ovirt-engine/api/<path>/<id>" id="<id>"/>`. */
export function ref(tag: string, collectionPath: string, id: string | undefined): XNode[] {
  return id === undefined ? [] : [{ tag, attrs: { href: `${API_PREFIX}/${collectionPath}/${id}`, id } }];
}

export function link(rel: string, href: string): XNode {
  return { tag: 'link', attrs: { href, rel } };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderXml(n: XNode, indent: string, out: string[]): void {
  const attrs = Object.entries(n.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const kids = n.children ?? [];
  if (n.text !== undefined) out.push(`${indent}<${n.tag}${attrs}>${escapeXml(n.text)}</${n.tag}>`);
  else if (kids.length === 0) out.push(`${indent}<${n.tag}${attrs}/>`);
  else {
    out.push(`${indent}<${n.tag}${attrs}>`);
    for (const k of kids) renderXml(k, `${indent}    `, out);
    out.push(`${indent}</${n.tag}>`);
  }
}

export function toXml(root: XNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'];
  renderXml(root, '', out);
  return out.join('\n') + '\n';
}

type Json = string | Json[] | { [k: string]: Json };

function toJsonValue(n: XNode): Json {
  if (n.text !== undefined) return n.text;
  const obj: Record<string, Json> = { ...(n.attrs ?? {}) };
  for (const k of n.children ?? []) {
    const value = toJsonValue(k);
    if (n.list || k.tag === 'link') {
      const arr = (obj[k.tag] ??= []) as Json[];
      arr.push(value);
    } else obj[k.tag] = value;
  }
  return obj;
}

/** The engine's JSON: the root element's content without the root name (`{"vm": [...]}` for `<vms>`). */
export function toJson(root: XNode): string {
  return JSON.stringify(toJsonValue(root), null, 2) + '\n';
}
