/**
 * The lab vCenter's own XML layer for vim25 SOAP: requests parsed into an ordered element tree
 * (local names; xsi:type and the MoRef `type` attribute kept apart, as vim25 needs both), and
 * response elements built as escaped strings. The lab keeps its own copy so that a bug in the
 * suite's client encoding cannot be mirrored by the simulator it is tested against.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlNode {
  name: string;
  /** xsi:type (any prefix bound to the XML Schema instance namespace), value as written. */
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

type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** The xsi prefixes in scope: the inherited ones plus any this element binds to the XSI namespace. */
function xsiPrefixesOf(attrs: Record<string, string>, inherited: ReadonlySet<string>): Set<string> {
  const prefixes = new Set(inherited);
  for (const [k, v] of Object.entries(attrs)) if (k.startsWith('xmlns:') && v === XSI_NS) prefixes.add(k.slice('xmlns:'.length));
  return prefixes;
}

function setTypeAttributes(node: XmlNode, attrs: Record<string, string>, prefixes: ReadonlySet<string>): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'type') node.moType = v;
    else if (k.endsWith(':type') && prefixes.has(k.slice(0, -':type'.length))) node.xsiType = v;
  }
}

function addContent(node: XmlNode, content: unknown, prefixes: ReadonlySet<string>): void {
  for (const c of Array.isArray(content) ? (content as OrderedEntry[]) : []) {
    if ('#text' in c) node.text += String(c['#text']);
    else {
      const sub = toNode(c, prefixes);
      if (sub) node.children.push(sub);
    }
  }
  // Whitespace between child elements is layout, not content.
  if (node.children.length > 0 && node.text.trim() === '') node.text = '';
}

function toNode(entry: OrderedEntry, xsiPrefixes: ReadonlySet<string>): XmlNode | undefined {
  const tag = Object.keys(entry).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text') return undefined;
  const attrs = entry[':@'] ?? {};
  const prefixes = xsiPrefixesOf(attrs, xsiPrefixes);
  const node: XmlNode = { name: localName(tag), text: '', children: [] };
  setTypeAttributes(node, attrs, prefixes);
  addContent(node, entry[tag], prefixes);
  return node;
}

/** The root element of an XML document. */
export function parseXml(xml: string): XmlNode {
  for (const entry of parser.parse(xml) as OrderedEntry[]) {
    const node = toNode(entry, new Set(['xsi']));
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

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** One element as a string: `content` is text (escaped here) or already-built child elements. */
export function el(
  name: string,
  content: string | number | boolean | string[] = '',
  attrs: Record<string, string | undefined> = {},
): string {
  let a = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a += ` ${k}="${escapeXml(v)}"`;
  const body = Array.isArray(content) ? content.join('') : escapeXml(String(content));
  return `<${name}${a}>${body}</${name}>`;
}

/** A MoRef element: <name type="VirtualMachine">vm-42</name>. */
export function moRefEl(name: string, ref: { type: string; value: string }): string {
  return el(name, ref.value, { type: ref.type });
}

export function soapEnvelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    `xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="${XSI_NS}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

/** The method element: the first element inside soapenv:Body. */
export function soapBody(envelope: XmlNode): XmlNode {
  const first = child(envelope, 'Body')?.children[0];
  if (!first) throw new Error('SOAP envelope has no Body content');
  return first;
}
