/**
 * Writes <stateDir>/providers.json: the `.providers.json` a QE engineer would write for this lab.
 * Entries `vsphere` and `vsphere-copy-offload` point at the lab's vCenter simulator with its
 * credentials, carry the lab guests' logins, and (copy-offload) the storage array settings and
 * datastore ids from the vSphere model; `openshift` (the lab cluster itself as a source) carries
 * only the guest logins; `esxi` (when the lab serves an ESXi endpoint) points at that host with its
 * root login, endpoint_type esxi, and clones through the `vsphere` entry. Mode 0600: it holds passwords.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CopyOffloadConfig, ProviderEntry, ProvidersFile } from '../lib/config/providers-file';
import type { GuestCredentials } from './guests/credentials';
import type { VSphereModelSnapshot } from './vsphere/model';

export const PROVIDERS_FILE = 'providers.json';

export interface ProvidersFileInput {
  vsphereUrl: string; // https://127.0.0.1:<port>/sdk
  credentials: { username: string; password: string };
  guests: GuestCredentials;
  inventory: VSphereModelSnapshot;
  /** Storage array login for copy-offload (kept stable by the caller). */
  storage: { hostname: string; username: string; password: string; svm: string };
  /** The lab's ESXi host endpoint (lab/vsphere/esxi/endpoint.ts), if it serves one. */
  esxi?: { url: string; credentials: { username: string; password: string } };
}

export function buildProvidersFile(input: ProvidersFileInput): ProvidersFile {
  const url = new URL(input.vsphereUrl);
  const base: ProviderEntry = {
    type: 'vsphere',
    version: '8.0',
    fqdn: url.host,
    api_url: `${url.protocol}//${url.host}/sdk`,
    username: input.credentials.username,
    password: input.credentials.password,
    guest_vm_linux_user: input.guests.linux.user,
    guest_vm_linux_password: input.guests.linux.password,
    guest_vm_win_user: input.guests.windows.user,
    guest_vm_win_password: input.guests.windows.password,
    vddk_init_image: '',
  };
  const xcopy = input.inventory.datastores.filter((d) => d.xcopyCapable);
  const plain = input.inventory.datastores.find((d) => !d.xcopyCapable);
  const primary = xcopy[0];
  if (!primary) throw new Error('the lab vSphere inventory has no XCOPY-capable datastore for the copy-offload provider entry');
  const copyoffload: CopyOffloadConfig = {
    storage_vendor_product: 'ontap',
    datastore_id: primary.moref,
    ...(xcopy[1] ? { secondary_datastore_id: xcopy[1].moref } : {}),
    ...(plain ? { non_xcopy_datastore_id: plain.moref } : {}),
    ...(input.inventory.vms.some((v) => v.name === 'xcopy-template-test') ? { default_vm_name: 'xcopy-template-test' } : {}),
    storage_hostname: input.storage.hostname,
    storage_username: input.storage.username,
    storage_password: input.storage.password,
    ontap_svm: input.storage.svm,
    esxi_clone_method: 'vib',
  };
  // OpenShift source: the suite rewrites the URL to the current cluster and reuses its token; only
  // the guest logins matter (as in .providers.json.example, with guest credentials added).
  const openshift: ProviderEntry = {
    type: 'openshift',
    version: '',
    fqdn: '',
    api_url: '',
    username: '',
    password: '',
    guest_vm_linux_user: input.guests.linux.user,
    guest_vm_linux_password: input.guests.linux.password,
    guest_vm_win_user: input.guests.windows.user,
    guest_vm_win_password: input.guests.windows.password,
  };
  return { vsphere: base, 'vsphere-copy-offload': { ...base, copyoffload }, openshift, ...(input.esxi ? { esxi: esxiEntry(base, input.esxi) } : {}) };
}

/** An ESXi source as the Python suite's .providers.json has it: endpoint_type esxi, cloning through the vCenter entry. */
function esxiEntry(vcenter: ProviderEntry, esxi: NonNullable<ProvidersFileInput['esxi']>): ProviderEntry {
  const url = new URL(esxi.url);
  return {
    ...vcenter,
    fqdn: url.host,
    api_url: `${url.protocol}//${url.host}/sdk`,
    username: esxi.credentials.username,
    password: esxi.credentials.password,
    endpoint_type: 'esxi',
    clone_provider: 'vsphere',
  };
}

/** The storage array login, generated once per state directory. */
export function loadOrCreateStorageLogin(stateDir: string): ProvidersFileInput['storage'] {
  const file = path.join(stateDir, 'storage-array-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ProvidersFileInput['storage'];
  const login = { hostname: 'ontap-mgmt.mtv-lab.local', username: 'vsadmin', password: `Ontap-${randomBytes(10).toString('base64url')}`, svm: 'svm-mtv-lab' };
  fs.writeFileSync(file, JSON.stringify(login, null, 2) + '\n', { mode: 0o600 });
  return login;
}

export function writeProvidersFile(stateDir: string, input: ProvidersFileInput): string {
  const file = path.join(stateDir, PROVIDERS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(buildProvidersFile(input), null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return file;
}
