/**
 * What the embedded lab supplies when it is the target. Kept in one place so that the lab's
 * assumptions are visible:
 *  - source_provider "vsphere": the lab writes a providers file with a `vsphere` entry that points
 *    at its vSphere simulator;
 *  - storage_class "mtv-block": the storage class the lab's CDI stand-in provisions;
 *  - a time-scaled profile: the lab runs MTV minutes in milliseconds, so the waits are scaled down
 *    to keep a hung lab from stalling a run for an hour. A user's own setting still wins.
 */
import type { RunConfig } from './keys';

export const labDefaults = {
  source_provider: 'vsphere',
  storage_class: 'mtv-block',
  // The lab's catalog serves MTV 2.11 in channel release-v2.11 (lab/olm/catalog.ts); 2.10.4 is installed.
  mtv_upgrade_to_version: '2.11.2',
  mtv_upgrade_to_source: 'released',
} as const satisfies Partial<RunConfig>;

/** The lab's providers-file entry with a `copyoffload` section (the Python suite's example names it so too). */
export const LAB_COPY_OFFLOAD_PROVIDER = 'vsphere-copy-offload';

/**
 * On the lab, a run whose scenarios use copy-offload selects the lab's copy-offload entry unless
 * the user named a source_provider: as on a real cluster (where the user passes
 * --tc source_provider:vsphere-copy-offload), the copyoffload section belongs to the selected
 * entry. That entry is the `vsphere` one plus the section, so the run's other scenarios are unaffected.
 */
export function withLabCopyOffloadProvider<S extends { config: RunConfig; sources: Partial<Record<string, string>> }>(
  settings: S,
  usesCopyOffload: boolean,
): S {
  if (!usesCopyOffload || settings.sources.source_provider !== 'lab') return settings;
  return {
    ...settings,
    config: { ...settings.config, source_provider: LAB_COPY_OFFLOAD_PROVIDER },
    sources: { ...settings.sources, source_provider: 'lab (copy-offload scenarios)' },
  };
}

/** Seconds/minutes the lab needs at most; every value is far below the real-cluster default. */
export const labTimeProfile = {
  plan_wait_timeout: 300,
  plan_ready_timeout: 60,
  provider_ready_timeout: 60,
  inventory_timeout: 60,
  guest_agent_timeout: 60,
  vm_state_timeout: 60,
  cloud_init_timeout: 60,
  // Cutover 0.05 "minutes" (3 s) after the warm migration starts; the precopy interval stays in
  // MTV minutes, which the lab itself compresses (LabContext.msPerMinute).
  mins_before_cutover: 0.05,
} as const satisfies Partial<RunConfig>;

/** The providers file the lab writes into its state directory (a `vsphere` entry for its simulator). */
export const LAB_PROVIDERS_FILE = 'providers.json';

/** The lab CA's file in its state directory (the lab's providers file names it as ca_cert_file). */
export const LAB_CA_FILE = 'ca.crt';
/** The run's copy of the lab's providers file, in the data collector directory. */
export const RUN_LAB_PROVIDERS_FILE = 'lab-providers.json';

type TimeoutKey =
  'plan_wait_timeout' | 'plan_ready_timeout' | 'provider_ready_timeout' | 'inventory_timeout' | 'guest_agent_timeout' | 'vm_state_timeout';

/**
 * The wait (seconds) for `key` in this run: the scenario's own value when it sets one (e.g.
 * guestAgentTimeout 600 for Windows guests), else the run config's. In the lab a scenario's value
 * is capped at the run config's, so the lab's time profile bounds every wait in one place.
 */
export function effectiveTimeout(
  key: TimeoutKey,
  scenarioSeconds: number | undefined,
  run: { config: RunConfig; target: { kind: 'lab' | 'cluster' } },
): number {
  const configured = run.config[key];
  if (scenarioSeconds === undefined) return configured;
  return run.target.kind === 'lab' ? Math.min(scenarioSeconds, configured) : scenarioSeconds;
}

/**
 * The lab's AAP (AWX API) simulator publishes where it listens and its API token in this file of
 * the lab's state directory (mode 0600): {"url": "https://127.0.0.1:<port>", "token": "..."}; its
 * certificate is signed by the lab CA (LAB_CA_FILE). Scenarios with AAP hooks read it when the run
 * config names no aap_url.
 */
export const LAB_AAP_FILE = 'aap.json';
