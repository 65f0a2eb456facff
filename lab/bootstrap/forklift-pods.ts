/**
 * The forklift-* pods the MTV operator runs in its namespace, named as a Deployment/ReplicaSet
 * would name them and shown Running and Ready on the lab's worker nodes. Pure builders.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';
import { MTV_NAMESPACE, MTV_VERSION, mtvImage } from './cluster-objects';
import { LAB_NODES, type LabNodeSpec } from './node-objects';

interface PodDef {
  deployment: string;
  labels: Record<string, string>;
  containers: Array<{ name: string; image: string }>;
  node: number;
}

/** Where one pod of a PodDef lands: its name, ReplicaSet hash, node and pod IP. */
interface PodPlacement {
  name: string;
  rsHash: string;
  node: LabNodeSpec;
  podIp: string;
  index: number;
}

const POD_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
function stableSuffix(seed: string, n: number): string {
  const h = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < n; i++) s += POD_SUFFIX_ALPHABET[(h[i] ?? 0) % POD_SUFFIX_ALPHABET.length];
  return s;
}

function forkliftPodDefs(): PodDef[] {
  return [
    {
      deployment: 'forklift-operator',
      labels: { app: 'forklift', name: 'forklift-operator' },
      containers: [{ name: 'forklift-operator', image: mtvImage('mtv-rhel9-operator') }],
      node: 0,
    },
    {
      deployment: 'forklift-controller',
      labels: { app: 'forklift', 'control-plane': 'controller-manager', service: 'forklift-controller' },
      containers: [
        { name: 'main', image: mtvImage('mtv-controller-rhel9') },
        { name: 'inventory', image: mtvImage('mtv-controller-rhel9') },
      ],
      node: 1,
    },
    {
      deployment: 'forklift-api',
      labels: { app: 'forklift', service: 'forklift-api' },
      containers: [{ name: 'main', image: mtvImage('mtv-api-rhel9') }],
      node: 2,
    },
    {
      deployment: 'forklift-validation',
      labels: { app: 'forklift', service: 'forklift-validation' },
      containers: [{ name: 'main', image: mtvImage('mtv-validation-rhel9') }],
      node: 0,
    },
    {
      deployment: 'forklift-ui-plugin',
      labels: { app: 'forklift', service: 'forklift-ui-plugin' },
      containers: [{ name: 'main', image: mtvImage('mtv-console-plugin-rhel9') }],
      node: 1,
    },
    {
      deployment: 'forklift-volume-populator-controller',
      labels: { app: 'forklift', 'control-plane': 'controller-manager', service: 'forklift-volume-populator-controller' },
      containers: [{ name: 'main', image: mtvImage('mtv-populator-controller-rhel9') }],
      node: 2,
    },
  ];
}

/** forklift-* pods as a Deployment/ReplicaSet would name them: <deployment>-<rs hash>-<5 chars>. */
export function forkliftPodObjects(startedAt: string): KubeObject[] {
  return forkliftPodDefs().map((d, index) => {
    const rsHash = stableSuffix(`${d.deployment}/${MTV_VERSION}/rs`, 10).replace(/[^a-z0-9]/g, '');
    const place: PodPlacement = {
      name: `${d.deployment}-${rsHash}-${stableSuffix(`${d.deployment}/pod`, 5)}`,
      rsHash,
      node: LAB_NODES[d.node % LAB_NODES.length] as LabNodeSpec,
      podIp: `10.128.${2 * d.node}.${20 + index}`,
      index,
    };
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: podMetadata(d, place),
      spec: podSpec(d, place),
      status: podStatus(d, place, startedAt),
    };
  });
}

function podMetadata(d: PodDef, p: PodPlacement): Record<string, unknown> {
  return {
    name: p.name,
    namespace: MTV_NAMESPACE,
    generateName: `${d.deployment}-${p.rsHash}-`,
    labels: { ...d.labels, 'pod-template-hash': p.rsHash },
    annotations: {
      'openshift.io/scc': 'restricted-v2',
      'k8s.ovn.org/pod-networks': JSON.stringify({
        default: { ip_addresses: [`${p.podIp}/23`], mac_address: '0a:58:0a:80:00:' + (20 + p.index).toString(16), role: 'primary' },
      }),
    },
    // No ownerReference to their ReplicaSet: the lab has no apps/v1 kinds, and a dangling owner
    // would make these pods garbage for any owner-reference collector.
  };
}

function podSpec(d: PodDef, p: PodPlacement): Record<string, unknown> {
  return {
    nodeName: p.node.name,
    serviceAccountName: d.deployment === 'forklift-operator' ? 'forklift-operator' : 'forklift-controller',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    containers: d.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '100m', memory: '150Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    })),
  };
}

function podStatus(d: PodDef, p: PodPlacement, startedAt: string): Record<string, unknown> {
  const cond = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: startedAt });
  return {
    phase: 'Running',
    hostIP: p.node.internalIp,
    podIP: p.podIp,
    podIPs: [{ ip: p.podIp }],
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
        .update(p.name + c.name)
        .digest('hex')}`,
      state: { running: { startedAt } },
    })),
  };
}
