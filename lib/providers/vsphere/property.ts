/**
 * Property collector use: build PropertyFilterSpecs, retrieve with RetrievePropertiesEx paging,
 * and wait for changes with WaitForUpdatesEx long polls on a private collector (event-driven:
 * the server answers when a watched property changes, or when the wait's time is up).
 */
import { VSphereFaultError, VSphereTimeoutError, type ObjectRef } from './errors';
import { faultFields, faultTypeOf, type SoapTransport } from './soap-transport';
import { child, children, el, moRefEl, textOf, type XmlNode } from './xml';

export interface Traversal {
  name: string;
  type: string;
  path: string;
  skip?: boolean;
  selectSet?: Array<Traversal | string>; // string = reference to a named traversal
}

export interface FilterSpec {
  propSet: Array<{ type: string; pathSet: string[] }>;
  objectSet: Array<{ obj: ObjectRef; skip?: boolean; selectSet?: Traversal[] }>;
}

function traversalXml(t: Traversal | string): string {
  if (typeof t === 'string') return el('selectSet', [el('name', t)], { 'xsi:type': 'SelectionSpec' });
  return el(
    'selectSet',
    [el('name', t.name), el('type', t.type), el('path', t.path), el('skip', t.skip ?? false), ...(t.selectSet ?? []).map(traversalXml)],
    { 'xsi:type': 'TraversalSpec' },
  );
}

/** PropertyFilterSpec content in WSDL order (propSet*, objectSet*). */
export function filterSpecXml(spec: FilterSpec, wrapper: string): string {
  return el(wrapper, [
    ...spec.propSet.map((p) => el('propSet', [el('type', p.type), el('all', false), ...p.pathSet.map((x) => el('pathSet', x))])),
    ...spec.objectSet.map((o) =>
      el('objectSet', [moRefEl('obj', o.obj), el('skip', o.skip ?? false), ...(o.selectSet ?? []).map(traversalXml)]),
    ),
  ]);
}

export interface ObjectProps {
  obj: ObjectRef;
  props: Map<string, XmlNode>; // property path -> <val>
}

/**
 * ObjectContent list. A property vCenter could not read comes back in missingSet with a fault
 * (NoPermission, NotAuthenticated...): that is an error, not an absent value.
 */
function objectContents(nodes: XmlNode[]): ObjectProps[] {
  return nodes.map((o) => {
    const obj = child(o, 'obj');
    const missing = child(o, 'missingSet');
    if (missing) {
      const f = child(child(missing, 'fault'), 'fault');
      const ref: ObjectRef = { type: obj?.moType ?? '', value: obj?.text.trim() ?? '' };
      throw new VSphereFaultError(
        'RetrievePropertiesEx',
        ref,
        faultTypeOf(f),
        `property ${textOf(missing, 'path') ?? '?'} could not be read`,
        faultFields(f),
      );
    }
    const props = new Map<string, XmlNode>();
    for (const p of children(o, 'propSet')) {
      const val = child(p, 'val');
      if (val) props.set(textOf(p, 'name') ?? '', val);
    }
    return { obj: { type: obj?.moType ?? '', value: obj?.text.trim() ?? '' }, props };
  });
}

/** RetrievePropertiesEx, following ContinueRetrievePropertiesEx tokens until all pages are read. */
export async function retrieve(
  t: SoapTransport,
  collector: ObjectRef,
  spec: FilterSpec,
  opts: { maxObjects?: number; object?: ObjectRef | string } = {},
): Promise<ObjectProps[]> {
  const res = await t.call(
    'RetrievePropertiesEx',
    collector,
    [filterSpecXml(spec, 'specSet'), el('options', opts.maxObjects ? [el('maxObjects', opts.maxObjects)] : [])],
    { ...(opts.object ? { object: opts.object } : {}) },
  );
  const out: ObjectProps[] = [];
  let page = child(res, 'returnval');
  // Bounded: a collector never hands out more pages than objects.
  for (let i = 0; page && i < 100_000; i += 1) {
    out.push(...objectContents(children(page, 'objects')));
    const token = textOf(page, 'token');
    if (!token) break;
    const next = await t.call('ContinueRetrievePropertiesEx', collector, [el('token', token)], {
      ...(opts.object ? { object: opts.object } : {}),
    });
    page = child(next, 'returnval');
  }
  return out;
}

/** The properties of one object (empty map when vCenter returns none of them). */
export async function retrieveOne(
  t: SoapTransport,
  collector: ObjectRef,
  obj: ObjectRef,
  pathSet: string[],
): Promise<Map<string, XmlNode>> {
  const [first] = await retrieve(t, collector, { propSet: [{ type: obj.type, pathSet }], objectSet: [{ obj }] }, { object: obj });
  return first?.props ?? new Map();
}

/** Applies a WaitForUpdatesEx UpdateSet to the property values: a `leave` clears them, removals delete. */
function applyUpdateSet(state: Map<string, XmlNode>, update: XmlNode): void {
  for (const fs of children(update, 'filterSet')) {
    for (const os of children(fs, 'objectSet')) {
      if (textOf(os, 'kind') === 'leave') state.clear();
      for (const cs of children(os, 'changeSet')) {
        const name = textOf(cs, 'name') ?? '';
        const val = child(cs, 'val');
        const op = textOf(cs, 'op');
        if (val && op !== 'remove' && op !== 'indirectRemove') state.set(name, val);
        else state.delete(name);
      }
    }
  }
}

/**
 * Watches `pathSet` of `obj` until `done(props)` is true; returns the last property values.
 * Uses a private PropertyCollector (so concurrent waits never share filters) and destroys it.
 */
export async function waitForProperties(
  t: SoapTransport,
  rootCollector: ObjectRef,
  obj: ObjectRef,
  pathSet: string[],
  done: (props: Map<string, XmlNode>) => boolean,
  opts: { timeoutMs: number; operation: string; describe: (props: Map<string, XmlNode>) => string },
): Promise<Map<string, XmlNode>> {
  const created = await t.call('CreatePropertyCollector', rootCollector, [], { object: obj });
  const pcNode = child(created, 'returnval');
  const pc: ObjectRef = { type: pcNode?.moType ?? 'PropertyCollector', value: pcNode?.text.trim() ?? '' };
  const state = new Map<string, XmlNode>();
  try {
    await t.call(
      'CreateFilter',
      pc,
      [filterSpecXml({ propSet: [{ type: obj.type, pathSet }], objectSet: [{ obj }] }, 'spec'), el('partialUpdates', false)],
      { object: obj },
    );
    const deadline = Date.now() + opts.timeoutMs;
    let version = '';
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new VSphereTimeoutError(opts.operation, obj, opts.timeoutMs, opts.describe(state));
      const maxWait = Math.max(1, Math.ceil(remaining / 1000));
      const res = await t.call('WaitForUpdatesEx', pc, [el('version', version), el('options', [el('maxWaitSeconds', maxWait)])], {
        object: obj,
        extraTimeoutMs: maxWait * 1000,
      });
      const update = child(res, 'returnval');
      if (!update) continue; // the wait ran out on the server side; the deadline check decides
      version = textOf(update, 'version') ?? version;
      applyUpdateSet(state, update);
      if (done(state)) return state;
    }
  } finally {
    await t.call('DestroyPropertyCollector', pc, [], { object: obj }).catch(() => undefined);
  }
}
