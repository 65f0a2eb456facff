/**
 * CreateDataVolumes and CreateVM of an oVirt or OpenStack VM (the type's builder, reference §3-§4):
 * the import secret and CA ConfigMap, the DataVolumes (oVirt: imageio from the engine; OpenStack:
 * imported from a snapshot of each volume), warm oVirt DataVolumes starting at the first snapshot's
 * checkpoint, and the VirtualMachine built with the type's rules, owning its disks.
 */
import type { KubeObject } from '../../apiserver/contract';
import { buildSourceDataVolumes, buildSourceVm, type SourceTargetInput } from '../target-vm-sources';
import type { RunContext, VmRun } from './context';
import type { RemoteSourceExecutor } from './remote-source';
import type { TargetObjectsExecutor } from './target-objects';

export class SourceTargetExecutor {
  constructor(
    private readonly ctx: RunContext,
    private readonly remote: RemoteSourceExecutor,
    private readonly target: TargetObjectsExecutor,
  ) {}

  /** EnsureDataVolumes: the DataVolumes an earlier run of the plan made for the VM, in disk order; false when there are none. */
  reuseDataVolumes(r: VmRun): boolean {
    const existing = this.ctx.target.list('dataVolume', this.ctx.targetNamespace, this.ctx.ownedSelector(r.src.id));
    if (existing.length === 0) return false;
    const index = (o: KubeObject) => Number(o.metadata.annotations?.['forklift.konveyor.io/disk-index'] ?? 0);
    r.dataVolumes = existing.sort((a, b) => index(a) - index(b));
    return true;
  }

  async createDataVolumes(r: VmRun): Promise<void> {
    const kinds = this.ctx.target;
    if (this.reuseDataVolumes(r)) return;
    if (r.src.type === 'ova') {
      // virt-v2v reads the OVA from the share and writes the converted disks: blank DataVolumes.
      r.dataVolumes = buildSourceDataVolumes(this.targetInput(r)).map((dv) => kinds.store.create(kinds.rt('dataVolume'), dv));
      return;
    }
    if (r.src.type === 'openstack') await this.remote.snapshotVolumes(r);
    const { secret, caMap } = this.remote.importObjects(r);
    const first = r.status.warm?.precopies?.[0]?.snapshot;
    const dvs = buildSourceDataVolumes(
      this.targetInput(r, {
        diskSource: this.remote.diskSource(r, secret.metadata.name ?? '', caMap.metadata.name ?? ''),
        ...(r.flags.warm && first ? { firstCheckpoint: first } : {}),
      }),
    );
    r.dataVolumes = dvs.map((dv) => kinds.store.create(kinds.rt('dataVolume'), dv));
  }

  createVm(r: VmRun): void {
    const vm = buildSourceVm(
      this.targetInput(r),
      r.dataVolumes.map((d) => d.metadata.name ?? ''),
    );
    this.target.ensureVm(r, vm);
  }

  /** What the type's builders need of the plan, the VM and the lab settings. */
  targetInput(r: VmRun, extra: Partial<SourceTargetInput> = {}): SourceTargetInput {
    const { faults } = this.ctx.deps;
    const kinds = this.ctx.target;
    const s = this.ctx.deps.settings();
    const mapped = new Set(this.ctx.maps.storage.map((e) => e.destination?.storageClass));
    const other = kinds.list('storageClass').find((sc) => !mapped.has(sc.metadata.name))?.metadata.name;
    return {
      plan: this.ctx.input.plan,
      planVm: r.planVm,
      status: r.status,
      src: r.src,
      maps: this.ctx.maps,
      migrationUid: this.ctx.migrationUid,
      ...(s.pvcNameTemplate ? { controllerPvcTemplate: s.pvcNameTemplate } : {}),
      ...(other ? { otherStorageClass: other } : {}),
      faults,
      ...extra,
    };
  }
}
