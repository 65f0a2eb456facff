/**
 * The PropertyCollector: PropertyFilterSpec evaluation (object specs, traversal and selection
 * specs, property specs matched by type with vim25 inheritance), RetrievePropertiesEx paging, and
 * WaitForUpdatesEx change sets computed by diffing what a collector last reported.
 */
import { child, children, el, textOf, type XmlNode } from './xml';
import { fault } from './faults';
import { isA } from './inventory-objects';
import { fieldInVersion, typeInVersion } from './vim25-schema';
import { lookupPath, morefsIn, mo, topValueXml, type MoRefV, type Val } from './values';

export type Props = Record<string, Val>;
/** Resolves any MoRef the simulator knows (inventory, tasks, views) to its properties. */
export type Resolver = (ref: MoRefV) => Props | undefined;

interface TraversalSpec {
  name?: string;
  type: string;
  path: string;
  skip: boolean;
  selectSet: SelectSpec[];
}
type SelectSpec = { ref: string } | TraversalSpec;
interface ObjectSpec {
  obj: MoRefV;
  skip: boolean;
  selectSet: SelectSpec[];
}
interface PropertySpec {
  type: string;
  all: boolean;
  pathSet: string[];
}
export interface FilterSpec {
  propSet: PropertySpec[];
  objectSet: ObjectSpec[];
}

export interface ObjectContent {
  obj: MoRefV;
  props: Array<{ name: string; val: Val }>;
}

function bool(n: XmlNode | undefined, name: string, dflt: boolean): boolean {
  const t = textOf(n, name);
  return t === undefined ? dflt : t.trim() === 'true' || t.trim() === '1';
}

export function moRefOf(n: XmlNode | undefined, what: string): MoRefV {
  if (!n || !n.moType || n.text.trim() === '')
    throw fault('InvalidArgument', `missing managed object reference: ${what}`, { invalidProperty: what });
  return mo(n.moType, n.text.trim());
}

function parseSelect(n: XmlNode): SelectSpec {
  const type = textOf(n, 'type');
  const path = textOf(n, 'path');
  if (type !== undefined && path !== undefined) {
    const name = textOf(n, 'name');
    return { ...(name ? { name } : {}), type, path, skip: bool(n, 'skip', false), selectSet: children(n, 'selectSet').map(parseSelect) };
  }
  const ref = textOf(n, 'name');
  if (!ref) throw fault('InvalidArgument', 'SelectionSpec without name', { invalidProperty: 'selectSet' });
  return { ref };
}

export function parseFilterSpec(n: XmlNode): FilterSpec {
  return {
    propSet: children(n, 'propSet').map((p) => ({
      type: textOf(p, 'type') ?? '',
      all: bool(p, 'all', false),
      pathSet: children(p, 'pathSet').map((x) => x.text.trim()),
    })),
    objectSet: children(n, 'objectSet').map((o) => ({
      obj: moRefOf(child(o, 'obj'), 'objectSet.obj'),
      skip: bool(o, 'skip', false),
      selectSet: children(o, 'selectSet').map(parseSelect),
    })),
  };
}

/** The named TraversalSpecs a filter spec declares anywhere (SelectionSpecs refer to them by name). */
function namedTraversals(spec: FilterSpec): Map<string, TraversalSpec> {
  const named = new Map<string, TraversalSpec>();
  const collect = (sel: SelectSpec[]): void => {
    for (const s of sel) {
      if (!('path' in s) || (s.name && named.has(s.name))) continue;
      if (s.name) named.set(s.name, s);
      collect(s.selectSet);
    }
  };
  for (const o of spec.objectSet) collect(o.selectSet);
  return named;
}

/** The objects a filter spec reaches, in traversal order, without the skipped ones. */
function traverse(spec: FilterSpec, resolve: Resolver): MoRefV[] {
  const named = namedTraversals(spec);
  const visited = new Set<string>();
  const found = new Map<string, MoRefV>();
  const visit = (ref: MoRefV, skip: boolean, selectSet: SelectSpec[]): void => {
    const key = `${ref.type}:${ref.value}`;
    const props = resolve(ref);
    if (!props) return; // traversal reached an object that is gone: vCenter skips it
    if (!skip && !found.has(key)) found.set(key, ref);
    for (const s of selectSet) {
      const ts = 'path' in s ? s : named.get(s.ref);
      if (!ts || !isA(ref.type, ts.type)) continue;
      const edge = `${key}>${ts.name ?? `${ts.type}.${ts.path}`}`;
      if (visited.has(edge)) continue;
      visited.add(edge);
      for (const next of morefsIn(lookupPath(props, ts.path).value)) visit(next, ts.skip, ts.selectSet);
    }
  };
  for (const o of spec.objectSet) {
    if (!resolve(o.obj))
      throw fault(
        'ManagedObjectNotFound',
        `The object '${o.obj.type}:${o.obj.value}' has already been deleted or has not been completely created`,
        { obj: o.obj },
      );
    visit(o.obj, o.skip, o.selectSet);
  }
  return [...found.values()];
}

/** The properties of one object that a spec's PropertySpecs select (undefined: none applies to its type). */
function selectedProperties(spec: FilterSpec, ref: MoRefV, props: Props, version: string | undefined): ObjectContent['props'] | undefined {
  const specsFor = spec.propSet.filter((p) => isA(ref.type, p.type));
  if (specsFor.length === 0) return undefined;
  const names = new Set<string>();
  for (const p of specsFor) {
    for (const name of p.all ? Object.keys(props).filter((n) => propertyInVersion(ref.type, props, n, version)) : p.pathSet)
      names.add(name);
  }
  const out: ObjectContent['props'] = [];
  for (const name of names) {
    const { found, value } = lookupPath(props, name);
    if (!found || !propertyInVersion(ref.type, props, name, version))
      throw fault('InvalidProperty', `${name} is not a property of ${ref.type}`, { name });
    if (value !== undefined) out.push({ name, val: value });
  }
  return out;
}

/** Evaluates filter specs into ObjectContent, in traversal order, each object once. */
export function evaluate(specs: FilterSpec[], resolve: Resolver, version?: string): ObjectContent[] {
  const out = new Map<string, ObjectContent>();
  for (const spec of specs) {
    for (const ref of traverse(spec, resolve)) {
      const props = selectedProperties(spec, ref, resolve(ref) ?? {}, version);
      const key = `${ref.type}:${ref.value}`;
      if (props && !out.has(key)) out.set(key, { obj: ref, props });
    }
  }
  return [...out.values()];
}

/** Whether a property path exists in `version`: each step is checked against the type it steps into. */
function propertyInVersion(moType: string, props: Props, dotted: string, version: string | undefined): boolean {
  if (version === undefined) return true;
  const [head = '', ...rest] = dotted.split('.');
  if (!fieldInVersion(moType, moType, head, version)) return false;
  let cur: Val = props[head];
  for (const part of rest) {
    if (!cur || typeof cur !== 'object' || cur.kind !== 'data') return true; // lookupPath reports the bad path
    const sentAs = typeInVersion(cur.type, version);
    if (!fieldInVersion(cur.type, sentAs, part, version)) return false;
    cur = cur.fields[part];
  }
  return true;
}

export function objectContentXml(o: ObjectContent, version?: string): string {
  return el('objects', [
    el('obj', o.obj.value, { type: o.obj.type }),
    ...o.props.map((p) => el('propSet', [el('name', p.name), topValueXml('val', p.val, version)])),
  ]);
}

/** Serialized values per object and property, to diff successive WaitForUpdatesEx rounds. */
export type Reported = Map<string, { obj: MoRefV; values: Map<string, { xml: string; val: Val }> }>;

export function reportedState(contents: ObjectContent[], version?: string): Reported {
  const r: Reported = new Map();
  for (const o of contents) {
    r.set(`${o.obj.type}:${o.obj.value}`, {
      obj: o.obj,
      values: new Map(o.props.map((p) => [p.name, { xml: topValueXml('val', p.val, version), val: p.val }])),
    });
  }
  return r;
}

/** ObjectUpdate elements for what changed between two reported states ('' when nothing did). */
export function diffXml(before: Reported, after: Reported, version?: string): string {
  const parts: string[] = [];
  for (const [key, now] of after) {
    const prev = before.get(key);
    const changes: string[] = [];
    for (const [name, v] of now.values) {
      if (prev?.values.get(name)?.xml !== v.xml)
        changes.push(el('changeSet', [el('name', name), el('op', 'assign'), topValueXml('val', v.val, version)]));
    }
    for (const name of prev?.values.keys() ?? []) {
      if (!now.values.has(name)) changes.push(el('changeSet', [el('name', name), el('op', 'assign')]));
    }
    if (!prev || changes.length > 0)
      parts.push(el('objectSet', [el('kind', prev ? 'modify' : 'enter'), el('obj', now.obj.value, { type: now.obj.type }), ...changes]));
  }
  for (const [key, prev] of before) {
    if (!after.has(key)) parts.push(el('objectSet', [el('kind', 'leave'), el('obj', prev.obj.value, { type: prev.obj.type })]));
  }
  return parts.join('');
}
