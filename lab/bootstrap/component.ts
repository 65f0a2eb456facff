/**
 * LabComponent 'bootstrap': makes the lab API server look like an installed cluster (OpenShift
 * 4.20 + OpenShift Virtualization + MTV) and serves the lab's virtctl through a
 * ConsoleCLIDownload, like HCO's cli-download server. It also plays the part of the MTV operator
 * for the ForkliftController: a spec change is reconciled (Running, then Successful).
 */
import path from 'node:path';
import type { KubeObject, StoreEvent } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import {
  MTV_NAMESPACE,
  KUBEVIRT_VERSION,
  clusterVersionObject,
  csvObject,
  forkliftControllerObject,
  forkliftControllerStatus,
  hostProviderObject,
  imageDigestMirrorSetObject,
  namespaceObject,
  storageClassObjects,
  subscriptionObject,
} from './cluster-objects';
import { forkliftPodObjects } from './forklift-pods';
import { forkliftClusterRoles, forkliftControllerScc, forkliftControllerServiceAccount } from './forklift-rbac';
import { LAB_NODES, nodeObject } from './node-objects';
import { startDownloadServer } from './download-server';
import { ensureObject, requireType } from './store-helpers';
import { buildVirtctlArchives, type VirtctlArchive } from './virtctl-archives';

export const CCD_NAME = 'virtctl-clidownloads-kubevirt-hyperconverged';

export function consoleCliDownloadObject(baseUrl: string, archives: readonly VirtctlArchive[]): KubeObject {
  return {
    apiVersion: 'console.openshift.io/v1',
    kind: 'ConsoleCLIDownload',
    metadata: {
      name: CCD_NAME,
      labels: {
        app: 'kubevirt-hyperconverged',
        'app.kubernetes.io/component': 'compute',
        'app.kubernetes.io/managed-by': 'hco-operator',
        'app.kubernetes.io/part-of': 'hyperconverged-cluster',
        'app.kubernetes.io/version': '4.20.3',
      },
    },
    spec: {
      displayName: 'virtctl - KubeVirt command line interface',
      description: 'The virtctl client is a supplemental command-line utility for managing virtualization resources from the command line.',
      links: archives.map((a) => ({ href: `${baseUrl}${a.urlPath}`, text: a.text })),
    },
  };
}

export const bootstrapComponent: LabComponent = {
  name: 'bootstrap',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const { store } = ctx;
    const at = nowTimestamp();
    const t = (group: string, plural: string) => requireType(store, group, plural);

    for (const ns of [
      namespaceObject(MTV_NAMESPACE, { 'openshift.io/cluster-monitoring': 'true' }),
      namespaceObject('openshift-cnv'),
      namespaceObject('openshift-console'),
    ])
      ensureObject(store, t('', 'namespaces'), ns);
    ensureObject(store, t('config.openshift.io', 'clusterversions'), clusterVersionObject(at));
    for (const n of LAB_NODES) ensureObject(store, t('', 'nodes'), nodeObject(n, at));
    for (const sc of storageClassObjects()) ensureObject(store, t('storage.k8s.io', 'storageclasses'), sc);
    ensureObject(store, t('operators.coreos.com', 'subscriptions'), subscriptionObject(at));
    ensureObject(store, t('operators.coreos.com', 'clusterserviceversions'), csvObject(at));
    ensureObject(store, t('config.openshift.io', 'imagedigestmirrorsets'), imageDigestMirrorSetObject());
    for (const pod of forkliftPodObjects(at)) ensureObject(store, t('', 'pods'), pod);
    for (const role of forkliftClusterRoles()) ensureObject(store, t('rbac.authorization.k8s.io', 'clusterroles'), role);
    ensureObject(store, t('', 'serviceaccounts'), forkliftControllerServiceAccount());
    ensureObject(store, t('security.openshift.io', 'securitycontextconstraints'), forkliftControllerScc());
    const fcRt = t('forklift.konveyor.io', 'forkliftcontrollers');
    ensureObject(store, fcRt, forkliftControllerObject(at));
    ensureObject(store, t('forklift.konveyor.io', 'providers'), hostProviderObject());

    const archives = await buildVirtctlArchives(path.join(ctx.stateDir, 'virtctl-downloads'));
    const downloads = await startDownloadServer(ctx.tls, archives);
    const ccdRt = t('console.openshift.io', 'consoleclidownloads');
    // The download server's port changes with every lab start: rewrite the links each time.
    const ccd = consoleCliDownloadObject(downloads.baseUrl, archives);
    const existing = store.get(ccdRt, undefined, CCD_NAME);
    if (existing) store.mutate(ccdRt, undefined, CCD_NAME, (o) => (o.spec = ccd.spec));
    else store.create(ccdRt, ccd);
    ctx.provide('virtctl.downloadBaseUrl', downloads.baseUrl);
    ctx.log('bootstrap', `cluster objects ready; virtctl ${KUBEVIRT_VERSION} downloads at ${downloads.baseUrl}`);

    // MTV operator: reconcile ForkliftController spec changes (the Ansible operator's status cycle).
    const timers = new Set<NodeJS.Timeout>();
    const seenGeneration = new Map<string, number>();
    for (const fc of store.list(fcRt)) seenGeneration.set(`${fc.metadata.namespace}/${fc.metadata.name}`, fc.metadata.generation ?? 1);
    const unsubscribe = store.subscribe((e: StoreEvent) => {
      if (e.resource !== fcRt && e.resource.plural !== 'forkliftcontrollers') return;
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      if (e.type === 'DELETED') {
        seenGeneration.delete(key);
        return;
      }
      const gen = e.object.metadata.generation ?? 1;
      const seen = seenGeneration.get(key);
      seenGeneration.set(key, Math.max(gen, seen ?? 0));
      // A new object without status, or a spec change (generation moved), starts a reconcile.
      const needs = e.type === 'ADDED' ? e.object.status === undefined : seen !== undefined && gen > seen;
      if (!needs) return;
      const ns = e.object.metadata.namespace;
      const name = e.object.metadata.name ?? '';
      store.mutate(fcRt, ns, name, (o) => (o.status = forkliftControllerStatus('reconciling', nowTimestamp())), { status: true });
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          store.mutate(fcRt, ns, name, (o) => (o.status = forkliftControllerStatus('done', nowTimestamp())), { status: true });
        },
        Math.max(20, ctx.msPerMinute / 4),
      );
      timers.add(timer);
    });

    return {
      async stop() {
        unsubscribe();
        for (const timer of timers) clearTimeout(timer);
        await downloads.close();
      },
    };
  },
};
