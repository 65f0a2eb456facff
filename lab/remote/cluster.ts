/**
 * LabComponent 'remote-cluster': a second, independent cluster that MTV migrates into when a
 * plan's destination Provider is an OpenShift provider with this cluster's URL (what the Python
 * suite's `remote_ocp_cluster` scenarios name). It has its own store, HTTPS API server (RBAC,
 * ServiceAccount tokens, SCCs), KubeVirt, CDI and guests, and no Forklift: the OpenShift
 * Virtualization side of a cluster with the MTV operator's cluster roles (forklift-migrator-role)
 * and forklift-controller-scc installed. Its kubeconfig is <stateDir>/remote/kubeconfig.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Identity } from '../apiserver/auth';
import type { RbacAuthorizer } from '../apiserver/authz/authorizer';
import type { Store } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import { MTV_NAMESPACE, clusterVersionObject, namespaceObject, storageClassObjects } from '../bootstrap/cluster-objects';
import { forkliftClusterRoles, forkliftControllerScc, forkliftControllerServiceAccount } from '../bootstrap/forklift-rbac';
import { LAB_NODES, nodeObject } from '../bootstrap/node-objects';
import { ensureObject, requireType } from '../bootstrap/store-helpers';
import { cdiComponent } from '../cdi/controller';
import { clusterContext, startClusterCore, startComponents } from '../cluster-core';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import { LabFaultState } from '../faults';
import { guestsComponent } from '../guests/component';
import { kubevirtComponent } from '../kubevirt/controller';
import { loadOrCreateConfig, writeKubeconfig } from '../state';

/** The LabContext key under which the component publishes the RemoteCluster. */
export const REMOTE_CLUSTER_KEY = 'remote.cluster';

/** What launchers learn about the remote cluster. */
export interface RemoteClusterInfo {
  /** The value of remote_ocp_cluster for it: its API host (a substring of its URL, as the Python suite checks). */
  name: string;
  url: string;
  kubeconfig: string;
}

/** What the lab's Forklift needs to act on the remote cluster as a bearer token's owner. */
export interface RemoteCluster extends RemoteClusterInfo {
  store: Store;
  authorizer: RbacAuthorizer;
  identify(token: string): Identity | undefined;
}

/** The objects an OpenShift cluster with OpenShift Virtualization and MTV's cluster roles starts with. */
function seed(store: Store): void {
  const at = nowTimestamp();
  const t = (group: string, plural: string) => requireType(store, group, plural);
  for (const ns of [namespaceObject(MTV_NAMESPACE), namespaceObject('openshift-cnv')]) ensureObject(store, t('', 'namespaces'), ns);
  ensureObject(store, t('config.openshift.io', 'clusterversions'), clusterVersionObject(at));
  for (const n of LAB_NODES) ensureObject(store, t('', 'nodes'), nodeObject(n, at));
  for (const sc of storageClassObjects()) ensureObject(store, t('storage.k8s.io', 'storageclasses'), sc);
  for (const role of forkliftClusterRoles()) ensureObject(store, t('rbac.authorization.k8s.io', 'clusterroles'), role);
  ensureObject(store, t('', 'serviceaccounts'), forkliftControllerServiceAccount());
  ensureObject(store, t('security.openshift.io', 'securitycontextconstraints'), forkliftControllerScc());
}

/** The remote's components: OpenShift Virtualization and the guests; no Forklift. */
const REMOTE_COMPONENTS: readonly LabComponent[] = [kubevirtComponent, cdiComponent, guestsComponent];

export const remoteClusterComponent: LabComponent = {
  name: 'remote-cluster',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const dir = path.join(ctx.stateDir, 'remote');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const config = loadOrCreateConfig(dir);
    const log = (line: string): void => ctx.log('remote', line);
    // Its own fault state: API faults (error rates, latency) are the lab cluster's; the
    // controllers below share the lab's faults (ctx.faults).
    const core = await startClusterCore({ tls: ctx.tls, config, faults: new LabFaultState(), log, logName: 'apiserver' });
    seed(core.store);
    const kubeconfig = writeKubeconfig(dir, core.url, ctx.tls.caCertPem, config.adminToken);
    const context = clusterContext(core, ctx.faults, ctx.tls, {
      stateDir: ctx.stateDir,
      msPerMinute: ctx.msPerMinute,
      log,
      fallback: ctx,
      cluster: 'remote',
    });
    let stopComponents: () => Promise<void>;
    try {
      stopComponents = await startComponents(context, REMOTE_COMPONENTS, log);
    } catch (e) {
      await core.stop();
      throw e;
    }
    const remote: RemoteCluster = {
      name: new URL(core.url).host,
      url: core.url,
      kubeconfig,
      store: core.store,
      authorizer: core.server.authorizer,
      identify: (token) => core.server.identifyToken(token),
    };
    ctx.provide<RemoteCluster>(REMOTE_CLUSTER_KEY, remote);
    log(`remote cluster ${remote.name} at ${core.url} (KUBECONFIG=${kubeconfig})`);
    return {
      async stop() {
        await stopComponents();
        await core.stop();
      },
    };
  },
};
