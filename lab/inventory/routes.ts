/**
 * The inventory's REST routes (reference §5), with no prefix: /providers, /providers/<type>,
 * /providers/<type>/<providerUID>[/<collection>[/<id>]]. Answers are computed from the
 * InventoryService (vSphere) and the API store (OpenShift); this module does no I/O itself, so the
 * routing, detail levels and status codes can be tested without a server.
 */
import type { KubeObject, Store } from '../apiserver/contract';
import { type Collector, type InventoryService, matchByName } from './service';
import { listableVm, workloadOf, type CollectionName } from './vsphere-collections';
import type { InvOcpObject, InvResource } from './types';
import { BadRequest, MAX_DETAIL, page, parseDetail } from './query';
import { openstackAnswer, ovaAnswer, ovirtAnswer, remoteProviderCounts } from './remote-routes';

export { MAX_DETAIL };

export const PROVIDER_TYPES = ['openshift', 'vsphere', 'ovirt', 'openstack', 'ova', 'ec2', 'hyperv'] as const;

export interface InvRequest {
  path: string; // without query
  query: URLSearchParams;
}

export interface InvAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the caller must be authorized for before the answer is computed. */
export interface AuthNeed {
  namespace?: string;
  name?: string;
}

const VSPHERE_COLLECTIONS: readonly CollectionName[] = ['datacenters', 'clusters', 'hosts', 'folders', 'networks', 'datastores', 'vms'];
const OCP_COLLECTIONS = [
  'namespaces',
  'storageclasses',
  'networkattachmentdefinitions',
  'vms',
  'persistentvolumeclaims',
  'datavolumes',
  'instancetypes',
  'clusterinstancetypes',
  'kubevirts',
] as const;

export class InventoryRoutes {
  constructor(
    private readonly service: InventoryService,
    private readonly store: Store,
  ) {}

  /** The Provider a path is about (for authorization), or the list scope. Undefined: not an inventory path. */
  authNeed(req: InvRequest): AuthNeed | undefined {
    const seg = req.path.split('/').filter(Boolean);
    if (seg[0] !== 'providers') return undefined;
    if (seg.length <= 2) return { namespace: req.query.get('namespace') ?? '' };
    const c = this.service.collector(seg[2] ?? '');
    if (!c) return { namespace: req.query.get('namespace') ?? '' }; // 404 follows; listing rights suffice to learn that
    return { namespace: c.provider.metadata.namespace ?? '', name: c.provider.metadata.name ?? '' };
  }

  handle(req: InvRequest): InvAnswer {
    try {
      return this.route(req);
    } catch (e) {
      if (e instanceof BadRequest) return { status: 400, body: { error: e.message } };
      throw e;
    }
  }

  private route(req: InvRequest): InvAnswer {
    const seg = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (seg[0] !== 'providers') return { status: 404 };
    const detail = parseDetail(req.query);
    const ns = req.query.get('namespace') ?? '';
    if (seg.length === 1) {
      const out: Record<string, unknown[]> = {};
      for (const t of PROVIDER_TYPES) out[t] = this.providerList(t, ns, detail);
      return { status: 200, body: out };
    }
    const type = seg[1] ?? '';
    if (seg.length === 2) return { status: 200, body: this.providerList(type, ns, detail) };
    const c = this.service.collector(seg[2] ?? '');
    if (!c || c.type !== type) return { status: 404, headers: { 'X-Reason': 'ProviderNotFound' } };
    if (seg.length === 3) return { status: 200, body: this.providerBody(c, Math.max(detail, 1)) };
    if (!c.loaded) return { status: 206 };
    return this.collection(c, seg.slice(3), req.query, detail);
  }

  /** A provider's collection, by its type. */
  private collection(c: Collector, rest: string[], q: URLSearchParams, detail: number): InvAnswer {
    switch (c.type) {
      case 'vsphere':
        return this.vsphere(c, rest, q, detail);
      case 'openshift':
        return this.openshift(c, rest, q, detail);
      case 'ovirt':
        return ovirtAnswer(c, rest, q, detail);
      case 'openstack':
        return openstackAnswer(c, rest, q, detail);
      case 'ova':
        return ovaAnswer(c, rest, q, detail);
      default:
        return { status: 404 };
    }
  }

  private providerList(type: string, ns: string, detail: number): unknown[] {
    return this.service
      .allCollectors()
      .filter((c) => c.type === type && (!ns || c.provider.metadata.namespace === ns))
      .map((c) => this.providerBody(c, detail));
  }

  private providerBody(c: Collector, detail: number): Record<string, unknown> {
    const m = c.provider.metadata;
    const base = {
      uid: c.uid,
      version: m.resourceVersion ?? '',
      namespace: m.namespace ?? '',
      name: m.name ?? '',
      selfLink: `providers/${c.type}/${c.uid}`,
      id: c.uid,
    };
    if (detail < 1) return base;
    const full: Record<string, unknown> = { ...base, type: c.type, object: c.provider };
    if (c.type === 'vsphere') {
      Object.assign(full, vsphereProviderCounts(c.vsphere));
    } else if (c.type === 'ovirt' || c.type === 'openstack' || c.type === 'ova') {
      Object.assign(full, remoteProviderCounts(c));
    } else if (c.type === 'openshift') {
      Object.assign(full, {
        vmCount: this.ocpObjects('vms').length,
        networkCount: this.ocpObjects('networkattachmentdefinitions').length,
        storageClassCount: this.ocpObjects('storageclasses').length,
      });
    }
    return full;
  }

  private vsphere(c: Collector, rest: string[], q: URLSearchParams, detail: number): InvAnswer {
    const v = c.vsphere;
    if (!v) return { status: 206 };
    const [coll, id, extra] = rest;
    const link = (kind: string, objId: string) => `providers/vsphere/${c.uid}/${kind}/${objId}`;
    if (coll === 'workloads') {
      const vm = id ? v.vms.find((x) => x.id === id) : undefined;
      const w = vm ? workloadOf(v, vm) : undefined;
      return w && extra === undefined ? { status: 200, body: { ...w, selfLink: link('workloads', w.id) } } : { status: 404 };
    }
    if (!coll || !VSPHERE_COLLECTIONS.includes(coll as CollectionName) || extra !== undefined) return { status: 404 };
    const items = (v[coll as CollectionName] as Array<InvResource & Record<string, unknown>>).map((o) => ({
      ...o,
      selfLink: link(coll, o.id),
    }));
    if (id !== undefined && id !== '') {
      const hit = items.find((o) => o.id === id);
      return hit ? { status: 200, body: hit } : { status: 404 };
    }
    return { status: 200, body: vsphereListBody(coll, items, q, detail) };
  }

  private openshift(c: Collector, rest: string[], q: URLSearchParams, detail: number): InvAnswer {
    const [coll, id, extra] = rest;
    if (!coll || !(OCP_COLLECTIONS as readonly string[]).includes(coll) || extra !== undefined) return { status: 404 };
    const ns = q.get('namespace') ?? '';
    const items = this.ocpObjects(coll as (typeof OCP_COLLECTIONS)[number]).filter((o) => !ns || o.metadata.namespace === ns);
    const toInv = (o: KubeObject, d: number): InvOcpObject => {
      const uid = o.metadata.uid ?? '';
      const r: InvOcpObject = {
        uid,
        version: o.metadata.resourceVersion ?? '',
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name ?? '',
        selfLink: `providers/openshift/${c.uid}/${coll}/${uid}`,
        id: uid,
      };
      if (d >= 1) r.object = o;
      // A VM's detail view carries its running instance (VMI), when there is one.
      if (d >= 1 && coll === 'vms') {
        const vmi = this.ocpInstance(o);
        if (vmi) r.instance = vmi;
      }
      return r;
    };
    if (id !== undefined && id !== '') {
      const hit = items.find((o) => o.metadata.uid === id);
      return hit ? { status: 200, body: toInv(hit, MAX_DETAIL) } : { status: 404 };
    }
    const name = q.get('name');
    const list = page(
      items.filter((o) => !name || o.metadata.name === name.split('/').pop()),
      q,
    );
    return { status: 200, body: list.map((o) => toInv(o, detail)) };
  }

  private ocpInstance(vm: KubeObject): KubeObject | undefined {
    const rt = this.store.resourceType('kubevirt.io', 'virtualmachineinstances');
    return rt ? this.store.get(rt, vm.metadata.namespace ?? '', vm.metadata.name ?? '') : undefined;
  }

  private ocpObjects(coll: (typeof OCP_COLLECTIONS)[number]): KubeObject[] {
    const [group, plural] = {
      namespaces: ['', 'namespaces'],
      storageclasses: ['storage.k8s.io', 'storageclasses'],
      networkattachmentdefinitions: ['k8s.cni.cncf.io', 'network-attachment-definitions'],
      vms: ['kubevirt.io', 'virtualmachines'],
      persistentvolumeclaims: ['', 'persistentvolumeclaims'],
      datavolumes: ['cdi.kubevirt.io', 'datavolumes'],
      instancetypes: ['instancetype.kubevirt.io', 'virtualmachineinstancetypes'],
      clusterinstancetypes: ['instancetype.kubevirt.io', 'virtualmachineclusterinstancetypes'],
      kubevirts: ['kubevirt.io', 'kubevirts'],
    }[coll] as [string, string];
    const rt = this.store.resourceType(group, plural);
    return rt ? this.store.list(rt) : [];
  }
}

function resourceOnly(o: InvResource & Record<string, unknown>): InvResource {
  const r: InvResource = { id: o.id, parent: o.parent, revision: o.revision, name: o.name, selfLink: o.selfLink };
  if (o.variant !== undefined) r.variant = o.variant;
  if (o.path !== undefined) r.path = o.path;
  return r;
}

/** The vSphere figures of a provider's detail view (zeros until the collector has an inventory). */
function vsphereProviderCounts(v: Collector['vsphere']): Record<string, unknown> {
  if (!v)
    return {
      apiVersion: '',
      product: '',
      instanceUuid: '',
      datacenterCount: 0,
      clusterCount: 0,
      hostCount: 0,
      vmCount: 0,
      networkCount: 0,
      datastoreCount: 0,
    };
  return {
    apiVersion: v.about.apiVersion,
    product: v.about.fullName,
    instanceUuid: v.about.instanceUuid,
    datacenterCount: v.datacenters.length,
    clusterCount: v.clusters.length,
    hostCount: v.hosts.length,
    vmCount: v.vms.filter(listableVm).length,
    networkCount: v.networks.length,
    datastoreCount: v.datastores.length,
  };
}

/** A vSphere collection list: VMs that are listable, filtered by ?name=, paged; VM lists are always full detail (the handler forces MaxDetail). */
function vsphereListBody(coll: string, items: Array<InvResource & Record<string, unknown>>, q: URLSearchParams, detail: number): unknown[] {
  let list = coll === 'vms' ? items.filter((o) => listableVm(o as never)) : items;
  const name = q.get('name');
  if (name) list = matchByName(list, name);
  list = page(list, q);
  if (coll === 'vms' || detail >= 1) return list;
  return list.map(resourceOnly);
}
