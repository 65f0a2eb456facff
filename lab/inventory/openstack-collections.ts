/**
 * Forklift's OpenStack collector (pkg/controller/provider/container/openstack, web/openstack):
 * reads Keystone (token project, catalog regions), Nova, Cinder, Glance and Neutron with the
 * provider's credentials and keeps the collections reference §5 lists in Forklift's JSON shapes
 * (@kubev2v/types Openstack* plus the "full" VM fields). Forklift's collector polls the services;
 * so does this one, publishing only when something changed.
 */
import type { OpenstackNetwork, OpenstackResource, OpenstackVM, OpenstackVolume, OpenstackVolumeType } from '@kubev2v/types';
import type { OpenStackApi } from './source-clients';
import { RevisionTracker, revisioned } from './vsphere-collections';

type Json = Record<string, unknown>;
type Untagged<T> = Omit<T, 'providerType'>;

export type OsResource = Omit<OpenstackResource, 'selfLink'> & { selfLink?: string };

/** Full VM (GET by id, detail >= 2). */
export interface OsVm extends Untagged<OpenstackVM> {
  userID: string;
  updated: string;
  created: string;
  accessIPv4: string;
  accessIPv6: string;
  progress: number;
  metadata: Record<string, string>;
  keyName: string;
  securityGroups: Array<{ name: string }>;
  fault: Json;
  tags: string[];
  /** The flavor's figures, as the builder reads them (vCPUs, RAM MiB). */
  flavor: { id: string; name: string; vcpus: number; ram: number; disk: number };
  /** Neutron ports of the server (MAC, network) in port order. */
  ports: Array<{ id: string; mac: string; networkID: string; fixedIPs: string[] }>;
}

export type OsVolume = Untagged<OpenstackVolume>;
export type OsVolumeType = Untagged<OpenstackVolumeType>;
export type OsNetwork = Untagged<OpenstackNetwork>;

export interface OpenStackCollections {
  regions: Array<OsResource & { description: string; parentRegionID: string }>;
  projects: Array<OsResource & { description: string; domainID: string; enabled: boolean; isDomain: boolean; parentID: string }>;
  flavors: Array<
    OsResource & {
      disk: number;
      ram: number;
      vcpus: number;
      rxtxFactor: number;
      swap: number;
      isPublic: boolean;
      ephemeral: number;
      description: string;
      extraSpecs: Json;
    }
  >;
  images: Array<
    OsResource & {
      status: string;
      diskFormat: string;
      containerFormat: string;
      sizeBytes: number;
      virtualSize: number;
      minDiskGigabytes: number;
      owner: string;
      visibility: string;
      properties: Json;
    }
  >;
  networks: OsNetwork[];
  subnets: Array<
    OsResource & {
      networkID: string;
      cidr: string;
      ipVersion: number;
      gatewayIP: string;
      enableDHCP: boolean;
      dnsNameservers: string[];
      projectID: string;
    }
  >;
  volumes: OsVolume[];
  volumetypes: OsVolumeType[];
  snapshots: Array<OsResource & { status: string; size: number; volumeID: string; description: string; createdAt: string }>;
  vms: OsVm[];
}

export type OpenStackCollectionName = keyof OpenStackCollections;
export const OPENSTACK_COLLECTIONS: readonly OpenStackCollectionName[] = [
  'regions',
  'projects',
  'flavors',
  'images',
  'networks',
  'subnets',
  'volumes',
  'volumetypes',
  'snapshots',
  'vms',
];

const s = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const n = (v: unknown): number => Number(v ?? 0) || 0;
const o = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

export interface CloudRead {
  regions: string[];
  project: Json;
  servers: Json[];
  flavors: Json[];
  volumes: Json[];
  types: Json[];
  snapshots: Json[];
  images: Json[];
  networks: Json[];
  subnets: Json[];
  ports: Json[];
}

export async function readCloud(api: OpenStackApi, region: string): Promise<CloudRead> {
  const [servers, flavors, volumes, types, snapshots, images, networks, subnets, ports] = await Promise.all([
    api.get('compute', '/servers/detail'),
    api.get('compute', '/flavors/detail'),
    api.get('volumev3', '/volumes/detail'),
    api.get('volumev3', '/types'),
    api.get('volumev3', '/snapshots/detail'),
    api.get('image', '/v2/images'),
    api.get('network', '/v2.0/networks'),
    api.get('network', '/v2.0/subnets'),
    api.get('network', '/v2.0/ports'),
  ]);
  return {
    regions: [region],
    project: { id: api.project.id, name: api.project.name, domain_id: api.project.domainId },
    servers: list(servers.servers),
    flavors: list(flavors.flavors),
    volumes: list(volumes.volumes),
    types: list(types.volume_types),
    snapshots: list(snapshots.snapshots),
    images: list(images.images),
    networks: list(networks.networks),
    subnets: list(subnets.subnets),
    ports: list(ports.ports),
  };
}

function vmOf(srv: Json, r: CloudRead): Omit<OsVm, 'revision' | 'selfLink'> {
  const flavorId = s(o(srv.flavor).id);
  const flavor = r.flavors.find((f) => s(f.id) === flavorId) ?? {};
  const image = srv.image;
  return {
    id: s(srv.id),
    name: s(srv.name),
    tenantID: s(srv.tenant_id),
    status: s(srv.status),
    hostID: s(srv.hostId),
    revisionValidated: 0,
    ...(typeof image === 'object' && image && s(o(image).id) ? { imageID: s(o(image).id) } : {}),
    flavorID: flavorId,
    addresses: o(srv.addresses),
    attachedVolumes: list(srv['os-extended-volumes:volumes_attached']).map((v) => ({ ID: s(v.id) })),
    concerns: [],
    userID: s(srv.user_id),
    updated: s(srv.updated),
    created: s(srv.created),
    accessIPv4: s(srv.accessIPv4),
    accessIPv6: s(srv.accessIPv6),
    progress: n(srv.progress),
    metadata: o(srv.metadata) as Record<string, string>,
    keyName: s(srv.key_name),
    securityGroups: list(srv.security_groups).map((g) => ({ name: s(g.name) })),
    fault: o(srv.fault),
    tags: [],
    flavor: { id: flavorId, name: s(flavor.name), vcpus: n(flavor.vcpus), ram: n(flavor.ram), disk: n(flavor.disk) },
    ports: r.ports
      .filter((p) => s(p.device_id) === s(srv.id))
      .map((p) => ({
        id: s(p.id),
        mac: s(p.mac_address),
        networkID: s(p.network_id),
        fixedIPs: list(p.fixed_ips).map((ip) => s(ip.ip_address)),
      })),
  };
}

const COLLECTION_OF: Record<string, string> = {
  region: 'regions',
  project: 'projects',
  flavor: 'flavors',
  image: 'images',
  network: 'networks',
  subnet: 'subnets',
  volume: 'volumes',
  volumetype: 'volumetypes',
  snapshot: 'snapshots',
  vm: 'vms',
};

function volumeOf(v: Json): Omit<OsVolume, 'revision' | 'selfLink'> {
  return {
    id: s(v.id),
    name: s(v.name),
    status: s(v.status),
    size: n(v.size),
    availabilityZone: s(v.availability_zone),
    createdAt: s(v.created_at),
    updatedAt: s(v.updated_at),
    attachments: list(v.attachments) as never,
    description: s(v.description),
    volumeType: s(v.volume_type),
    ...(v.snapshot_id ? { snapshotID: s(v.snapshot_id) } : {}),
    ...(v.source_volid ? { sourceVolID: s(v.source_volid) } : {}),
    metadata: o(v.metadata) as Record<string, string>,
    userID: s(v.user_id),
    bootable: s(v.bootable),
    encrypted: v.encrypted === true,
    replicationStatus: s(v.replication_status),
    multiattach: v.multiattach === true,
    volumeImageMetadata: o(v.volume_image_metadata) as Record<string, string>,
  };
}

type WithRev = <T extends { id: string }>(kind: string, x: T) => T & { revision: number; selfLink: string };

function computeCollections(r: CloudRead, withRev: WithRev) {
  return {
    regions: r.regions.map((id) => withRev('region', { id, name: id, description: '', parentRegionID: '' })),
    projects: [
      withRev('project', {
        id: s(r.project.id),
        name: s(r.project.name),
        description: '',
        domainID: s(r.project.domain_id),
        enabled: true,
        isDomain: false,
        parentID: '',
      }),
    ],
    flavors: r.flavors.map((f) =>
      withRev('flavor', {
        id: s(f.id),
        name: s(f.name),
        disk: n(f.disk),
        ram: n(f.ram),
        vcpus: n(f.vcpus),
        rxtxFactor: n(f.rxtx_factor),
        swap: n(f.swap),
        isPublic: f['os-flavor-access:is_public'] !== false,
        ephemeral: n(f['OS-FLV-EXT-DATA:ephemeral']),
        description: s(f.description),
        extraSpecs: o(f.extra_specs),
      }),
    ),
    images: r.images.map((i) =>
      withRev('image', {
        id: s(i.id),
        name: s(i.name),
        status: s(i.status),
        diskFormat: s(i.disk_format),
        containerFormat: s(i.container_format),
        sizeBytes: n(i.size),
        virtualSize: n(i.virtual_size),
        minDiskGigabytes: n(i.min_disk),
        owner: s(i.owner),
        visibility: s(i.visibility),
        properties: Object.fromEntries(Object.entries(i).filter(([k]) => /^(os_|hw_|block_device_mapping|bdm_)/.test(k))),
      }),
    ),
  };
}

function storageAndNetworkCollections(r: CloudRead, withRev: WithRev) {
  return {
    networks: r.networks.map((net) =>
      withRev('network', {
        id: s(net.id),
        name: s(net.name),
        description: s(net.description),
        adminStateUp: net.admin_state_up !== false,
        status: s(net.status),
        subnets: list(net.subnets).map(s),
        tenantID: s(net.tenant_id),
        updatedAt: s(net.updated_at),
        createdAt: s(net.created_at),
        projectID: s(net.project_id),
        shared: net.shared === true,
        availabilityZoneHints: list(net.availability_zone_hints).map(s),
        tags: list(net.tags).map(s),
        revisionNumber: n(net.revision_number),
      }),
    ),
    subnets: r.subnets.map((sn) =>
      withRev('subnet', {
        id: s(sn.id),
        name: s(sn.name),
        networkID: s(sn.network_id),
        cidr: s(sn.cidr),
        ipVersion: n(sn.ip_version),
        gatewayIP: s(sn.gateway_ip),
        enableDHCP: sn.enable_dhcp === true,
        dnsNameservers: list(sn.dns_nameservers).map(s),
        projectID: s(sn.project_id),
      }),
    ),
    volumes: r.volumes.map((v) => withRev('volume', volumeOf(v))),
    volumetypes: r.types.map((t) =>
      withRev('volumetype', {
        id: s(t.id),
        name: s(t.name),
        description: s(t.description),
        extraSpecs: o(t.extra_specs) as Record<string, string>,
        isPublic: t.is_public !== false,
        qosSpecsID: s(t.qos_specs_id),
        publicAccess: t['os-volume-type-access:is_public'] !== false,
      }),
    ),
    snapshots: r.snapshots.map((sn) =>
      withRev('snapshot', {
        id: s(sn.id),
        name: s(sn.name),
        status: s(sn.status),
        size: n(sn.size),
        volumeID: s(sn.volume_id),
        description: s(sn.description),
        createdAt: s(sn.created_at),
      }),
    ),
    vms: r.servers.map((srv) => withRev('vm', vmOf(srv, r))),
  };
}

export function buildOpenStackCollections(
  r: CloudRead,
  rev: RevisionTracker,
  link: (collection: string, id: string) => string,
): OpenStackCollections {
  const withRev = revisioned(rev, link, COLLECTION_OF);
  return { ...computeCollections(r, withRev), ...storageAndNetworkCollections(r, withRev) };
}
