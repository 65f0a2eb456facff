/**
 * Nova (compute v2.1) below /compute: version documents, servers (list, detail, show, create
 * from image or volume, delete, actions os-start/os-stop), flavors (list, detail, show, extra
 * specs), server interfaces, addresses and volume attachments. Lists take Nova's filters (name is
 * a regular expression, status) and limit/marker paging.
 */
import { CloudError, type BlockDevice, type CreateServerInput, type OpenStackCloud } from './cloud';
import { BadRequest, bodyObject, json, Router, str, type ApiReply, type ApiRequest } from './http';
import { COMPUTE_VERSIONS, negotiate, versionHeaders } from './microversion';
import { flavorView, addressesView, interfaceView, serverView, volumeAttachmentsView, type NovaContext } from './nova-views';
import type { OsServer } from './model';

export function computeVersion(base: string): Record<string, unknown> {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: COMPUTE_VERSIONS.max,
    min_version: COMPUTE_VERSIONS.min,
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/v2.1/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  };
}

/** Runs a Nova handler with the negotiated microversion; CloudErrors become Nova's error bodies. */
export function novaApi(
  cloud: OpenStackCloud,
  base: (r: ApiRequest) => string,
  fn: (r: ApiRequest, ctx: NovaContext) => ApiReply,
): (r: ApiRequest) => ApiReply {
  return (r) => {
    const v = negotiate(r, COMPUTE_VERSIONS);
    if (typeof v === 'string') return json(406, { computeFault: { code: 406, message: v } });
    const headers = versionHeaders(v, COMPUTE_VERSIONS);
    try {
      const reply = fn(r, { cloud, v, base: base(r) });
      return { ...reply, headers: { ...headers, ...reply.headers } };
    } catch (e) {
      if (e instanceof CloudError) return json(e.status, { [e.kind]: { code: e.status, message: e.message } }, headers);
      if (e instanceof BadRequest) return json(400, { badRequest: { code: 400, message: e.message } }, headers);
      throw e;
    }
  };
}

function page<T extends { id: string }>(items: T[], query: URLSearchParams): T[] {
  const marker = query.get('marker');
  let from = 0;
  if (marker) {
    from = items.findIndex((i) => i.id === marker) + 1;
    if (from === 0) throw new CloudError('badRequest', `marker [${marker}] not found`);
  }
  const limit = Number(query.get('limit') ?? items.length);
  return items.slice(from, from + (Number.isFinite(limit) && limit >= 0 ? limit : items.length));
}

function listServers(r: ApiRequest, ctx: NovaContext, detail: boolean): ApiReply {
  const name = r.query.get('name');
  let pattern: RegExp | undefined;
  try {
    pattern = name ? new RegExp(name) : undefined;
  } catch {
    throw new CloudError('badRequest', `Invalid regular expression in name filter: ${name ?? ''}`);
  }
  const status = r.query.get('status')?.toUpperCase();
  const servers = ctx.cloud.data.servers.filter((s) => (!pattern || pattern.test(s.name)) && (!status || s.status === status));
  return json(200, { servers: page(servers, r.query).map((s) => serverView(ctx, s, detail)) });
}

function blockDevices(server: Record<string, unknown>): BlockDevice[] {
  const raw = server['block_device_mapping_v2'];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new BadRequest('Invalid input for field/attribute block_device_mapping_v2: must be an array');
  return raw.map((b: Record<string, unknown>): BlockDevice => {
    const sourceType = str(b, 'source_type') ?? 'volume';
    if (!['volume', 'image', 'snapshot', 'blank'].includes(sourceType))
      throw new BadRequest(`Invalid input for field/attribute source_type: ${sourceType}`);
    return {
      sourceType: sourceType as BlockDevice['sourceType'],
      destinationType: str(b, 'destination_type') === 'local' ? 'local' : 'volume',
      ...(str(b, 'uuid') ? { uuid: str(b, 'uuid')! } : {}),
      ...(b['volume_size'] !== undefined ? { volumeSize: Number(b['volume_size']) } : {}),
      ...(b['boot_index'] !== undefined && b['boot_index'] !== null ? { bootIndex: Number(b['boot_index']) } : {}),
      deleteOnTermination: b['delete_on_termination'] === true,
    };
  });
}

function createServer(r: ApiRequest, ctx: NovaContext): ApiReply {
  const server = bodyObject(r.body, 'server');
  const name = str(server, 'name');
  const flavorRef = str(server, 'flavorRef');
  if (!name || !flavorRef) throw new BadRequest("Invalid input for field/attribute server: 'name' and 'flavorRef' are required properties");
  const nets = server['networks'];
  const networks: CreateServerInput['networks'] = Array.isArray(nets)
    ? nets.map((n: Record<string, unknown>) => ({
        ...(str(n, 'uuid') ? { uuid: str(n, 'uuid')! } : {}),
        ...(str(n, 'port') ? { port: str(n, 'port')! } : {}),
        ...(str(n, 'fixed_ip') ? { fixedIp: str(n, 'fixed_ip')! } : {}),
      }))
    : nets === 'none' || ctx.cloud.data.networks.length !== 1
      ? []
      : [{ uuid: ctx.cloud.data.networks[0]!.id }];
  const imageRef = str(server, 'imageRef');
  const created = ctx.cloud.createServer({
    name,
    flavorRef,
    ...(imageRef ? { imageRef } : {}),
    networks,
    blockDevices: blockDevices(server),
    metadata: (server['metadata'] as Record<string, string> | undefined) ?? {},
  });
  const body = {
    server: {
      id: created.id,
      links: serverView(ctx, created, false)['links'],
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: [{ name: 'default' }],
      adminPass: 'lab-not-a-secret',
    },
  };
  return json(202, body, { location: `${ctx.base}/v2.1/servers/${created.id}` });
}

function serverAction(r: ApiRequest, ctx: NovaContext): ApiReply {
  const id = r.params['id']!;
  const body = (r.body ?? {}) as Record<string, unknown>;
  if ('os-start' in body) ctx.cloud.setPower(id, 'start');
  else if ('os-stop' in body) ctx.cloud.setPower(id, 'stop');
  else if ('createImage' in body) return createImage(ctx, id, bodyObject(body, 'createImage'));
  else throw new BadRequest(`There is no such action: ${Object.keys(body)[0] ?? '(none)'}`);
  return { status: 202 };
}

/** 202 with {image_id} from 2.45, with a Location header before, as Nova. */
function createImage(ctx: NovaContext, serverId: string, body: Record<string, unknown>): ApiReply {
  const name = str(body, 'name');
  if (!name) throw new BadRequest("Invalid input for field/attribute createImage: 'name' is a required property");
  const image = ctx.cloud.createServerImage(serverId, name, (body['metadata'] as Record<string, string> | undefined) ?? {});
  return ctx.v.atLeast('2.45')
    ? json(202, { image_id: image.id })
    : { status: 202, headers: { location: `${ctx.base.replace(/\/compute$/, '/image')}/v2/images/${image.id}` } };
}

function findServer(ctx: NovaContext, id: string): OsServer {
  return ctx.cloud.server(id);
}

export function novaRoutes(cloud: OpenStackCloud): Router {
  const base = (r: ApiRequest): string => `${r.baseUrl}/compute`;
  const api = (fn: (r: ApiRequest, ctx: NovaContext) => ApiReply): ((r: ApiRequest) => ApiReply) => novaApi(cloud, base, fn);
  const flavor = (ctx: NovaContext, id: string) => {
    const f = ctx.cloud.data.flavors.find((x) => x.id === id);
    if (!f) throw new CloudError('itemNotFound', `Flavor ${id} could not be found.`);
    return f;
  };
  return new Router()
    .open('GET', '/', (r) => json(200, { versions: [computeVersion(base(r))] }))
    .open('GET', '/v2.1', (r) => json(200, { version: computeVersion(base(r)) }))
    .on(
      'GET',
      '/v2.1/servers',
      api((r, ctx) => listServers(r, ctx, false)),
    )
    .on(
      'GET',
      '/v2.1/servers/detail',
      api((r, ctx) => listServers(r, ctx, true)),
    )
    .on('POST', '/v2.1/servers', api(createServer))
    .on(
      'GET',
      '/v2.1/servers/:id',
      api((r, ctx) => json(200, { server: serverView(ctx, findServer(ctx, r.params['id']!), true) })),
    )
    .on(
      'DELETE',
      '/v2.1/servers/:id',
      api((r, ctx) => (ctx.cloud.deleteServer(r.params['id']!), { status: 204 })),
    )
    .on('POST', '/v2.1/servers/:id/action', api(serverAction))
    .on(
      'GET',
      '/v2.1/servers/:id/ips',
      api((r, ctx) => json(200, { addresses: addressesView(ctx, findServer(ctx, r.params['id']!).id) })),
    )
    .on(
      'GET',
      '/v2.1/servers/:id/os-interface',
      api((r, ctx) => json(200, { interfaceAttachments: interfaceView(ctx, findServer(ctx, r.params['id']!).id) })),
    )
    .on(
      'GET',
      '/v2.1/servers/:id/os-volume_attachments',
      api((r, ctx) => json(200, { volumeAttachments: volumeAttachmentsView(ctx, findServer(ctx, r.params['id']!).id) })),
    )
    .on(
      'GET',
      '/v2.1/flavors',
      api((r, ctx) => json(200, { flavors: page(ctx.cloud.data.flavors, r.query).map((f) => flavorView(ctx, f, false)) })),
    )
    .on(
      'GET',
      '/v2.1/flavors/detail',
      api((r, ctx) => json(200, { flavors: page(ctx.cloud.data.flavors, r.query).map((f) => flavorView(ctx, f, true)) })),
    )
    .on(
      'GET',
      '/v2.1/flavors/:id',
      api((r, ctx) => json(200, { flavor: flavorView(ctx, flavor(ctx, r.params['id']!), true) })),
    )
    .on(
      'GET',
      '/v2.1/flavors/:id/os-extra_specs',
      api((r, ctx) => json(200, { extra_specs: { ...flavor(ctx, r.params['id']!).extraSpecs } })),
    );
}
