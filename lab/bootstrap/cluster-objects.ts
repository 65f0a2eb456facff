/**
 * What an OpenShift 4.20 cluster with OpenShift Virtualization and MTV 2.10 installed already holds
 * before the suite runs: the MTV operator (Subscription, CSV, ForkliftController, forklift-* pods),
 * the cluster version, storage classes, the image mirror set the must-gather
 * helper reads, and the local `host` Provider the operator creates. Worker nodes are in node-objects,
 * the forklift-* pods in forklift-pods. Pure builders; the bootstrap component writes them into the store.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';

export const MTV_NAMESPACE = 'openshift-mtv';
export const MTV_VERSION = '2.10.4';
export const MTV_CHANNEL = 'release-v2.10';
export const MTV_CSV_NAME = `mtv-operator.v${MTV_VERSION}`;
export const OCP_VERSION = '4.20.8';
export const OCP_PREVIOUS_VERSION = '4.20.5';
export const KUBEVIRT_VERSION = 'v1.6.2';
export const BLOCK_STORAGE_CLASS = 'mtv-block';
export const NFS_STORAGE_CLASS = 'nfs';

/** A stable fake image digest, so the same lab always shows the same sha256. */
export function digest(seed: string): string {
  return 'sha256:' + createHash('sha256').update(seed).digest('hex');
}

const REGISTRY = 'registry.redhat.io/migration-toolkit-virtualization';
/** An MTV release image, pinned by a digest stable for this MTV version. */
export function mtvImage(name: string): string {
  return `${REGISTRY}/${name}@${digest(name + MTV_VERSION)}`;
}

export const MUST_GATHER_IMAGE = `${REGISTRY}/mtv-must-gather-rhel9@${digest('mtv-must-gather-' + MTV_VERSION)}`;

export function namespaceObject(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function clusterVersionObject(installedAt: string): KubeObject {
  const image = (v: string): string => `quay.io/openshift-release-dev/ocp-release@${digest('ocp-' + v)}`;
  return {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: { name: 'version' },
    spec: { channel: 'stable-4.20', clusterID: '5b1f0a52-3c0e-4e7a-9d43-6f5c2a7d8e11' },
    status: {
      desired: { version: OCP_VERSION, image: image(OCP_VERSION), channels: ['candidate-4.20', 'eus-4.20', 'fast-4.20', 'stable-4.20'] },
      history: [
        {
          state: 'Completed',
          version: OCP_VERSION,
          image: image(OCP_VERSION),
          verified: true,
          startedTime: installedAt,
          completionTime: installedAt,
        },
        {
          state: 'Completed',
          version: OCP_PREVIOUS_VERSION,
          image: image(OCP_PREVIOUS_VERSION),
          verified: false,
          startedTime: installedAt,
          completionTime: installedAt,
        },
      ],
      observedGeneration: 1,
      versionHash: 'Qp8t1y4JQ2k=',
      availableUpdates: null,
      conditions: [
        { type: 'Available', status: 'True', lastTransitionTime: installedAt, message: `Done applying ${OCP_VERSION}` },
        { type: 'Failing', status: 'False', lastTransitionTime: installedAt },
        { type: 'Progressing', status: 'False', lastTransitionTime: installedAt, message: `Cluster version is ${OCP_VERSION}` },
        { type: 'RetrievedUpdates', status: 'True', lastTransitionTime: installedAt },
      ],
    },
  };
}

export function storageClassObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: BLOCK_STORAGE_CLASS,
        annotations: {
          'storageclass.kubernetes.io/is-default-class': 'true',
          'storageclass.kubevirt.io/is-default-virt-class': 'true',
          description: 'Lab block storage (RBD-like), supports Block and Filesystem volumes',
        },
      },
      provisioner: 'block.csi.mtv-lab.local',
      parameters: { pool: 'mtv-lab-pool', imageFeatures: 'layering,deep-flatten,exclusive-lock,object-map,fast-diff' },
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
      volumeBindingMode: 'Immediate',
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: NFS_STORAGE_CLASS, annotations: { description: 'Lab NFS storage, Filesystem volumes only' } },
      provisioner: 'nfs.csi.k8s.io',
      parameters: { server: 'nfs.mtv-lab.local', share: '/exports/mtv' },
      reclaimPolicy: 'Delete',
      mountOptions: ['nfsvers=4.1'],
      allowVolumeExpansion: true,
      volumeBindingMode: 'Immediate',
    },
  ];
}

export function subscriptionObject(createdAt: string): KubeObject {
  return {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { name: 'mtv-operator', namespace: MTV_NAMESPACE, labels: { 'operators.coreos.com/mtv-operator.openshift-mtv': '' } },
    spec: {
      channel: MTV_CHANNEL,
      installPlanApproval: 'Automatic',
      name: 'mtv-operator',
      source: 'redhat-operators',
      sourceNamespace: 'openshift-marketplace',
      startingCSV: MTV_CSV_NAME,
    },
    status: {
      currentCSV: MTV_CSV_NAME,
      installedCSV: MTV_CSV_NAME,
      state: 'AtLatestKnown',
      installPlanRef: { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: 'install-mtv01', namespace: MTV_NAMESPACE },
      lastUpdated: createdAt,
      conditions: [
        {
          type: 'CatalogSourcesUnhealthy',
          status: 'False',
          reason: 'AllCatalogSourcesHealthy',
          message: 'all available catalogsources are healthy',
          lastTransitionTime: createdAt,
        },
      ],
    },
  };
}

export function csvObject(createdAt: string): KubeObject {
  return {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'ClusterServiceVersion',
    metadata: {
      name: MTV_CSV_NAME,
      namespace: MTV_NAMESPACE,
      labels: { 'operators.coreos.com/mtv-operator.openshift-mtv': '' },
      annotations: {
        'olm.operatorNamespace': MTV_NAMESPACE,
        'olm.targetNamespaces': MTV_NAMESPACE,
        containerImage: mtvImage('mtv-rhel9-operator'),
      },
    },
    spec: {
      displayName: 'Migration Toolkit for Virtualization Operator',
      version: MTV_VERSION,
      provider: { name: 'Red Hat' },
      maturity: 'stable',
      replaces: 'mtv-operator.v2.10.3',
      install: {
        strategy: 'deployment',
        spec: {
          deployments: [
            {
              name: 'forklift-operator',
              spec: {
                replicas: 1,
                selector: { matchLabels: { name: 'forklift-operator' } },
                template: {
                  metadata: { labels: { app: 'forklift', name: 'forklift-operator' } },
                  spec: {
                    serviceAccountName: 'forklift-operator',
                    containers: [
                      {
                        name: 'forklift-operator',
                        image: mtvImage('mtv-rhel9-operator'),
                        env: [
                          {
                            name: 'WATCH_NAMESPACE',
                            valueFrom: { fieldRef: { fieldPath: "metadata.annotations['olm.targetNamespaces']" } },
                          },
                          { name: 'CONTROLLER_IMAGE', value: mtvImage('mtv-controller-rhel9') },
                          { name: 'API_IMAGE', value: mtvImage('mtv-api-rhel9') },
                          { name: 'VALIDATION_IMAGE', value: mtvImage('mtv-validation-rhel9') },
                          { name: 'UI_PLUGIN_IMAGE', value: mtvImage('mtv-console-plugin-rhel9') },
                          { name: 'POPULATOR_CONTROLLER_IMAGE', value: mtvImage('mtv-populator-controller-rhel9') },
                          { name: 'MUST_GATHER_IMAGE', value: MUST_GATHER_IMAGE },
                          { name: 'VIRT_V2V_IMAGE', value: mtvImage('mtv-virt-v2v-rhel9') },
                        ],
                      },
                    ],
                  },
                },
              },
            },
          ],
        },
      },
    },
    status: {
      phase: 'Succeeded',
      reason: 'InstallSucceeded',
      message: 'install strategy completed with no errors',
      lastTransitionTime: createdAt,
      lastUpdateTime: createdAt,
      requirementStatus: [],
    },
  };
}

/** The mirror set the must-gather helper resolves the image through: devel-testing-for-<x-y>. */
export function imageDigestMirrorSetObject(): KubeObject {
  const xy = MTV_CHANNEL.replace('release-v', '').replace(/\./g, '-');
  return {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ImageDigestMirrorSet',
    metadata: { name: `devel-testing-for-${xy}` },
    spec: {
      imageDigestMirrors: [
        {
          source: `${REGISTRY}/mtv-must-gather-rhel9`,
          mirrors: [
            `quay.io/redhat-user-workloads/rh-mtv-1-tenant/forklift-operator-${xy}/forklift-must-gather-${xy}`,
            `registry.stage.redhat.io/migration-toolkit-virtualization/mtv-must-gather-rhel9`,
          ],
        },
        {
          source: `${REGISTRY}/mtv-controller-rhel9`,
          mirrors: [`quay.io/redhat-user-workloads/rh-mtv-1-tenant/forklift-operator-${xy}/forklift-controller-${xy}`],
        },
      ],
    },
  };
}

export function forkliftControllerObject(createdAt: string): KubeObject {
  return {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'ForkliftController',
    metadata: { name: 'forklift-controller', namespace: MTV_NAMESPACE },
    spec: {
      feature_ui_plugin: 'true',
      feature_validation: 'true',
      feature_volume_populator: 'true',
      feature_copy_offload: 'true',
      feature_auth_required: 'true',
      feature_cli_download: 'true',
      controller_max_vm_inflight: '20',
      controller_precopy_interval: '60',
      controller_snapshot_removal_timeout_minuts: '120',
      controller_vsphere_incremental_backup: 'true',
      controller_log_level: '3',
      inventory_route_timeout: '360s',
    },
    status: forkliftControllerStatus('done', createdAt),
  };
}

/**
 * Ansible-operator status of the ForkliftController: while reconciling, Running has reason Running;
 * after a successful pass Running carries reason Successful and Successful is True.
 */
export function forkliftControllerStatus(state: 'reconciling' | 'done', at: string): Record<string, unknown> {
  if (state === 'reconciling') {
    return {
      conditions: [{ type: 'Running', status: 'True', reason: 'Running', message: 'Running reconciliation', lastTransitionTime: at }],
    };
  }
  return {
    conditions: [
      {
        type: 'Running',
        status: 'True',
        reason: 'Successful',
        message: 'Awaiting next reconciliation',
        ansibleResult: { changed: 0, completion: at, failures: 0, ok: 112, skipped: 57 },
        lastTransitionTime: at,
      },
      { type: 'Successful', status: 'True', reason: 'Successful', message: 'Last reconciliation succeeded', lastTransitionTime: at },
    ],
  };
}

/** The local destination provider the operator creates in its namespace. */
export function hostProviderObject(): KubeObject {
  return {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: 'host', namespace: MTV_NAMESPACE },
    spec: { type: 'openshift', url: '', secret: {} },
  };
}
