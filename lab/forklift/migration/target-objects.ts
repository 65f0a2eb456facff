/**
 * The objects a VM's migration creates in the target namespace (kubevirt.go, vsphere builder,
 * reference §4 and §9): the target VM name (Started phase), the DataVolumes (CDI or virt-v2v
 * path) or the copy-offload PVCs with their populators and secrets, and the VirtualMachine that
 * owns them. A re-run reuses what an earlier run of the plan made (EnsureDataVolumes, EnsureVM).
 */
import type { KubeObject } from '../../apiserver/contract';
import { createOffloadVolumes, entryFor, offloadFor, planUsesOffload } from '../copy-offload';
import { secretData } from '../kinds';
import { startedPhaseVmName } from '../naming';
import { buildTarget, orderedDisks, pvcNames, vmLabels, type TargetInput } from '../target-vm';
import { StepError, vsphereInv, type RunContext, type VmRun } from './context';
import { copyDiskData, diskClaims, findSharedPvc, migratesSharedDisks, transferredVm } from './shared-disks';

type SourceSpec = { url?: string; secret?: { name?: string; namespace?: string }; settings?: Record<string, string> };

export class TargetObjectsExecutor {
  constructor(private readonly ctx: RunContext) {}

  /** Started phase: the target VM name (targetName verbatim, the source name, or ChangeVmName -> newName). */
  resolveName(r: VmRun): void {
    const { planVm, src: inv, status } = r;
    const kinds = this.ctx.target;
    const ns = this.ctx.targetNamespace;
    const mine = (n: string) => {
      const o = kinds.get('vm', ns, n);
      return o?.metadata.labels?.plan === this.ctx.planUid && o.metadata.labels?.vmID === inv.id;
    };
    const taken = (n: string) =>
      (kinds.get('vm', ns, n) !== undefined && !mine(n)) ||
      this.ctx.statuses.some((s) => s !== status && (s.newName === n || (!s.newName && s.name === n)));
    // migration.go: vm.NewName = targetName (checked, not renamed: TargetNameError fails the VM),
    // else ChangeVmName when the source name is not a DNS-1123 subdomain.
    const res = startedPhaseVmName({ sourceName: inv.name, targetName: planVm.targetName, taken });
    // vm-name-mis-sanitized: a non-conforming name loses its _ and other characters instead of turning them into -.
    const misSanitized = res.newName && !planVm.targetName && this.ctx.deps.faults.isOn('vm-name-mis-sanitized');
    if (misSanitized) status.newName = inv.name.toLowerCase().replace(/[^a-z0-9-]/g, '') || res.newName;
    else if (res.newName) status.newName = res.newName;
  }

  /** CreateDataVolumes: reuse, copy-offload volumes, or DataVolumes (VDDK import on the CDI path). */
  createDataVolumes(r: VmRun): void {
    const kinds = this.ctx.target;
    const existing = kinds.list('dataVolume', this.ctx.spec.targetNamespace, this.ctx.ownedSelector(r.src.id));
    if (existing.length > 0) {
      const index = (o: KubeObject) => Number(o.metadata.annotations?.['forklift.konveyor.io/disk-index'] ?? 0);
      r.dataVolumes = existing.sort((a, b) => index(a) - index(b));
      return;
    }
    if (planUsesOffload(this.ctx.maps.storage)) {
      r.offloadPvcs = this.createOffloadVolumes(r);
      return;
    }
    const extra = r.flags.useV2vForTransfer ? {} : this.cdiSource(r);
    const notShared = this.ctx.deps.faults.isOn('shared-disk-not-shared');
    const attach = this.attachesShared(r) && !notShared;
    const { dataVolumes } = buildTarget({ ...this.targetInput(r, extra), inv: transferredVm(vsphereInv(r), attach) });
    r.dataVolumes = dataVolumes.map((dv) => kinds.store.create(kinds.rt('dataVolume'), dv));
    // shared-disk-not-shared: this VM's copy of a shared disk stays empty.
    const empty =
      this.attachesShared(r) && notShared
        ? new Set(
            vsphereInv(r)
              .disks.filter((d) => d.shared)
              .map((d) => d.file),
          )
        : undefined;
    copyDiskData(this.ctx.deps.disks, r.dataVolumes, empty);
  }

  /** The VM takes its shared disks from another VM's PVC (migrateSharedDisks false). */
  private attachesShared(r: VmRun): boolean {
    return !migratesSharedDisks(r.planVm, this.ctx.spec) && vsphereInv(r).disks.some((d) => d.shared);
  }

  /** Copy-offload: one PVC + VSphereXcopyVolumePopulator per disk, named by the PVC template. */
  private createOffloadVolumes(r: VmRun): KubeObject[] {
    const { kinds } = this.ctx.deps;
    const collections = this.ctx.sourceCollections();
    const dsName = (id: string) => collections?.datastores.find((d) => d.id === id)?.name;
    let disks = orderedDisks(vsphereInv(r));
    // disk-missing: the last disk gets no populator PVC, as it gets no DataVolume on the CDI path.
    if (this.ctx.deps.faults.isOn('disk-missing') && disks.length > 0) disks = disks.slice(0, -1);
    const names = pvcNames(this.targetInput(r), disks);
    return createOffloadVolumes({
      kinds,
      plan: this.ctx.input.plan,
      source: this.ctx.input.source,
      migrationUid: this.ctx.migrationUid,
      namespace: this.ctx.targetNamespace,
      vmId: r.src.id,
      vmHost: vsphereInv(r).host,
      vmLabels: vmLabels(this.ctx.input.plan, this.ctx.migrationUid, r.src.id),
      disks: disks.map((disk, index) => {
        const offload = offloadFor(entryFor(this.ctx.maps.storage, disk.datastore.id, dsName(disk.datastore.id)));
        if (!offload) throw new StepError(`disk ${disk.file} is not on a copy-offload datastore`);
        const naa = collections?.datastores.find((d) => d.id === disk.datastore.id)?.backingDevicesNames[0];
        const rendered = names[index];
        if (!rendered) throw new StepError(`no PVC name for disk ${disk.file}`);
        return { disk, index, offload, rendered, ...(naa ? { naa } : {}) };
      }),
    });
  }

  /** CDI path: the DataVolumes import over VDDK with a per-VM secret (labels vmLabels + isDV); warm starts at the first checkpoint. */
  private cdiSource(r: VmRun): Partial<TargetInput> {
    const src = this.ctx.input.source;
    const sspec = (src.spec ?? {}) as SourceSpec;
    const secret = this.vddkSecret(r, sspec);
    const extra: Partial<TargetInput> = {
      vddk: {
        url: sspec.url ?? '',
        uuid: vsphereInv(r).uuid,
        thumbprint: ((src.status ?? {}) as { fingerprint?: string }).fingerprint ?? '',
        secretRef: secret.metadata.name ?? '',
        ...(sspec.settings?.vddkInitImage ? { initImageURL: sspec.settings.vddkInitImage } : {}),
      },
    };
    const first = r.status.warm?.precopies?.[0]?.snapshot;
    if (r.flags.warm && first) extra.firstCheckpoint = first;
    return extra;
  }

  /** The per-VM import secret: the source provider's user and password as accessKeyId and secretKey. */
  private vddkSecret(r: VmRun, sspec: SourceSpec): KubeObject {
    const creds = secretData(this.ctx.deps.kinds.get('secret', sspec.secret?.namespace, sspec.secret?.name ?? ''));
    const plan = this.ctx.input.plan;
    const kinds = this.ctx.target;
    return kinds.store.create(kinds.rt('secret'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        generateName: `${plan.metadata.name}-${r.src.id}-`,
        namespace: this.ctx.spec.targetNamespace,
        labels: { ...vmLabels(plan, this.ctx.migrationUid, r.src.id), isDV: 'true' },
      },
      type: 'Opaque',
      data: {
        accessKeyId: Buffer.from(creds.user ?? '').toString('base64'),
        secretKey: Buffer.from(creds.password ?? '').toString('base64'),
      },
    });
  }

  /** CreateVM: the VirtualMachine on the VM's claims, then made the owner of its disks. */
  createVm(r: VmRun): void {
    this.ensureVm(r, this.vmOnClaims(r));
  }

  /** EnsureVM: the VM an earlier run made, else `vm` created; then made the owner of the VM's disks. */
  ensureVm(r: VmRun, vm: KubeObject): void {
    const kinds = this.ctx.target;
    // A re-run finds the VM an earlier run created (EnsureVM looks it up by the plan/vmID labels).
    const created =
      kinds.list('vm', this.ctx.spec.targetNamespace, this.ctx.ownedSelector(r.src.id))[0] ?? kinds.store.create(kinds.rt('vm'), vm);
    const owner = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      name: created.metadata.name ?? '',
      uid: created.metadata.uid ?? '',
      blockOwnerDeletion: true,
    };
    for (const pvc of r.offloadPvcs) {
      kinds.store.mutate(
        kinds.rt('pvc'),
        pvc.metadata.namespace,
        pvc.metadata.name ?? '',
        (o) => (o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []).filter((x) => x.kind !== 'VirtualMachine'), owner]),
      );
    }
    for (const dv of r.dataVolumes) {
      kinds.store.mutate(
        kinds.rt('dataVolume'),
        dv.metadata.namespace,
        dv.metadata.name ?? '',
        (o) => (o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []).filter((x) => x.uid !== owner.uid), owner]),
      );
      kinds.store.mutate(
        kinds.rt('pvc'),
        dv.metadata.namespace,
        dv.metadata.name ?? '',
        (o) => (o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []).filter((x) => x.kind !== 'VirtualMachine'), owner]),
      );
    }
  }

  /** The VirtualMachine on its disks' claims (own DataVolumes, or a shared PVC), shared disks shareable. */
  private vmOnClaims(r: VmRun): ReturnType<typeof buildTarget>['vm'] {
    const kinds = this.ctx.target;
    const ns = this.ctx.spec.targetNamespace ?? '';
    const attach = this.attachesShared(r) && !this.ctx.deps.faults.isOn('shared-disk-not-shared');
    const own = r.offloadPvcs.length > 0 ? r.offloadPvcs : r.dataVolumes;
    const { claims } = diskClaims(vsphereInv(r), own, (disk) => findSharedPvc(kinds, ns, disk, this.ctx.planUid), attach);
    const kept = claims.filter((c) => c !== undefined);
    // disk-missing already left its disk without a DataVolume (so without a claim): not twice.
    const input = this.targetInput(r);
    const faults = { isOn: (n: string) => n !== 'disk-missing' && input.faults.isOn(n), value: (n: string) => input.faults.value(n) };
    const { vm } = buildTarget({ ...input, faults, inv: { ...vsphereInv(r), disks: kept.map((c) => c.disk) } });
    const volumes = (vm.spec?.template.spec?.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName: string } }>;
    const disks = vm.spec?.template.spec?.domain.devices.disks ?? [];
    volumes.forEach((v, i) => {
      if (v.persistentVolumeClaim) v.persistentVolumeClaim.claimName = kept[i]?.claim ?? '';
      if (kept[i]?.disk.shared && disks[i]) Object.assign(disks[i], { shareable: true, cache: 'none' });
    });
    return vm;
  }

  /** What buildTarget needs of this VM, the run and the cluster. */
  private targetInput(r: VmRun, extra: Partial<TargetInput> = {}): TargetInput {
    const { kinds, faults } = this.ctx.deps;
    const s = this.ctx.deps.settings();
    const collections = this.ctx.sourceCollections();
    // The cluster version is the host cluster's (Forklift's own); the storage classes the destination's.
    const cv = kinds.get('clusterVersion', undefined, 'version');
    const clusterVersion = (cv?.status as { desired?: { version?: string } } | undefined)?.desired?.version;
    const mapped = new Set(this.ctx.maps.storage.map((e) => e.destination?.storageClass));
    const other = this.ctx.target.list('storageClass').find((sc) => !mapped.has(sc.metadata.name))?.metadata.name;
    return {
      plan: this.ctx.input.plan,
      planVm: r.planVm,
      status: r.status,
      inv: vsphereInv(r),
      maps: this.ctx.maps,
      networkNames: Object.fromEntries((collections?.networks ?? []).map((n) => [n.id, n.name])),
      datastoreNames: Object.fromEntries((collections?.datastores ?? []).map((d) => [d.id, d.name])),
      migrationUid: this.ctx.migrationUid,
      ...(s.pvcNameTemplate ? { controllerPvcTemplate: s.pvcNameTemplate } : {}),
      ...(clusterVersion ? { clusterVersion } : {}),
      vmwareSerialFeature: s.vmwareSystemSerialNumber,
      windowsWaitForReboot: s.windowsWaitForReboot,
      ...(other ? { otherStorageClass: other } : {}),
      faults,
      ...extra,
    };
  }
}
