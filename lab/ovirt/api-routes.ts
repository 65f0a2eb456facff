/**
 * The /ovirt-engine/api resource tree: collections (with ?search=), entities, a VM's or template's
 * diskattachments and nics, a VM's snapshots, VM actions (start, stop, shutdown), adding a VM from a
 * template (POST /vms, clone=true) and removing one. Answers are representation trees (xml.ts).
 */
import { XMLParser } from 'fast-xml-parser';
import { badRequest, EngineFault, notFound } from './fault';
import type { OvirtEngineModel } from './model';
import type { Cluster, DataCenter, Disk, EngineEvent, Host, Job, Network, StorageDomain, Template, Vm, VnicProfile } from './model-types';
import {
  clusterNode,
  dataCenterNode,
  eventNode,
  hostNode,
  jobNode,
  networkNode,
  storageDomainNode,
  vnicProfileNode,
  apiRootNode,
} from './render-infra';
import { diskAttachmentNode, diskNode, nicNode, snapshotNode, templateNode, vmNode } from './render-vm';
import { search, type SearchFields } from './search';
import { leaf, list, node, ref, type XNode } from './xml';

export interface ApiAnswer {
  status: number;
  body?: XNode;
}

interface Collection<T> {
  tag: string;
  items: () => T[];
  render: (item: T) => XNode;
  id: (item: T) => string;
  fields: SearchFields<T>;
}

const named = <T extends { id: string; name: string }>(): SearchFields<T> => ({ name: (i) => i.name, id: (i) => i.id });

/** Erases a collection's item type so the table can hold every kind. */
const col = <T>(c: Collection<T>): Collection<unknown> => c as unknown as Collection<unknown>;

function collections(m: OvirtEngineModel): Record<string, Collection<unknown>> {
  const inv = m.inventory;
  const clusterName = (id: string): string | undefined => inv.clusters.find((c) => c.id === id)?.name;
  return {
    vms: col<Vm>({
      tag: 'vms',
      items: () => inv.vms,
      render: vmNode,
      id: (v) => v.id,
      fields: { ...named<Vm>(), cluster: (v) => clusterName(v.clusterId), status: (v) => v.status },
    }),
    templates: col<Template>({
      tag: 'templates',
      items: () => inv.templates,
      render: templateNode,
      id: (t) => t.id,
      fields: { ...named<Template>(), cluster: (t) => clusterName(t.clusterId) },
    }),
    disks: col<Disk>({
      tag: 'disks',
      items: () => inv.disks,
      render: diskNode,
      id: (d) => d.id,
      fields: { name: (d) => d.alias, alias: (d) => d.alias, id: (d) => d.id },
    }),
    networks: col<Network>({ tag: 'networks', items: () => inv.networks, render: networkNode, id: (n) => n.id, fields: named<Network>() }),
    vnicprofiles: col<VnicProfile>({
      tag: 'vnic_profiles',
      items: () => inv.vnicProfiles,
      render: vnicProfileNode,
      id: (p) => p.id,
      fields: named<VnicProfile>(),
    }),
    storagedomains: col<StorageDomain>({
      tag: 'storage_domains',
      items: () => inv.storageDomains,
      render: storageDomainNode,
      id: (s) => s.id,
      fields: named<StorageDomain>(),
    }),
    clusters: col<Cluster>({ tag: 'clusters', items: () => inv.clusters, render: clusterNode, id: (c) => c.id, fields: named<Cluster>() }),
    datacenters: col<DataCenter>({
      tag: 'data_centers',
      items: () => inv.dataCenters,
      render: dataCenterNode,
      id: (d) => d.id,
      fields: { ...named<DataCenter>(), status: (d) => d.status },
    }),
    hosts: col<Host>({
      tag: 'hosts',
      items: () => inv.hosts,
      render: hostNode,
      id: (h) => h.id,
      fields: { ...named<Host>(), status: (h) => h.status },
    }),
    jobs: col<Job>({
      tag: 'jobs',
      items: () => m.jobList(),
      render: jobNode,
      id: (j) => j.id,
      fields: { id: (j) => j.id, status: (j) => j.status },
    }),
    events: col<EngineEvent>({
      tag: 'events',
      items: () => m.eventList(),
      render: eventNode,
      id: (e) => String(e.id),
      fields: { 'vms.id': (e) => e.vmId, id: (e) => String(e.id), code: (e) => String(e.code) },
    }),
  };
}

function owner(m: OvirtEngineModel, kind: string, id: string): Vm | Template {
  const found = kind === 'vms' ? m.inventory.vms.find((v) => v.id === id) : m.inventory.templates.find((t) => t.id === id);
  if (!found) throw notFound();
  return found;
}

/** GET under a VM or template: diskattachments, nics, snapshots (VMs only), and their members. */
function getSub(m: OvirtEngineModel, kind: string, id: string, sub: string, subId: string | undefined): XNode {
  const o = owner(m, kind, id);
  const path = `${kind}/${id}`;
  const pick = <T>(items: T[], key: (t: T) => string, render: (t: T) => XNode, tag: string): XNode => {
    if (subId === undefined) return list(tag, items.map(render));
    const item = items.find((t) => key(t) === subId);
    if (!item) throw notFound();
    return render(item);
  };
  if (sub === 'diskattachments')
    return pick(
      o.disks,
      (a) => a.diskId,
      (a) => diskAttachmentNode(path, a),
      'disk_attachments',
    );
  if (sub === 'nics')
    return pick(
      o.nics,
      (n) => n.id,
      (n) => nicNode(path, n),
      'nics',
    );
  if (sub === 'snapshots' && kind === 'vms')
    return pick(
      (o as Vm).snapshots,
      (s) => s.id,
      (s) => snapshotNode(id, s),
      'snapshots',
    );
  throw notFound();
}

function get(m: OvirtEngineModel, seg: string[], query: URLSearchParams): XNode {
  if (seg.length === 0) return apiRootNode(m.inventory, new Date());
  const [coll = '', id, sub, subId] = seg;
  const c = collections(m)[coll];
  if (!c) throw notFound();
  if (id === undefined) {
    const found = search(c.items(), query.get('search'), c.fields);
    const max = Number(query.get('max') ?? NaN);
    return list(c.tag, (Number.isInteger(max) && max >= 0 ? found.slice(0, max) : found).map(c.render));
  }
  if (sub !== undefined) {
    if (coll !== 'vms' && coll !== 'templates') throw notFound();
    return getSub(m, coll, id, sub, subId);
  }
  const item = c.items().find((i) => c.id(i) === id);
  if (item === undefined) throw notFound();
  return c.render(item);
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

interface VmBody {
  vm?: {
    name?: unknown;
    template?: { id?: string; name?: string };
    cluster?: { id?: string; name?: string };
    memory_policy?: { guaranteed?: unknown };
  };
}

function addVm(m: OvirtEngineModel, body: string, query: URLSearchParams): ApiAnswer {
  let parsed: VmBody;
  try {
    parsed = parser.parse(body) as VmBody;
  } catch (e) {
    throw badRequest(`Cannot parse the request body: ${e instanceof Error ? e.message : String(e)}`);
  }
  const vm = parsed.vm;
  if (!vm) throw badRequest('Vm [name, cluster, template] required for add');
  const inv = m.inventory;
  const template = inv.templates.find((t) => t.id === vm.template?.id || (vm.template?.id === undefined && t.name === vm.template?.name));
  if (!template) throw badRequest('Vm [template.id|name] required for add');
  if (query.get('clone') !== 'true') throw badRequest('The lab engine creates VMs from templates with clone=true only');
  const cluster = inv.clusters.find((c) => c.id === vm.cluster?.id || (vm.cluster?.id === undefined && c.name === vm.cluster?.name));
  if (!cluster) throw badRequest('Vm [cluster.id|name] required for add');
  const guaranteed = vm.memory_policy?.guaranteed;
  const created = m.cloneFromTemplate({
    name: String(vm.name ?? ''),
    templateId: template.id,
    clusterId: cluster.id,
    ...(guaranteed !== undefined ? { guaranteedMemoryBytes: Number(guaranteed) } : {}),
  });
  return { status: 201, body: vmNode(created) };
}

function addSnapshot(m: OvirtEngineModel, vmId: string, body: string): ApiAnswer {
  let parsed: { snapshot?: { description?: unknown } };
  try {
    parsed = parser.parse(body) as typeof parsed;
  } catch (e) {
    throw badRequest(`Cannot parse the request body: ${e instanceof Error ? e.message : String(e)}`);
  }
  const description = parsed.snapshot?.description;
  if (description === undefined || description === '') throw badRequest('Snapshot [description] required for add');
  return { status: 201, body: snapshotNode(vmId, m.createSnapshot(vmId, String(description))) };
}

function vmAction(m: OvirtEngineModel, id: string, action: string): ApiAnswer {
  const job = action === 'start' ? m.start(id) : action === 'stop' || action === 'shutdown' ? m.powerDown(id, action) : undefined;
  if (!job) throw notFound();
  return { status: 200, body: node('action', [...leaf('status', 'complete'), ...ref('job', 'jobs', job.id)]) };
}

/** POST /vms (clone), /vms/<id>/snapshots, /vms/<id>/<action>; undefined for other paths. */
function post(m: OvirtEngineModel, seg: string[], query: URLSearchParams, body: string): ApiAnswer | undefined {
  if (seg[0] !== 'vms') return undefined;
  if (seg.length === 1) return addVm(m, body, query);
  if (seg.length !== 3) return undefined;
  return seg[2] === 'snapshots' ? addSnapshot(m, seg[1]!, body) : vmAction(m, seg[1]!, seg[2]!);
}

/** One API request; an EngineFault becomes the engine's `<fault>` with its HTTP status. */
export function handleApi(m: OvirtEngineModel, method: string, seg: string[], query: URLSearchParams, body: string): ApiAnswer {
  try {
    if (method === 'GET') return { status: 200, body: get(m, seg, query) };
    const posted = method === 'POST' ? post(m, seg, query, body) : undefined;
    if (posted) return posted;
    if (method === 'DELETE' && seg.length === 2 && seg[0] === 'vms') {
      m.remove(seg[1]!);
      return { status: 200 };
    }
    throw new EngineFault(405, 'Method Not Allowed', `${method} is not supported on /${seg.join('/')}`);
  } catch (e) {
    if (!(e instanceof EngineFault)) throw e;
    return { status: e.httpStatus, body: node('fault', [...leaf('detail', e.detail), ...leaf('reason', e.reason)]) };
  }
}
