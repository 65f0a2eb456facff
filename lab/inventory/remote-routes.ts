/**
 * The inventory routes of the oVirt, OpenStack and OVA providers (reference §5): the collections under
 * /providers/<type>/<uid>/, workloads/<id>, `?name=`, `detail` (VMs: 0 Resource, 1 VM1, >= 2
 * full; other collections: 0 Resource, >= 1 full; GET by id is always full), limit/offset, and the
 * per-type counts of the provider's detail view. Pure: answers come from the collector's collections.
 */
import type { Collector } from './service';
import { matchByName } from './service';
import { OVIRT_COLLECTIONS, type OvirtCollections, type OvVm } from './ovirt-collections';
import { OPENSTACK_COLLECTIONS, type OpenStackCollections, type OsVm } from './openstack-collections';
import { OVA_COLLECTIONS } from './ova-collections';
import { MAX_DETAIL, page } from './query';

export interface RemoteAnswer {
  status: number;
  body?: unknown;
}

type Item = { id: string; name: string; revision: number; selfLink: string; description?: string; path?: string };

function resource(o: Item, withDescription: boolean): Record<string, unknown> {
  const r: Record<string, unknown> = { id: o.id, revision: o.revision, name: o.name, selfLink: o.selfLink };
  if (o.path !== undefined) r.path = o.path;
  if (withDescription) r.description = o.description ?? '';
  return r;
}

const OVIRT_VM1 = ['cluster', 'status', 'host', 'revisionValidated', 'nics', 'diskAttachments', 'concerns'] as const;
const OPENSTACK_VM1 = [
  'tenantID',
  'status',
  'hostID',
  'revisionValidated',
  'imageID',
  'flavorID',
  'addresses',
  'attachedVolumes',
  'concerns',
] as const;

const OVA_VM1 = ['revisionValidated', 'networks', 'disks', 'concerns'] as const;

function atDetail(o: Item, detail: number, vm: boolean, vm1Keys: readonly string[], ovirt: boolean): unknown {
  if (detail >= 2 || (!vm && detail >= 1)) return o;
  const r = resource(o, ovirt);
  if (vm && detail === 1)
    for (const k of vm1Keys) if ((o as Record<string, unknown>)[k] !== undefined) r[k] = (o as Record<string, unknown>)[k];
  return r;
}

function collectionAnswer(
  items: Item[],
  rest: string[],
  q: URLSearchParams,
  detail: number,
  vm1Keys: readonly string[],
  ovirt: boolean,
): RemoteAnswer {
  const [coll, id, extra] = rest;
  if (extra !== undefined) return { status: 404 };
  if (id !== undefined && id !== '') {
    const hit = items.find((o) => o.id === id);
    return hit ? { status: 200, body: hit } : { status: 404 };
  }
  const name = q.get('name');
  const list = page(name ? matchByName(items, name) : items, q);
  return { status: 200, body: list.map((o) => atDetail(o, detail, coll === 'vms', vm1Keys, ovirt)) };
}

function ovirtWorkload(v: OvirtCollections, vm: OvVm): Record<string, unknown> {
  const cluster = v.clusters.find((c) => c.id === vm.cluster);
  const dataCenter = v.datacenters.find((d) => d.id === cluster?.dataCenter);
  const host = v.hosts.find((h) => h.id === vm.host);
  return {
    ...vm,
    selfLink: vm.selfLink.replace('/vms/', '/workloads/'),
    cluster: cluster ? { ...cluster, dataCenter: dataCenter ?? {} } : {},
    ...(host ? { host } : {}),
    disks: vm.diskAttachments.map((a) => v.disks.find((d) => d.id === a.disk)).filter(Boolean),
  };
}

function openstackWorkload(v: OpenStackCollections, vm: OsVm): Record<string, unknown> {
  return {
    ...vm,
    selfLink: vm.selfLink.replace('/vms/', '/workloads/'),
    image: v.images.find((i) => i.id === vm.imageID) ?? {},
    volumes: (vm.attachedVolumes ?? []).map((a) => v.volumes.find((x) => x.id === a.ID)).filter(Boolean),
    networks: v.networks.filter((n) => vm.ports.some((p) => p.networkID === n.id)),
  };
}

export function ovirtAnswer(c: Collector, rest: string[], q: URLSearchParams, detail: number): RemoteAnswer {
  const v = c.ovirt;
  if (!v) return { status: 206 };
  const [coll, id] = rest;
  if (coll === 'workloads') {
    const vm = v.vms.find((x) => x.id === id);
    return vm && rest.length === 2 ? { status: 200, body: ovirtWorkload(v, vm) } : { status: 404 };
  }
  if (!coll || !(OVIRT_COLLECTIONS as readonly string[]).includes(coll)) return { status: 404 };
  return collectionAnswer(v[coll as keyof Omit<OvirtCollections, 'about'>] as Item[], rest, q, detail, OVIRT_VM1, true);
}

export function openstackAnswer(c: Collector, rest: string[], q: URLSearchParams, detail: number): RemoteAnswer {
  const v = c.openstack;
  if (!v) return { status: 206 };
  const [coll, id] = rest;
  if (coll === 'workloads') {
    const vm = v.vms.find((x) => x.id === id);
    return vm && rest.length === 2 ? { status: 200, body: openstackWorkload(v, vm) } : { status: 404 };
  }
  if (!coll || !(OPENSTACK_COLLECTIONS as readonly string[]).includes(coll)) return { status: 404 };
  return collectionAnswer(v[coll as keyof OpenStackCollections] as Item[], rest, q, detail, OPENSTACK_VM1, false);
}

export function ovaAnswer(c: Collector, rest: string[], q: URLSearchParams, detail: number): RemoteAnswer {
  const v = c.ova;
  if (!v) return { status: 206 };
  const [coll, id] = rest;
  if (coll === 'workloads') {
    const vm = v.vms.find((x) => x.id === id);
    return vm && rest.length === 2
      ? { status: 200, body: { ...vm, selfLink: vm.selfLink.replace('/vms/', '/workloads/') } }
      : { status: 404 };
  }
  if (!coll || !(OVA_COLLECTIONS as readonly string[]).includes(coll)) return { status: 404 };
  return collectionAnswer(v[coll as (typeof OVA_COLLECTIONS)[number]] as Item[], rest, q, detail, OVA_VM1, false);
}

const len = (items: readonly unknown[] | undefined): number => items?.length ?? 0;

/** The per-type counts of a provider's detail view (zeros until the collector has loaded). */
export function remoteProviderCounts(c: Collector): Record<string, number | string> {
  if (c.type === 'ovirt') return ovirtCounts(c.ovirt);
  if (c.type === 'ova') return ovaCounts(c.ova);
  return openstackCounts(c.openstack);
}

function ovirtCounts(v: Collector['ovirt']): Record<string, number> {
  return {
    datacenterCount: len(v?.datacenters),
    clusterCount: len(v?.clusters),
    hostCount: len(v?.hosts),
    vmCount: len(v?.vms),
    networkCount: len(v?.networks),
    storageDomainCount: len(v?.storagedomains),
  };
}

function ovaCounts(v: Collector['ova']): Record<string, number | string> {
  return {
    apiVersion: '',
    product: 'OVA',
    vmCount: len(v?.vms),
    networkCount: len(v?.networks),
    diskCount: len(v?.disks),
    storageCount: len(v?.storages),
  };
}

function openstackCounts(v: Collector['openstack']): Record<string, number> {
  return {
    regionCount: len(v?.regions),
    projectCount: len(v?.projects),
    vmCount: len(v?.vms),
    imageCount: len(v?.images),
    volumeCount: len(v?.volumes),
    volumeTypeCount: len(v?.volumetypes),
    networkCount: len(v?.networks),
  };
}

export { MAX_DETAIL };
