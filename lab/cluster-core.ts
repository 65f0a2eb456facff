/**
 * One simulated cluster's core, shared by the lab's own cluster (lab/lab.ts) and the remote
 * destination cluster (lab/remote): the seeded store, the HTTPS API server with its bootstrap RBAC
 * policy and ServiceAccount token controller, the LabContext its components get, and starting /
 * stopping those components in order.
 */
import type { KubeObject } from './apiserver/contract';
import { Authenticator } from './apiserver/auth';
import { seedBootstrapPolicy } from './apiserver/authz/bootstrap-policy';
import { startTokensController } from './apiserver/authz/tokens-controller';
import { PodLogs } from './apiserver/pod-logs';
import { ApiServer } from './apiserver/server';
import { MemoryStore } from './apiserver/store';
import type { LabComponent, LabContext, LabTls, RunningComponent, UpgradeHandler } from './component';
import type { LabFaultState } from './faults';
import type { LabConfig } from './state';

export interface ClusterCoreOptions {
  tls: LabTls;
  config: LabConfig;
  faults: LabFaultState;
  port?: number;
  bookmarkIntervalMs?: number;
  watchHistory?: number;
  log: (line: string) => void;
  /** Prefix of the API server's log lines (default "apiserver"). */
  logName?: string;
}

export interface ClusterCore {
  url: string;
  store: MemoryStore;
  server: ApiServer;
  podLogs: PodLogs;
  /** Stops the token controller and the API server and closes the store. */
  stop(): Promise<void>;
}

/** Namespaces every Kubernetes cluster starts with. */
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The store with the namespaces every cluster starts with and the bootstrap RBAC policy. */
function seededStore(options: ClusterCoreOptions): MemoryStore {
  const store = new MemoryStore({
    ...(options.watchHistory !== undefined ? { historyLimit: options.watchHistory } : {}),
    // A lab controller writing a field its CRD does not declare is a lab bug: say so.
    onPruned: (rt, name, fields) =>
      options.log(`[apiserver] pruned from ${rt.kind} ${name} (no such field in the CRD): ${fields.join(', ')}`),
  });
  const nsType = store.resourceType('', 'namespaces');
  if (!nsType) throw new Error('resource table has no namespaces');
  for (const name of BUILTIN_NAMESPACES) store.create(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KubeObject);
  seedBootstrapPolicy(store);
  return store;
}

export async function startClusterCore(options: ClusterCoreOptions): Promise<ClusterCore> {
  const store = seededStore(options);
  const podLogs = new PodLogs();
  const logName = options.logName ?? 'apiserver';
  const server = new ApiServer({
    store,
    podLogs,
    tls: options.tls,
    auth: new Authenticator(options.config.adminToken, options.config.users),
    faults: options.faults,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
    log: (m) => options.log(`[${logName}] ${m}`),
  });
  const url = await server.start();
  const stopTokensController = startTokensController(store, server.serviceAccountTokens, options.tls.caCertPem);
  return {
    url,
    store,
    server,
    podLogs,
    async stop() {
      stopTokensController();
      await server.stop();
      store.close();
    },
  };
}

export interface ContextOptions {
  stateDir: string;
  msPerMinute: number;
  log: (line: string) => void;
  /** Values of another cluster's components this one may read (the remote reads the lab's vSphere model). */
  fallback?: Pick<LabContext, 'need'>;
  /** Set for a cluster other than the lab's own (its components leave lab-wide files alone). */
  cluster?: string;
}

export function clusterContext(core: ClusterCore, faults: LabContext['faults'], tls: LabTls, options: ContextOptions): LabContext {
  const provided = new Map<string, unknown>();
  return {
    store: core.store,
    faults,
    stateDir: options.stateDir,
    tls,
    apiServerUrl: core.url,
    msPerMinute: options.msPerMinute,
    ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
    registerUpgrade: (pattern: string, handler: UpgradeHandler) => core.server.registerUpgrade(pattern, handler),
    provide<T>(key: string, value: T): void {
      if (provided.has(key)) throw new Error(`lab value ${JSON.stringify(key)} is already provided`);
      provided.set(key, value);
    },
    need<T>(key: string): T {
      if (provided.has(key)) return provided.get(key) as T;
      if (options.fallback) return options.fallback.need<T>(key);
      throw new Error(
        `lab value ${JSON.stringify(key)} was not provided by any component started before this one (known: ${[...provided.keys()].join(', ') || 'none'})`,
      );
    },
    log: (component: string, message: string) => options.log(`[${component}] ${message}`),
    podLog: (namespace: string, pod: string, container: string, line: string) => core.podLogs.append(namespace, pod, container, line),
  };
}

/** Starts `components` in order; on failure stops the started ones and rethrows. Returns their stop (reverse order). */
export async function startComponents(
  context: LabContext,
  components: readonly LabComponent[],
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const running: Array<{ name: string; rc: RunningComponent }> = [];
  const stopAll = async (): Promise<void> => {
    for (const { name, rc } of running.reverse()) {
      try {
        await rc.stop();
      } catch (e) {
        log(`[lab] stopping ${name} failed: ${(e as Error).message}`);
      }
    }
    running.length = 0;
  };
  try {
    for (const c of components) running.push({ name: c.name, rc: await c.start(context) });
  } catch (e) {
    await stopAll();
    throw e;
  }
  return stopAll;
}
