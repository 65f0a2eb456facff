/**
 * startLab: the whole lab in this process. Creates the state directory, TLS material, users and
 * tokens, the store and the API server, then starts LAB_COMPONENTS with a LabContext.
 */
import type { KubeObject } from './apiserver/contract';
import { Authenticator } from './apiserver/auth';
import { seedBootstrapPolicy } from './apiserver/authz/bootstrap-policy';
import { startTokensController } from './apiserver/authz/tokens-controller';
import { PodLogs } from './apiserver/pod-logs';
import { ApiServer } from './apiserver/server';
import { MemoryStore } from './apiserver/store';
import { ensureTls } from './certs';
import type { LabComponent, LabContext, LabTls, RunningComponent, UpgradeHandler } from './component';
import { LAB_COMPONENTS } from './components';
import { LabFaultState } from './faults';
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
  stop(): Promise<void>;
}

/** Namespaces every Kubernetes cluster starts with. */
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

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

/** The store with the namespaces every cluster starts with and the bootstrap RBAC policy. */
function seededStore(options: LabOptions, log: (line: string) => void): MemoryStore {
  const store = new MemoryStore({
    ...(options.watchHistory !== undefined ? { historyLimit: options.watchHistory } : {}),
    // A lab controller writing a field its CRD does not declare is a lab bug: say so.
    onPruned: (rt, name, fields) => log(`[apiserver] pruned from ${rt.kind} ${name} (no such field in the CRD): ${fields.join(', ')}`),
  });
  const nsType = store.resourceType('', 'namespaces');
  if (!nsType) throw new Error('resource table has no namespaces');
  for (const name of BUILTIN_NAMESPACES) store.create(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KubeObject);
  seedBootstrapPolicy(store);
  return store;
}

async function startIn(stateDir: string, options: LabOptions, log: (line: string) => void, release: () => void): Promise<RunningLab> {
  const tls: LabTls = ensureTls(stateDir);
  const config = loadOrCreateConfig(stateDir);
  const faults = new LabFaultState();
  for (const f of options.faults ?? []) faults.setFromFlag(f);

  const store = seededStore(options, log);
  const podLogs = new PodLogs();
  const server = new ApiServer({
    store,
    podLogs,
    tls,
    auth: new Authenticator(config.adminToken, config.users),
    faults,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
    log: (m) => log(`[apiserver] ${m}`),
  });
  const url = await server.start();
  const stopTokensController = startTokensController(store, server.serviceAccountTokens, tls.caCertPem);
  const kubeconfig = writeKubeconfig(stateDir, url, tls.caCertPem, config.adminToken);

  const provided = new Map<string, unknown>();
  const context: LabContext = {
    store,
    faults,
    stateDir,
    tls,
    apiServerUrl: url,
    msPerMinute: options.msPerMinute ?? 100,
    registerUpgrade: (pattern: string, handler: UpgradeHandler) => server.registerUpgrade(pattern, handler),
    provide<T>(key: string, value: T): void {
      if (provided.has(key)) throw new Error(`lab value ${JSON.stringify(key)} is already provided`);
      provided.set(key, value);
    },
    need<T>(key: string): T {
      if (!provided.has(key))
        throw new Error(
          `lab value ${JSON.stringify(key)} was not provided by any component started before this one (known: ${[...provided.keys()].join(', ') || 'none'})`,
        );
      return provided.get(key) as T;
    },
    log: (component: string, message: string) => log(`[${component}] ${message}`),
    podLog: (namespace: string, pod: string, container: string, line: string) => podLogs.append(namespace, pod, container, line),
  };

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
    stopTokensController();
    await server.stop();
    store.close();
  };
  try {
    for (const c of options.components ?? LAB_COMPONENTS) running.push({ name: c.name, rc: await c.start(context) });
  } catch (e) {
    await stopAll();
    throw e;
  }

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
    stop: () => (stopping ??= stopAll().finally(release)),
  };
}
