/**
 * The virt-launcher pod KubeVirt runs for each VMI: on the VMI's node, owned by the VMI, its IP the
 * pod-network address of the guest. Pure builders.
 */
import type { KubeObject } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';

export const LAUNCHER_IMAGE =
  'registry.redhat.io/container-native-virtualization/virt-launcher-rhel9@sha256:3d1f0c7b5a4e2f8d9c6b1a0e7f3d2c5b8a9e6f1d4c7b0a3e2f5d8c1b4a7e0f3d';

export function launcherPod(vmi: KubeObject, nodeName: string): KubeObject {
  const ns = vmi.metadata.namespace ?? '';
  const name = vmi.metadata.name ?? '';
  const mem = (vmi.spec as { domain?: { memory?: { guest?: string } } } | undefined)?.domain?.memory?.guest ?? '2Gi';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `virt-launcher-${name}-`,
      namespace: ns,
      labels: {
        ...(vmi.metadata.labels ?? {}),
        'kubevirt.io': 'virt-launcher',
        'kubevirt.io/created-by': vmi.metadata.uid ?? '',
        'kubevirt.io/nodeName': nodeName,
        'vm.kubevirt.io/name': name,
      },
      annotations: {
        'kubevirt.io/domain': name,
        'kubevirt.io/migrationTransportUnix': 'true',
        'kubectl.kubernetes.io/default-container': 'compute',
      },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          name,
          uid: vmi.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName,
      restartPolicy: 'Never',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      containers: [
        {
          name: 'compute',
          image: LAUNCHER_IMAGE,
          command: ['/usr/bin/virt-launcher-monitor'],
          resources: { requests: { cpu: '100m', memory: mem }, limits: { 'devices.kubevirt.io/kvm': '1' } },
        },
      ],
    },
  };
}

export function launcherPodStatus(hostIp: string | undefined, podIp: string | undefined): Record<string, unknown> {
  const at = nowTimestamp();
  const ready = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at });
  return {
    phase: 'Running',
    ...(hostIp ? { hostIP: hostIp } : {}),
    ...(podIp ? { podIP: podIp, podIPs: [{ ip: podIp }] } : {}),
    startTime: at,
    qosClass: 'Burstable',
    conditions: [ready('Initialized'), ready('Ready'), ready('ContainersReady'), ready('PodScheduled')],
    containerStatuses: [
      {
        name: 'compute',
        image: LAUNCHER_IMAGE,
        imageID: LAUNCHER_IMAGE,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: at } },
      },
    ],
  };
}
