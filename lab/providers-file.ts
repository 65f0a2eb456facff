/**
 * Writes <stateDir>/providers.json: the `.providers.json` a QE engineer would write for this lab.
 * Entries `vsphere` and `vsphere-copy-offload` point at the lab's vCenter simulator with its
 * credentials, carry the lab guests' logins, and (copy-offload) the storage array settings and
 * datastore ids from the vSphere model; `vsphere-copy-offload-ssh` is `vsphere-copy-offload` with
 * esxi_clone_method ssh and esxi_host naming the lab ESXi host's sshd as host:port; `openshift`
 * (the lab cluster itself as a source) carries only the guest logins. `ovirt` (when the lab engine
 * runs) points at the lab's oVirt engine API with admin@internal and the lab CA file: the RHV
 * provider always carries the engine CA. `openstack` (when the lab runs its OpenStack simulator)
 * carries the Keystone URL, login, project, domains and region the Python suite's OpenStack
 * provider reads. `esxi` (when the lab serves an ESXi endpoint) points at
 * that host with its root login, endpoint_type esxi, and clones through the `vsphere` entry. `ova`
 * (when the lab serves its NFS export of OVA files) names the share as api_url. Mode
 * 0600: it holds passwords.
 *
 * The format belongs to the suite (lib/config/providers-file.ts reads it); the lab has its own
 * types for the part it writes, and test/contract/providers-file.contract.test.ts runs the suite's
 * parser and validator on what the lab writes, so the two sides cannot drift apart silently.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { GuestCredentials } from './guests/credentials';
import type { OpenStackProviderInfo } from './openstack/component';
import type { VSphereModelSnapshot } from './vsphere/model';
import type { StorageVendor } from './forklift/populator/vendors';
import { SEED_IDS } from './vsphere/seed-ids';
import { LAB_LUKS_PASSPHRASE } from './vsphere/seed-vm-defs';

export const PROVIDERS_FILE = 'providers.json';
/** The VDDK init image the lab's vSphere entries name (a reference only; nothing pulls it). */
export const LAB_VDDK_INIT_IMAGE = 'quay.io/mtv-lab/vddk:8.0.3';

/**
 * An entry's copy-offload block as the lab writes it, the keys of the Python suite's
 * `copyoffload` section: NetApp ONTAP settings for the lab's storage array (any of the nine
 * vendors' keys could be written; the lab's populator checks them per vendor), the XCOPY
 * datastores and the non-XCOPY one, the ESXi host login (used with esxi_clone_method ssh), and the
 * LUN RDM disks map. (Type aliases, not interfaces, so that they fit the suite's open-ended entry type.)
 */
export type LabCopyOffloadEntry = {
  storage_vendor_product: StorageVendor;
  datastore_id: string;
  secondary_datastore_id?: string;
  non_xcopy_datastore_id?: string;
  default_vm_name?: string;
  storage_hostname: string;
  storage_username: string;
  storage_password: string;
  ontap_svm: string;
  esxi_clone_method: 'vib' | 'ssh';
  esxi_host?: string;
  esxi_user?: string;
  esxi_password?: string;
  rdm_lun_uuid: string;
};

/** One provider entry as the lab writes it (the suite's file allows more types and fields). */
export type LabProviderEntry = {
  type: 'vsphere' | 'openshift' | 'ovirt' | 'openstack' | 'ova';
  version: string;
  fqdn: string;
  api_url: string;
  username: string;
  password: string;
  guest_vm_linux_user: string;
  guest_vm_linux_password: string;
  guest_vm_win_user: string;
  guest_vm_win_password: string;
  vddk_init_image?: string;
  /** vSphere: the passphrase of the lab's LUKS-encrypted guest (the Python suite's provider-level fallback). */
  luks_passphrase?: string;
  /** The CA (a PEM path) that signs the endpoint's certificate: the lab's vCenter and RHV engine are signed by the lab CA. */
  ca_cert_file?: string;
  /** vSphere: `esxi` for a host-level SDK endpoint, and the vCenter entry its VMs are cloned through. */
  endpoint_type?: 'vcenter' | 'esxi';
  clone_provider?: string;
  /** OpenStack: the Keystone project, domains and region. */
  project_name?: string;
  user_domain_name?: string;
  user_domain_id?: string;
  project_domain_name?: string;
  project_domain_id?: string;
  region_name?: string;
  copyoffload?: LabCopyOffloadEntry;
};

/** The entry names the lab's scenarios select with source_provider. */
export type LabProvidersFile = Record<'vsphere' | 'vsphere-copy-offload' | 'openshift', LabProviderEntry> & {
  'vsphere-copy-offload-ssh'?: LabProviderEntry;
  ovirt?: LabProviderEntry;
  openstack?: LabProviderEntry;
  esxi?: LabProviderEntry;
  ova?: LabProviderEntry;
};

export interface ProvidersFileInput {
  vsphereUrl: string; // https://127.0.0.1:<port>/sdk
  /** The PEM file of the CA that signs the vCenter's (and ESXi host's) certificate: a user's entry names their VMCA root. */
  vsphereCaCertFile: string;
  credentials: { username: string; password: string };
  guests: GuestCredentials;
  inventory: VSphereModelSnapshot;
  /** Storage array login for copy-offload (kept stable by the caller). */
  storage: { hostname: string; username: string; password: string; svm: string };
  /** The lab oVirt engine: https://127.0.0.1:<port>/ovirt-engine/api, its login and the CA file that signs it. */
  ovirt?: { url: string; credentials: { username: string; password: string }; caCertFile: string };
  /** The lab OpenStack (Keystone URL, login, project, domains, region), when that component runs. */
  openstack?: OpenStackProviderInfo | undefined;
  /** The lab's ESXi host endpoint (lab/vsphere/esxi/endpoint.ts), if it serves one, and its sshd (host:port). */
  esxi?: { url: string; credentials: { username: string; password: string }; sshAddress?: string };
  /** The lab's NFS export of OVA files, `server:/path` (lab/ova), if it serves one. */
  ovaShare?: string | undefined;
}

export function buildProvidersFile(input: ProvidersFileInput): LabProvidersFile {
  const url = new URL(input.vsphereUrl);
  const base: LabProviderEntry = {
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
    ca_cert_file: input.vsphereCaCertFile,
    // Forklift refuses a warm vSphere plan without a VDDK init image (VDDKInitImageUnavailable); a QE
    // engineer's entry names theirs. The lab pulls no images: the reference only has to be set.
    vddk_init_image: LAB_VDDK_INIT_IMAGE,
    luks_passphrase: LAB_LUKS_PASSPHRASE,
  };
  const xcopy = input.inventory.datastores.filter((d) => d.xcopyCapable);
  const plain = input.inventory.datastores.find((d) => !d.xcopyCapable);
  const primary = xcopy[0];
  if (!primary) throw new Error('the lab vSphere inventory has no XCOPY-capable datastore for the copy-offload provider entry');
  const copyoffload: LabCopyOffloadEntry = {
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
    ...(input.esxi
      ? {
          // The sshd, with its port: the lab's ESXi host cannot listen on 22.
          esxi_host: input.esxi.sshAddress ?? new URL(input.esxi.url).hostname,
          esxi_user: input.esxi.credentials.username,
          esxi_password: input.esxi.credentials.password,
        }
      : {}),
    rdm_lun_uuid: SEED_IDS.rdmLuns[0],
  };
  // OpenShift source: the suite rewrites the URL to the current cluster and reuses its token; only
  // the guest logins matter (as in .providers.json.example, with guest credentials added).
  const openshift: LabProviderEntry = {
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
  const file: LabProvidersFile = { vsphere: base, 'vsphere-copy-offload': { ...base, copyoffload }, openshift };
  if (input.esxi?.sshAddress) file['vsphere-copy-offload-ssh'] = { ...base, copyoffload: { ...copyoffload, esxi_clone_method: 'ssh' } };
  if (input.ovirt) file.ovirt = ovirtEntry(input.ovirt, input.guests);
  if (input.openstack) file.openstack = openstackEntry(input.openstack, input.guests, input.vsphereCaCertFile);
  if (input.esxi) file.esxi = esxiEntry(base, input.esxi);
  if (input.ovaShare) file.ova = ovaEntry(input.ovaShare, input.guests);
  return file;
}

function ovirtEntry(ovirt: NonNullable<ProvidersFileInput['ovirt']>, guests: GuestCredentials): LabProviderEntry {
  const url = new URL(ovirt.url);
  return {
    type: 'ovirt',
    version: '4.5',
    fqdn: url.host,
    api_url: `${url.protocol}//${url.host}/ovirt-engine/api`,
    username: ovirt.credentials.username,
    password: ovirt.credentials.password,
    ca_cert_file: ovirt.caCertFile,
    guest_vm_linux_user: guests.linux.user,
    guest_vm_linux_password: guests.linux.password,
    guest_vm_win_user: guests.windows.user,
    guest_vm_win_password: guests.windows.password,
  };
}

/** An ESXi source as the Python suite's .providers.json has it: endpoint_type esxi, cloning through the vCenter entry. */
function esxiEntry(vcenter: LabProviderEntry, esxi: NonNullable<ProvidersFileInput['esxi']>): LabProviderEntry {
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

/**
 * OVA as the Python suite's .providers.json has it: api_url is the NFS share (`server:/path`);
 * version, fqdn, username and password are empty. Every entry of the file carries those keys, and
 * an OVA source has no endpoint login (its provider reads only api_url).
 */
function ovaEntry(share: string, guests: GuestCredentials): LabProviderEntry {
  return {
    type: 'ova',
    version: '',
    fqdn: '',
    api_url: share,
    username: '',
    password: '',
    guest_vm_linux_user: guests.linux.user,
    guest_vm_linux_password: guests.linux.password,
    guest_vm_win_user: guests.windows.user,
    guest_vm_win_password: guests.windows.password,
  };
}

/** The lab CA signs the OpenStack endpoints too: the entry names it, as a user's entry names their cloud's CA bundle. */
function openstackEntry(os: OpenStackProviderInfo, guests: GuestCredentials, labCaCertFile: string): LabProviderEntry {
  return {
    type: 'openstack',
    version: '17.1',
    fqdn: new URL(os.authUrl).host,
    api_url: os.authUrl,
    username: os.username,
    password: os.password,
    project_name: os.projectName,
    user_domain_name: os.userDomainName,
    user_domain_id: os.userDomainId,
    project_domain_name: os.projectDomainName,
    project_domain_id: os.projectDomainId,
    region_name: os.regionName,
    ca_cert_file: labCaCertFile,
    guest_vm_linux_user: guests.linux.user,
    guest_vm_linux_password: guests.linux.password,
    guest_vm_win_user: guests.windows.user,
    guest_vm_win_password: guests.windows.password,
  };
}

/** The storage array login, generated once per state directory. */
export function loadOrCreateStorageLogin(stateDir: string): ProvidersFileInput['storage'] {
  const file = path.join(stateDir, 'storage-array-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ProvidersFileInput['storage'];
  const login = {
    hostname: 'ontap-mgmt.mtv-lab.local',
    username: 'vsadmin',
    password: `Ontap-${randomBytes(10).toString('base64url')}`,
    svm: 'svm-mtv-lab',
  };
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
