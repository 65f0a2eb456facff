import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labProvidersFile } from '../../../lib/environment/global-setup';
import { LAB_PROVIDERS_FILE, RUN_LAB_PROVIDERS_FILE } from '../../../lib/config/lab';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-providers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("the run's lab providers file is the lab's own file, unchanged (a lab run reads what a cluster run of the lab reads), 0600", () => {
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
    'vsphere-8.0': { type: 'vsphere', password: 'x' },
    'ova-1': { type: 'ova' },
    'vsphere-own': { type: 'vsphere', ca_cert_file: '/own/ca.pem', vddk_init_image: 'own:1' },
  });
});
