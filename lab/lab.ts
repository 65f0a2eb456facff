/**
 * startLab: the whole lab in this process. Creates the state directory, TLS material, users and
 * tokens, the store and the API server, then starts LAB_COMPONENTS with a LabContext.
 */
import type { ApiServer } from './apiserver/server';
import type { MemoryStore } from './apiserver/store';
import { ensureTls } from './certs';
import { clusterContext, startClusterCore, startComponents } from './cluster-core';
import type { LabComponent, LabContext, LabTls } from './component';
import { LAB_COMPONENTS } from './components';
import { LabFaultState } from './faults';
import { REMOTE_CLUSTER_KEY, type RemoteCluster, type RemoteClusterInfo } from './remote/cluster';
import { defaultStateDir, ensureStateDir, loadOrCreateConfig, lockStateDir, writeKubeconfig } from './state';

export interface LabOptions {
  stateDir?: string; // default: <repo>/.lab-state
  port?: number; // default: 0 (the OS picks)
  faults?: string[]; // "name" or "name=value"
  msPerMinute?: number; // default 100
  bookmarkIntervalMs?: number; // how often watches with allowWatchBookmarks get a BOOKMARK (default 5000)
  watchHistory?: number; // events kept for watch resume (default 10 000)
  components?: readonly LabComponent[]; // default LAB_COMPONENTS
  log?: (line: string) => void; // default: stderr
}

export interface RunningLab {
  url: string;
  kubeconfig: string;
  stateDir: string;
  adminToken: string;
  store: MemoryStore;
  faults: LabFaultState;
  server: ApiServer;
  context: LabContext;
  /** The remote destination cluster (lab/remote), when it runs. */
  remote?: RemoteClusterInfo;
  stop(): Promise<void>;
}

export async function startLab(options: LabOptions = {}): Promise<RunningLab> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stateDir = ensureStateDir(options.stateDir ?? defaultStateDir());
  const release = lockStateDir(stateDir);
  try {
    return await startIn(stateDir, options, log, release);
  } catch (e) {
    release();
    throw e;
  }
}

async function startIn(stateDir: string, options: LabOptions, log: (line: string) => void, release: () => void): Promise<RunningLab> {
  const tls: LabTls = ensureTls(stateDir);
  const config = loadOrCreateConfig(stateDir);
  const faults = new LabFaultState();
  for (const f of options.faults ?? []) faults.setFromFlag(f);

  const core = await startClusterCore({
    tls,
    config,
    faults,
    log,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
    ...(options.watchHistory !== undefined ? { watchHistory: options.watchHistory } : {}),
  });
  const { url, store, server } = core;
  const kubeconfig = writeKubeconfig(stateDir, url, tls.caCertPem, config.adminToken);
  const context = clusterContext(core, faults, tls, { stateDir, msPerMinute: options.msPerMinute ?? 100, log });

  let stopComponents: () => Promise<void>;
  try {
    stopComponents = await startComponents(context, options.components ?? LAB_COMPONENTS, log);
  } catch (e) {
    await core.stop();
    throw e;
  }
  const stopAll = async (): Promise<void> => {
    await stopComponents();
    await core.stop();
  };

  let stopping: Promise<void> | undefined;
  return {
    url,
    kubeconfig,
    stateDir,
    adminToken: config.adminToken,
    store,
    faults,
    server,
    context,
    ...remoteOf(context),
    stop: () => (stopping ??= stopAll().finally(release)),
  };
}

/** The remote destination cluster, when the remote-cluster component runs. */
function remoteOf(context: LabContext): { remote?: RemoteClusterInfo } {
  try {
    const remote = context.need<RemoteCluster>(REMOTE_CLUSTER_KEY);
    return { remote: { name: remote.name, url: remote.url, kubeconfig: remote.kubeconfig } };
  } catch {
    return {};
  }
}
