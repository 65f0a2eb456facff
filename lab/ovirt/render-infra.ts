/** Data centers, clusters, hosts, storage domains, networks, vNIC profiles, jobs, events and the API root. */
import type { Cluster, DataCenter, EngineEvent, EngineInventory, Host, Job, Network, StorageDomain, VnicProfile } from './model-types';
import { API_PREFIX, leaf, link, list, node, ref, type XNode } from './xml';

const at = (coll: string, id: string): Record<string, string> => ({ href: `${API_PREFIX}/${coll}/${id}`, id });
const links = (base: string, rels: string[]): XNode[] => rels.map((r) => link(r, `${base}/${r}`));
const version = (v: [number, number]): XNode[] => [...leaf('major', v[0]), ...leaf('minor', v[1])];

export const ENGINE_VERSION = { major: 4, minor: 5, build: 7, revision: 0, full: '4.5.7-1.el9' } as const;

export function dataCenterNode(dc: DataCenter): XNode {
  return node(
    'data_center',
    [
      ...leaf('name', dc.name),
      ...leaf('description', dc.description),
      ...links(`${API_PREFIX}/datacenters/${dc.id}`, ['clusters', 'networks', 'permissions', 'quotas', 'storagedomains']),
      ...leaf('local', false),
      ...leaf('quota_mode', 'disabled'),
      ...leaf('status', dc.status),
      ...leaf('storage_format', 'v5'),
      list('supported_versions', [node('version', version(dc.version))]),
      node('version', version(dc.version)),
    ],
    at('datacenters', dc.id),
  );
}

export function clusterNode(c: Cluster): XNode {
  return node(
    'cluster',
    [
      ...leaf('name', c.name),
      ...leaf('description', ''),
      ...links(`${API_PREFIX}/clusters/${c.id}`, ['affinitygroups', 'cpuprofiles', 'networks', 'permissions']),
      node('cpu', [...leaf('architecture', 'x86_64'), ...leaf('type', c.cpuType)]),
      node('version', version(c.version)),
      ...ref('data_center', 'datacenters', c.dataCenterId),
    ],
    at('clusters', c.id),
  );
}

export function hostNode(h: Host): XNode {
  return node(
    'host',
    [
      ...leaf('name', h.name),
      ...leaf('description', ''),
      ...links(`${API_PREFIX}/hosts/${h.id}`, ['nics', 'statistics', 'storage']),
      ...leaf('address', h.address),
      node('cpu', [
        node('topology', [...leaf('cores', h.cpuCores), ...leaf('sockets', 1), ...leaf('threads', 2)]),
        ...leaf('type', 'Intel Cascadelake Server Family'),
      ]),
      ...leaf('memory', h.memoryBytes),
      ...leaf('status', h.status),
      ...leaf('type', 'rhel'),
      ...ref('cluster', 'clusters', h.clusterId),
    ],
    at('hosts', h.id),
  );
}

export function storageDomainNode(sd: StorageDomain): XNode {
  return node(
    'storage_domain',
    [
      ...leaf('name', sd.name),
      ...leaf('description', ''),
      ...links(`${API_PREFIX}/storagedomains/${sd.id}`, ['disks', 'diskprofiles', 'permissions', 'templates', 'vms']),
      ...leaf('available', sd.availableBytes),
      ...leaf('committed', sd.usedBytes),
      ...leaf('external_status', 'ok'),
      ...leaf('master', sd.master),
      node('storage', [
        ...(sd.address ? leaf('address', sd.address) : []),
        ...(sd.path ? leaf('path', sd.path) : []),
        ...leaf('type', sd.storageType),
      ]),
      ...leaf('storage_format', 'v5'),
      ...leaf('type', sd.type),
      ...leaf('used', sd.usedBytes),
      list('data_centers', ref('data_center', 'datacenters', sd.dataCenterId)),
    ],
    at('storagedomains', sd.id),
  );
}

export function networkNode(n: Network): XNode {
  return node(
    'network',
    [
      ...leaf('name', n.name),
      ...leaf('description', n.description),
      ...links(`${API_PREFIX}/networks/${n.id}`, ['networklabels', 'permissions', 'vnicprofiles']),
      ...leaf('mtu', n.mtu),
      ...leaf('stp', false),
      list('usages', leaf('usage', 'vm')),
      ...(n.vlanId !== undefined ? [{ tag: 'vlan', attrs: { id: String(n.vlanId) } }] : []),
      ...ref('data_center', 'datacenters', n.dataCenterId),
    ],
    at('networks', n.id),
  );
}

export function vnicProfileNode(p: VnicProfile): XNode {
  return node(
    'vnic_profile',
    [
      ...leaf('name', p.name),
      ...links(`${API_PREFIX}/vnicprofiles/${p.id}`, ['permissions']),
      node('pass_through', leaf('mode', 'disabled')),
      ...leaf('port_mirroring', false),
      ...ref('network', 'networks', p.networkId),
    ],
    at('vnicprofiles', p.id),
  );
}

export function jobNode(j: Job): XNode {
  return node(
    'job',
    [
      list('actions', [link('clear', `${API_PREFIX}/jobs/${j.id}/clear`), link('end', `${API_PREFIX}/jobs/${j.id}/end`)]),
      ...leaf('description', j.description),
      ...links(`${API_PREFIX}/jobs/${j.id}`, ['steps']),
      ...leaf('auto_cleared', true),
      ...leaf('end_time', j.endTime),
      ...leaf('external', false),
      ...leaf('last_updated', j.lastUpdated),
      ...leaf('start_time', j.startTime),
      ...leaf('status', j.status),
    ],
    at('jobs', j.id),
  );
}

export function eventNode(e: EngineEvent): XNode {
  return node(
    'event',
    [
      ...leaf('description', e.description),
      ...leaf('code', e.code),
      ...leaf('correlation_id', e.correlationId),
      ...leaf('custom_id', -1),
      ...leaf('flood_rate', 30),
      ...leaf('origin', 'oVirt'),
      ...leaf('severity', e.severity),
      ...leaf('time', e.time),
      ...ref('cluster', 'clusters', e.clusterId),
      ...ref('data_center', 'datacenters', e.dataCenterId),
      ...ref('host', 'hosts', e.hostId),
      ...ref('user', 'users', e.userId),
      ...ref('vm', 'vms', e.vmId),
    ],
    at('events', String(e.id)),
  );
}

/** Collections the root links to; searchable ones also get a `<rel>/search` link with `{query}`. */
const ROOT_COLLECTIONS: [string, boolean][] = [
  ['clusters', true],
  ['datacenters', true],
  ['disks', true],
  ['events', true],
  ['hosts', true],
  ['jobs', false],
  ['networks', true],
  ['storagedomains', true],
  ['templates', true],
  ['vms', true],
  ['vnicprofiles', false],
];

export function apiRootNode(inv: EngineInventory, now: Date): XNode {
  const rootLinks = ROOT_COLLECTIONS.flatMap(([rel, searchable]) => [
    link(rel, `${API_PREFIX}/${rel}`),
    ...(searchable ? [link(`${rel}/search`, `${API_PREFIX}/${rel}?search={query}`)] : []),
  ]);
  const count = (tag: string, active: number, total: number): XNode => node(tag, [...leaf('active', active), ...leaf('total', total)]);
  return node('api', [
    ...rootLinks,
    node('product_info', [
      ...leaf('instance_id', inv.dataCenters[0]?.id),
      ...leaf('name', 'oVirt Engine'),
      ...leaf('vendor', 'ovirt.org'),
      node('version', [
        ...leaf('build', ENGINE_VERSION.build),
        ...leaf('full_version', ENGINE_VERSION.full),
        ...leaf('major', ENGINE_VERSION.major),
        ...leaf('minor', ENGINE_VERSION.minor),
        ...leaf('revision', ENGINE_VERSION.revision),
      ]),
    ]),
    node('special_objects', [
      ...ref('blank_template', 'templates', '00000000-0000-0000-0000-000000000000'),
      ...ref('root_tag', 'tags', '00000000-0000-0000-0000-000000000000'),
    ]),
    node('summary', [
      count('hosts', inv.hosts.length, inv.hosts.length),
      count('storage_domains', inv.storageDomains.length, inv.storageDomains.length),
      count('users', 1, 1),
      count('vms', inv.vms.filter((v) => v.status === 'up').length, inv.vms.length),
    ]),
    ...leaf('time', now.toISOString()),
    ...ref('authenticated_user', 'users', inv.user.id),
    ...ref('effective_user', 'users', inv.user.id),
  ]);
}
