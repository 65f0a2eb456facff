/**
 * LabComponent 'kubevirt': virt-controller + virt-handler for the lab. A VirtualMachine that
 * should run (runStrategy Always/RerunOnFailure, or legacy spec.running: true) gets a
 * VirtualMachineInstance owned by it, once its volumes are ready; the VMI is scheduled onto a node
 * that satisfies the template's nodeSelector and required node affinity, goes Running, and - if the
 * guest has an agent - reports AgentConnected, guest OS info and guest interface data. Halted
 * deletes the VMI. The VM's status (printableStatus, ready, created, conditions) follows.
 *
 * The guest behind each running VMI is published as 'kubevirt.guests' (GuestRegistry) for the
 * SSH guests; it is derived from the source VM in the vSphere model (vmID label) and the Plan
 * (plan-name/plan-namespace labels, preserveStaticIPs).
 */
import { ensureDataVolumeTemplates } from './data-volume-templates';
import { VmExportController } from './vm-export';
import type { KubeObject, ResourceType, Store, StoreEvent } from '../apiserver/contract';
import { deepEqual, nowTimestamp } from '../apiserver/objects';
import { requireType } from '../bootstrap/store-helpers';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import type { SimVm, VSphereModel } from '../vsphere/model';
import {
  type DhcpLease,
  type GuestModel,
  type TemplateNic,
  type TemplateSpecLike,
  cloudInitLogin,
  guestFromTemplateOs,
  guestHostname,
  guestNics,
  migratedStorage,
  osInfoFor,
  templateNics,
} from './guest-model';
import { DhcpPools } from './dhcp';
import { launcherPod, launcherPodStatus } from './launcher-pod';
import { type SchedulingInput, scheduleVmi } from './scheduling';
import { type VmSpecLike, cond, shouldRun, stripTimes, vmiPhase, vmStatusFor } from './vm-status';
import { pendingVmiStatus, reportedInterfaces, runningVmiStatus, unschedulableVmiStatus, vmiFor } from './vmi-documents';
import { DeferredWork } from '../deferred-work';
import { pvcKey, type DiskDataStore } from '../disk-data';
import { GuestStorage } from '../guests/guest-storage';

export interface RunningGuest {
  namespace: string;
  vmName: string;
  vmiUid: string;
  model: GuestModel;
}

/** Read side for the SSH guests: which guest runs behind a VM right now. */
export interface GuestRegistry {
  /** The guest of the VM's VMI if that VMI is Running, else undefined. */
  running(namespace: string, vmName: string): RunningGuest | undefined;
}

export class KubeVirtController {
  private readonly vmRt: ResourceType;
  private readonly vmiRt: ResourceType;
  private readonly nodeRt: ResourceType;
  private readonly dvRt: ResourceType;
  private readonly pvcRt: ResourceType;
  private readonly planRt: ResourceType;
  private readonly podRt: ResourceType;
  private readonly guests = new Map<string, GuestModel>(); // by VMI uid
  private readonly deferred: DeferredWork;
  private readonly dhcp = new DhcpPools();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly ctx: Pick<LabContext, 'faults' | 'msPerMinute' | 'log'>,
    private readonly model: VSphereModel | undefined,
    private readonly disks?: DiskDataStore,
  ) {
    this.deferred = new DeferredWork((message) => ctx.log('kubevirt', message));
    this.vmRt = requireType(store, 'kubevirt.io', 'virtualmachines');
    this.vmiRt = requireType(store, 'kubevirt.io', 'virtualmachineinstances');
    this.nodeRt = requireType(store, '', 'nodes');
    this.dvRt = requireType(store, 'cdi.kubevirt.io', 'datavolumes');
    this.pvcRt = requireType(store, '', 'persistentvolumeclaims');
    this.planRt = requireType(store, 'forklift.konveyor.io', 'plans');
    this.podRt = requireType(store, '', 'pods');
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((e) => this.onEvent(e));
    for (const vm of this.store.list(this.vmRt)) this.reconcileVm(vm.metadata.namespace ?? '', vm.metadata.name ?? '');
    // VMIs left running by a previous lab process: bring their guests back.
    for (const vmi of this.store.list(this.vmiRt)) if (vmiPhase(vmi) === 'Running') this.guestFor(vmi);
  }

  stop(): void {
    this.unsubscribe?.();
    this.deferred.stop();
  }

  registry(): GuestRegistry {
    return {
      running: (namespace, vmName) => {
        const vmi = this.store.get(this.vmiRt, namespace, vmName);
        if (!vmi || vmiPhase(vmi) !== 'Running' || vmi.metadata.deletionTimestamp) return undefined;
        return { namespace, vmName, vmiUid: vmi.metadata.uid ?? '', model: this.guestFor(vmi) };
      },
    };
  }

  private later(ms: number, fn: () => void): void {
    this.deferred.later(ms, fn);
  }

  private onEvent(e: StoreEvent): void {
    const ns = e.object.metadata.namespace ?? '';
    const name = e.object.metadata.name ?? '';
    try {
      this.route(e, ns, name);
    } catch (err) {
      this.ctx.log('kubevirt', `reconcile ${e.resource.plural} ${ns}/${name} failed: ${(err as Error).message}`);
    }
  }

  private route(e: StoreEvent, ns: string, name: string): void {
    switch (this.watchedKind(e.resource)) {
      case 'vm':
        if (e.type !== 'DELETED') this.reconcileVm(ns, name);
        break;
      case 'vmi': {
        if (e.type === 'DELETED') this.guests.delete(e.object.metadata.uid ?? '');
        const owner = (e.object.metadata.ownerReferences ?? []).find((r) => r.kind === 'VirtualMachine');
        if (owner) this.reconcileVm(ns, owner.name);
        break;
      }
      case 'node':
        if (e.type !== 'DELETED') this.rescheduleUnschedulable();
        break;
      case 'volume':
        // Volumes becoming ready may unblock VMs waiting to start in that namespace.
        for (const vm of this.store.list(this.vmRt, ns)) if (this.isWaitingForVolumes(vm)) this.reconcileVm(ns, vm.metadata.name ?? '');
        break;
      default:
        break;
    }
  }

  private watchedKind(resource: StoreEvent['resource']): 'vm' | 'vmi' | 'node' | 'volume' | undefined {
    const { group, plural } = resource;
    if (resource === this.vmRt || (group === 'kubevirt.io' && plural === 'virtualmachines')) return 'vm';
    if (group === 'kubevirt.io' && plural === 'virtualmachineinstances') return 'vmi';
    if (group === '' && plural === 'nodes') return 'node';
    if ((group === 'cdi.kubevirt.io' && plural === 'datavolumes') || (group === '' && plural === 'persistentvolumeclaims')) return 'volume';
    return undefined;
  }

  /** A node that changed (labels, taints, readiness) may now fit VMIs that could not be scheduled. */
  private rescheduleUnschedulable(): void {
    for (const vmi of this.store.list(this.vmiRt)) {
      const conds = (vmi.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
      if (vmiPhase(vmi) === 'Scheduling' && conds.some((c) => c.type === 'PodScheduled' && c.status === 'False'))
        this.schedule(vmi.metadata.namespace ?? '', vmi.metadata.name ?? '', vmi.metadata.uid ?? '');
    }
  }

  private isWaitingForVolumes(vm: KubeObject): boolean {
    const s = (vm.status as { printableStatus?: string } | undefined)?.printableStatus;
    return (
      s === 'Provisioning' ||
      s === 'WaitingForVolumeBinding' ||
      s === 'ErrorPvcNotFound' ||
      s === 'ErrorDataVolumeNotFound' ||
      s === 'Starting'
    );
  }

  /** Why the VM's volumes do not allow a start yet (printableStatus), or undefined. */
  private volumeBlocker(vm: KubeObject): string | undefined {
    const ns = vm.metadata.namespace;
    const volumes = ((vm.spec as VmSpecLike)?.template?.spec?.volumes ?? []) as Array<{
      dataVolume?: { name?: string };
      persistentVolumeClaim?: { claimName?: string };
    }>;
    for (const v of volumes) {
      const blocker = this.dataVolumeBlocker(ns, v.dataVolume?.name) ?? this.claimBlocker(ns, v.persistentVolumeClaim?.claimName);
      if (blocker) return blocker;
    }
    return undefined;
  }

  /** A DataVolume volume waits for the DataVolume to succeed; without one, a PVC of that name will do. */
  private dataVolumeBlocker(ns: string | undefined, dvName: string | undefined): string | undefined {
    if (!dvName) return undefined;
    const dv = this.store.get(this.dvRt, ns, dvName);
    if (dv) return (dv.status as { phase?: string } | undefined)?.phase === 'Succeeded' ? undefined : 'Provisioning';
    return this.store.get(this.pvcRt, ns, dvName) ? undefined : 'ErrorDataVolumeNotFound';
  }

  private claimBlocker(ns: string | undefined, claim: string | undefined): string | undefined {
    if (!claim) return undefined;
    const pvc = this.store.get(this.pvcRt, ns, claim);
    if (!pvc) return 'ErrorPvcNotFound';
    return (pvc.status as { phase?: string } | undefined)?.phase === 'Bound' ? undefined : 'WaitingForVolumeBinding';
  }

  reconcileVm(ns: string, name: string): void {
    const vm = this.store.get(this.vmRt, ns, name);
    if (!vm || vm.metadata.deletionTimestamp) return;
    let vmi = this.store.get(this.vmiRt, ns, name);
    if (vmi && !(vmi.metadata.ownerReferences ?? []).some((r) => r.uid === vm.metadata.uid)) vmi = undefined; // someone else's VMI
    ensureDataVolumeTemplates(this.store, this.dvRt, vm);
    const run = shouldRun(vm, vmi);
    let blocker: string | undefined;
    if (run && !vmi) {
      blocker = this.volumeBlocker(vm);
      if (!blocker) vmi = this.createVmi(vm);
    } else if (!run && vmi && !vmi.metadata.deletionTimestamp) {
      this.store.delete(this.vmiRt, ns, name);
      vmi = undefined;
    }
    this.writeVmStatus(vm, vmi, blocker);
  }

  private writeVmStatus(vm: KubeObject, vmi: KubeObject | undefined, blocker: string | undefined): void {
    const status = vmStatusFor(vm, vmi, blocker);
    if (deepEqual(stripTimes(vm.status), stripTimes(status))) return;
    this.store.mutate(this.vmRt, vm.metadata.namespace, vm.metadata.name ?? '', (o) => (o.status = status), { status: true });
  }

  private createVmi(vm: KubeObject): KubeObject | undefined {
    const ns = vm.metadata.namespace ?? '';
    const name = vm.metadata.name ?? '';
    const created = this.store.create(this.vmiRt, vmiFor(vm));
    this.store.updateStatus(this.vmiRt, { ...created, status: pendingVmiStatus(nowTimestamp()) });
    const uid = created.metadata.uid ?? '';
    this.later(Math.max(5, this.ctx.msPerMinute / 20), () => this.schedule(ns, name, uid));
    return this.store.get(this.vmiRt, ns, name);
  }

  private sameVmi(ns: string, name: string, uid: string): KubeObject | undefined {
    const vmi = this.store.get(this.vmiRt, ns, name);
    return vmi && vmi.metadata.uid === uid && !vmi.metadata.deletionTimestamp ? vmi : undefined;
  }

  private schedule(ns: string, name: string, uid: string): void {
    const vmi = this.sameVmi(ns, name, uid);
    if (!vmi) return;
    const spec = (vmi.spec ?? {}) as SchedulingInput;
    const load = new Map<string, number>();
    for (const other of this.store.list(this.vmiRt)) {
      const node = (other.status as { nodeName?: string } | undefined)?.nodeName;
      if (node) load.set(node, (load.get(node) ?? 0) + 1);
    }
    const result = scheduleVmi(this.store.list(this.nodeRt), spec, load, { dropNodeSelector: this.ctx.faults.isOn('drop-node-selector') });
    if ('unschedulable' in result) {
      this.store.mutate(this.vmiRt, ns, name, (o) => (o.status = unschedulableVmiStatus(o, result.unschedulable)), { status: true });
      return;
    }
    const nodeName = result.node;
    this.store.mutate(this.vmiRt, ns, name, (o) => {
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubevirt.io/nodeName': nodeName };
    });
    const guest = this.guestFor(this.sameVmi(ns, name, uid) ?? vmi, nodeName);
    const pod = this.createLauncherPod(vmi, nodeName, guest);
    this.later(Math.max(5, this.ctx.msPerMinute / 20), () => this.markRunning(ns, name, uid, nodeName, guest, pod));
  }

  /** The virt-launcher pod hosting the VMI: owned by it, so it goes with it. */
  private createLauncherPod(vmi: KubeObject, nodeName: string, guest: GuestModel): KubeObject {
    const node = this.store.get(this.nodeRt, undefined, nodeName);
    const hostIp = ((node?.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).find(
      (a) => a.type === 'InternalIP',
    )?.address;
    const podIp = guest.nics.find((n) => n.podNetwork)?.ips[0]?.address;
    const pod = this.store.create(this.podRt, launcherPod(vmi, nodeName));
    return this.store.updateStatus(this.podRt, { ...pod, status: launcherPodStatus(hostIp, podIp) });
  }

  private markRunning(ns: string, name: string, uid: string, nodeName: string, guest: GuestModel, pod: KubeObject): void {
    if (!this.sameVmi(ns, name, uid)) return;
    const at = nowTimestamp();
    const podUid = pod.metadata.uid ?? '';
    this.store.mutate(this.vmiRt, ns, name, (o) => (o.status = runningVmiStatus(o, nodeName, guest, podUid, at)), { status: true });
    if (guest.agent) this.later(Math.max(10, this.ctx.msPerMinute / 6), () => this.connectAgent(ns, name, uid, guest));
  }

  /** The guest agent comes up a little after boot and reports OS info and guest interface data. */
  private connectAgent(ns: string, name: string, uid: string, guest: GuestModel): void {
    if (!this.sameVmi(ns, name, uid)) return;
    const noAgent = this.ctx.faults.isOn('no-guest-agent');
    this.store.mutate(
      this.vmiRt,
      ns,
      name,
      (o) => {
        const st = (o.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
        if ((o.status as { phase?: string }).phase !== 'Running') return;
        const conditions = (st.conditions ?? []).filter((c) => c.type !== 'AgentConnected');
        if (!noAgent) conditions.push(cond('AgentConnected', 'True'));
        o.status = { ...st, conditions, interfaces: reportedInterfaces(guest, true), guestOSInfo: { ...guest.osInfo } };
      },
      { status: true },
    );
  }

  private sourceVm(vm: KubeObject | undefined) {
    const id = vm?.metadata.labels?.vmID;
    return id && this.model ? this.model.vm(id) : undefined;
  }

  private preserveStaticIPs(vm: KubeObject | undefined): boolean {
    const planName = vm?.metadata.labels?.['plan-name'];
    const planNs = vm?.metadata.labels?.['plan-namespace'];
    if (!planName || !planNs) return false;
    const plan = this.store.get(this.planRt, planNs, planName);
    return (plan?.spec as { preserveStaticIPs?: boolean } | undefined)?.preserveStaticIPs === true;
  }

  private ownerVm(vmi: KubeObject): KubeObject | undefined {
    const owner = (vmi.metadata.ownerReferences ?? []).find((r) => r.kind === 'VirtualMachine');
    return owner ? this.store.get(this.vmRt, vmi.metadata.namespace ?? '', owner.name) : undefined;
  }

  /** Derives (once per VMI) the guest running in it. */
  private guestFor(vmi: KubeObject, nodeName?: string): GuestModel {
    const uid = vmi.metadata.uid ?? '';
    const known = this.guests.get(uid);
    if (known) return known;
    const vm = this.ownerVm(vmi);
    const source = this.sourceVm(vm);
    const { os, info } = guestOsOf(source, vm);
    const vmiStatus = vmi.status as { nodeName?: string; interfaces?: Array<{ name?: string; ipAddress?: string }> } | undefined;
    const node = nodeName ?? vmiStatus?.nodeName ?? '';
    const reported = vmiStatus?.interfaces ?? [];
    const nics = guestNics({
      os,
      nics: templateNics(vmi.spec as TemplateSpecLike),
      sourceGuestNics: source?.guestNics ?? [],
      preserveStaticIPs: this.preserveStaticIPs(vm),
      staticIpLost: this.ctx.faults.isOn('static-ip-lost'),
      nicRenamed: this.ctx.faults.isOn('nic-renamed'),
      lease: (nic) => this.lease(nic, node, reported.find((r) => r.name === nic.name)?.ipAddress),
    });
    const login = cloudInitLogin((vmi.spec as { volumes?: Parameters<typeof cloudInitLogin>[0] } | undefined)?.volumes);
    const model: GuestModel = {
      os,
      hostname: guestHostname(os, source, vmi.metadata.name ?? ''),
      // A migrated vSphere guest has an agent if it had VMware tools; KubeVirt-native guests (cloud
      // images, OpenShift-source VMs) run qemu-guest-agent.
      agent: source ? source.toolsInstalled : true,
      osInfo: info,
      nics,
      ...(login ? { cloudInitLogin: login } : {}),
      ...(source ? { sourceMoref: source.moref } : {}),
      ...this.filesystemsFor(source),
      ...this.storageFor(vmi, os === 'windows'),
    };
    this.guests.set(uid, model);
    return model;
  }

  /** The source guest's disks as migration left them (lab faults luks-lost, xfs-upgraded). */
  private filesystemsFor(source: SimVm | undefined): Pick<GuestModel, 'filesystems'> {
    if (!source?.guestStorage) return {};
    const faults = { luksLost: this.ctx.faults.isOn('luks-lost'), xfsUpgraded: this.ctx.faults.isOn('xfs-upgraded') };
    return { filesystems: migratedStorage(source.guestStorage, faults) };
  }

  /**
   * The guest's disks (one per VMI volume, in volume order: vda, vdb, ...) and, on Windows, its
   * virtualization-based security status (off: KubeVirt gives no nested virtualization to run it).
   */
  private storageFor(vmi: KubeObject, windows: boolean): { storage?: GuestStorage; vbsStatus?: number } {
    const vbs = windows ? { vbsStatus: this.ctx.faults.isOn('vbs-enabled') ? 2 : 0 } : {};
    const disks = this.disks;
    if (!disks) return vbs;
    type Vol = { persistentVolumeClaim?: { claimName?: string }; dataVolume?: { name?: string } };
    const volumes = ((vmi.spec as { volumes?: Vol[] } | undefined)?.volumes ?? []).map((v, i) => ({
      target: `vd${String.fromCharCode(97 + i)}`,
      key: pvcKey(vmi.metadata.namespace ?? '', v.persistentVolumeClaim?.claimName ?? v.dataVolume?.name ?? ''),
    }));
    return { ...vbs, storage: new GuestStorage(volumes, disks, windows) };
  }

  private lease(nic: TemplateNic, nodeName: string, previous: string | undefined): DhcpLease {
    const nodes = this.store
      .list(this.nodeRt)
      .map((n) => n.metadata.name ?? '')
      .sort();
    return this.dhcp.lease(nic, Math.max(0, nodes.indexOf(nodeName)), previous);
  }
}

function optionalNeed<T>(ctx: LabContext, key: string): T | undefined {
  try {
    return ctx.need<T>(key);
  } catch {
    return undefined;
  }
}

export const kubevirtComponent: LabComponent = {
  name: 'kubevirt',
  async start(ctx: LabContext): Promise<RunningComponent> {
    // Without the vSphere simulator every guest is a plain Linux guest without an agent.
    const model = optionalNeed<VSphereModel>(ctx, 'vsphere.model');
    const controller = new KubeVirtController(ctx.store, ctx, model, optionalNeed<DiskDataStore>(ctx, 'disks.data'));
    controller.start();
    const exports = new VmExportController(ctx.store, ctx.tls.caCertPem, (m) => ctx.log('kubevirt', m));
    exports.start();
    ctx.provide<GuestRegistry>('kubevirt.guests', controller.registry());
    return {
      async stop() {
        exports.stop();
        controller.stop();
      },
    };
  },
};

/**
 * The guest OS: the vSphere source's, else (oVirt, OpenStack sources) the template's
 * `vm.kubevirt.io/os` annotation that Forklift's builder sets from the source OS.
 */
function guestOsOf(source: Parameters<typeof osInfoFor>[0], vm: KubeObject | undefined): ReturnType<typeof osInfoFor> {
  if (source) return osInfoFor(source);
  const template = (vm?.spec as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined)?.template;
  return osInfoFor(guestFromTemplateOs(template?.metadata?.annotations?.['vm.kubevirt.io/os']));
}
