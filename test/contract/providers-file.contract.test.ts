/**
 * Contract between the lab and the suite over the providers file: the lab writes it
 * (lab/providers-file.ts, with its own types), the suite reads it (lib/config/providers-file.ts).
 * This test runs the suite's parser, validator and entry selection on the file the lab writes, so
 * a change on either side that breaks the other fails here, not in a scenario run.
 */
import { esxiCloneMethod, esxiLogin } from '../../lib/config/copy-offload';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LAB_CA_FILE, LAB_PROVIDERS_FILE, labDefaults } from '../../lib/config/lab';
import { loadProvidersFile, selectSourceProvider, type ProvidersFile } from '../../lib/config/providers-file';
import { labProvidersFile } from '../../lib/environment/global-setup';
import {
  PROVIDERS_FILE,
  buildProvidersFile,
  writeProvidersFile,
  type LabProvidersFile,
  type ProvidersFileInput,
} from '../../lab/providers-file';
import { caCertFile, ensureTls } from '../../lab/certs';
import { LAB_PROVIDER_TYPES } from '../../lab/provider-keys';
import { seedInventory } from '../../lab/vsphere/seed';

const input: ProvidersFileInput = {
  vsphereUrl: 'https://127.0.0.1:40443/sdk',
  vsphereCaCertFile: '/state/ca.crt',
  credentials: { username: 'administrator@vsphere.local', password: 'Lab-Passw0rd!' },
  guests: {
    linux: { user: 'root', password: 'linux-pw' },
    windows: { user: 'Administrator', password: 'win-pw' },
  } as ProvidersFileInput['guests'],
  inventory: seedInventory(),
  storage: { hostname: 'ontap-mgmt.mtv-lab.local', username: 'vsadmin', password: 'Ontap-secret', svm: 'svm-mtv-lab' },
  ovaShare: '127.0.0.1:/state/nfs/ova',
};

// Compile-time half of the contract: what the lab writes is a providers file in the suite's type.
const asSuiteType: ProvidersFile = buildProvidersFile(input);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-contract-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the suite loads the lab file unchanged, and selects every entry the lab writes', () => {
  const file = writeProvidersFile(dir, input);
  const loaded = loadProvidersFile(file);
  expect(loaded.providers).toEqual(asSuiteType);
  for (const key of Object.keys(buildProvidersFile(input)) as Array<keyof LabProvidersFile>) {
    expect(selectSourceProvider(loaded, key)).toEqual(buildProvidersFile(input)[key]);
  }
});

test('the vSphere entries carry what the suite connects with; copy-offload names the seeded datastores', () => {
  const loaded = loadProvidersFile(writeProvidersFile(dir, input));
  const vsphere = selectSourceProvider(loaded, 'vsphere');
  expect(vsphere).toMatchObject({
    type: 'vsphere',
    fqdn: '127.0.0.1:40443',
    api_url: 'https://127.0.0.1:40443/sdk',
    username: input.credentials.username,
    password: input.credentials.password,
  });
  const offload = selectSourceProvider(loaded, 'vsphere-copy-offload').copyoffload;
  const datastores = new Set(input.inventory.datastores.map((d) => d.moref));
  expect(offload?.storage_vendor_product).toBe('ontap');
  expect(datastores.has(offload?.datastore_id ?? '')).toBe(true);
  // What the copy-offload classes resolve: the second XCOPY datastore, the non-XCOPY one, the RDM LUN, the template.
  const xcopy = input.inventory.datastores.filter((d) => d.xcopyCapable).map((d) => d.moref);
  const plain = input.inventory.datastores.filter((d) => !d.xcopyCapable).map((d) => d.moref);
  expect(offload).toMatchObject({
    secondary_datastore_id: xcopy[1],
    non_xcopy_datastore_id: plain[0],
    esxi_clone_method: 'vib',
    rdm_lun_uuid: expect.stringMatching(/^naa\.[0-9a-f]{32}$/),
    default_vm_name: 'xcopy-template-test',
  });
  expect(offload?.datastore_id).toBe(xcopy[0]);
  expect(selectSourceProvider(loaded, 'openshift').type).toBe('openshift');
});

test("a lab run's path: the lab writes into its state directory what a user's file would carry (CA, VDDK image), the suite selects the default source", () => {
  expect(PROVIDERS_FILE).toBe(LAB_PROVIDERS_FILE);
  const state = path.join(dir, 'state');
  const dataCollector = path.join(dir, 'dc');
  fs.mkdirSync(state);
  fs.mkdirSync(dataCollector);
  expect(writeProvidersFile(state, input)).toBe(path.join(state, LAB_PROVIDERS_FILE));
  // The CA the suite verifies the lab's vCenter with is where the run's file points.
  const { caCertPem } = ensureTls(state);
  expect(fs.readFileSync(path.join(state, LAB_CA_FILE), 'utf8')).toBe(caCertPem);
  expect(caCertFile(state)).toBe(path.join(state, LAB_CA_FILE));
  const real = { ...input, vsphereCaCertFile: caCertFile(state) };
  writeProvidersFile(state, real);
  const loaded = loadProvidersFile(labProvidersFile(state, dataCollector));
  const entry = selectSourceProvider(loaded, labDefaults.source_provider);
  expect(entry).toEqual(buildProvidersFile(real).vsphere);
  // Trust and warm migration need nothing from the suite: the lab's entry names the CA and a VDDK image.
  expect(entry.ca_cert_file).toBe(path.join(state, LAB_CA_FILE));
  expect(entry.vddk_init_image).toMatch(/\S/);
  expect(selectSourceProvider(loaded, 'vsphere-copy-offload').ca_cert_file).toBe(path.join(state, LAB_CA_FILE));
});

test('the file is private to its owner (it holds passwords)', () => {
  const file = writeProvidersFile(dir, input);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
});

test('the contract has teeth: a field the suite rejects in what the lab writes fails the load', () => {
  const file = writeProvidersFile(dir, input);
  const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { copyoffload?: Record<string, unknown> }>;
  (written['vsphere-copy-offload']?.copyoffload as Record<string, unknown>).storage_vendor_product = 'netapp';
  fs.writeFileSync(file, JSON.stringify(written));
  expect(() => loadProvidersFile(file)).toThrow(/storage_vendor_product must be one of/);
});

test('every key the lab writes has the source type LAB_PROVIDER_TYPES gives the suite before the lab runs', () => {
  const full = buildProvidersFile({
    ...input,
    ovirt: {
      url: 'https://127.0.0.1:40444/ovirt-engine/api',
      credentials: { username: 'admin@internal', password: 'x' },
      caCertFile: '/state/ca.crt',
    },
    openstack: {
      authUrl: 'https://127.0.0.1:40445/v3',
      username: 'admin',
      password: 'x',
      projectName: 'mtv-qe',
      userDomainName: 'Default',
      userDomainId: 'default',
      projectDomainName: 'Default',
      projectDomainId: 'default',
      regionName: 'RegionOne',
    } as NonNullable<ProvidersFileInput['openstack']>,
    esxi: { url: 'https://127.0.0.1:40446/sdk', credentials: { username: 'root', password: 'x' }, sshAddress: '127.0.0.1:40447' },
  });
  const types = Object.fromEntries(Object.entries(full).map(([key, entry]) => [key, entry.type]));
  expect(types).toEqual(LAB_PROVIDER_TYPES);
  expect(full.openstack?.ca_cert_file).toBe('/state/ca.crt');
});

test("the ssh copy-offload entry is the copy-offload entry with esxi_clone_method ssh at the ESXi host's sshd (host:port)", () => {
  const file = buildProvidersFile({
    ...input,
    esxi: { url: 'https://127.0.0.1:40446/sdk', credentials: { username: 'root', password: 'x' }, sshAddress: '127.0.0.1:40447' },
  });
  const ssh = file['vsphere-copy-offload-ssh'];
  expect(ssh?.copyoffload).toEqual({ ...file['vsphere-copy-offload'].copyoffload, esxi_clone_method: 'ssh' });
  expect(ssh?.copyoffload?.esxi_host).toBe('127.0.0.1:40447');
  const written = writeProvidersFile(dir, {
    ...input,
    esxi: { url: 'https://127.0.0.1:40446/sdk', credentials: { username: 'root', password: 'x' }, sshAddress: '127.0.0.1:40447' },
  });
  const src = {
    entryKey: 'vsphere-copy-offload-ssh',
    providersPath: written,
    entry: selectSourceProvider(loadProvidersFile(written), 'vsphere-copy-offload-ssh'),
    env: {},
  };
  expect(esxiCloneMethod(src)).toBe('ssh');
  expect(esxiLogin(src)).toEqual({ host: '127.0.0.1', port: 40447, user: 'root', password: 'x' });
});

test('the ova entry names the NFS share as api_url, as the Python providers.json has it', () => {
  const loaded = loadProvidersFile(writeProvidersFile(dir, input));
  expect(selectSourceProvider(loaded, 'ova')).toMatchObject({ type: 'ova', api_url: '127.0.0.1:/state/nfs/ova' });
});
