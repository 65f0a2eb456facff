/**
 * The phases of an oVirt or OpenStack VM that talk to the source over its API, as Forklift's
 * ovirt/openstack clients do (pkg/controller/plan/adapter/<type>/client.go): the power state stored
 * and the VM powered off (oVirt `stop` — the engine records USER_STOP_VM, event 33, only when the VM
 * was running; OpenStack `os-stop`), waiting for it to be down, oVirt warm snapshots (one per
 * precopy, the checkpoint of the DataVolumes), the OpenStack volume snapshots the disks are imported
 * from (removed once converted), and the per-VM import secret and CA ConfigMap of the DataVolumes.
 */
import type { KubeObject } from '../../apiserver/contract';
import { nowTimestamp } from '../../apiserver/objects';
import { OpenStackApi, OvirtApi, SourceApiError, openStackAuthFrom, tlsFrom } from '../../inventory/source-clients';
import { secretData } from '../kinds';
import type { Step } from '../plan-types';
import type { SourceDisk } from '../source-vm';
import { vmLabels } from '../target-vm';
import { StepError, type RunContext, type VmRun } from './context';

/** How long WaitForPowerOff / snapshot waits poll the source before the step fails (MTV minutes). */
const WAIT_MINUTES = 10;
const POLL_MINUTES = 0.05;

type Json = Record<string, unknown>;

export class RemoteSourceExecutor {
  private ovirtApi: OvirtApi | undefined;
  private osApi: OpenStackApi | undefined;
  /** OpenStack: the volume snapshot each disk is imported from, by volume id. */
  private readonly volumeSnapshots = new Map<string, string>();

  constructor(private readonly ctx: RunContext) {}

  private sourceSecret(): Record<string, string> {
    const sspec = (this.ctx.input.source.spec ?? {}) as { secret?: { name?: string; namespace?: string } };
    return secretData(this.ctx.deps.kinds.get('secret', sspec.secret?.namespace, sspec.secret?.name ?? ''));
  }

  private url(): string {
    return String((this.ctx.input.source.spec as { url?: string } | undefined)?.url ?? '');
  }

  private ovirt(): OvirtApi {
    const data = this.sourceSecret();
    return (this.ovirtApi ??= new OvirtApi(this.url(), data.user ?? '', data.password ?? '', tlsFrom(data)));
  }

  private openstack(): OpenStackApi {
    const data = this.sourceSecret();
    return (this.osApi ??= new OpenStackApi(this.url(), openStackAuthFrom(data), tlsFrom(data)));
  }

  /** A source call; its failure fails the step with the source's message. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof SourceApiError) throw new StepError(`${what}: ${e.message}`);
      throw e;
    }
  }

  /** 'up' / 'down' / ... (oVirt status) or ACTIVE / SHUTOFF (Nova status). */
  private async status(r: VmRun): Promise<string> {
    if (r.src.type === 'ovirt') return String((await this.call('get VM', () => this.ovirt().get(`/vms/${r.src.id}`))).status ?? '');
    const body = await this.call('get server', () => this.openstack().get('compute', `/servers/${r.src.id}`));
    return String(((body.server ?? {}) as Json).status ?? '');
  }

  private isOff(r: VmRun, status: string): boolean {
    return r.src.type === 'ovirt' ? status === 'down' : status === 'SHUTOFF';
  }

  async storePowerState(r: VmRun): Promise<void> {
    const status = await this.status(r);
    r.status.restorePowerState = this.isOff(r, status) ? 'Off' : 'On';
  }

  /**
   * PowerOffSource: only a running VM is powered off. Forklift's oVirt client shuts it down
   * (vmService.Shutdown(): engine event 73), never a hard stop (USER_STOP_VM, event 33); the
   * defect of fault ovirt-hard-power-off is that hard stop, which check_false_vm_power_off catches.
   */
  async powerOff(r: VmRun): Promise<void> {
    const status = await this.status(r);
    if (this.isOff(r, status)) return;
    if (r.src.type === 'ovirt') {
      const action = this.ctx.deps.faults.isOn('ovirt-hard-power-off') ? 'stop' : 'shutdown';
      await this.call(`${action} VM`, () => this.ovirt().call('POST', `/vms/${r.src.id}/${action}`, '<action/>'));
    } else
      await this.call('stop server', () => this.openstack().call('compute', 'POST', `/servers/${r.src.id}/action`, { 'os-stop': null }));
  }

  /** WaitForPowerOff: the source reports the VM down. */
  async waitForPowerOff(r: VmRun, signal: AbortSignal): Promise<void> {
    await this.pollUntil(async () => this.isOff(r, await this.status(r)), `VM ${r.src.name} was not powered off`, signal);
  }

  /** Cancel: a VM that was running is started again. */
  async restorePower(r: VmRun): Promise<void> {
    if (r.status.restorePowerState !== 'On') return;
    if (r.src.type === 'ovirt') await this.ovirt().call('POST', `/vms/${r.src.id}/start`, '<action/>');
    else await this.openstack().call('compute', 'POST', `/servers/${r.src.id}/action`, { 'os-start': null });
  }

  private async pollUntil(done: () => Promise<boolean>, failure: string, signal: AbortSignal): Promise<void> {
    const { clock } = this.ctx.deps;
    for (let waited = 0; waited < WAIT_MINUTES; waited += POLL_MINUTES) {
      if (await done()) return;
      await clock.sleep(POLL_MINUTES, signal);
    }
    throw new StepError(`${failure} within ${WAIT_MINUTES} minutes`);
  }

  /** oVirt warm: a snapshot of the VM opens a precopy; returns its id and the engine job. */
  async createSnapshot(r: VmRun): Promise<{ snapshot: string; createTaskId: string }> {
    const n = (r.status.warm?.precopies?.length ?? 0) + 1;
    const body = await this.call('create snapshot', () =>
      this.ovirt().call(
        'POST',
        `/vms/${r.src.id}/snapshots`,
        `<snapshot><description>Forklift Operator warm migration precopy ${n}</description><persist_memorystate>false</persist_memorystate></snapshot>`,
      ),
    );
    return { snapshot: String(body.id ?? ''), createTaskId: String(((body.job ?? {}) as Json).id ?? body.id ?? '') };
  }

  /** WaitFor*Snapshot: the engine reports the latest precopy's snapshot ok. */
  async waitSnapshot(r: VmRun, signal: AbortSignal): Promise<void> {
    const pre = r.status.warm?.precopies ?? [];
    const id = pre[pre.length - 1]?.snapshot ?? '';
    await this.pollUntil(
      async () => {
        const s = await this.call('get snapshot', () => this.ovirt().get(`/vms/${r.src.id}/snapshots/${id}`));
        return s.snapshot_status === 'ok';
      },
      `snapshot ${id} of VM ${r.src.name} was not ready`,
      signal,
    );
  }

  /** OpenStack CreateDataVolumes: a snapshot of each volume (force: the volume is attached). */
  async snapshotVolumes(r: VmRun): Promise<void> {
    for (const d of r.src.disks) {
      const body = await this.call('create volume snapshot', () =>
        this.openstack().call('volumev3', 'POST', '/snapshots', {
          snapshot: {
            volume_id: d.id,
            force: true,
            name: `${r.src.name}-${d.id}-forklift`,
            description: `Forklift migration of ${r.src.name}`,
          },
        }),
      );
      this.volumeSnapshots.set(d.id, String(((body.snapshot ?? {}) as Json).id ?? ''));
    }
  }

  /** ConvertOpenstackSnapshot: the disks are imported; the volume snapshots are removed and the step completes. */
  async convertOpenstackSnapshot(r: VmRun): Promise<void> {
    const step = r.status.pipeline.find((s) => s.name === 'ConvertOpenstackSnapshot');
    if (step) {
      step.phase = 'Running';
      step.started = nowTimestamp();
    }
    for (const [, snap] of this.volumeSnapshots)
      await this.call('delete volume snapshot', () => this.openstack().call('volumev3', 'DELETE', `/snapshots/${snap}`));
    this.volumeSnapshots.clear();
    if (step) completeStep(step);
  }

  /** The DataVolume source of a disk: imageio from the engine, or the OpenStack volume snapshot. */
  diskSource(r: VmRun, secret: string, caMap: string): (d: SourceDisk) => Record<string, unknown> {
    if (r.src.type === 'ovirt') return (d) => ({ imageio: { url: this.url(), secretRef: secret, certConfigMap: caMap, diskId: d.id } });
    const cinder = this.openstack().endpoint('volumev3');
    return (d) => ({
      http: { url: `${cinder}/snapshots/${this.volumeSnapshots.get(d.id) ?? ''}`, secretRef: secret, certConfigMap: caMap },
    });
  }

  /** The per-VM import secret (the source login as accessKeyId/secretKey, labels vmLabels + isDV) and the CA ConfigMap. */
  importObjects(r: VmRun): { secret: KubeObject; caMap: KubeObject } {
    const { kinds } = this.ctx.deps;
    const plan = this.ctx.input.plan;
    const data = this.sourceSecret();
    const labels = vmLabels(plan, this.ctx.migrationUid, r.src.id);
    const meta = { generateName: `${plan.metadata.name}-${r.src.id}-`, namespace: this.ctx.targetNamespace };
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const secret = kinds.store.create(kinds.rt('secret'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...meta, labels: { ...labels, isDV: 'true' } },
      type: 'Opaque',
      data: { accessKeyId: b64(data.user ?? data.username ?? ''), secretKey: b64(data.password ?? '') },
    });
    const caMap = kinds.store.create(kinds.rt('configMap'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...meta, labels },
      data: { 'ca.pem': data.cacert ?? data['ca.crt'] ?? '' },
    });
    return { secret, caMap };
  }

  close(): void {
    this.ovirtApi?.close();
    this.osApi?.close();
  }
}

function completeStep(step: Step): void {
  step.phase = 'Completed';
  step.completed = nowTimestamp();
  step.progress = { ...step.progress, completed: step.progress.total };
}
