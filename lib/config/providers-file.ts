/**
 * .providers.json: the source providers a run can use, keyed by the name given as source_provider
 * (the key is not the type: "vsphere-copy-offload" can be a vsphere entry). Strict JSON; the
 * annotated .providers.json.example has comments that must be removed, so parse errors name the
 * file, line and column and recognise a left-over comment. Extra keys are kept (the file has no
 * field whitelist); known fields are type-checked. Every secret value is registered with the log
 * redaction as soon as the file is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject, SchemaObject } from 'ajv';
import {
  MissingProvidersFileError,
  ProviderEmptyContentError,
  ProviderEntryError,
  ProvidersFileParseError,
  UnknownSourceProviderError,
} from '../../exceptions/config';
import { isSecretKey, registerSecret } from '../log/redact';
import { compileCached } from '../schema/compile-cached';

export const PROVIDER_TYPES = ['vsphere', 'ovirt', 'openstack', 'openshift', 'ova'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const STORAGE_VENDORS = [
  'ontap',
  'vantara',
  'primera3par',
  'pureFlashArray',
  'powerflex',
  'powermax',
  'powerstore',
  'infinibox',
  'flashsystem',
] as const;
export type StorageVendor = (typeof STORAGE_VENDORS)[number];

/** vSphere copy-offload (XCOPY) settings. COPYOFFLOAD_<KEY> environment variables override them (read by the copy-offload fixtures). */
export interface CopyOffloadConfig {
  storage_vendor_product: StorageVendor;
  datastore_id: string;
  secondary_datastore_id?: string;
  non_xcopy_datastore_id?: string;
  default_vm_name?: string;
  storage_hostname?: string;
  storage_username?: string;
  storage_password?: string;
  esxi_clone_method?: 'vib' | 'ssh';
  esxi_host?: string;
  esxi_user?: string;
  esxi_password?: string;
  rdm_lun_uuid?: string;
  ontap_svm?: string;
  vantara_storage_id?: string;
  vantara_storage_port?: string;
  vantara_hostgroup_id_list?: string;
  pure_cluster_prefix?: string;
  powerflex_system_id?: string;
  powermax_symmetrix_id?: string;
  storage_secret_extra?: Record<string, string>;
  [extra: string]: unknown;
}

export interface ProviderEntry {
  type: ProviderType;
  /** Label used in resource names (dots become dashes). */
  version: string;
  fqdn: string;
  /** /sdk (vSphere), /ovirt-engine/api (RHV), Keystone /v3 (OpenStack), NFS share URL (OVA). */
  api_url: string;
  username: string;
  password: string;
  guest_vm_linux_user?: string;
  guest_vm_linux_password?: string;
  guest_vm_win_user?: string;
  guest_vm_win_password?: string;
  vddk_init_image?: string;
  /** vSphere: the LUKS passphrase of the encrypted test VMs, when a scenario VM names none (`luksPassphrase`). */
  luks_passphrase?: string;
  /** vSphere: what `api_url` points at; becomes the Provider's settings.sdkEndpoint (default vcenter). */
  endpoint_type?: 'vcenter' | 'esxi';
  /** vSphere ESXi sources: the key of the vCenter entry VMs are cloned through (an ESXi host cannot clone). */
  clone_provider?: string;
  /** PEM file with the CA that signs the provider's certificate (secure TLS without fetching it). */
  ca_cert_file?: string;
  /** OVA: where the api_url NFS share is mounted on this machine (the suite reads the OVF facts there); not needed for a share on 127.0.0.1/localhost. */
  ova_mount_path?: string;
  /** OpenStack */
  user_domain_name?: string;
  region_name?: string;
  project_name?: string;
  user_domain_id?: string;
  project_domain_id?: string;
  copyoffload?: CopyOffloadConfig;
  [extra: string]: unknown;
}

export type ProvidersFile = Record<string, ProviderEntry>;

export interface LoadedProviders {
  path: string;
  providers: ProvidersFile;
}

const str = { type: 'string' } as const;
// Plain schema objects: ajv's JSONSchemaType cannot express the open-ended entries (index signatures).
export const COPYOFFLOAD_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['storage_vendor_product', 'datastore_id'],
  additionalProperties: true,
  properties: {
    storage_vendor_product: { type: 'string', enum: STORAGE_VENDORS },
    datastore_id: { type: 'string', minLength: 1 },
    secondary_datastore_id: str,
    non_xcopy_datastore_id: str,
    default_vm_name: str,
    storage_hostname: str,
    storage_username: str,
    storage_password: str,
    esxi_clone_method: { type: 'string', enum: ['vib', 'ssh'] },
    esxi_host: {
      type: 'string',
      description:
        'esxi_clone_method ssh: the ESXi host whose root authorized_keys gets the populator key, as host or host:port ([ipv6]:port); the SSH port defaults to 22',
    },
    esxi_user: str,
    esxi_password: str,
    rdm_lun_uuid: str,
    ontap_svm: str,
    vantara_storage_id: str,
    vantara_storage_port: str,
    vantara_hostgroup_id_list: str,
    pure_cluster_prefix: str,
    powerflex_system_id: str,
    powermax_symmetrix_id: str,
    storage_secret_extra: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
/** One providers-file entry (exported for the editor schema docs/providers.schema.json, tools/docs). */
export const ENTRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type'],
  additionalProperties: true,
  properties: {
    type: { type: 'string', enum: PROVIDER_TYPES },
    version: { type: 'string', default: '' },
    fqdn: { type: 'string', default: '' },
    api_url: { type: 'string', default: '' },
    username: { type: 'string', default: '' },
    password: { type: 'string', default: '' },
    guest_vm_linux_user: str,
    guest_vm_linux_password: str,
    guest_vm_win_user: str,
    guest_vm_win_password: str,
    vddk_init_image: str,
    luks_passphrase: str,
    endpoint_type: { type: 'string', enum: ['vcenter', 'esxi'] },
    clone_provider: { type: 'string', minLength: 1 },
    ca_cert_file: str,
    ova_mount_path: { type: 'string', minLength: 1 },
    user_domain_name: str,
    region_name: str,
    project_name: str,
    user_domain_id: str,
    project_domain_id: str,
    copyoffload: COPYOFFLOAD_SCHEMA,
  },
};
const validateEntry = compileCached<ProviderEntry>(
  { useDefaults: true, allErrors: false, verbose: true },
  {
    ...ENTRY_SCHEMA,
    $comment: 'errors carry data for messages',
  },
);

/** --providers-json, else $PROVIDERS_JSON_PATH, else ./.providers.json (relative to cwd). */
export function resolveProvidersPath(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, flag || env.PROVIDERS_JSON_PATH || '.providers.json');
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

function parseError(file: string, text: string, error: Error): ProvidersFileParseError {
  const detail = error.message.replace(/ in JSON at position \d+.*$/, '').replace(/\s+/g, ' ');
  const match = /at position (\d+)/.exec(error.message);
  const position = match ? Number(match[1]) : /Unexpected end/.test(error.message) ? text.length : undefined;
  if (position === undefined) return new ProvidersFileParseError(file, undefined, undefined, detail, false);
  const { line, column } = lineAndColumn(text, position);
  const lineText = text.split('\n')[line - 1] ?? '';
  const fromError = lineText.slice(column - 1).trimStart();
  const looksLikeComment = /^\s*(\/\/|#|\/\*)/.test(lineText) || /^(\/\/|#|\/\*)/.test(fromError);
  return new ProvidersFileParseError(file, line, column, detail, looksLikeComment);
}

function registerSecrets(value: unknown, key = ''): void {
  if (typeof value === 'string') {
    if (isSecretKey(key)) registerSecret(value);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) registerSecrets(v, k);
  }
}

function readProvidersText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MissingProvidersFileError(file);
    throw new MissingProvidersFileError(`${file} (${code ?? 'unreadable'})`);
  }
}

function parseProvidersJson(file: string, text: string): unknown {
  if (text.trim() === '') throw new ProviderEmptyContentError(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw parseError(file, text, error as Error);
  }
}

/** The first schema error of an entry as "<where> <problem>". */
function entryProblem(e: ErrorObject | undefined): string {
  const at = e?.instancePath ? `field ${e.instancePath.slice(1).replace(/\//g, '.')}` : 'entry';
  if (e?.keyword === 'enum')
    return `${at} must be one of ${(e.params.allowedValues as string[]).join(', ')}, got ${JSON.stringify(e.data)}`;
  if (e?.keyword === 'required') return `${at} is missing "${String(e.params.missingProperty)}"`;
  return `${at} ${e?.message ?? 'is invalid'}`;
}

/** Reads and checks the whole file. Throws one of the typed InputErrors on any problem. */
export function loadProvidersFile(file: string): LoadedProviders {
  const text = readProvidersText(file);
  const parsed = parseProvidersJson(file, text);
  registerSecrets(parsed);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProviderEntryError(
      '(top level)',
      file,
      'must be an object of named provider entries: { "<name>": { "type": "vsphere", ... } }',
    );
  }
  if (Object.keys(parsed).length === 0) throw new ProviderEmptyContentError(file);
  for (const [key, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (!validateEntry(entry)) throw new ProviderEntryError(key, file, entryProblem(validateEntry.errors?.[0]));
  }
  return { path: file, providers: parsed as ProvidersFile };
}

/** Fields the suite cannot work without, per provider type (checked for the selected entry only). */
export const REQUIRED_BY_TYPE: Record<ProviderType, readonly (keyof ProviderEntry)[]> = {
  vsphere: ['fqdn', 'api_url', 'username', 'password'],
  ovirt: ['fqdn', 'api_url', 'username', 'password'],
  openstack: ['api_url', 'username', 'password', 'project_name', 'user_domain_name', 'region_name'],
  openshift: [],
  ova: ['api_url'],
};

/** The entry named by source_provider, checked for the fields its type needs. */
export function selectSourceProvider(loaded: LoadedProviders, key: string): ProviderEntry {
  const entry = loaded.providers[key];
  if (!entry) throw new UnknownSourceProviderError(key, loaded.path, Object.keys(loaded.providers));
  const missing = REQUIRED_BY_TYPE[entry.type].filter((field) => typeof entry[field] !== 'string' || entry[field] === '');
  if (missing.length) throw new ProviderEntryError(key, loaded.path, `(type ${entry.type}) needs non-empty ${missing.join(', ')}`);
  return entry;
}

/**
 * The vCenter entry an ESXi source clones its VMs through (`clone_provider`, as the Python suite's
 * vcenter_clone_provider fixture reads it); undefined for a vCenter source or an ESXi entry without one.
 */
export function selectCloneProvider(loaded: LoadedProviders, key: string): { key: string; entry: ProviderEntry } | undefined {
  const source = selectSourceProvider(loaded, key);
  if (source.endpoint_type !== 'esxi' || !source.clone_provider) return undefined;
  const cloneKey = source.clone_provider;
  const entry = loaded.providers[cloneKey];
  if (!entry) throw new ProviderEntryError(key, loaded.path, `names clone_provider "${cloneKey}", which is not a key of the file`);
  if (entry.type !== 'vsphere' || (entry.endpoint_type ?? 'vcenter') !== 'vcenter') {
    throw new ProviderEntryError(
      key,
      loaded.path,
      `names clone_provider "${cloneKey}", which must be a vSphere vCenter entry (type vsphere, endpoint_type vcenter)`,
    );
  }
  return { key: cloneKey, entry: selectSourceProvider(loaded, cloneKey) };
}
