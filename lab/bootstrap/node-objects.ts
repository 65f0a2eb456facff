/**
 * The lab cluster's three worker nodes as the kubelet reports them: labels (zone, KubeVirt
 * schedulability), capacity and allocatable, healthy conditions and node info. Pure builders.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';

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

export function nodeObject(n: LabNodeSpec, bootTime: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: nodeMetadata(n), spec: {}, status: nodeStatus(n, bootTime) };
}

function nodeMetadata(n: LabNodeSpec): Record<string, unknown> {
  return {
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
  };
}

function nodeStatus(n: LabNodeSpec, bootTime: string): Record<string, unknown> {
  const memKi = n.memoryGi * 1024 * 1024;
  const allocMemKi = memKi - 4 * 1024 * 1024; // system reserved, as kubelet reports it
  return {
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
    conditions: nodeConditions(bootTime),
    nodeInfo: nodeInfo(n, bootTime),
  };
}

function nodeConditions(bootTime: string): Array<Record<string, unknown>> {
  const cond = (type: string, status: string, reason: string, message: string): Record<string, unknown> => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: bootTime,
    lastTransitionTime: bootTime,
  });
  return [
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** An md5 of the seed laid out as a UUID (8-4-4-4-12), the way the kubelet shows system and boot ids. */
function uuidFrom(seed: string): string {
  return createHash('md5')
    .update(seed)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

function nodeInfo(n: LabNodeSpec, bootTime: string): Record<string, unknown> {
  return {
    architecture: 'amd64',
    operatingSystem: 'linux',
    osImage: 'Red Hat Enterprise Linux CoreOS 9.6.20251015-0 (Plow)',
    kernelVersion: '5.14.0-570.49.1.el9_6.x86_64',
    containerRuntimeVersion: 'cri-o://1.33.5-3.rhaos4.20.gitd0ea985.el9',
    kubeletVersion: 'v1.33.5',
    kubeProxyVersion: '',
    machineID: createHash('md5').update(n.name).digest('hex'),
    systemUUID: uuidFrom('uuid/' + n.name),
    bootID: uuidFrom('boot/' + n.name + bootTime),
  };
}
