/**
 * What an OpenShift 4.20 cluster with OpenShift Virtualization and MTV 2.10 installed already holds
 * before the suite runs: the MTV operator (Subscription, CSV, ForkliftController, forklift-* pods),
 * the cluster version, three worker nodes, storage classes, the image mirror set the must-gather
 * helper reads, and the local `host` Provider the operator creates. Pure builders; the bootstrap
 * component writes them into the store.
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

/** Worker nodes of the lab cluster: name, zone, capacity. */
export interface LabNodeSpec {
  name: string;
  zone: string;
  internalIp: string;
  cpu: number;
  memoryGi: number;
}

export const LAB_NODES: readonly LabNodeSpec[] = [
  { name: 'worker-0.mtv-lab.local', zone: 'zone-a', internalIp: '192.168.126.51', cpu: 32, memoryGi: 128 },
  { name: 'worker-1.mtv-lab.local', zone: 'zone-b', internalIp: '192.168.126.52', cpu: 32, memoryGi: 128 },
  { name: 'worker-2.mtv-lab.local', zone: 'zone-c', internalIp: '192.168.126.53', cpu: 32, memoryGi: 96 },
];

/** A stable fake image digest, so the same lab always shows the same sha256. */
export function digest(seed: string): string {
  return 'sha256:' + createHash('sha256').update(seed).digest('hex');
}

const REGISTRY = 'registry.redhat.io/migration-toolkit-virtualization';
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

export function nodeObject(n: LabNodeSpec, bootTime: string): KubeObject {
  const memKi = n.memoryGi * 1024 * 1024;
  const allocMemKi = memKi - 4 * 1024 * 1024; // system reserved, as kubelet reports it
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/worker': '',
        'node.openshift.io/os_id': 'rhcos',
        'topology.kubernetes.io/region': 'lab-region',
        'topology.kubernetes.io/zone': n.zone,
        'kubevirt.io/schedulable': 'true',
        'cpu-model.node.kubevirt.io/Cascadelake-Server': 'true',
      },
      annotations: { 'machineconfiguration.openshift.io/state': 'Done', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: {
      capacity: {
        cpu: String(n.cpu),
        memory: `${memKi}Ki`,
        pods: '250',
        'ephemeral-storage': '419300332Ki',
        'devices.kubevirt.io/kvm': '1k',
      },
      allocatable: {
        cpu: `${n.cpu * 1000 - 500}m`,
        memory: `${allocMemKi}Ki`,
        pods: '250',
        'ephemeral-storage': '385349010Ki',
        'devices.kubevirt.io/kvm': '1k',
      },
      addresses: [
        { type: 'InternalIP', address: n.internalIp },
        { type: 'Hostname', address: n.name },
      ],
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: bootTime,
          lastTransitionTime: bootTime,
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastHeartbeatTime: bootTime,
          lastTransitionTime: bootTime,
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          lastHeartbeatTime: bootTime,
          lastTransitionTime: bootTime,
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: bootTime,
          lastTransitionTime: bootTime,
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Red Hat Enterprise Linux CoreOS 9.6.20251015-0 (Plow)',
        kernelVersion: '5.14.0-570.49.1.el9_6.x86_64',
        containerRuntimeVersion: 'cri-o://1.33.5-3.rhaos4.20.gitd0ea985.el9',
        kubeletVersion: 'v1.33.5',
        kubeProxyVersion: '',
        machineID: createHash('md5').update(n.name).digest('hex'),
        systemUUID: createHash('md5')
          .update('uuid/' + n.name)
          .digest('hex')
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        bootID: createHash('md5')
          .update('boot/' + n.name + bootTime)
          .digest('hex')
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
      },
    },
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
  const img = (name: string): string => `${REGISTRY}/${name}@${digest(name + MTV_VERSION)}`;
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
        containerImage: img('mtv-rhel9-operator'),
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
                        image: img('mtv-rhel9-operator'),
                        env: [
                          {
                            name: 'WATCH_NAMESPACE',
                            valueFrom: { fieldRef: { fieldPath: "metadata.annotations['olm.targetNamespaces']" } },
                          },
                          { name: 'CONTROLLER_IMAGE', value: img('mtv-controller-rhel9') },
                          { name: 'API_IMAGE', value: img('mtv-api-rhel9') },
                          { name: 'VALIDATION_IMAGE', value: img('mtv-validation-rhel9') },
                          { name: 'UI_PLUGIN_IMAGE', value: img('mtv-console-plugin-rhel9') },
                          { name: 'POPULATOR_CONTROLLER_IMAGE', value: img('mtv-populator-controller-rhel9') },
                          { name: 'MUST_GATHER_IMAGE', value: MUST_GATHER_IMAGE },
                          { name: 'VIRT_V2V_IMAGE', value: img('mtv-virt-v2v-rhel9') },
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

interface PodDef {
  deployment: string;
  labels: Record<string, string>;
  containers: Array<{ name: string; image: string }>;
  node: number;
}

const POD_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
function stableSuffix(seed: string, n: number): string {
  const h = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < n; i++) s += POD_SUFFIX_ALPHABET[(h[i] ?? 0) % POD_SUFFIX_ALPHABET.length];
  return s;
}

/** forklift-* pods as a Deployment/ReplicaSet would name them: <deployment>-<rs hash>-<5 chars>. */
export function forkliftPodObjects(startedAt: string): KubeObject[] {
  const img = (name: string): string => `${REGISTRY}/${name}@${digest(name + MTV_VERSION)}`;
  const defs: PodDef[] = [
    {
      deployment: 'forklift-operator',
      labels: { app: 'forklift', name: 'forklift-operator' },
      containers: [{ name: 'forklift-operator', image: img('mtv-rhel9-operator') }],
      node: 0,
    },
    {
      deployment: 'forklift-controller',
      labels: { app: 'forklift', 'control-plane': 'controller-manager', service: 'forklift-controller' },
      containers: [
        { name: 'main', image: img('mtv-controller-rhel9') },
        { name: 'inventory', image: img('mtv-controller-rhel9') },
      ],
      node: 1,
    },
    {
      deployment: 'forklift-api',
      labels: { app: 'forklift', service: 'forklift-api' },
      containers: [{ name: 'main', image: img('mtv-api-rhel9') }],
      node: 2,
    },
    {
      deployment: 'forklift-validation',
      labels: { app: 'forklift', service: 'forklift-validation' },
      containers: [{ name: 'main', image: img('mtv-validation-rhel9') }],
      node: 0,
    },
    {
      deployment: 'forklift-ui-plugin',
      labels: { app: 'forklift', service: 'forklift-ui-plugin' },
      containers: [{ name: 'main', image: img('mtv-console-plugin-rhel9') }],
      node: 1,
    },
    {
      deployment: 'forklift-volume-populator-controller',
      labels: { app: 'forklift', 'control-plane': 'controller-manager', service: 'forklift-volume-populator-controller' },
      containers: [{ name: 'main', image: img('mtv-populator-controller-rhel9') }],
      node: 2,
    },
  ];
  return defs.map((d, i) => {
    const rsHash = stableSuffix(`${d.deployment}/${MTV_VERSION}/rs`, 10).replace(/[^a-z0-9]/g, '');
    const name = `${d.deployment}-${rsHash}-${stableSuffix(`${d.deployment}/pod`, 5)}`;
    const node = LAB_NODES[d.node % LAB_NODES.length] as LabNodeSpec;
    const podIp = `10.128.${2 * d.node}.${20 + i}`;
    const cond = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: startedAt });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: MTV_NAMESPACE,
        generateName: `${d.deployment}-${rsHash}-`,
        labels: { ...d.labels, 'pod-template-hash': rsHash },
        annotations: {
          'openshift.io/scc': 'restricted-v2',
          'k8s.ovn.org/pod-networks': JSON.stringify({
            default: { ip_addresses: [`${podIp}/23`], mac_address: '0a:58:0a:80:00:' + (20 + i).toString(16), role: 'primary' },
          }),
        },
        // No ownerReference to their ReplicaSet: the lab has no apps/v1 kinds, and a dangling owner
        // would make these pods garbage for any owner-reference collector.
      },
      spec: {
        nodeName: node.name,
        serviceAccountName: d.deployment === 'forklift-operator' ? 'forklift-operator' : 'forklift-controller',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        containers: d.containers.map((c) => ({
          name: c.name,
          image: c.image,
          imagePullPolicy: 'IfNotPresent',
          resources: { requests: { cpu: '100m', memory: '150Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        })),
      },
      status: {
        phase: 'Running',
        hostIP: node.internalIp,
        podIP: podIp,
        podIPs: [{ ip: podIp }],
        startTime: startedAt,
        qosClass: 'Burstable',
        conditions: [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
        containerStatuses: d.containers.map((c) => ({
          name: c.name,
          image: c.image,
          imageID: c.image,
          ready: true,
          started: true,
          restartCount: 0,
          containerID: `cri-o://${createHash('sha256')
            .update(name + c.name)
            .digest('hex')}`,
          state: { running: { startedAt } },
        })),
      },
    };
  });
}
