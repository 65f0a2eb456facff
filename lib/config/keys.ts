/**
 * Every run setting the suite knows, with its type, default and meaning. The defaults mirror the
 * Python suite's tests/tests_config/config.py globals. Keys keep the Python spelling so that
 * `--tc key:value` lines carry over unchanged. (number_of_vms, check_vms_signals and
 * vm_name_search_pattern are defined there but read nowhere, so they are not offered here.)
 */
import type { JSONSchemaType } from 'ajv';

export interface RunConfig {
  /** Skip TLS verification of the OpenShift API (Python stores "true"/"false"; both forms accepted). */
  insecure_verify_skip: boolean;
  /** Skip TLS verification of the source provider; also the Provider secret's insecureSkipVerify. */
  source_provider_insecure_skip_verify: boolean;
  /** Base of the target namespace name: `<session id><prefix without "auto">`. */
  target_namespace_prefix: string;
  /** Namespace where MTV (Forklift) is installed: its controller, inventory route, Providers and maps. */
  mtv_namespace: string;
  /** Enables `remote` scenarios; must be a substring of the cluster API host. */
  remote_ocp_cluster: string;
  /** forklift-controller precopy interval (minutes) for warm migrations. */
  snapshots_interval: number;
  /** Minutes from now to the warm cutover. */
  mins_before_cutover: number;
  /** Seconds to wait for a plan's migration to finish. */
  plan_wait_timeout: number;
  /** Seconds to wait for a Plan to become Ready. */
  plan_ready_timeout: number;
  /** Seconds to wait for a Provider to become Ready. */
  provider_ready_timeout: number;
  /** Seconds to wait for source VMs to appear in the Forklift inventory. */
  inventory_timeout: number;
  /** Seconds to wait for the guest agent of a migrated VM (scenarios may raise it). */
  guest_agent_timeout: number;
  /** Seconds to wait for a VM to reach a power state. */
  vm_state_timeout: number;
  /**
   * Seconds to wait for cloud-init to finish in a copy-offload source guest before migrating
   * (vmware_cloud_init_ready; the Python suite's wait_for_cloud_init waits 2000 s).
   */
  cloud_init_timeout: number;
  /** Key of the source provider entry in .providers.json (required for a real cluster). */
  source_provider?: string;
  /** Target storage class (required for a real cluster). */
  storage_class?: string;
  /** OpenShift API URL (https://api.<cluster>:6443 or a bare host). */
  cluster_host?: string;
  /** OpenShift user for cluster_host (with cluster_password; the API's OAuth server issues a token). */
  cluster_username?: string;
  /** Password of cluster_username; a secret. */
  cluster_password?: string;
  /** Bearer token for cluster_host (instead of user and password); a secret. */
  cluster_token?: string;
  /** Only used for VM name suffixes. */
  target_ocp_version?: string;
  /** AAP/AWX base URL (https://...) for scenarios with AAP hooks; on the lab, the lab's AAP. */
  aap_url?: string;
  /** AAP API token (OAuth2/personal access token) for aap_url; a secret. */
  aap_token?: string;
  /** PEM file of the CA that signs aap_url's certificate; without it AAP TLS is not verified (as the Python suite does). */
  aap_ca_file?: string;
  /** MTV version the upgrade scenario upgrades to (e.g. 2.11.0); its major.minor is checked after the upgrade. */
  mtv_upgrade_to_version?: string;
  /** Where the new MTV comes from ("released", or e.g. "brew"/"stage" for the upgrade script). */
  mtv_upgrade_to_source?: string;
  /** Catalog image index for the upgrade script (IMAGE_INDEX). */
  mtv_upgrade_image_index?: string;
  /** Git repository holding the upgrade script, cloned at upgrade_repo_ref. */
  upgrade_repo_url?: string;
  /** Branch or tag of upgrade_repo_url to clone (its default branch when unset). */
  upgrade_repo_ref?: string;
  /** The upgrade script: a path, or relative to the clone of upgrade_repo_url. Unset: the suite drives OLM itself. */
  upgrade_script_path?: string;
}

export type ConfigKey = keyof RunConfig;

export const DEFAULTS: Readonly<Pick<RunConfig, Exclude<ConfigKey, OptionalKey>>> = {
  insecure_verify_skip: true,
  source_provider_insecure_skip_verify: false,
  target_namespace_prefix: 'auto',
  mtv_namespace: 'openshift-mtv',
  remote_ocp_cluster: '',
  snapshots_interval: 2,
  mins_before_cutover: 5,
  plan_wait_timeout: 3600,
  plan_ready_timeout: 360,
  provider_ready_timeout: 600,
  inventory_timeout: 300,
  guest_agent_timeout: 301,
  vm_state_timeout: 120,
  cloud_init_timeout: 2000,
};

type OptionalKey =
  | 'source_provider'
  | 'storage_class'
  | 'cluster_host'
  | 'cluster_username'
  | 'cluster_password'
  | 'cluster_token'
  | 'target_ocp_version'
  | 'aap_url'
  | 'aap_token'
  | 'aap_ca_file'
  | 'mtv_upgrade_to_version'
  | 'mtv_upgrade_to_source'
  | 'mtv_upgrade_image_index'
  | 'upgrade_repo_url'
  | 'upgrade_repo_ref'
  | 'upgrade_script_path';

/** Keys whose values are secrets (masked in logs and in --list/--plan output). */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = ['cluster_password', 'cluster_token', 'aap_token'];

const optionalString = { type: 'string', nullable: true, minLength: 1 } as const;
const seconds = { type: 'number', exclusiveMinimum: 0 } as const;

export const RUN_CONFIG_SCHEMA: JSONSchemaType<RunConfig> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    insecure_verify_skip: { type: 'boolean' },
    source_provider_insecure_skip_verify: { type: 'boolean' },
    target_namespace_prefix: { type: 'string', pattern: '^[a-z0-9-]*$' },
    mtv_namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    remote_ocp_cluster: { type: 'string' },
    snapshots_interval: { type: 'number', exclusiveMinimum: 0 },
    mins_before_cutover: { type: 'number', minimum: 0 },
    plan_wait_timeout: seconds,
    plan_ready_timeout: seconds,
    provider_ready_timeout: seconds,
    inventory_timeout: seconds,
    guest_agent_timeout: seconds,
    vm_state_timeout: seconds,
    cloud_init_timeout: seconds,
    source_provider: optionalString,
    storage_class: optionalString,
    cluster_host: optionalString,
    cluster_username: optionalString,
    cluster_password: optionalString,
    cluster_token: optionalString,
    target_ocp_version: optionalString,
    aap_url: optionalString,
    aap_token: optionalString,
    aap_ca_file: optionalString,
    mtv_upgrade_to_version: { type: 'string', nullable: true, pattern: '^\\d+\\.\\d+(\\.\\d+)?(-.+)?$' },
    mtv_upgrade_to_source: optionalString,
    mtv_upgrade_image_index: { type: 'string', nullable: true },
    upgrade_repo_url: optionalString,
    upgrade_repo_ref: optionalString,
    upgrade_script_path: optionalString,
  },
  required: Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[],
};

const OPTIONAL_KEYS: readonly OptionalKey[] = [
  'source_provider',
  'storage_class',
  'cluster_host',
  'cluster_username',
  'cluster_password',
  'cluster_token',
  'target_ocp_version',
  'aap_url',
  'aap_token',
  'aap_ca_file',
  'mtv_upgrade_to_version',
  'mtv_upgrade_to_source',
  'mtv_upgrade_image_index',
  'upgrade_repo_url',
  'upgrade_repo_ref',
  'upgrade_script_path',
];
export const CONFIG_KEYS: readonly ConfigKey[] = [...(Object.keys(DEFAULTS) as ConfigKey[]), ...OPTIONAL_KEYS];
/** Keys typed boolean: their string values are accepted case-insensitively ("True" from Python habits). */
export const BOOLEAN_KEYS: readonly ConfigKey[] = (Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]).filter(
  (k) => typeof DEFAULTS[k] === 'boolean',
);

export function isConfigKey(key: string): key is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(key);
}
