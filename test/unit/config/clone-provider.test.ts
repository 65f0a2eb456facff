/**
 * ESXi entries of .providers.json: endpoint_type is checked, and clone_provider (the Python
 * suite's vcenter_clone_provider) must name a vSphere vCenter entry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProvidersFile, selectCloneProvider } from '../../../lib/config/providers-file';
import { ProviderEntryError } from '../../../exceptions/config';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-clone-provider-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const load = (name: string, providers: object): ReturnType<typeof loadProvidersFile> => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(providers));
  return loadProvidersFile(file);
};
const vcenter = {
  type: 'vsphere',
  version: '8.0',
  fqdn: 'vc.example.com',
  api_url: 'https://vc.example.com/sdk',
  username: 'administrator@vsphere.local',
  password: 'Vc-Secret-Pass1',
};
const esxi = {
  ...vcenter,
  fqdn: 'esx1.example.com',
  api_url: 'https://esx1.example.com/sdk',
  username: 'root',
  password: 'Esx-Secret-Pass1',
  endpoint_type: 'esxi',
};

describe('clone_provider of an ESXi entry', () => {
  test('names the vCenter entry VMs are cloned through', () => {
    const loaded = load('ok.json', { vsphere: vcenter, esxi: { ...esxi, clone_provider: 'vsphere' } });
    expect(selectCloneProvider(loaded, 'esxi')).toEqual({ key: 'vsphere', entry: expect.objectContaining({ fqdn: 'vc.example.com' }) });
  });

  test('none for a vCenter entry or an ESXi entry without clone_provider (it then clones on the source)', () => {
    const loaded = load('none.json', { vsphere: { ...vcenter, clone_provider: 'other' }, esxi });
    expect(selectCloneProvider(loaded, 'vsphere')).toBeUndefined();
    expect(selectCloneProvider(loaded, 'esxi')).toBeUndefined();
  });

  test('a clone_provider that is missing, or not a vCenter, is a clear error', () => {
    const missing = load('missing.json', { esxi: { ...esxi, clone_provider: 'vc' } });
    expect(() => selectCloneProvider(missing, 'esxi')).toThrow(ProviderEntryError);
    expect(() => selectCloneProvider(missing, 'esxi')).toThrow(/names clone_provider "vc", which is not a key of the file/);
    const notVc = load('not-vc.json', { esxi: { ...esxi, clone_provider: 'esxi2' }, esxi2: esxi });
    expect(() => selectCloneProvider(notVc, 'esxi')).toThrow(/which must be a vSphere vCenter entry/);
  });

  test('endpoint_type must be vcenter or esxi', () => {
    expect(() => load('bad-endpoint.json', { esxi: { ...esxi, endpoint_type: 'host' } })).toThrow(/endpoint_type/);
  });
});
