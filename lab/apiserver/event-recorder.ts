/**
 * core/v1 Events as a controller's EventRecorder writes them: one Event per (object, reason) named
 * `<object>.<hex>`, in the object's namespace, whose count and lastTimestamp grow when the same
 * reason repeats. What `oc get events` and a must-gather show next to the objects.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject, Store } from './contract';

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The reporting controller, e.g. "datavolume-import-controller". */
  component: string;
}

export function recordEvent(store: Store, involved: KubeObject, e: EventSpec): void {
  const rt = store.resourceType('', 'events');
  const ns = involved.metadata.namespace;
  const name = involved.metadata.name ?? '';
  if (!rt || !ns) return;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const same = store
    .list(rt, ns)
    .find(
      (o) =>
        (o as { involvedObject?: { uid?: string } }).involvedObject?.uid === involved.metadata.uid &&
        (o as { reason?: string }).reason === e.reason,
    );
  if (same) {
    const count = ((same as { count?: number }).count ?? 1) + 1;
    store.update(rt, { ...same, count, lastTimestamp: now, message: e.message } as KubeObject);
    return;
  }
  store.create(rt, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace: ns },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name,
      namespace: ns,
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
    },
    reason: e.reason,
    message: e.message,
    type: e.type,
    source: { component: e.component },
    reportingComponent: e.component,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  } as KubeObject);
}
