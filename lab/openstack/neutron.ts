/**
 * Neutron v2.0 below /network: the version list, networks, subnets and ports (list with filters on
 * any of their fields, e.g. ports?device_id=<server>&network_id=<net>; show), and the extension list
 * clients probe.
 */
import { CloudError, type OpenStackCloud } from './cloud';
import { json, Router, type ApiReply, type ApiRequest, type Handler } from './http';
import type { OsNetwork, OsPort, OsSubnet } from './model';

function common(cloud: OpenStackCloud, createdAt: string): Record<string, unknown> {
  const project = cloud.data.identity.project.id;
  return {
    tenant_id: project,
    project_id: project,
    created_at: createdAt,
    updated_at: createdAt,
    revision_number: 1,
    tags: [],
    description: '',
  };
}

function networkView(cloud: OpenStackCloud, n: OsNetwork): Record<string, unknown> {
  return {
    id: n.id,
    name: n.name,
    status: 'ACTIVE',
    admin_state_up: true,
    subnets: [...n.subnets],
    shared: false,
    'router:external': false,
    mtu: n.mtu,
    port_security_enabled: true,
    availability_zones: ['nova'],
    availability_zone_hints: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'provider:network_type': 'vxlan',
    'provider:physical_network': null,
    'provider:segmentation_id': n.segmentationId,
    is_default: false,
    qos_policy_id: null,
    dns_domain: '',
    ...common(cloud, n.createdAt),
  };
}

function subnetView(cloud: OpenStackCloud, s: OsSubnet): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    network_id: s.networkId,
    cidr: s.cidr,
    ip_version: 4,
    gateway_ip: s.gatewayIp,
    allocation_pools: [{ ...s.allocationPool }],
    dns_nameservers: [...s.dnsNameservers],
    host_routes: [],
    enable_dhcp: true,
    ipv6_address_mode: null,
    ipv6_ra_mode: null,
    subnetpool_id: null,
    service_types: [],
    ...common(cloud, s.createdAt),
  };
}

function portView(cloud: OpenStackCloud, p: OsPort): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    network_id: p.networkId,
    mac_address: p.macAddress,
    fixed_ips: p.fixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress })),
    device_id: p.deviceId,
    device_owner: p.deviceOwner,
    status: p.deviceId ? 'ACTIVE' : 'DOWN',
    admin_state_up: true,
    security_groups: [],
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    port_security_enabled: true,
    'binding:vnic_type': 'normal',
    'binding:host_id': '',
    'binding:vif_type': p.deviceId ? 'ovs' : 'unbound',
    'binding:vif_details': {},
    ...common(cloud, p.createdAt),
  };
}

/** Neutron filters: every query key naming a scalar field must match one of its values; `fields` is ignored. */
function filtered(views: Array<Record<string, unknown>>, query: URLSearchParams): Array<Record<string, unknown>> {
  const keys = [...new Set(query.keys())].filter((k) => !['fields', 'limit', 'marker', 'sort_key', 'sort_dir'].includes(k));
  return views.filter((v) => keys.every((k) => !(k in v) || typeof v[k] === 'object' || query.getAll(k).includes(String(v[k]))));
}

function collection(
  plural: string,
  singular: string,
  kind: string,
  list: () => Array<Record<string, unknown>>,
): [string, Handler, Handler] {
  const one = (r: ApiRequest): ApiReply => {
    const item = list().find((x) => x['id'] === r.params['id']);
    if (!item) throw new CloudError('itemNotFound', `${kind} ${r.params['id'] ?? ''} could not be found.`);
    return json(200, { [singular]: item });
  };
  return [plural, (r) => json(200, { [plural]: filtered(list(), r.query) }), one];
}

function guard(fn: (r: ApiRequest) => ApiReply, kind: string): (r: ApiRequest) => ApiReply {
  return (r) => {
    try {
      return fn(r);
    } catch (e) {
      if (e instanceof CloudError) return json(e.status, { NeutronError: { type: `${kind}NotFound`, message: e.message, detail: '' } });
      throw e;
    }
  };
}

const EXTENSIONS = [
  'agent',
  'allowed-address-pairs',
  'binding',
  'external-net',
  'extra_dhcp_opt',
  'network-ip-availability',
  'port-security',
  'provider',
  'quotas',
  'router',
  'security-group',
  'standard-attr-description',
  'standard-attr-revisions',
  'standard-attr-tag',
  'standard-attr-timestamp',
  'subnet_allocation',
];

export function neutronRoutes(cloud: OpenStackCloud): Router {
  const version = (base: string) => ({ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${base}/v2.0/` }] });
  const router = new Router()
    .open('GET', '/', (r) => json(200, { versions: [version(`${r.baseUrl}/network`)] }))
    .on('GET', '/v2.0', (r) =>
      json(200, {
        resources: ['network', 'subnet', 'port'].map((n) => ({
          name: n,
          collection: `${n}s`,
          links: [{ rel: 'self', href: `${r.baseUrl}/network/v2.0/${n}s` }],
        })),
      }),
    )
    .on('GET', '/v2.0/extensions', () =>
      json(200, {
        extensions: EXTENSIONS.map((alias) => ({
          alias,
          name: alias,
          description: alias,
          updated: '2013-01-01T00:00:00-00:00',
          links: [],
        })),
      }),
    );
  const collections = [
    { kind: 'Network', c: collection('networks', 'network', 'Network', () => cloud.data.networks.map((n) => networkView(cloud, n))) },
    { kind: 'Subnet', c: collection('subnets', 'subnet', 'Subnet', () => cloud.data.subnets.map((s) => subnetView(cloud, s))) },
    { kind: 'Port', c: collection('ports', 'port', 'Port', () => cloud.data.ports.map((p) => portView(cloud, p))) },
  ];
  for (const {
    kind,
    c: [plural, list, one],
  } of collections) {
    router.on('GET', `/v2.0/${plural}`, guard(list, kind)).on('GET', `/v2.0/${plural}/:id`, guard(one, kind));
  }
  return router;
}
