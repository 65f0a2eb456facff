/** Cinder, Glance and Neutron of the lab cloud over HTTP, and the seed's guest facts against the vSphere seed. */
import { seedInventory } from '../../../lab/vsphere/seed';
import { OPENSTACK_VMS } from '../../../lab/openstack/seed';
import { useSimulator } from './client';

const sim = useSimulator();
const cinder = (path: string): string => `/volume/v3/${sim().projectId}${path}`;
const GiB = 1024 ** 3;

describe('Cinder', () => {
  test('volumes: list, detail with image metadata, show; filters by name', async () => {
    const list = (await sim().get(cinder('/volumes'))).body.volumes;
    expect(Object.keys(list[0]).sort()).toEqual(['id', 'links', 'name']);
    const boot = (await sim().get(cinder('/volumes/detail?name=mtv-tests-rhel8-boot'))).body.volumes;
    expect(boot).toHaveLength(1);
    expect(boot[0]).toMatchObject({ size: 20, status: 'in-use', bootable: 'true', volume_type: 'ceph', availability_zone: 'nova' });
    expect(boot[0].volume_image_metadata).toMatchObject({
      hw_cpu_sockets: '2',
      hw_cpu_cores: '1',
      hw_cpu_threads: '1',
      image_name: 'rhel-8.10-x86_64-cloud',
    });
    expect((await sim().get(cinder(`/volumes/${boot[0].id}`))).body.volume.id).toBe(boot[0].id);
    expect((await sim().get(cinder('/volumes/nope'))).body.itemNotFound.code).toBe(404);
    expect((await sim().get(`/volume/v3/other-project/volumes`)).status).toBe(404);
  });

  test('create and delete; an attached volume or one with snapshots is not deleted', async () => {
    const created = await sim().send('POST', cinder('/volumes'), { volume: { name: 'scratch', size: 3, volume_type: 'nfs' } });
    expect(created.status).toBe(202);
    expect(created.body.volume).toMatchObject({ name: 'scratch', size: 3, status: 'available', volume_type: 'nfs', bootable: 'false' });
    const id = created.body.volume.id;
    const snap = await sim().send('POST', cinder('/snapshots'), { snapshot: { volume_id: id, name: 'scratch-snap' } });
    expect(snap.status).toBe(202);
    expect((await sim().send('DELETE', cinder(`/volumes/${id}`))).status).toBe(400);
    expect((await sim().get(cinder(`/snapshots?volume_id=${id}`))).body.snapshots.map((s: { name: string }) => s.name)).toEqual([
      'scratch-snap',
    ]);
    expect((await sim().send('DELETE', cinder(`/snapshots/${snap.body.snapshot.id}`))).status).toBe(202);
    expect((await sim().send('DELETE', cinder(`/volumes/${id}`))).status).toBe(202);
    expect((await sim().get(cinder(`/volumes/${id}`))).status).toBe(404);
    const inUse = (await sim().get(cinder('/volumes/detail?name=mtv-tests-rhel8-boot'))).body.volumes[0];
    expect((await sim().send('DELETE', cinder(`/volumes/${inUse.id}`))).status).toBe(400);
    expect((await sim().send('POST', cinder('/volumes'), { volume: { name: 'bad', size: 0 } })).status).toBe(400);
    expect((await sim().send('POST', cinder('/volumes'), { volume: { name: 'bad', size: 1, volume_type: 'gold' } })).status).toBe(404);
  });

  test('snapshots of an in-use volume need force; a volume from a snapshot keeps its size and image metadata', async () => {
    const boot = (await sim().get(cinder('/volumes/detail?name=mtv-win2019-3disks-boot'))).body.volumes[0];
    expect((await sim().send('POST', cinder('/snapshots'), { snapshot: { volume_id: boot.id, name: 's' } })).status).toBe(400);
    const snap = (await sim().send('POST', cinder('/snapshots'), { snapshot: { volume_id: boot.id, name: 'win-boot-snap', force: true } }))
      .body.snapshot;
    expect(snap).toMatchObject({ volume_id: boot.id, size: 60, status: 'available' });
    const detail = (await sim().get(cinder('/snapshots/detail'))).body.snapshots.find((s: { id: string }) => s.id === snap.id);
    expect(detail['os-extended-snapshot-attributes:progress']).toBe('100%');
    const restored = (await sim().send('POST', cinder('/volumes'), { volume: { name: 'restored', snapshot_id: snap.id } })).body.volume;
    expect(restored).toMatchObject({ size: 60, bootable: 'true', snapshot_id: snap.id });
    expect(restored.volume_image_metadata.hw_cpu_cores).toBe('2');
    expect((await sim().send('DELETE', cinder(`/snapshots/${snap.id}`))).status).toBe(400);
  });

  test('volume types, and attachments from microversion 3.27', async () => {
    expect((await sim().get(cinder('/types'))).body.volume_types.map((t: { name: string }) => t.name)).toEqual(['ceph', 'nfs']);
    expect((await sim().get(cinder('/attachments'))).status).toBe(404);
    const r = await sim().get(cinder('/attachments/detail'), { 'openstack-api-version': 'volume 3.27' });
    expect(r.headers['openstack-api-version']).toBe('volume 3.27');
    const rhel8Boot = (await sim().get(cinder('/volumes/detail?name=mtv-tests-rhel8-boot'))).body.volumes[0];
    const a = r.body.attachments.find((x: { volume_id: string }) => x.volume_id === rhel8Boot.id);
    expect(a).toMatchObject({ status: 'attached', instance: rhel8Boot.attachments[0].server_id });
    expect((await sim().get(cinder(`/attachments/${a.id}`), { 'openstack-api-version': 'volume 3.27' })).body.attachment.id).toBe(a.id);
  });
});

describe('Glance', () => {
  test('images: list with paging (next link), filter, show, 404 as text', async () => {
    expect((await sim().get('/image/')).body.versions[0]).toMatchObject({ id: 'v2.16', status: 'CURRENT' });
    const first = (await sim().get('/image/v2/images?limit=1')).body;
    expect(first.images).toHaveLength(1);
    const second = (await sim().get(`/image${first.next}`)).body;
    expect(second.images[0].id).not.toBe(first.images[0].id);
    expect(second.next).toBeUndefined();
    const rhel = (await sim().get('/image/v2/images?name=rhel-8.10-x86_64-cloud')).body.images[0];
    expect(rhel).toMatchObject({ status: 'active', disk_format: 'qcow2', visibility: 'public', os_distro: 'rhel' });
    expect((await sim().get(`/image/v2/images/${rhel.id}`)).body.name).toBe('rhel-8.10-x86_64-cloud');
    const missing = await sim().get('/image/v2/images/nope');
    expect(missing.status).toBe(404);
    expect(String(missing.body)).toContain('No image found with ID nope');
  });
});

describe('Neutron', () => {
  test('networks, subnets, ports; ports filtered by device_id and network_id', async () => {
    const nets = (await sim().get('/network/v2.0/networks')).body.networks;
    const vmNet = nets.find((n: { name: string }) => n.name === 'mtv-vm-net');
    const subnet = (await sim().get(`/network/v2.0/subnets/${vmNet.subnets[0]}`)).body.subnet;
    expect(subnet).toMatchObject({ cidr: '10.10.0.0/24', gateway_ip: '10.10.0.1', network_id: vmNet.id, ip_version: 4 });
    const server = (await sim().get('/compute/v2.1/servers/detail?name=^mtv-rhel8-warm-2disks2nics$')).body.servers[0];
    const ports = (await sim().get(`/network/v2.0/ports?device_id=${server.id}`)).body.ports;
    expect(ports.map((p: { fixed_ips: Array<{ ip_address: string }> }) => p.fixed_ips[0]?.ip_address)).toEqual([
      '10.10.0.23',
      '172.16.5.23',
    ]);
    const onVmNet = (await sim().get(`/network/v2.0/ports?device_id=${server.id}&network_id=${vmNet.id}`)).body.ports;
    expect(onVmNet).toHaveLength(1);
    expect(onVmNet[0]).toMatchObject({ device_owner: 'compute:nova', status: 'ACTIVE', mac_address: expect.stringMatching(/^fa:16:3e:/) });
    expect((await sim().get(`/network/v2.0/ports/${onVmNet[0].id}`)).body.port.id).toBe(onVmNet[0].id);
    const missing = await sim().get('/network/v2.0/networks/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.NeutronError.type).toBe('NetworkNotFound');
  });
});

describe('seed', () => {
  test.each(OPENSTACK_VMS)('%s keeps the vSphere guest facts (vCPUs, sockets/cores, memory, disks, NIC IPs)', async (name) => {
    const vm = seedInventory().vms.find((v) => v.name === name)!;
    const server = (await sim().get(`/compute/v2.1/servers/detail?name=^${name}$`, { 'openstack-api-version': 'compute 2.79' })).body
      .servers[0];
    expect(server.flavor).toMatchObject({ vcpus: vm.numCPU, ram: vm.memoryMB });
    const volumes = (await sim().get(cinder('/volumes/detail'))).body.volumes.filter((v: { attachments: Array<{ server_id: string }> }) =>
      v.attachments.some((a) => a.server_id === server.id),
    );
    expect(volumes.map((v: { size: number }) => v.size).sort()).toEqual(vm.disks.map((d) => d.capacityBytes / GiB).sort());
    const boot = volumes.find((v: { bootable: string }) => v.bootable === 'true');
    expect(Number(boot.volume_image_metadata.hw_cpu_sockets) * Number(boot.volume_image_metadata.hw_cpu_cores)).toBe(vm.numCPU);
    expect(boot.volume_image_metadata.hw_cpu_cores).toBe(String(vm.numCoresPerSocket));
    const ips = Object.values(server.addresses as Record<string, Array<{ addr: string }>>)
      .flat()
      .map((a) => a.addr)
      .sort();
    expect(ips).toEqual(vm.guestNics.flatMap((n) => n.ips.map((i) => i.ipAddress)).sort());
  });
});
