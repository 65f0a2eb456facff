import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labProvidersFile } from '../../../lib/environment/global-setup';
import { LAB_CA_FILE, LAB_PROVIDERS_FILE, LAB_VDDK_INIT_IMAGE, RUN_LAB_PROVIDERS_FILE } from '../../../lib/config/lab';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-providers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("the run's lab providers file adds the lab CA and VDDK image to vSphere entries only, 0600", () => {
  const state = path.join(tmp, 'state');
  const dc = path.join(tmp, 'dc');
  fs.mkdirSync(state);
  fs.mkdirSync(dc);
  fs.writeFileSync(
    path.join(state, LAB_PROVIDERS_FILE),
    JSON.stringify({
      'vsphere-8.0': { type: 'vsphere', password: 'x' },
      'ova-1': { type: 'ova' },
      'vsphere-own': { type: 'vsphere', ca_cert_file: '/own/ca.pem', vddk_init_image: 'own:1' },
    }),
  );
  const file = labProvidersFile(state, dc);
  expect(file).toBe(path.join(dc, RUN_LAB_PROVIDERS_FILE));
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
    'vsphere-8.0': { type: 'vsphere', password: 'x', ca_cert_file: path.join(state, LAB_CA_FILE), vddk_init_image: LAB_VDDK_INIT_IMAGE },
    'ova-1': { type: 'ova' },
    'vsphere-own': { type: 'vsphere', ca_cert_file: '/own/ca.pem', vddk_init_image: 'own:1' },
  });
});
