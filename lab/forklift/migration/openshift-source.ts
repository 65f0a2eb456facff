/**
 * The phases of an OpenShift (KubeVirt) source VM, as Forklift's OCP adapter runs them
 * (pkg/controller/plan/adapter/ocp client.go and builder.go), against the lab's own cluster (the
 * url-less host provider): the power state read from the VM's spec (runStrategy Always or
 * running: true is on), the VM stopped by setting runStrategy Halted (or running: false), a
 * VirtualMachineExport of the VM in its namespace waited for until KubeVirt reports it Ready,
 * the export token secret (`x-kubevirt-export-token:<token>` header) and CA ConfigMap in the
 * target namespace, one DataVolume per exported PVC importing the export's gzip link onto the
 * mapped StorageClass, and the VM built from the source's template. The export is deleted once
 * the VM is created (Client.Finalize). Forklift reads the VM definition from the export's
 * manifest link; the lab reads the same VM from its store.
 */
import type { KubeObject } from '../../apiserver/contract';
import { buildSourceDataVolumes } from '../target-vm-sources';
import { buildOpenshiftVm } from '../target-vm-openshift';
import { vmLabels } from '../target-vm';
import { pvcKey } from '../../disk-data';
import type { SourceDisk } from '../source-vm';
import { StepError, type RunContext, type VmRun } from './context';
import type { SourceTargetExecutor } from './source-target';
import type { TargetObjectsExecutor } from './target-objects';

/** How long CreateDataVolumes waits for the export to be Ready before the step fails (MTV minutes). */
const EXPORT_WAIT_MINUTES = 10;
const POLL_MINUTES = 0.05;

interface VmSpec {
  running?: boolean;
  runStrategy?: string;
}

interface ExportStatus {
  phase?: string;
  tokenSecretRef?: string;
  links?: { external?: { cert?: string; volumes?: Array<{ name: string; formats?: Array<{ format: string; url: string }> }> } };
}

export class OpenshiftSourceExecutor {
  constructor(
    private readonly ctx: RunContext,
    private readonly sourceTarget: SourceTargetExecutor,
    private readonly target: TargetObjectsExecutor,
  ) {}

  private sourceVm(r: VmRun): KubeObject {
    const ref = r.src.openshift?.vm;
    const vm = ref && this.ctx.deps.kinds.get('vm', ref.metadata.namespace, ref.metadata.name ?? '');
    if (!vm) throw new StepError(`source VM ${ref?.metadata.namespace ?? ''}/${r.src.name} not found`);
    return vm;
  }

  private namespaceOf(r: VmRun): string {
    return r.src.openshift?.vm.metadata.namespace ?? '';
  }

  /** PowerState: on when runStrategy is Always or running is true. */
  storePowerState(r: VmRun): void {
    const spec = (this.sourceVm(r).spec ?? {}) as VmSpec;
    r.status.restorePowerState = spec.running === true || spec.runStrategy === 'Always' ? 'On' : 'Off';
  }

  /** PowerOff / PowerOn: `running` when the VM uses it, else the runStrategy (Halted / Always). */
  private setPower(r: VmRun, on: boolean): void {
    const { kinds } = this.ctx.deps;
    const vm = this.sourceVm(r);
    kinds.store.mutate(kinds.rt('vm'), vm.metadata.namespace, vm.metadata.name ?? '', (o) => {
      const spec = (o.spec ?? {}) as VmSpec;
      if (spec.running !== undefined) spec.running = on;
      else if (spec.runStrategy !== undefined) spec.runStrategy = on ? 'Always' : 'Halted';
    });
  }

  powerOff(r: VmRun): void {
    this.setPower(r, false);
  }

  /** PoweredOff: the VM's spec no longer asks it to run. */
  waitForPowerOff(r: VmRun): void {
    const spec = (this.sourceVm(r).spec ?? {}) as VmSpec;
    if (spec.running === true || spec.runStrategy === 'Always') throw new StepError(`VM ${r.src.name} was not powered off`);
  }

  /** Cancel: a VM that was running is started again. */
  restorePower(r: VmRun): void {
    if (r.status.restorePowerState === 'On') this.setPower(r, true);
  }

  /** PreTransferActions: the VM's export, created once, waited for until Ready (or Skipped). */
  private async readyExport(r: VmRun, signal: AbortSignal): Promise<ExportStatus> {
    const { kinds, clock } = this.ctx.deps;
    const ns = this.namespaceOf(r);
    if (!kinds.get('vmExport', ns, r.src.name))
      kinds.store.create(kinds.rt('vmExport'), {
        apiVersion: 'export.kubevirt.io/v1alpha1',
        kind: 'VirtualMachineExport',
        metadata: { name: r.src.name, namespace: ns },
        spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: r.src.name } },
      });
    for (let waited = 0; waited < EXPORT_WAIT_MINUTES; waited += POLL_MINUTES) {
      const st = (kinds.get('vmExport', ns, r.src.name)?.status ?? {}) as ExportStatus;
      if (st.phase === 'Ready' || st.phase === 'Skipped') return st;
      await clock.sleep(POLL_MINUTES, signal);
    }
    throw new StepError(`VirtualMachineExport ${ns}/${r.src.name} was not ready within ${EXPORT_WAIT_MINUTES} minutes`);
  }

  /** CreateDataVolumes: one DataVolume per exported PVC, importing the export's gzip link. */
  async createDataVolumes(r: VmRun, signal: AbortSignal): Promise<void> {
    const { kinds, disks } = this.ctx.deps;
    if (this.sourceTarget.reuseDataVolumes(r)) return;
    const exp = await this.readyExport(r, signal);
    if (exp.phase === 'Skipped') return;
    const { secret, caMap } = this.importObjects(r, exp);
    const url = (d: SourceDisk) =>
      exp.links?.external?.volumes?.find((v) => `${this.namespaceOf(r)}/${v.name}` === d.id)?.formats?.find((f) => f.format === 'gzip')
        ?.url ?? '';
    const dvs = buildSourceDataVolumes(
      this.sourceTarget.targetInput(r, {
        diskSource: (d) => ({ http: { url: url(d), certConfigMap: caMap, secretExtraHeaders: [secret] } }),
      }),
    );
    r.dataVolumes = dvs.map((dv) => kinds.store.create(kinds.rt('dataVolume'), dv));
    // What the source PVC holds is what the export serves and the import writes.
    for (const dv of r.dataVolumes) {
      const [ns = '', pvc = ''] = (dv.metadata.annotations?.['forklift.konveyor.io/disk-source'] ?? '').split('/');
      disks?.copy(pvcKey(ns, pvc), pvcKey(dv.metadata.namespace ?? '', dv.metadata.name ?? ''));
    }
  }

  /** The export token as the importer's extra header, and the exporter's CA (builder Secret / ConfigMap). */
  private importObjects(r: VmRun, exp: ExportStatus): { secret: string; caMap: string } {
    const { kinds } = this.ctx.deps;
    const plan = this.ctx.input.plan;
    const token = kinds.get('secret', this.namespaceOf(r), exp.tokenSecretRef ?? '');
    const tokenValue = Buffer.from(String((token?.data as Record<string, string> | undefined)?.token ?? ''), 'base64').toString();
    const labels = vmLabels(plan, this.ctx.migrationUid, r.src.id);
    const meta = { generateName: `${plan.metadata.name}-${r.src.id}-`, namespace: this.ctx.targetNamespace };
    const secret = kinds.store.create(kinds.rt('secret'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...meta, labels: { ...labels, isDV: 'true' } },
      type: 'Opaque',
      data: { token: Buffer.from(`x-kubevirt-export-token:${tokenValue}`).toString('base64') },
    });
    const caMap = kinds.store.create(kinds.rt('configMap'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...meta, labels },
      data: { 'ca.pem': exp.links?.external?.cert ?? '' },
    });
    return { secret: secret.metadata.name ?? '', caMap: caMap.metadata.name ?? '' };
  }

  /** CreateVM: the VM from the source's template; then the export is no longer needed (Finalize). */
  createVm(r: VmRun): void {
    const { kinds } = this.ctx.deps;
    const vm = buildOpenshiftVm(this.sourceTarget.targetInput(r), this.sourceVm(r), r.dataVolumes);
    this.target.ensureVm(r, vm);
    if (kinds.get('vmExport', this.namespaceOf(r), r.src.name)) kinds.store.delete(kinds.rt('vmExport'), this.namespaceOf(r), r.src.name);
  }
}
