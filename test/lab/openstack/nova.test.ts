/** Nova of the lab cloud over HTTP: microversions, servers, search by name, create, power actions, delete, flavors, interfaces. */
import { useSimulator } from './client';

const sim = useSimulator();
const RHEL8 = 'mtv-tests-rhel8';
const v = (version: string): Record<string, string> => ({ 'openstack-api-version': `compute ${version}` });

/** The fields of a server detail these tests use. */
interface ServerDetail {
  id: string;
  name: string;
  flavor: { id: string };
}

async function serverByName(name: string): Promise<ServerDetail> {
  const r = await sim().get(`/compute/v2.1/servers/detail?name=${encodeURIComponent(`^${name}$`)}`);
  expect(r.body.servers).toHaveLength(1);
  return r.body.servers[0];
}

describe('Nova', () => {
  test('version documents, and the requested microversion echoed (406 outside 2.1-2.79)', async () => {
    expect((await sim().get('/compute/')).body.versions[0]).toMatchObject({ id: 'v2.1', min_version: '2.1', version: '2.79' });
    const r = await sim().get('/compute/v2.1/servers', v('2.60'));
    expect(r.headers['openstack-api-version']).toBe('compute 2.60');
    expect(r.headers['x-openstack-nova-api-version']).toBe('2.60');
    expect((await sim().get('/compute/v2.1/servers', { 'x-openstack-nova-api-version': '2.3' })).headers['openstack-api-version']).toBe(
      'compute 2.3',
    );
    expect((await sim().get('/compute/v2.1/servers')).headers['openstack-api-version']).toBe('compute 2.1');
    expect((await sim().get('/compute/v2.1/servers', v('latest'))).headers['openstack-api-version']).toBe('compute 2.79');
    expect((await sim().get('/compute/v2.1/servers', v('2.99'))).status).toBe(406);
  });

  test('server list, detail and search by name (a regular expression, as Nova)', async () => {
    const list = await sim().get('/compute/v2.1/servers');
    expect(list.body.servers.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining([RHEL8, 'mtv-win2019-3disks', 'mtv-win2019-79', 'mtv-rhel8-warm-2disks2nics']),
    );
    expect(Object.keys(list.body.servers[0]).sort()).toEqual(['id', 'links', 'name']);
    const found = await sim().get('/compute/v2.1/servers/detail?name=rhel8');
    expect(found.body.servers.map((s: { name: string }) => s.name).sort()).toEqual(['mtv-rhel8-warm-2disks2nics', RHEL8]);
    const paged = await sim().get('/compute/v2.1/servers?limit=2');
    expect(paged.body.servers).toHaveLength(2);
    const next = await sim().get(`/compute/v2.1/servers?limit=2&marker=${paged.body.servers[1].id}`);
    expect(next.body.servers[0].id).not.toBe(paged.body.servers[1].id);
  });

  test('show: the seeded rhel8 VM with its port, boot volume and flavor (id at 2.1, embedded from 2.47)', async () => {
    const s = await serverByName(RHEL8);
    const old = (await sim().get(`/compute/v2.1/servers/${s.id}`)).body.server;
    expect(old).toMatchObject({ name: RHEL8, status: 'SHUTOFF', 'OS-EXT-STS:vm_state': 'stopped', 'OS-EXT-STS:power_state': 4, image: '' });
    expect(old.flavor).toEqual({ id: expect.any(String), links: expect.any(Array) });
    expect(old.addresses['mtv-vm-net']).toEqual([
      {
        version: 4,
        addr: '10.10.0.21',
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/),
      },
    ]);
    expect(old['os-extended-volumes:volumes_attached']).toHaveLength(1);
    const recent = (await sim().get(`/compute/v2.1/servers/${s.id}`, v('2.79'))).body.server;
    expect(recent.flavor).toMatchObject({ original_name: 'mtv.2c4g', vcpus: 2, ram: 4096, disk: 20 });
    expect(recent.tags).toEqual([]);
    const flavor = (await sim().get(`/compute/v2.1/flavors/${old.flavor.id}`)).body.flavor;
    expect(flavor).toMatchObject({ name: 'mtv.2c4g', vcpus: 2, ram: 4096, disk: 20, 'os-flavor-access:is_public': true });
  });

  test('unknown server: 404 itemNotFound', async () => {
    const r = await sim().get('/compute/v2.1/servers/mtv-tests-rhel8');
    expect(r.status).toBe(404);
    expect(r.body.itemNotFound).toEqual({ code: 404, message: 'Instance mtv-tests-rhel8 could not be found.' });
  });

  test('interfaces and volume attachments of a two-NIC, two-disk VM', async () => {
    const s = await serverByName('mtv-rhel8-warm-2disks2nics');
    const ifaces = (await sim().get(`/compute/v2.1/servers/${s.id}/os-interface`)).body.interfaceAttachments;
    expect(ifaces.map((i: { fixed_ips: Array<{ ip_address: string }> }) => i.fixed_ips[0]?.ip_address)).toEqual([
      '10.10.0.23',
      '172.16.5.23',
    ]);
    const attachments = (await sim().get(`/compute/v2.1/servers/${s.id}/os-volume_attachments`)).body.volumeAttachments;
    expect(attachments.map((a: { device: string }) => a.device)).toEqual(['/dev/vda', '/dev/vdb']);
    const ips = (await sim().get(`/compute/v2.1/servers/${s.id}/ips`)).body.addresses;
    expect(Object.keys(ips).sort()).toEqual(['mtv-mgmt-net', 'mtv-vm-net']);
  });

  test('os-start / os-stop: 202, state follows; from the wrong state 409 conflictingRequest', async () => {
    const s = await serverByName('mtv-win2019-79');
    const action = (body: unknown) => sim().send('POST', `/compute/v2.1/servers/${s.id}/action`, body);
    expect((await action({ 'os-stop': null })).status).toBe(409);
    expect((await action({ 'os-start': null })).status).toBe(202);
    expect((await sim().get(`/compute/v2.1/servers/${s.id}`)).body.server.status).toBe('ACTIVE');
    const again = await action({ 'os-start': null });
    expect(again.status).toBe(409);
    expect(again.body.conflictingRequest.message).toContain('vm_state active');
    expect((await action({ 'os-stop': null })).status).toBe(202);
    expect((await sim().get(`/compute/v2.1/servers/${s.id}`)).body.server.status).toBe('SHUTOFF');
    expect((await action({ reboot: { type: 'SOFT' } })).status).toBe(400);
  });

  test('create from a volume and from an image; delete frees the volume and Nova-allocated port', async () => {
    const { projectId } = sim();
    const rhel8 = await serverByName(RHEL8);
    const net = (await sim().get('/network/v2.0/networks?name=mtv-vm-net')).body.networks[0];
    const image = (await sim().get('/image/v2/images?name=rhel-8.10-x86_64-cloud')).body.images[0];
    const vol = (
      await sim().send('POST', `/volume/v3/${projectId}/volumes`, { volume: { name: 'clone-boot', size: 20, imageRef: image.id } })
    ).body.volume;
    const created = await sim().send('POST', '/compute/v2.1/servers', {
      server: {
        name: 'clone-from-volume',
        flavorRef: rhel8.flavor.id,
        networks: [{ uuid: net.id }],
        block_device_mapping_v2: [{ boot_index: 0, uuid: vol.id, source_type: 'volume', destination_type: 'volume' }],
      },
    });
    expect(created.status).toBe(202);
    const id = created.body.server.id;
    const shown = (await sim().get(`/compute/v2.1/servers/${id}`)).body.server;
    expect(shown).toMatchObject({ name: 'clone-from-volume', status: 'ACTIVE', image: '' });
    expect(shown['os-extended-volumes:volumes_attached']).toEqual([{ id: vol.id }]);
    const port = (await sim().get(`/network/v2.0/ports?device_id=${id}`)).body.ports;
    expect(port).toHaveLength(1);
    expect(port[0].fixed_ips[0].ip_address).toMatch(/^10\.10\.0\./);
    expect((await sim().get(`/volume/v3/${projectId}/volumes/${vol.id}`)).body.volume.status).toBe('in-use');

    const fromImage = await sim().send('POST', '/compute/v2.1/servers', {
      server: { name: 'from-image', flavorRef: rhel8.flavor.id, imageRef: image.id, networks: 'none' },
    });
    expect((await sim().get(`/compute/v2.1/servers/${fromImage.body.server.id}`)).body.server.image.id).toBe(image.id);

    expect((await sim().send('DELETE', `/compute/v2.1/servers/${id}`)).status).toBe(204);
    expect((await sim().get(`/compute/v2.1/servers/${id}`)).status).toBe(404);
    expect((await sim().get(`/volume/v3/${projectId}/volumes/${vol.id}`)).body.volume.status).toBe('available');
    expect((await sim().get(`/network/v2.0/ports?device_id=${id}`)).body.ports).toEqual([]);
  });

  test('createImage of a volume-backed server (image_id from 2.45), and a server booted from it gets volumes from the snapshots', async () => {
    const { projectId } = sim();
    const source = await serverByName('mtv-win2019-3disks');
    const r = await sim().send(
      'POST',
      `/compute/v2.1/servers/${source.id}/action`,
      { createImage: { name: 'win-clone-snapshot' } },
      v('2.45'),
    );
    expect(r.status).toBe(202);
    const image = (await sim().get(`/image/v2/images/${r.body.image_id}`)).body;
    expect(image).toMatchObject({ name: 'win-clone-snapshot', status: 'active', size: 0, hw_cpu_cores: '2', hw_cpu_sockets: '2' });
    expect(JSON.parse(image.block_device_mapping)).toHaveLength(3);
    const old = await sim().send('POST', `/compute/v2.1/servers/${source.id}/action`, { createImage: { name: 'old-style' } });
    expect(old.headers['location']).toMatch(/\/image\/v2\/images\/[0-9a-f-]{36}$/);
    const net = (await sim().get('/network/v2.0/networks?name=mtv-vm-net')).body.networks[0];
    const clone = await sim().send('POST', '/compute/v2.1/servers', {
      server: { name: 'win-clone', flavorRef: source.flavor.id, imageRef: image.id, networks: [{ uuid: net.id }] },
    });
    const shown = (await sim().get(`/compute/v2.1/servers/${clone.body.server.id}`)).body.server;
    expect(shown.image).toBe('');
    const volumes = (await sim().get(`/volume/v3/${projectId}/volumes/detail`)).body.volumes.filter(
      (x: { attachments: Array<{ server_id: string }> }) => x.attachments.some((a) => a.server_id === shown.id),
    );
    expect(volumes.map((x: { size: number }) => x.size).sort((a: number, b: number) => a - b)).toEqual([5, 10, 60]);
    expect(volumes.find((x: { bootable: string }) => x.bootable === 'true').volume_image_metadata.hw_cpu_cores).toBe('2');
    expect((await sim().send('DELETE', `/image/v2/images/${image.id}`)).status).toBe(204);
  });

  test('create refuses an unknown flavor and a server with nothing to boot', async () => {
    const bad = await sim().send('POST', '/compute/v2.1/servers', { server: { name: 'x', flavorRef: 'nope', imageRef: 'nope' } });
    expect(bad.status).toBe(400);
    const flavorId = (await sim().get('/compute/v2.1/flavors')).body.flavors[0].id;
    expect(
      (await sim().send('POST', '/compute/v2.1/servers', { server: { name: 'x', flavorRef: flavorId, networks: 'none' } })).status,
    ).toBe(400);
  });

  test('flavors: list, detail (swap "" before 2.75, 0 from 2.75)', async () => {
    const list = (await sim().get('/compute/v2.1/flavors')).body.flavors;
    expect(list.map((f: { name: string }) => f.name).sort()).toEqual(['mtv.2c4g', 'mtv.4c8g']);
    expect((await sim().get('/compute/v2.1/flavors/detail')).body.flavors[0].swap).toBe('');
    expect((await sim().get('/compute/v2.1/flavors/detail', v('2.75'))).body.flavors[0].swap).toBe(0);
  });
});
