/**
 * The providers file's `copyoffload` section as the Python suite reads it (copyoffload_config,
 * copyoffload_storage_secret, copyoffload_datastore): every credential may come from the
 * environment as COPYOFFLOAD_<KEY> (the environment wins), the vendor's own secret keys are
 * required for that vendor, `storage_secret_extra` (JSON object; env COPYOFFLOAD_STORAGE_SECRET_EXTRA)
 * is merged last, and the symbolic datastore ids a scenario names (`secondary_datastore_id`,
 * `non_xcopy_datastore_id`) resolve to the MoIDs of this section. Every value read is registered
 * with the log redaction (storage logins and the ESXi password never reach a log, report or
 * resource file), except the ESXi host, user and clone method: no secrets, and a user "root"
 * masked everywhere would garble every log line naming a root disk or directory.
 */
import { CopyOffloadConfigError } from '../../exceptions/copy-offload';
import { registerSecret } from '../log/redact';
import type { ScenarioPlan } from '../runner/scenario-types';
import type { CopyOffloadConfig, ProviderEntry, StorageVendor } from './providers-file';

/** Vendor keys of the storage secret: [copyoffload config key, Secret data key]. */
export const VENDOR_SECRET_KEYS: Readonly<Record<StorageVendor, ReadonlyArray<readonly [string, string]>>> = {
  ontap: [['ontap_svm', 'ONTAP_SVM']],
  vantara: [
    ['vantara_storage_id', 'STORAGE_ID'],
    ['vantara_storage_port', 'STORAGE_PORT'],
    ['vantara_hostgroup_id_list', 'HOSTGROUP_ID_LIST'],
  ],
  primera3par: [],
  pureFlashArray: [['pure_cluster_prefix', 'PURE_CLUSTER_PREFIX']],
  powerflex: [['powerflex_system_id', 'POWERFLEX_SYSTEM_ID']],
  powermax: [['powermax_symmetrix_id', 'POWERMAX_SYMMETRIX_ID']],
  powerstore: [],
  infinibox: [],
  flashsystem: [],
};

const STORAGE_LOGIN = [
  ['storage_hostname', 'STORAGE_HOSTNAME'],
  ['storage_username', 'STORAGE_USERNAME'],
  ['storage_password', 'STORAGE_PASSWORD'],
] as const;

/** The symbolic datastore ids a scenario may use instead of a MoID (copyoffload_datastore.py). */
export const SYMBOLIC_DATASTORES = ['datastore_id', 'secondary_datastore_id', 'non_xcopy_datastore_id'] as const;
export type SymbolicDatastore = (typeof SYMBOLIC_DATASTORES)[number];

/** The copy-offload section of one providers entry, with where it came from for error messages. */
export interface CopyOffloadSource {
  entryKey: string;
  providersPath: string;
  entry: ProviderEntry;
  env: NodeJS.ProcessEnv;
}

function fail(src: CopyOffloadSource, detail: string): never {
  throw new CopyOffloadConfigError(src.entryKey, src.providersPath, detail);
}

/** The entry's `copyoffload` section; a vSphere entry without one fails naming the fix. */
export function copyOffloadSection(src: CopyOffloadSource): CopyOffloadConfig {
  if (src.entry.type !== 'vsphere') fail(src, `copy-offload needs a vSphere source provider, this entry is type ${src.entry.type}`);
  const section = src.entry.copyoffload;
  if (!section)
    fail(
      src,
      'has no "copyoffload" section: add one (storage_vendor_product, datastore_id, storage_hostname, storage_username, storage_password) or pick a copy-offload entry with --tc source_provider:<key>',
    );
  return section;
}

/** Settings read through copyOffloadValue that are not secrets (not registered with the redaction). */
const NOT_SECRET: ReadonlySet<string> = new Set(['esxi_clone_method', 'esxi_host', 'esxi_user']);

/** One setting: COPYOFFLOAD_<KEY> from the environment wins over the file; registered as a secret unless NOT_SECRET. */
export function copyOffloadValue(src: CopyOffloadSource, key: string): string | undefined {
  const fromEnv = src.env[`COPYOFFLOAD_${key.toUpperCase()}`];
  const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : copyOffloadSection(src)[key];
  if (typeof raw !== 'string' || raw === '') return undefined;
  if (!NOT_SECRET.has(key)) registerSecret(raw);
  return raw;
}

function required(src: CopyOffloadSource, key: string, why: string): string {
  const value = copyOffloadValue(src, key);
  if (value === undefined)
    fail(src, `copyoffload.${key} is missing (${why}): set it in the copyoffload section or COPYOFFLOAD_${key.toUpperCase()}`);
  return value;
}

function extraSecretData(src: CopyOffloadSource): Record<string, string> {
  const fromEnv = src.env.COPYOFFLOAD_STORAGE_SECRET_EXTRA;
  let extra: unknown = copyOffloadSection(src).storage_secret_extra ?? {};
  if (fromEnv) {
    try {
      extra = JSON.parse(fromEnv);
    } catch {
      fail(src, 'COPYOFFLOAD_STORAGE_SECRET_EXTRA is not JSON: set it to a JSON object of string values');
    }
  }
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra) || Object.values(extra).some((v) => typeof v !== 'string'))
    fail(src, 'copyoffload.storage_secret_extra must be a JSON object of string values');
  for (const v of Object.values(extra as Record<string, string>)) registerSecret(v);
  return extra as Record<string, string>;
}

/** The vendor storage Secret's data: the storage login, the vendor's keys, then storage_secret_extra (extras win). */
export function storageSecretData(src: CopyOffloadSource): Record<string, string> {
  const section = copyOffloadSection(src);
  const data: Record<string, string> = {};
  for (const [key, secretKey] of STORAGE_LOGIN) data[secretKey] = required(src, key, 'the storage array login of the vendor secret');
  for (const [key, secretKey] of VENDOR_SECRET_KEYS[section.storage_vendor_product])
    data[secretKey] = required(src, key, `vendor ${section.storage_vendor_product} needs it in its storage secret`);
  return { ...data, ...extraSecretData(src) };
}

/** A datastore id as a scenario gives it: a symbolic key of the section resolves to its MoID, anything else is a MoID. */
export function resolveDatastoreId(src: CopyOffloadSource, id: string): string {
  if (!(SYMBOLIC_DATASTORES as readonly string[]).includes(id)) return id;
  const value = copyOffloadSection(src)[id];
  if (typeof value !== 'string' || value === '')
    fail(src, `copyoffload.${id} is missing: the scenario puts a disk on it; set it to a datastore MoID`);
  return value;
}

/**
 * The LUN an RDM disk maps: copyoffload.rdm_lun_uuid (a canonical name naa.<hex>), read from the
 * file as the Python suite's rdm_config does (no environment override; a LUN id is no secret).
 */
export function rdmLun(src: CopyOffloadSource, rdmType: string): string {
  const lun = copyOffloadSection(src).rdm_lun_uuid;
  if (!lun)
    fail(
      src,
      `copyoffload.rdm_lun_uuid is missing (addDisks has an RDM disk (${rdmType})): set it to the LUN's canonical name (naa.<hex>)`,
    );
  if (!/^naa\.[0-9a-fA-F]+$/.test(lun))
    fail(src, `copyoffload.rdm_lun_uuid is "${lun}": set it to the LUN's canonical name, e.g. naa.600a098038313954492458313032306f`);
  return lun;
}

/** The ESXi clone method (default vib) and, for ssh, the ESXi login it needs. */
export function esxiCloneMethod(src: CopyOffloadSource): 'vib' | 'ssh' {
  const method = copyOffloadValue(src, 'esxi_clone_method') ?? 'vib';
  if (method !== 'vib' && method !== 'ssh') fail(src, `copyoffload.esxi_clone_method is "${method}": use "vib" or "ssh"`);
  if (method === 'ssh') esxiLogin(src); // each of esxi_host, esxi_user, esxi_password is required, the host well formed
  return method;
}

/** The ESXi host's sshd and root login for esxi_clone_method ssh. */
export interface EsxiLogin {
  host: string;
  /** 22 unless esxi_host names another port (host:port, [ipv6]:port). */
  port: number;
  user: string;
  password: string;
}

export const ESXI_SSH_DEFAULT_PORT = 22;

/**
 * esxi_host as written: `host`, `host:port`, `[ipv6]:port` or a bare IPv6 address (port 22 unless
 * given). Returns the reason it is not one of those, as a string.
 */
export function parseEsxiHost(value: string): { host: string; port: number } | string {
  const v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(v);
  let host = v;
  let port: string | undefined;
  if (bracketed) [, host = '', port] = bracketed;
  else if ((v.match(/:/g) ?? []).length === 1) [host = '', port] = v.split(':');
  if (!host) return `"${value}" names no host`;
  if (port === undefined) return { host, port: ESXI_SSH_DEFAULT_PORT };
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) return `"${value}" has port "${port}": use host or host:port with a port from 1 to 65535`;
  return { host, port: n };
}

/** The ESXi login esxi_clone_method ssh uses (each value may come from COPYOFFLOAD_ESXI_*). */
export function esxiLogin(src: CopyOffloadSource): EsxiLogin {
  const why = 'esxi_clone_method ssh installs the populator key on the ESXi host';
  const raw = required(src, 'esxi_host', why);
  const parsed = parseEsxiHost(raw);
  if (typeof parsed === 'string') fail(src, `copyoffload.esxi_host ${parsed}`);
  return { ...parsed, user: required(src, 'esxi_user', why), password: required(src, 'esxi_password', why) };
}

/** Everything a copy-offload plan needs from the section, checked before anything is created. */
export function checkCopyOffloadPlan(src: CopyOffloadSource, plan: ScenarioPlan): void {
  storageSecretData(src);
  esxiCloneMethod(src);
  for (const vm of plan.virtualMachines) {
    if (vm.targetDatastoreId) resolveDatastoreId(src, vm.targetDatastoreId);
    for (const disk of vm.addDisks ?? []) {
      if (disk.datastoreId) resolveDatastoreId(src, disk.datastoreId);
      if (disk.rdmType) rdmLun(src, disk.rdmType);
    }
  }
}
