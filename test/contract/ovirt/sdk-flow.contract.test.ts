/**
 * The lab engine against the documented REST API v4 shapes, driven the way ovirt-engine-sdk drives
 * an engine in the Python suite's OvirtProvider: SSO token, API root, VM search by name, show,
 * follow the diskattachments → disk → storage domain and nics → vnic profile → network links,
 * events by VM, plus HTTP Basic auth and the 401 on a bad or missing token.
 */
import { SdkLikeClient, request } from './engine-client';
import { startLabEngine, type EnginePeer } from './peer';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => v as Obj;
const arr = (v: unknown): Obj[] => (v ?? []) as Obj[];
const API = '/ovirt-engine/api';

/** Every entity has an id attribute and an href `/ovirt-engine/api/<collection>/<id>` (or nested under its owner). */
function expectEntity(e: Obj, collection: RegExp): void {
  expect(typeof e['@id']).toBe('string');
  expect(String(e['@href'])).toMatch(collection);
  expect(String(e['@href']).endsWith(`/${String(e['@id'])}`)).toBe(true);
}

const rels = (e: Obj): string[] => arr(e['link']).map((l) => String(l['@rel']));

let peer: EnginePeer;
let sdk: SdkLikeClient;

beforeAll(async () => {
  peer = await startLabEngine();
  sdk = new SdkLikeClient(peer.url, peer.username, peer.password, peer.caPem);
});
afterAll(async () => peer.stop());

describe('SSO', () => {
  test('grant_type=password, scope=ovirt-app-api answers JSON with a bearer access_token', async () => {
    const answer = await sdk.ssoToken();
    expect(answer.status).toBe(200);
    expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(answer.body) as Obj;
    expect(body['token_type']).toBe('Bearer');
    expect(String(body['access_token']).length).toBeGreaterThan(20);
    expect(String(body['scope'])).toContain('ovirt-app-api');
  });

  test('a wrong password is a JSON error the SDK reports (error_code, error)', async () => {
    const answer = await sdk.ssoToken('not-the-password');
    expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(answer.body) as Obj;
    expect(body['error_code']).toBe('access_denied');
    expect(String(body['error'])).toContain(peer.username);
    expect(body['access_token']).toBeUndefined();
  });
});

describe('API with a token', () => {
  beforeAll(async () => sdk.login());

  test('the root names the product and links every collection, searchable ones with {query}', async () => {
    const api = o((await sdk.get(''))['api']);
    const product = o(api['product_info']);
    expect(product['name']).toBe('oVirt Engine');
    expect(o(product['version'])['major']).toBe('4');
    const links = arr(api['link']);
    for (const rel of [
      'vms',
      'templates',
      'disks',
      'networks',
      'storagedomains',
      'clusters',
      'datacenters',
      'hosts',
      'events',
      'jobs',
      'vnicprofiles',
    ]) {
      expect(links.find((l) => l['@rel'] === rel)?.['@href']).toBe(`${API}/${rel}`);
    }
    expect(links.find((l) => l['@rel'] === 'vms/search')?.['@href']).toBe(`${API}/vms?search={query}`);
  });

  test('the MTV-CNV data center is up (the Python suite refuses the engine otherwise)', async () => {
    const dcs = arr(o((await sdk.get('/datacenters'))['data_centers'])['data_center']);
    const dc = dcs.find((d) => d['name'] === 'MTV-CNV');
    expect(dc?.['status']).toBe('up');
    expectEntity(o(dc), /^\/ovirt-engine\/api\/datacenters\/[0-9a-f-]{36}$/);
  });

  test('vms?search=name=mtv-tests-rhel8 finds exactly that VM with its facts, links and actions', async () => {
    const vms = arr(o((await sdk.get('/vms', { search: 'name=mtv-tests-rhel8' }))['vms'])['vm']);
    expect(vms.map((v) => v['name'])).toEqual(['mtv-tests-rhel8']);
    const vm = o(vms[0]);
    expectEntity(vm, /^\/ovirt-engine\/api\/vms\//);
    expect(vm['status']).toBe('down');
    expect(o(o(vm['cpu'])['topology'])).toEqual({ cores: '1', sockets: '2', threads: '1' });
    expect(Number(vm['memory']) / 1024 / 1024).toBe(4096);
    expect(rels(vm)).toEqual(expect.arrayContaining(['diskattachments', 'nics', 'snapshots']));
    expect(rels(o(vm['actions']))).toEqual(expect.arrayContaining(['start', 'stop', 'shutdown']));
    expectEntity(o(vm['cluster']), /^\/ovirt-engine\/api\/clusters\//);
    const shown = o((await sdk.follow(String(vm['@href'])))['vm']);
    expect(shown['@id']).toBe(vm['@id']);
  });

  test('diskattachments → disk → storage domain, as vm_dict follows them', async () => {
    const vm = o(arr(o((await sdk.get('/vms', { search: 'name=mtv-win2019-3disks' }))['vms'])['vm'])[0]);
    const attachments = arr(o((await sdk.get(`/vms/${String(vm['@id'])}/diskattachments`))['disk_attachments'])['disk_attachment']);
    expect(attachments).toHaveLength(3);
    const domains = new Set<string>();
    for (const a of attachments) {
      expectEntity(a, new RegExp(`^/ovirt-engine/api/vms/${String(vm['@id'])}/diskattachments/`));
      const disk = o((await sdk.follow(String(o(a['disk'])['@href'])))['disk']);
      expectEntity(disk, /^\/ovirt-engine\/api\/disks\//);
      expect(Number(disk['provisioned_size'])).toBeGreaterThan(0);
      expect(Number(disk['total_size'])).toBeGreaterThan(0);
      const sdRef = o(arr(o(disk['storage_domains'])['storage_domain'])[0]);
      const sd = o((await sdk.follow(String(sdRef['@href'])))['storage_domain']);
      expectEntity(sd, /^\/ovirt-engine\/api\/storagedomains\//);
      domains.add(String(sd['name']));
    }
    expect([...domains].sort()).toEqual(['mtv-iscsi-data', 'mtv-nfs-data']);
  });

  test('nics carry a MAC and a vnic_profile whose network the suite follows', async () => {
    const vm = o(arr(o((await sdk.get('/vms', { search: 'name=mtv-rhel8-warm-2disks2nics' }))['vms'])['vm'])[0]);
    const nics = arr(o((await sdk.get(`/vms/${String(vm['@id'])}/nics`))['nics'])['nic']);
    expect(nics).toHaveLength(2);
    const networks: string[] = [];
    for (const ref of nics) {
      const nic = o((await sdk.follow(String(ref['@href'])))['nic']);
      expect(String(o(nic['mac'])['address'])).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const profile = o((await sdk.follow(String(o(nic['vnic_profile'])['@href'])))['vnic_profile']);
      const network = o((await sdk.follow(String(o(profile['network'])['@href'])))['network']);
      expectEntity(network, /^\/ovirt-engine\/api\/networks\//);
      networks.push(String(network['name']));
    }
    expect(networks).toEqual(['ovirtmgmt', 'mtv-vlan100']);
  });

  test('templates?search=name=... finds the template the suite clones from, with its cluster', async () => {
    const templates = arr(o((await sdk.get('/templates', { search: 'name=mtv-tests-rhel8' }))['templates'])['template']);
    expect(templates).toHaveLength(1);
    expectEntity(o(templates[0]), /^\/ovirt-engine\/api\/templates\//);
    expectEntity(o(o(templates[0])['cluster']), /^\/ovirt-engine\/api\/clusters\//);
  });

  test('JSON when the client accepts application/json: the same representation, members as arrays', async () => {
    const answer = await sdk.send('GET', '/vms', { query: { search: 'name=mtv-tests-rhel8' }, accept: 'application/json' });
    expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(answer.body) as { vm: Obj[] };
    expect(body.vm).toHaveLength(1);
    expect(body.vm[0]?.['name']).toBe('mtv-tests-rhel8');
    expect(String(body.vm[0]?.['href'])).toBe(`${API}/vms/${String(body.vm[0]?.['id'])}`);
    expect(arr(body.vm[0]?.['link']).map((l) => l['rel'])).toContain('diskattachments');
  });
});

describe('authentication on the API', () => {
  test('HTTP Basic credentials are accepted', async () => {
    const basic = `Basic ${Buffer.from(`${peer.username}:${peer.password}`).toString('base64')}`;
    const answer = await sdk.send('GET', '/datacenters', { authorization: basic });
    expect(answer.status).toBe(200);
  });

  test.each([
    ['a bad bearer token', 'Bearer not-a-token'],
    ['wrong Basic credentials', `Basic ${Buffer.from('admin@internal:wrong').toString('base64')}`],
    ['no Authorization header', ''],
  ])('%s is 401 with the engine body and a Basic challenge', async (_what, authorization) => {
    const answer = authorization
      ? await sdk.send('GET', '/vms', { authorization })
      : await request(`${peer.url}/vms`, { ca: peer.caPem, headers: { Version: '4', Accept: 'application/xml' } });
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('Unauthorized');
    expect(String(answer.headers['www-authenticate'])).toMatch(/^Basic realm=/);
  });
});

test('the CA download serves the CA that signs the engine certificate', async () => {
  const answer = await request(`${sdk.origin}/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA`, {
    ca: peer.caPem,
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toBe(peer.caPem);
});
