/**
 * Cinder v3 below /volume/v3/<project_id>: volumes (list, detail, show, create, delete; filters
 * name/status), snapshots (list, detail, show, create, delete; filter volume_id), volume types and
 * attachments (microversion 3.27+), with Cinder's microversion headers and error bodies.
 */
import { CloudError, type OpenStackCloud } from './cloud';
import { BadRequest, bodyObject, json, matchesFilters, Router, str, type ApiReply, type ApiRequest } from './http';
import { Microversion, negotiate, versionHeaders, VOLUME_VERSIONS } from './microversion';
import type { OsSnapshot, OsVolume } from './model';

interface CinderContext {
  cloud: OpenStackCloud;
  v: Microversion;
  base: string; // .../volume/v3/<project>
}

export function volumeVersion(base: string): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: VOLUME_VERSIONS.max,
    min_version: VOLUME_VERSIONS.min,
    updated: '2023-01-01T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

function volumeView(ctx: CinderContext, vol: OsVolume, detail: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { id: vol.id, name: vol.name, links: [{ rel: 'self', href: `${ctx.base}/volumes/${vol.id}` }] };
  if (!detail) return view;
  const type = ctx.cloud.data.volumeTypes.find((t) => t.name === vol.volumeType);
  Object.assign(view, {
    status: vol.status,
    size: vol.size,
    availability_zone: vol.availabilityZone,
    created_at: vol.createdAt.replace(/Z$/, '.000000'),
    updated_at: vol.createdAt.replace(/Z$/, '.000000'),
    attachments: vol.attachments.map((a) => ({
      id: vol.id,
      attachment_id: a.id,
      volume_id: vol.id,
      server_id: a.serverId,
      host_name: null,
      device: a.device,
      attached_at: a.attachedAt.replace(/Z$/, '.000000'),
    })),
    description: vol.description,
    volume_type: vol.volumeType,
    snapshot_id: vol.snapshotId ?? null,
    source_volid: null,
    metadata: {},
    user_id: ctx.cloud.data.identity.user.id,
    bootable: String(vol.bootable),
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: false,
    migration_status: null,
    'os-vol-tenant-attr:tenant_id': ctx.cloud.data.identity.project.id,
    'os-vol-host-attr:host': `cinder-volume@${type?.backend ?? 'default'}#${type?.backend ?? 'default'}`,
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
  });
  if (vol.imageMetadata) view['volume_image_metadata'] = { ...vol.imageMetadata };
  if (ctx.v.atLeast('3.13')) view['group_id'] = null;
  if (ctx.v.atLeast('3.21')) view['provider_id'] = null;
  if (ctx.v.atLeast('3.48')) Object.assign(view, { service_uuid: null, shared_targets: false });
  return view;
}

function snapshotView(ctx: CinderContext, s: OsSnapshot, detail: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    volume_id: s.volumeId,
    size: s.size,
    status: s.status,
    description: s.description,
    created_at: s.createdAt.replace(/Z$/, '.000000'),
    updated_at: null,
    metadata: {},
  };
  if (detail)
    Object.assign(view, {
      'os-extended-snapshot-attributes:progress': '100%',
      'os-extended-snapshot-attributes:project_id': ctx.cloud.data.identity.project.id,
    });
  if (ctx.v.atLeast('3.41')) view['user_id'] = ctx.cloud.data.identity.user.id;
  return view;
}

function attachmentViews(ctx: CinderContext): Array<Record<string, unknown>> {
  return ctx.cloud.data.volumes.flatMap((vol) =>
    vol.attachments.map((a) => ({
      id: a.id,
      status: 'attached',
      instance: a.serverId,
      volume_id: vol.id,
      attached_at: a.attachedAt,
      detached_at: null,
      attach_mode: 'rw',
      connection_info: {},
    })),
  );
}

function createVolume(r: ApiRequest, ctx: CinderContext): ApiReply {
  const body = bodyObject(r.body, 'volume');
  const size = body['size'] === undefined || body['size'] === null ? undefined : Number(body['size']);
  if (size !== undefined && (!Number.isInteger(size) || size < 1))
    throw new BadRequest(`Invalid input received: "size" (${String(body['size'])}) must be an integer greater than 0`);
  const vol = ctx.cloud.createVolume({
    name: str(body, 'name') ?? '',
    description: str(body, 'description') ?? '',
    ...(size !== undefined ? { size } : {}),
    ...(str(body, 'volume_type') ? { volumeType: str(body, 'volume_type')! } : {}),
    imageRef: str(body, 'imageRef'),
    snapshotId: str(body, 'snapshot_id'),
  });
  return json(202, { volume: volumeView(ctx, vol, true) });
}

function createSnapshot(r: ApiRequest, ctx: CinderContext): ApiReply {
  const body = bodyObject(r.body, 'snapshot');
  const volumeId = str(body, 'volume_id');
  if (!volumeId) throw new BadRequest("Invalid input for field/attribute snapshot: 'volume_id' is a required property");
  const force = body['force'] === true || body['force'] === 'true' || body['force'] === 'True';
  const snap = ctx.cloud.createSnapshot({ volumeId, name: str(body, 'name') ?? '', description: str(body, 'description') ?? '', force });
  return json(202, { snapshot: snapshotView(ctx, snap, true) });
}

function cinderApi(cloud: OpenStackCloud, fn: CinderHandler): (r: ApiRequest) => ApiReply {
  return (r) => {
    const v = negotiate(r, VOLUME_VERSIONS);
    if (typeof v === 'string') return json(406, { computeFault: { code: 406, message: v } });
    const headers = versionHeaders(v, VOLUME_VERSIONS);
    try {
      if (r.params['project'] !== cloud.data.identity.project.id)
        throw new CloudError('itemNotFound', `Project ${r.params['project'] ?? ''} could not be found.`);
      const reply = fn(r, { cloud, v, base: `${r.baseUrl}/volume/v3/${r.params['project']}` });
      return { ...reply, headers: { ...headers, ...reply.headers } };
    } catch (e) {
      if (e instanceof CloudError) return json(e.status, { [e.kind]: { code: e.status, message: e.message } }, headers);
      if (e instanceof BadRequest) return json(400, { badRequest: { code: 400, message: e.message } }, headers);
      throw e;
    }
  };
}

type CinderHandler = (r: ApiRequest, ctx: CinderContext) => ApiReply;
/** Wraps a handler with project check, microversion negotiation and Cinder's error bodies. */
type CinderApi = (fn: CinderHandler) => (r: ApiRequest) => ApiReply;

const PROJECT = '/v3/:project';

export function cinderRoutes(cloud: OpenStackCloud): Router {
  const api: CinderApi = (fn) => cinderApi(cloud, fn);
  const router = new Router()
    .open('GET', '/', (r) => json(300, { versions: [volumeVersion(`${r.baseUrl}/volume`)] }))
    .open('GET', '/v3', (r) => json(200, { versions: [volumeVersion(`${r.baseUrl}/volume`)] }))
    .open('GET', PROJECT, (r) => json(200, { versions: [volumeVersion(`${r.baseUrl}/volume`)] }));
  volumeRoutes(router, api);
  snapshotRoutes(router, api);
  volumeTypeRoutes(router, api);
  attachmentRoutes(router, api);
  return router;
}

function filteredVolumes(r: ApiRequest, ctx: CinderContext): OsVolume[] {
  return ctx.cloud.data.volumes.filter((v) => matchesFilters({ name: v.name, status: v.status }, r.query, ['name', 'status']));
}

function filteredSnapshots(r: ApiRequest, ctx: CinderContext): OsSnapshot[] {
  return ctx.cloud.data.snapshots.filter((s) =>
    matchesFilters({ name: s.name, volume_id: s.volumeId, status: s.status }, r.query, ['name', 'volume_id', 'status']),
  );
}

function volumeRoutes(router: Router, api: CinderApi): void {
  const p = PROJECT;
  router
    .on(
      'GET',
      `${p}/volumes`,
      api((r, ctx) => json(200, { volumes: filteredVolumes(r, ctx).map((v) => volumeView(ctx, v, false)) })),
    )
    .on(
      'GET',
      `${p}/volumes/detail`,
      api((r, ctx) => json(200, { volumes: filteredVolumes(r, ctx).map((v) => volumeView(ctx, v, true)) })),
    )
    .on('POST', `${p}/volumes`, api(createVolume))
    .on(
      'GET',
      `${p}/volumes/:id`,
      api((r, ctx) => json(200, { volume: volumeView(ctx, ctx.cloud.volume(r.params['id']!), true) })),
    )
    .on(
      'DELETE',
      `${p}/volumes/:id`,
      api((r, ctx) => (ctx.cloud.deleteVolume(r.params['id']!), { status: 202 })),
    );
}

function snapshotRoutes(router: Router, api: CinderApi): void {
  const p = PROJECT;
  router
    .on(
      'GET',
      `${p}/snapshots`,
      api((r, ctx) => json(200, { snapshots: filteredSnapshots(r, ctx).map((s) => snapshotView(ctx, s, false)) })),
    )
    .on(
      'GET',
      `${p}/snapshots/detail`,
      api((r, ctx) => json(200, { snapshots: filteredSnapshots(r, ctx).map((s) => snapshotView(ctx, s, true)) })),
    )
    .on('POST', `${p}/snapshots`, api(createSnapshot))
    .on(
      'GET',
      `${p}/snapshots/:id`,
      api((r, ctx) => json(200, { snapshot: snapshotView(ctx, ctx.cloud.snapshot(r.params['id']!), true) })),
    )
    .on(
      'DELETE',
      `${p}/snapshots/:id`,
      api((r, ctx) => (ctx.cloud.deleteSnapshot(r.params['id']!), { status: 202 })),
    );
}

function volumeTypeRoutes(router: Router, api: CinderApi): void {
  router.on(
    'GET',
    `${PROJECT}/types`,
    api((_r, ctx) =>
      json(200, {
        volume_types: ctx.cloud.data.volumeTypes.map((t) => ({
          id: t.id,
          name: t.name,
          description: t.description,
          is_public: true,
          extra_specs: { volume_backend_name: t.backend },
          'os-volume-type-access:is_public': true,
          qos_specs_id: null,
        })),
      }),
    ),
  );
}

/** Volume attachments exist from microversion 3.27; below it Cinder answers 404 for the path. */
function needsAttachments(ctx: CinderContext): void {
  if (!ctx.v.atLeast('3.27')) throw new CloudError('itemNotFound', 'The resource could not be found.');
}

function listAttachments(_r: ApiRequest, ctx: CinderContext): ApiReply {
  needsAttachments(ctx);
  return json(200, {
    attachments: attachmentViews(ctx).map((a) => ({
      id: a['id'],
      status: a['status'],
      instance: a['instance'],
      volume_id: a['volume_id'],
    })),
  });
}

function showAttachment(r: ApiRequest, ctx: CinderContext): ApiReply {
  needsAttachments(ctx);
  const a = attachmentViews(ctx).find((x) => x['id'] === r.params['id']);
  if (!a) throw new CloudError('itemNotFound', `VolumeAttachment ${r.params['id'] ?? ''} could not be found.`);
  return json(200, { attachment: a });
}

function attachmentRoutes(router: Router, api: CinderApi): void {
  router
    .on('GET', `${PROJECT}/attachments`, api(listAttachments))
    .on(
      'GET',
      `${PROJECT}/attachments/detail`,
      api((_r, ctx) => (needsAttachments(ctx), json(200, { attachments: attachmentViews(ctx) }))),
    )
    .on('GET', `${PROJECT}/attachments/:id`, api(showAttachment));
}
