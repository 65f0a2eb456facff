/**
 * Pre-flight: everything that can be known wrong before a run creates anything, checked the same
 * way on every target, by the CLI before Jest starts. Each problem is one line naming the fix
 * (an InputError: exit 2, no stack trace).
 *  - the providers file in force (the user's, or the lab's own) has the source_provider entry;
 *  - the cluster answers, accepts the credentials, serves the Forklift CRDs and has the MTV
 *    namespace and the storage class (cluster-checks.ts: in-process, or in a child process when
 *    client-node must log in, cluster.ts);
 *  - the source endpoint answers and its certificate is trusted (lib/preflight/source.ts).
 * On the lab target the lab is started first (it is the cluster being checked) and handed to
 * Jest's global setup; it is stopped again when a check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LaunchedLab } from '../../lab/launch';
import { LabProvidersFlagError } from '../../exceptions/preflight';
import { RUN_LAB_PROVIDERS_FILE } from '../config/lab';
import type { RunSettings } from '../config/run-settings';
import { loadProvidersFile, selectSourceProvider } from '../config/providers-file';
import { clusterAccessOf } from '../config/target';
import { startRunLab } from '../environment/global-setup';
import type { LabFaultRequest } from '../runner/run-context';
import type { ClusterAccess } from '../k8s/connect';
import { checkClusterWith, type ClusterWants } from './cluster-checks';
import { directConnection } from './kubeconfig';
import { startClusterPreflight, type ClusterPreflightChild } from './spawn';
import { probeSourceEndpoint } from './source';
import { checkCopyOffloadScenarios } from './copy-offload';
import type { LoadedScenario } from '../runner/scenario';

/** Checks of the command line alone (no file, no network): on the lab, --providers-json is refused, never ignored. */
export function checkTargetFlags(settings: Pick<RunSettings, 'target'>, providersJson: string | undefined): void {
  if (settings.target.kind === 'lab' && providersJson !== undefined) throw new LabProvidersFlagError(providersJson);
}

export interface PreflightInputs {
  settings: RunSettings;
  dataCollectorDir: string;
  labFaults: LabFaultRequest[];
  /** The selected scenarios: their copy-offload plans are checked against the source entry. */
  scenarios?: readonly LoadedScenario[];
}

export interface PreparedRun {
  /** The lab this run started (lab target), already recorded for global setup and teardown. */
  lab: LaunchedLab | undefined;
}

/** In-process when the access needs no client-node (the lab, a token, a plain kubeconfig); else the child. */
function clusterCheck(access: ClusterAccess, wants: ClusterWants, child: () => ClusterPreflightChild): Promise<void> {
  const direct = directConnection(access);
  return direct ? checkClusterWith(direct, wants) : child().check({ access, ...wants });
}

async function checkAll(
  inputs: PreflightInputs,
  access: ClusterAccess,
  providersPath: string,
  child: () => ClusterPreflightChild,
): Promise<void> {
  const { settings } = inputs;
  const key = settings.config.source_provider ?? '';
  const entry = selectSourceProvider(loadProvidersFile(providersPath), key);
  checkCopyOffloadScenarios({ key, entry, providersPath, scenarios: inputs.scenarios ?? [] });
  const wants = { mtvNamespace: settings.config.mtv_namespace, storageClass: settings.config.storage_class ?? '' };
  const [cluster, source] = await Promise.allSettled([
    clusterCheck(access, wants, child),
    probeSourceEndpoint({ key, entry, providersPath, insecure: settings.config.source_provider_insecure_skip_verify }),
  ]);
  // The cluster's verdict first: with no usable cluster, nothing about the source matters yet.
  if (cluster.status === 'rejected') throw cluster.reason;
  if (source.status === 'rejected') throw source.reason;
}

/** Runs every pre-flight check; on the lab target starts the lab first. Nothing is created on the cluster. */
export async function preflight(inputs: PreflightInputs): Promise<PreparedRun> {
  const { settings } = inputs;
  // A child is needed only for what client-node must do (password login, exec plugins); started
  // at once, it loads while this process goes on.
  let started: ClusterPreflightChild | undefined;
  const child = (): ClusterPreflightChild => (started ??= startClusterPreflight());
  if (settings.target.kind === 'cluster' && !directConnection(clusterAccessOf(settings.target))) child();
  let lab: LaunchedLab | undefined;
  try {
    let access: ClusterAccess;
    let providersPath: string;
    if (settings.target.kind === 'lab') {
      fs.mkdirSync(inputs.dataCollectorDir, { recursive: true });
      lab = await startRunLab(inputs.dataCollectorDir, inputs.labFaults);
      access = { kind: 'kubeconfig', path: lab.kubeconfig };
      providersPath = path.join(inputs.dataCollectorDir, RUN_LAB_PROVIDERS_FILE);
    } else {
      access = clusterAccessOf(settings.target);
      providersPath = settings.providersPath;
    }
    await checkAll(inputs, access, providersPath, child);
    return { lab };
  } catch (error) {
    started?.dispose();
    await lab?.stop();
    throw error;
  }
}
