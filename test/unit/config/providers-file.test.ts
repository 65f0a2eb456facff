import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProvidersFile, resolveProvidersPath, selectSourceProvider } from '../../../lib/config';
import {
  MissingProvidersFileError,
  ProviderEmptyContentError,
  ProvidersFileParseError,
  UnknownSourceProviderError,
} from '../../../exceptions/config';
import { redactText } from '../../../lib/log';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-providers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};
const vsphere = {
  type: 'vsphere',
  version: '8.0.3',
  fqdn: 'vc.example.com',
  api_url: 'https://vc.example.com/sdk',
  username: 'administrator@vsphere.local',
  password: 'Vc-Secret-Pass1',
};

describe('.providers.json loader', () => {
  test('path: --providers-json, else PROVIDERS_JSON_PATH, else ./.providers.json', () => {
    expect(resolveProvidersPath('a.json', { PROVIDERS_JSON_PATH: 'b.json' }, '/w')).toBe('/w/a.json');
    expect(resolveProvidersPath(undefined, { PROVIDERS_JSON_PATH: 'b.json' }, '/w')).toBe('/w/b.json');
    expect(resolveProvidersPath(undefined, {}, '/w')).toBe('/w/.providers.json');
  });

  test('missing and empty files are clear errors', () => {
    expect(() => loadProvidersFile(path.join(tmp, 'absent.json'))).toThrow(MissingProvidersFileError);
    expect(() => loadProvidersFile(path.join(tmp, 'absent.json'))).toThrow(
      /No provider configurations found in '.*absent.json': create it from .providers.json.example/,
    );
    expect(() => loadProvidersFile(write('empty.json', '  \n'))).toThrow(ProviderEmptyContentError);
    expect(() => loadProvidersFile(write('emptyobj.json', '{}'))).toThrow(/Providers JSON file is empty/);
  });

  test('a comment left over from the example is reported with line, column and what to do', () => {
    const file = write('comment.json', '{\n  "vsphere": {\n    // the vCenter\n    "type": "vsphere"\n  }\n}\n');
    let error: unknown;
    try {
      loadProvidersFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProvidersFileParseError);
    const e = error as ProvidersFileParseError;
    expect([e.line, e.column]).toEqual([3, 5]);
    expect(e.message).toBe(
      `${file}:3:5: invalid JSON (Expected property name or '}'); that line is a comment (// or #) from .providers.json.example; strict JSON has no comments, delete it`,
    );
    expect(e.message.split('\n')).toHaveLength(1);
    const hash = write('hash.json', '{\n  # pragma: allowlist secret\n  "a": {"type": "ova"}\n}');
    expect(() => loadProvidersFile(hash)).toThrow(/hash.json:2:3: .*that line is a comment/);
    const trailing = write('trailing.json', '{"a": {"type": "ova",}}');
    expect(() => loadProvidersFile(trailing)).toThrow(/trailing.json:1:22: invalid JSON .* fix the JSON there/);
  });

  test('an unknown source_provider lists the available keys', () => {
    const loaded = loadProvidersFile(
      write(
        'two.json',
        JSON.stringify({
          'vsphere-8': vsphere,
          'ovirt-4.5': { type: 'ovirt', fqdn: 'e', api_url: '/ovirt-engine/api', username: 'u', password: 'pw-ovirt-1' },
        }),
      ),
    );
    expect(() => selectSourceProvider(loaded, 'vsphere')).toThrow(UnknownSourceProviderError);
    expect(() => selectSourceProvider(loaded, 'vsphere')).toThrow(
      'source_provider "vsphere" is not in ' + loaded.path + '; available: vsphere-8, ovirt-4.5; pass --tc source_provider:<one of them>',
    );
    expect(selectSourceProvider(loaded, 'vsphere-8')).toMatchObject({ type: 'vsphere', fqdn: 'vc.example.com' });
  });

  test('entries are type-checked and the selected entry must have what its type needs', () => {
    expect(() => loadProvidersFile(write('badtype.json', '{"x": {"type": "vmware"}}'))).toThrow(
      'provider "x" field type must be one of vsphere, ovirt, openstack, openshift, ova, got "vmware"',
    );
    const loaded = loadProvidersFile(write('partial.json', '{"v": {"type": "vsphere", "fqdn": "h"}}'));
    expect(() => selectSourceProvider(loaded, 'v')).toThrow('provider "v" (type vsphere) needs non-empty api_url, username, password');
    const co = write(
      'co.json',
      JSON.stringify({ v: { ...vsphere, copyoffload: { storage_vendor_product: 'netapp', datastore_id: 'd' } } }),
    );
    expect(() => loadProvidersFile(co)).toThrow('provider "v" field copyoffload.storage_vendor_product must be one of ontap, vantara');
  });

  test('secret values are registered with the log redaction as soon as the file is read', () => {
    loadProvidersFile(
      write(
        'secrets.json',
        JSON.stringify({
          v: {
            ...vsphere,
            guest_vm_linux_password: 'Guest-Pass-77',
            copyoffload: { storage_vendor_product: 'ontap', datastore_id: 'd', storage_password: 'Array-Pass-99' },
          },
        }),
      ),
    );
    const line = 'connecting with Vc-Secret-Pass1 then Guest-Pass-77 and Array-Pass-99';
    expect(redactText(line)).toBe('connecting with *** then *** and ***');
  });
});
