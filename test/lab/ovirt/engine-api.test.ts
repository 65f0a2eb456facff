/**
 * The lab engine's write paths over HTTP as the Python suite's OvirtProvider uses them: clone from a
 * template (POST /vms?clone=true), start/stop actions, events searched by VM id (the power-off check),
 * remove, and the engine's faults. Phases are long here so each answer sees the first status.
 */
import { SdkLikeClient } from '../../contract/ovirt/engine-client';
import { startLabEngine, type EnginePeer } from '../../contract/ovirt/peer';
import { buildProvidersFile } from '../../../lab/providers-file';
import { seedInventory } from '../../../lab/vsphere/seed';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => v as Obj;
const arr = (v: unknown): Obj[] => (v ?? []) as Obj[];

let peer: EnginePeer;
let sdk: SdkLikeClient;

beforeAll(async () => {
  peer = await startLabEngine({ phaseMs: 60_000 });
  sdk = new SdkLikeClient(peer.url, peer.username, peer.password, peer.caPem);
  await sdk.login();
});
afterAll(async () => peer.stop());

async function templateNamed(name: string): Promise<Obj> {
  return o(arr(o((await sdk.get('/templates', { search: `name=${name}` }))['templates'])['template'])[0]);
}

const cloneBody = (name: string, t: Obj): string =>
  `<vm><name>${name}</name><cluster id="${String(o(t['cluster'])['@id'])}"/><template id="${String(t['@id'])}"/><memory_policy><guaranteed>0</guaranteed></memory_policy></vm>`;

test('POST /vms?clone=true from a template answers 201 with the new VM, image_locked', async () => {
  const t = await templateNamed('mtv-tests-rhel8');
  const answer = await sdk.send('POST', '/vms', { query: { clone: 'true' }, body: cloneBody('s1-mtv-tests-rhel8', t) });
  expect(answer.status).toBe(201);
  const vm = o(o(sdk.parse(answer.body))['vm']);
  expect(vm['name']).toBe('s1-mtv-tests-rhel8');
  expect(vm['status']).toBe('image_locked');
  expect(o(vm['template'])['@id']).toBe(t['@id']);
  expect(o(o(vm['memory_policy']))['guaranteed']).toBe('0');
  const again = await sdk.send('POST', '/vms', { query: { clone: 'true' }, body: cloneBody('s1-mtv-tests-rhel8', t) });
  expect(again.status).toBe(409);
  expect(o(o(sdk.parse(again.body))['fault'])['reason']).toBe('Operation Failed');
});

test('start answers a complete action with its job; stop writes the USER_STOP_VM event searchable by Vms.id', async () => {
  const vm = peer.model.inventory.vms.find((v) => v.name === 'mtv-win2019-79')!;
  const started = o(o(sdk.parse((await sdk.send('POST', `/vms/${vm.id}/start`, { body: '<action/>' })).body))['action']);
  expect(started['status']).toBe('complete');
  expect(String(o(started['job'])['@href'])).toMatch(/^\/ovirt-engine\/api\/jobs\//);
  expect(vm.status).toBe('wait_for_launch');
  vm.status = 'up'; // the boot phases are covered by the model test
  expect((await sdk.send('POST', `/vms/${vm.id}/stop`, { body: '<action/>' })).status).toBe(200);
  const events = arr(o((await sdk.get('/events', { search: `Vms.id = ${vm.id}` }))['events'])['event']);
  expect(events.map((e) => e['code'])).toContain('33');
  expect(events.every((e) => o(e['vm'])['@id'] === vm.id)).toBe(true);
  const other = peer.model.inventory.vms.find((v) => v.name === 'mtv-tests-rhel8')!;
  expect(arr(o((await sdk.get('/events', { search: `Vms.id = ${other.id}` }))['events'])['event'])).toEqual([]);
});

test('remove: a running VM is a 409 fault, a down one is removed and then 404', async () => {
  const vm = peer.model.inventory.vms.find((v) => v.name === 'mtv-win2022-ip-3disks')!;
  vm.status = 'up';
  const refused = await sdk.send('DELETE', `/vms/${vm.id}`);
  expect(refused.status).toBe(409);
  expect(String(o(o(sdk.parse(refused.body))['fault'])['detail'])).toContain('Cannot remove VM');
  vm.status = 'down';
  expect((await sdk.send('DELETE', `/vms/${vm.id}`)).status).toBe(200);
  expect((await sdk.send('GET', `/vms/${vm.id}`)).status).toBe(404);
});

test('a search on a field the collection does not have is a 400 fault', async () => {
  const answer = await sdk.send('GET', '/vms', { query: { search: 'colour=blue' } });
  expect(answer.status).toBe(400);
  expect(o(o(sdk.parse(answer.body))['fault'])['detail']).toContain('colour');
});

test('the providers file gets an ovirt entry with the engine API, admin@internal and the CA file', () => {
  const file = buildProvidersFile({
    vsphereUrl: 'https://127.0.0.1:1234/sdk',
    vsphereCaCertFile: '/state/ca.crt',
    credentials: { username: 'u', password: 'p' },
    guests: { linux: { user: 'l', password: 'lp' }, windows: { user: 'w', password: 'wp' } },
    inventory: seedInventory(),
    storage: { hostname: 'h', username: 'su', password: 'sp', svm: 'svm' },
    ovirt: { url: peer.url, credentials: { username: peer.username, password: peer.password }, caCertFile: peer.caFile },
  });
  const url = new URL(peer.url);
  expect(file['ovirt']).toMatchObject({
    type: 'ovirt',
    fqdn: url.host,
    api_url: `https://${url.host}/ovirt-engine/api`,
    username: 'admin@internal',
    password: peer.password,
    ca_cert_file: peer.caFile,
  });
});
