import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProvidersFile, selectSourceProvider } from '../../../lib/config/providers-file';
import { writeProvidersFile } from '../../../lab/providers-file';
import { seedInventory } from '../../../lab/vsphere/seed';

// The lab describes the providers file it writes with its own types (it may not import the suite's);
// this checks that the suite's reader accepts every entry the lab writes.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-providers-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the suite's providers-file reader accepts every entry the lab writes", () => {
  const file = writeProvidersFile(dir, {
    vsphereUrl: 'https://127.0.0.1:8989/sdk',
    credentials: { username: 'administrator@vsphere.local', password: 'lab-secret' },
    guests: { linux: { user: 'root', password: 'linux-secret' }, windows: { user: 'Administrator', password: 'win-secret' } },
    inventory: seedInventory(),
    storage: { hostname: 'ontap-mgmt.mtv-lab.local', username: 'vsadmin', password: 'ontap-secret', svm: 'svm-mtv-lab' },
  });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const loaded = loadProvidersFile(file);
  expect(Object.keys(loaded.providers).sort()).toEqual(['openshift', 'vsphere', 'vsphere-copy-offload']);
  expect(selectSourceProvider(loaded, 'vsphere')).toMatchObject({ type: 'vsphere', api_url: 'https://127.0.0.1:8989/sdk', password: 'lab-secret' });
  expect(selectSourceProvider(loaded, 'vsphere-copy-offload').copyoffload).toMatchObject({ storage_vendor_product: 'ontap', ontap_svm: 'svm-mtv-lab' });
  expect(selectSourceProvider(loaded, 'openshift')).toMatchObject({ type: 'openshift', guest_vm_linux_user: 'root' });
});
