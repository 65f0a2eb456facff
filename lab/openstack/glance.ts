/**
 * Glance v2 below /image: the version list, images (list with name/status/visibility filters and
 * limit/marker paging with a `next` link, show, delete).
 */
import { CloudError, type OpenStackCloud } from './cloud';
import { json, matchesFilters, Router, type ApiReply, type ApiRequest } from './http';
import type { OsImage } from './model';

function versions(base: string): Record<string, unknown> {
  return {
    versions: ['2.16', '2.15', '2.9'].map((v, i) => ({
      id: `v${v}`,
      status: i === 0 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${base}/v2/` }],
    })),
  };
}

function imageView(cloud: OpenStackCloud, i: OsImage): Record<string, unknown> {
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    visibility: i.visibility,
    protected: false,
    os_hidden: false,
    owner: cloud.data.identity.project.id,
    size: i.size,
    virtual_size: i.minDisk * 1024 ** 3,
    min_disk: i.minDisk,
    min_ram: i.minRam,
    disk_format: i.diskFormat,
    container_format: i.containerFormat,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    created_at: i.createdAt,
    updated_at: i.createdAt,
    tags: [],
    self: `/v2/images/${i.id}`,
    file: `/v2/images/${i.id}/file`,
    schema: '/v2/schemas/image',
    ...i.properties,
  };
}

function guard(fn: (r: ApiRequest) => ApiReply): (r: ApiRequest) => ApiReply {
  return (r) => {
    try {
      return fn(r);
    } catch (e) {
      if (e instanceof CloudError)
        return {
          status: e.status,
          body: `${e.status} ${e.status === 404 ? 'Not Found' : 'Bad Request'}\n\n${e.message}\n\n   `,
          headers: { 'content-type': 'text/plain; charset=UTF-8' },
        };
      throw e;
    }
  };
}

function listImages(r: ApiRequest, cloud: OpenStackCloud): ApiReply {
  const all = cloud.data.images.filter((i) =>
    matchesFilters({ name: i.name, status: i.status, visibility: i.visibility }, r.query, ['name', 'status', 'visibility']),
  );
  const marker = r.query.get('marker');
  const from = marker ? all.findIndex((i) => i.id === marker) + 1 : 0;
  if (marker && from === 0) throw new CloudError('badRequest', `marker not found: ${marker}`);
  const limit = Math.min(Number(r.query.get('limit') ?? 25) || 25, 1000);
  const items = all.slice(from, from + limit);
  const body: Record<string, unknown> = {
    images: items.map((i) => imageView(cloud, i)),
    first: '/v2/images',
    schema: '/v2/schemas/images',
  };
  const last = items[items.length - 1];
  if (last && from + limit < all.length) {
    const q = new URLSearchParams(r.query);
    q.set('marker', last.id);
    body['next'] = `/v2/images?${q.toString()}`;
  }
  return json(200, body);
}

export function glanceRoutes(cloud: OpenStackCloud): Router {
  return new Router()
    .open('GET', '/', (r) => json(300, versions(`${r.baseUrl}/image`)))
    .open('GET', '/versions', (r) => json(200, versions(`${r.baseUrl}/image`)))
    .on(
      'GET',
      '/v2/images',
      guard((r) => listImages(r, cloud)),
    )
    .on(
      'GET',
      '/v2/images/:id',
      guard((r) => json(200, imageView(cloud, cloud.image(r.params['id']!)))),
    )
    .on(
      'DELETE',
      '/v2/images/:id',
      guard((r) => (cloud.deleteImage(r.params['id']!), { status: 204 })),
    );
}
