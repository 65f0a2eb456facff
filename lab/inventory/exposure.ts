/**
 * How the suite finds the inventory, as on OpenShift: Service `forklift-inventory` (port api-https
 * 8443) and Route `forklift-inventory` (TLS reencrypt, insecure traffic redirected, 360 s router
 * timeout) in the MTV namespace. In the lab the Route's host is the listener's 127.0.0.1:<port>.
 */
import type { KubeObject, Store } from '../apiserver/contract';

export const INVENTORY_NAME = 'forklift-inventory';

function upsert(store: Store, group: string, plural: string, obj: KubeObject): void {
  const rt = store.resourceType(group, plural);
  if (!rt) throw new Error(`forklift-inventory: the lab API server has no ${plural}.${group || 'core'} resource`);
  const ns = obj.metadata.namespace;
  const existing = store.get(rt, ns, obj.metadata.name ?? '');
  if (!existing) {
    store.create(rt, obj);
  } else {
    store.update(rt, {
      ...existing,
      metadata: { ...existing.metadata, labels: obj.metadata.labels, annotations: obj.metadata.annotations },
      spec: obj.spec,
    });
  }
  if (obj.status !== undefined) store.mutate(rt, ns, obj.metadata.name ?? '', (o) => (o.status = obj.status), { status: true });
}

export function publishInventoryEndpoint(store: Store, mtvNamespace: string, port: number): string {
  const nsRt = store.resourceType('', 'namespaces');
  if (!nsRt || !store.get(nsRt, undefined, mtvNamespace)) {
    throw new Error(
      `forklift-inventory: namespace ${mtvNamespace} does not exist; the bootstrap component must create it before the inventory starts`,
    );
  }
  const host = `127.0.0.1:${port}`;
  const labels = { app: 'forklift', service: INVENTORY_NAME };
  upsert(store, '', 'services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: INVENTORY_NAME,
      namespace: mtvNamespace,
      labels,
      annotations: { 'service.beta.openshift.io/serving-cert-secret-name': 'forklift-inventory-serving-cert' },
    },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'forklift', 'control-plane': 'controller-manager' },
      ports: [{ name: 'api-https', port: 8443, targetPort: 8443, protocol: 'TCP' }],
    },
  });
  upsert(store, 'route.openshift.io', 'routes', {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: INVENTORY_NAME, namespace: mtvNamespace, labels, annotations: { 'haproxy.router.openshift.io/timeout': '360s' } },
    spec: {
      host,
      to: { kind: 'Service', name: INVENTORY_NAME, weight: 100 },
      port: { targetPort: 'api-https' },
      tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' },
      wildcardPolicy: 'None',
    },
    status: {
      ingress: [
        {
          host,
          routerName: 'default',
          wildcardPolicy: 'None',
          routerCanonicalHostname: '127.0.0.1',
          conditions: [{ type: 'Admitted', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }],
        },
      ],
    },
  });
  return host;
}
