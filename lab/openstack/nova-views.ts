/**
 * Nova's JSON for servers, flavors, interfaces, addresses and volume attachments, per
 * microversion (the embedded flavor from 2.47, description from 2.19, tags from 2.26, numeric swap
 * from 2.75, delete_on_termination on attachments from 2.79).
 */
import type { OpenStackCloud } from './cloud';
import type { Microversion } from './microversion';
import type { OsFlavor, OsServer } from './model';

export interface NovaContext {
  cloud: OpenStackCloud;
  v: Microversion;
  base: string; // https://127.0.0.1:<port>/compute
}

const links = (base: string, projectId: string, kind: string, id: string): unknown[] => [
  { rel: 'self', href: `${base}/v2.1/${kind}/${id}` },
  { rel: 'bookmark', href: `${base}/${kind}/${id}` },
];

export function flavorView(ctx: NovaContext, f: OsFlavor, detail: boolean): Record<string, unknown> {
  const pid = ctx.cloud.data.identity.project.id;
  const view: Record<string, unknown> = { id: f.id, name: f.name, links: links(ctx.base, pid, 'flavors', f.id) };
  if (ctx.v.atLeast('2.55')) view['description'] = null;
  if (!detail) return view;
  Object.assign(view, {
    ram: f.ram,
    disk: f.disk,
    vcpus: f.vcpus,
    swap: ctx.v.atLeast('2.75') ? f.swap : f.swap === 0 ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': false,
    'os-flavor-access:is_public': true,
    rxtx_factor: 1.0,
  });
  if (ctx.v.atLeast('2.61')) view['extra_specs'] = { ...f.extraSpecs };
  return view;
}

export function addressesView(ctx: NovaContext, serverId: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const p of ctx.cloud.serverPorts(serverId)) {
    const net = ctx.cloud.data.networks.find((n) => n.id === p.networkId);
    const list = (out[net?.name ?? p.networkId] ??= []);
    for (const ip of p.fixedIps)
      list.push({
        version: ip.ipAddress.includes(':') ? 6 : 4,
        addr: ip.ipAddress,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': p.macAddress,
      });
  }
  return out;
}

export function interfaceView(ctx: NovaContext, serverId: string): unknown[] {
  return ctx.cloud.serverPorts(serverId).map((p) => ({
    port_state: 'ACTIVE',
    fixed_ips: p.fixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress })),
    port_id: p.id,
    net_id: p.networkId,
    mac_addr: p.macAddress,
    ...(ctx.v.atLeast('2.70') ? { tag: null } : {}),
  }));
}

export function volumeAttachmentsView(ctx: NovaContext, serverId: string): Array<Record<string, unknown>> {
  return ctx.cloud.serverVolumes(serverId).map((vol) => {
    const a = vol.attachments.find((x) => x.serverId === serverId)!;
    return {
      id: vol.id,
      volumeId: vol.id,
      serverId,
      device: a.device,
      ...(ctx.v.atLeast('2.70') ? { tag: null } : {}),
      ...(ctx.v.atLeast('2.79') ? { delete_on_termination: false } : {}),
    };
  });
}

function flavorRef(ctx: NovaContext, s: OsServer): Record<string, unknown> {
  const f = ctx.cloud.data.flavors.find((x) => x.id === s.flavorId);
  if (!ctx.v.atLeast('2.47') || !f) return { id: s.flavorId, links: [{ rel: 'bookmark', href: `${ctx.base}/flavors/${s.flavorId}` }] };
  return {
    original_name: f.name,
    vcpus: f.vcpus,
    ram: f.ram,
    disk: f.disk,
    ephemeral: f.ephemeral,
    swap: f.swap,
    extra_specs: { ...f.extraSpecs },
  };
}

export function serverView(ctx: NovaContext, s: OsServer, detail: boolean): Record<string, unknown> {
  const { identity } = ctx.cloud.data;
  const view: Record<string, unknown> = { id: s.id, name: s.name, links: links(ctx.base, identity.project.id, 'servers', s.id) };
  if (!detail) return view;
  const active = s.status === 'ACTIVE';
  Object.assign(view, {
    status: s.status,
    tenant_id: identity.project.id,
    user_id: identity.user.id,
    metadata: { ...s.metadata },
    hostId: s.hypervisor ? Buffer.from(`${identity.project.id}${s.hypervisor}`).toString('hex').slice(0, 56) : '',
    image: s.imageId ? { id: s.imageId, links: [{ rel: 'bookmark', href: `${ctx.base}/images/${s.imageId}` }] } : '',
    flavor: flavorRef(ctx, s),
    created: s.createdAt,
    updated: s.updatedAt,
    addresses: addressesView(ctx, s.id),
    accessIPv4: '',
    accessIPv6: '',
    'OS-DCF:diskConfig': 'MANUAL',
    progress: 0,
    'OS-EXT-AZ:availability_zone': s.availabilityZone,
    config_drive: '',
    key_name: null,
    'OS-SRV-USG:launched_at': s.launchedAt.replace(/Z$/, '.000000'),
    'OS-SRV-USG:terminated_at': null,
    'OS-EXT-SRV-ATTR:host': s.hypervisor.split('.')[0],
    'OS-EXT-SRV-ATTR:instance_name': s.instanceName,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': s.hypervisor,
    'OS-EXT-STS:task_state': null,
    'OS-EXT-STS:vm_state': active ? 'active' : 'stopped',
    'OS-EXT-STS:power_state': active ? 1 : 4,
    'os-extended-volumes:volumes_attached': volumeAttachmentsView(ctx, s.id).map((a) => ({
      id: a['volumeId'],
      ...(ctx.v.atLeast('2.3') ? { delete_on_termination: false } : {}),
    })),
    security_groups: [{ name: 'default' }],
  });
  if (ctx.v.atLeast('2.9')) view['locked'] = false;
  if (ctx.v.atLeast('2.19')) view['description'] = null;
  if (ctx.v.atLeast('2.26')) view['tags'] = [];
  if (ctx.v.atLeast('2.63')) view['trusted_image_certificates'] = null;
  if (ctx.v.atLeast('2.73')) view['locked_reason'] = null;
  return view;
}
