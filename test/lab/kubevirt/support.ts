/**
 * Test helpers for the lab's KubeVirt/CDI/guest self-tests: typed-enough REST calls and an
 * event-driven wait that watches one object (or a collection) over the public API until a
 * predicate holds, failing with the last observed state on timeout.
 */
import https from 'node:https';
import type { TestLab } from '../../support/lab';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects of any kind; tests read arbitrary fields */
export type Obj = {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    ownerReferences?: Array<{ uid: string; kind: string; name: string }>;
  };
  spec?: any;
  status?: any;
  [k: string]: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any -- only the raw object type above needs it */

export async function api(lab: TestLab, method: string, path: string, body?: object, contentType?: string): Promise<Obj> {
  const res = await lab.request(method, path, body === undefined ? {} : { body, ...(contentType ? { contentType } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status}: ${res.text}`);
  return res.json<Obj>();
}

export async function getOrUndefined(lab: TestLab, path: string): Promise<Obj | undefined> {
  const res = await lab.request('GET', path);
  if (res.status === 404) return undefined;
  if (res.status >= 300) throw new Error(`GET ${path} -> ${res.status}: ${res.text}`);
  return res.json<Obj>();
}

/**
 * Watches `collectionPath` (e.g. /apis/kubevirt.io/v1/namespaces/ns/virtualmachineinstances) and
 * resolves with the first object state (or deletion: undefined) for which `pred` holds.
 * `name` narrows the watch with a field selector.
 */
export function waitFor(
  lab: TestLab,
  collectionPath: string,
  name: string,
  pred: (o: Obj | undefined) => boolean,
  timeoutMs = 10_000,
  fromResourceVersion?: string,
): Promise<Obj | undefined> {
  return new Promise((resolve, reject) => {
    let last: Obj | undefined;
    let done = false;
    let req: ReturnType<typeof https.request> | undefined;
    const finish = (err: Error | undefined, value?: Obj): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req?.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `timed out after ${timeoutMs} ms waiting on ${collectionPath} ${name}; last seen: ${JSON.stringify(last?.status ?? last ?? null)}`,
          ),
        ),
      timeoutMs,
    );
    const check = (o: Obj | undefined): void => {
      last = o ?? last;
      try {
        if (pred(o)) finish(undefined, o);
      } catch (e) {
        finish(e as Error);
      }
    };
    const sel = `fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;
    // With fromResourceVersion: only changes after that version count (no initial list).
    const start = fromResourceVersion
      ? Promise.resolve(fromResourceVersion)
      : lab.request('GET', `${collectionPath}?${sel}`).then((res) => {
          if (res.status !== 200) throw new Error(`list ${collectionPath}: ${res.status} ${res.text}`);
          const list = res.json<{ metadata: { resourceVersion: string }; items: Obj[] }>();
          check(list.items[0]);
          return list.metadata.resourceVersion;
        });
    start
      .then((rv) => {
        if (done) return;
        const url = new URL(`${collectionPath}?watch=true&${sel}&resourceVersion=${rv}`, lab.url);
        req = https.request(
          url,
          { method: 'GET', ca: lab.caPem, headers: { Authorization: `Bearer ${lab.adminToken}`, Accept: 'application/json' } },
          (w) => {
            let buf = '';
            w.setEncoding('utf8');
            w.on('data', (chunk: string) => {
              buf += chunk;
              let nl: number;
              while ((nl = buf.indexOf('\n')) >= 0) {
                const line = buf.slice(0, nl).trim();
                buf = buf.slice(nl + 1);
                if (!line) continue;
                const ev = JSON.parse(line) as { type: string; object: Obj };
                if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
                check(ev.type === 'DELETED' ? undefined : ev.object);
              }
            });
          },
        );
        req.on('error', (e) => finish(e));
        req.end();
      })
      .catch((e: Error) => finish(e));
  });
}

export const VM_PATH = (ns: string): string => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`;
export const VMI_PATH = (ns: string): string => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances`;

export async function createNamespace(lab: TestLab, name: string): Promise<void> {
  await api(lab, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export interface TestVmOptions {
  runStrategy?: string;
  nodeSelector?: Record<string, string>;
  affinity?: object;
  labels?: Record<string, string>;
  macs?: string[];
  dataVolumes?: string[];
}

/** A VirtualMachine shaped like the ones Forklift creates (pod network NIC(s), firmware, disks). */
export function vmManifest(ns: string, name: string, o: TestVmOptions = {}): object {
  const macs = o.macs ?? ['02:00:00:00:00:01'];
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: ns, labels: o.labels ?? {} },
    spec: {
      runStrategy: o.runStrategy ?? 'Always',
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          ...(o.affinity ? { affinity: o.affinity } : {}),
          domain: {
            cpu: { cores: 1, sockets: 2, threads: 1 },
            memory: { guest: '4096Mi' },
            devices: {
              interfaces: macs.map((m, i) => ({ name: `net-${i}`, macAddress: m, masquerade: {} })),
              disks: (o.dataVolumes ?? []).map((d) => ({ name: d, disk: { bus: 'virtio' } })),
            },
          },
          networks: macs.map((_m, i) => ({ name: `net-${i}`, pod: {} })),
          volumes: (o.dataVolumes ?? []).map((d) => ({ name: d, dataVolume: { name: d } })),
        },
      },
    },
  };
}
