/**
 * The small XML layer under vim25 SOAP: parse a document into an ordered element tree (namespace
 * prefixes dropped from element names, xsi:type and MoRef `type` kept apart), and build element
 * strings with correct escaping. Both the suite's client and the lab simulator use it; the
 * differential test against govmomi keeps it honest.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlNode {
  name: string; // local name, prefix removed
  /** xsi:type (any prefix bound to the XML Schema instance namespace), prefix of the value kept. */
  xsiType?: string;
  /** The unprefixed `type` attribute: the managed object type of a MoRef element. */
  moType?: string;
  text: string;
  children: XmlNode[];
}

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** The prefixes bound to the XML Schema instance namespace in this element's scope. */
function xsiPrefixesIn(attrs: Record<string, string>, inherited: Set<string>): Set<string> {
  const scoped = new Set(inherited);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('xmlns:') && v === XSI_NS) scoped.add(k.slice(6));
  }
  return scoped;
}

/** `type` (a MoRef's type) and `<xsi prefix>:type` (the xsi:type of a polymorphic value). */
function applyTypeAttributes(node: XmlNode, attrs: Record<string, string>, xsiPrefixes: Set<string>): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'type') node.moType = v;
    else if (k.endsWith(':type') && (xsiPrefixes.has(k.slice(0, -5)) || k.startsWith('xsi:'))) node.xsiType = v;
  }
}

function convert(entry: Ordered, xsiPrefixes: Set<string>): XmlNode | undefined {
  const tag = Object.keys(entry).find((k) => k !== ':@');
  if (!tag || tag === '#text') return undefined;
  const attrs = entry[':@'] ?? {};
  const scoped = xsiPrefixesIn(attrs, xsiPrefixes);
  const node: XmlNode = { name: localName(tag), text: '', children: [] };
  applyTypeAttributes(node, attrs, scoped);
  const raw = entry[tag];
  for (const c of Array.isArray(raw) ? (raw as Ordered[]) : []) {
    if ('#text' in c) node.text += String(c['#text']);
    else {
      const child = convert(c, scoped);
      if (child) node.children.push(child);
    }
  }
  if (node.children.length > 0) node.text = node.text.trim() === '' ? '' : node.text;
  return node;
}

/** Parses a document; returns its root element. */
export function parseXml(xml: string): XmlNode {
  const doc = parser.parse(xml) as Ordered[];
  for (const entry of doc) {
    const node = convert(entry, new Set(['xsi']));
    if (node) return node;
  }
  throw new Error('XML document has no root element');
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  return child(node, name)?.text;
}

export function numberOf(node: XmlNode | undefined, name: string): number | undefined {
  const t = textOf(node, name);
  return t === undefined || t.trim() === '' ? undefined : Number(t);
}

export function boolOf(node: XmlNode | undefined, name: string): boolean | undefined {
  const t = textOf(node, name);
  return t === undefined ? undefined : t.trim() === 'true' || t.trim() === '1';
}

/** Walks a dotted element path, e.g. path(info, 'error.fault'). */
export function path(node: XmlNode | undefined, dotted: string): XmlNode | undefined {
  let cur = node;
  for (const part of dotted.split('.')) cur = child(cur, part);
  return cur;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One element as a string. `content` is escaped text, or already-built child elements. */
export function el(
  name: string,
  content: string | number | boolean | string[] = '',
  attrs: Record<string, string | undefined> = {},
): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const body = Array.isArray(content) ? content.join('') : escapeXml(String(content));
  return `<${name}${a}>${body}</${name}>`;
}

/** A MoRef element: <name type="VirtualMachine">vm-42</name>. */
export function moRefEl(name: string, ref: { type: string; value: string }, xsiType?: string): string {
  return el(name, ref.value, { ...(xsiType ? { 'xsi:type': xsiType } : {}), type: ref.type });
}

export const SOAP_ENV_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="${XSI_NS}"><soapenv:Body>`;
export const SOAP_ENV_CLOSE = '</soapenv:Body></soapenv:Envelope>';

export function soapEnvelope(body: string): string {
  return SOAP_ENV_OPEN + body + SOAP_ENV_CLOSE;
}

/** The first element inside soapenv:Body. */
export function soapBody(doc: XmlNode): XmlNode {
  const body = child(doc, 'Body');
  const first = body?.children[0];
  if (!first) throw new Error('SOAP envelope has no Body content');
  return first;
}
