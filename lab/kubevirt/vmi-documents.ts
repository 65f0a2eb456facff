/**
 * The VirtualMachineInstance documents virt-controller and virt-handler write: the VMI created from
 * a VM's template, and its status at each step (Pending, unschedulable, Running, agent connected).
 */
import type { KubeObject } from '../apiserver/contract';
import type { GuestModel } from './guest-model';
import { LAUNCHER_IMAGE } from './launcher-pod';
import { type VmSpecLike, cond } from './vm-status';

type VmiSpecLike = {
  domain?: {
    cpu?: { cores?: number; sockets?: number; threads?: number };
    memory?: { guest?: string };
    resources?: { requests?: { memory?: string } };
  };
  volumes?: Array<{ name?: string; persistentVolumeClaim?: { claimName?: string }; dataVolume?: { name?: string } }>;
};

/** The VMI for a VM: its template, labelled and annotated as virt-controller does, owned by the VM. */
export function vmiFor(vm: KubeObject): KubeObject {
  const spec = (vm.spec ?? {}) as VmSpecLike;
  const template = spec.template ?? {};
  const ns = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name,
      namespace: ns,
      labels: { ...(template.metadata?.labels ?? {}), 'vm.kubevirt.io/name': name },
      annotations: {
        ...(template.metadata?.annotations ?? {}),
        'kubevirt.io/vm-generation': String(vm.metadata.generation ?? 1),
        'kubevirt.io/latest-observed-api-version': 'v1',
        'kubevirt.io/storage-observed-api-version': 'v1',
      },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachine',
          name,
          uid: vm.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: JSON.parse(JSON.stringify(template.spec ?? {})) as Record<string, unknown>,
  };
}

export function pendingVmiStatus(at: string): Record<string, unknown> {
  return {
    phase: 'Pending',
    phaseTransitionTimestamps: [{ phase: 'Pending', phaseTransitionTimestamp: at }],
    guestOSInfo: {},
    qosClass: 'Burstable',
  };
}

/** No node fits: the VMI stays Scheduling with PodScheduled=False saying why. */
export function unschedulableVmiStatus(vmi: KubeObject, message: string): Record<string, unknown> {
  const st = (vmi.status ?? {}) as Record<string, unknown>;
  return {
    ...st,
    phase: 'Scheduling',
    conditions: [
      cond('Ready', 'False', { reason: 'GuestNotRunning', message: 'Guest VM is not reported as running' }),
      cond('PodScheduled', 'False', { reason: 'Unschedulable', message }),
    ],
  };
}

/** The status of a VMI whose launcher pod `podUid` runs on `nodeName`, before the guest agent reports. */
export function runningVmiStatus(
  vmi: KubeObject,
  nodeName: string,
  guest: GuestModel,
  podUid: string,
  at: string,
): Record<string, unknown> {
  const st = (vmi.status ?? {}) as { phaseTransitionTimestamps?: unknown[] };
  const spec = (vmi.spec ?? {}) as VmiSpecLike;
  return {
    phase: 'Running',
    nodeName,
    phaseTransitionTimestamps: [
      ...(st.phaseTransitionTimestamps ?? []),
      { phase: 'Scheduling', phaseTransitionTimestamp: at },
      { phase: 'Scheduled', phaseTransitionTimestamp: at },
      { phase: 'Running', phaseTransitionTimestamp: at },
    ],
    conditions: [
      cond('Ready', 'True'),
      cond('LiveMigratable', 'False', {
        reason: 'DisksNotLiveMigratable',
        message:
          'cannot migrate VMI: PVC is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)',
      }),
    ],
    interfaces: reportedInterfaces(guest, false),
    guestOSInfo: {},
    qosClass: 'Burstable',
    launcherContainerImageVersion: LAUNCHER_IMAGE,
    migrationMethod: 'BlockMigration',
    migrationTransport: 'Unix',
    activePods: { [podUid]: nodeName },
    currentCPUTopology: cpuTopologyOf(spec),
    ...memoryStatusOf(spec),
    machine: { type: 'pc-q35-rhel9.6.0' },
    volumeStatus: (spec.volumes ?? []).map((v, i) => {
      const claimName = v.persistentVolumeClaim?.claimName ?? v.dataVolume?.name;
      return {
        name: v.name,
        target: `vd${String.fromCharCode(97 + i)}`,
        ...(claimName ? { persistentVolumeClaimInfo: { claimName } } : {}),
      };
    }),
  };
}

/** status.interfaces as virt-handler reports them: domain data, plus guest-agent data when the agent runs. */
export function reportedInterfaces(guest: GuestModel, agent: boolean): Array<Record<string, unknown>> {
  return guest.nics.map((n) => {
    const ips = n.ips.map((ip) => ip.address);
    if (agent)
      return {
        name: n.network,
        mac: n.mac,
        interfaceName: n.device,
        ipAddress: ips[0],
        ipAddresses: ips,
        infoSource: 'domain, guest-agent',
        queueCount: 1,
        linkState: 'up',
      };
    // Without an agent only the pod network's address is known (from the pod), nothing from inside the guest.
    return {
      name: n.network,
      mac: n.mac,
      infoSource: n.podNetwork ? 'domain, multus-status' : 'domain',
      queueCount: 1,
      linkState: 'up',
      ...(n.podNetwork && ips[0] ? { ipAddress: ips[0], ipAddresses: ips } : {}),
    };
  });
}

function cpuTopologyOf(spec: VmiSpecLike): { cores: number; sockets: number; threads: number } {
  const cpu = spec.domain?.cpu;
  return { cores: cpu?.cores ?? 1, sockets: cpu?.sockets ?? 1, threads: cpu?.threads ?? 1 };
}

/** status.memory: the guest memory (or the memory request) at boot, current and requested alike. */
function memoryStatusOf(spec: VmiSpecLike): { memory?: { guestAtBoot: string; guestCurrent: string; guestRequested: string } } {
  const mem = spec.domain?.memory?.guest ?? spec.domain?.resources?.requests?.memory;
  return mem ? { memory: { guestAtBoot: mem, guestCurrent: mem, guestRequested: mem } } : {};
}
