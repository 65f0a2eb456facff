/**
 * LabComponent 'cdi': the Containerized Data Importer and a CSI provisioner, as far as migrations
 * need them.
 * - StorageClass -> StorageProfile (status.claimPropertySets; spec.claimPropertySets wins, as in CDI).
 * - DataVolume -> PVC of the same name (owned by the DV, labels/annotations copied, access mode and
 *   volume mode from spec.pvc, or from spec.storage completed by the StorageProfile), then the
 *   import: ImportScheduled -> ImportInProgress (progress) -> Succeeded "100.0%". Multistage (warm)
 *   DataVolumes with spec.checkpoints pause after each checkpoint until finalCheckpoint is true.
 * - Pending PVC (not populator-backed) -> a PV bound to it (dynamic provisioning, reclaim Delete);
 *   a deleted PVC releases and deletes its PV.
 * Deleting a DV removes its PVC through the ownerReference (store garbage collection).
 */
import type { KubeObject, ResourceType, Store, StoreEvent } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import { requireType } from '../bootstrap/store-helpers';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import { type ClaimPropertySet, type StorageSpec, defaultClaimPropertySets, renderPvcSpec } from './pvc-spec';
import { DeferredWork } from '../deferred-work';
import { recordDvPhaseEvent } from './dv-events';

interface Checkpoint {
  previous?: string;
  current?: string;
}

export class CdiController {
  private readonly scRt: ResourceType;
  private readonly spRt: ResourceType;
  private readonly dvRt: ResourceType;
  private readonly pvcRt: ResourceType;
  private readonly pvRt: ResourceType;
  private readonly deferred: DeferredWork;
  /** DV uid -> the checkpoint (or '' for single stage) an import is running for. */
  private readonly importing = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly ctx: Pick<LabContext, 'msPerMinute' | 'log'>,
  ) {
    this.deferred = new DeferredWork((message) => ctx.log('cdi', message));
    this.scRt = requireType(store, 'storage.k8s.io', 'storageclasses');
    this.spRt = requireType(store, 'cdi.kubevirt.io', 'storageprofiles');
    this.dvRt = requireType(store, 'cdi.kubevirt.io', 'datavolumes');
    this.pvcRt = requireType(store, '', 'persistentvolumeclaims');
    this.pvRt = requireType(store, '', 'persistentvolumes');
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((e) => this.onEvent(e));
    for (const sc of this.store.list(this.scRt)) this.reconcileProfile(sc.metadata.name ?? '');
    for (const dv of this.store.list(this.dvRt)) this.reconcileDv(dv.metadata.namespace ?? '', dv.metadata.name ?? '');
    for (const pvc of this.store.list(this.pvcRt)) this.reconcilePvc(pvc);
  }

  stop(): void {
    this.unsubscribe?.();
    this.deferred.stop();
  }

  private later(ms: number, fn: () => void): void {
    this.deferred.later(ms, fn);
  }

  private onEvent(e: StoreEvent): void {
    const o = e.object;
    try {
      this.route(e);
    } catch (err) {
      this.ctx.log(
        'cdi',
        `reconcile ${e.resource.plural} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''} failed: ${(err as Error).message}`,
      );
    }
  }

  private route(e: StoreEvent): void {
    const o = e.object;
    const deleted = e.type === 'DELETED';
    switch (watchedKind(e.resource)) {
      case 'storageclass':
        if (deleted) this.store.delete(this.spRt, undefined, o.metadata.name ?? '');
        else this.reconcileProfile(o.metadata.name ?? '');
        break;
      case 'storageprofile':
        if (e.type === 'MODIFIED') this.reconcileProfile(o.metadata.name ?? '');
        break;
      case 'datavolume':
        if (deleted) this.importing.delete(o.metadata.uid ?? '');
        else this.reconcileDv(o.metadata.namespace ?? '', o.metadata.name ?? '');
        break;
      case 'pvc':
        if (deleted) this.releasePv(o);
        else this.reconcilePvcAndOwner(o);
        break;
      default:
        break;
    }
  }

  private reconcilePvcAndOwner(pvc: KubeObject): void {
    this.reconcilePvc(pvc);
    const owner = (pvc.metadata.ownerReferences ?? []).find((x) => x.kind === 'DataVolume');
    if (owner) this.reconcileDv(pvc.metadata.namespace ?? '', owner.name);
  }

  // ---- StorageProfiles ---------------------------------------------------------------------

  private profileSets(sc: string): ClaimPropertySet[] {
    const sp = this.store.get(this.spRt, undefined, sc);
    return (sp?.status as { claimPropertySets?: ClaimPropertySet[] } | undefined)?.claimPropertySets ?? [];
  }

  private reconcileProfile(name: string): void {
    const sc = this.store.get(this.scRt, undefined, name);
    if (!sc) return;
    const provisioner = String((sc as { provisioner?: unknown }).provisioner ?? '');
    let sp = this.store.get(this.spRt, undefined, name);
    if (!sp) {
      sp = this.store.create(this.spRt, {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'StorageProfile',
        metadata: {
          name,
          labels: {
            app: 'containerized-data-importer',
            'app.kubernetes.io/component': 'storage',
            'app.kubernetes.io/managed-by': 'cdi-controller',
            'cdi.kubevirt.io': '',
          },
          ownerReferences: [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name, uid: sc.metadata.uid ?? '' }],
        },
        spec: {},
      });
    }
    const specSets = (sp.spec as { claimPropertySets?: ClaimPropertySet[] } | undefined)?.claimPropertySets;
    const status = {
      storageClass: name,
      provisioner,
      claimPropertySets: specSets?.length ? specSets : defaultClaimPropertySets(provisioner),
      cloneStrategy: provisioner.includes('nfs') ? 'copy' : 'csi-clone',
      dataImportCronSourceFormat: provisioner.includes('nfs') ? 'pvc' : 'snapshot',
    };
    if (JSON.stringify(sp.status) === JSON.stringify(status)) return;
    this.store.mutate(this.spRt, undefined, name, (o) => (o.status = status), { status: true });
  }

  // ---- DataVolumes -------------------------------------------------------------------------

  private defaultStorageClass(): string | undefined {
    return this.store.list(this.scRt).find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')
      ?.metadata.name;
  }

  private setDvStatus(ns: string, name: string, phase: string, progress: string, extra: DvStatusExtra = {}): void {
    const at = nowTimestamp();
    recordDvPhaseEvent(this.store, this.store.get(this.dvRt, ns, name), phase);
    this.store.mutate(
      this.dvRt,
      ns,
      name,
      (o) => {
        const prev = (o.status ?? {}) as { conditions?: Array<Record<string, unknown>>; restartCount?: number };
        const conds = dvConditions(name, phase, extra).map((c) => {
          const old = (prev.conditions ?? []).find((p) => p.type === c.type);
          return { ...c, lastHeartbeatTime: at, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : at };
        });
        o.status = { phase, progress, conditions: conds, claimName: name, restartCount: prev.restartCount ?? 0 };
      },
      { status: true },
    );
  }

  private reconcileDv(ns: string, name: string): void {
    const dv = this.store.get(this.dvRt, ns, name);
    if (!dv || dv.metadata.deletionTimestamp) return;
    const pvc = this.store.get(this.pvcRt, ns, name);
    if (!pvc) this.createClaimFor(dv, ns, name);
    else if ((pvc.status as { phase?: string } | undefined)?.phase === 'Bound') this.advanceImport(dv, pvc, ns, name);
  }

  /** The DataVolume's PVC, rendered from its storage spec and the StorageProfile; an invalid spec leaves the DV Pending with the reason. */
  private createClaimFor(dv: KubeObject, ns: string, name: string): void {
    let spec: Record<string, unknown>;
    try {
      spec = renderPvcSpec(dv, this.defaultStorageClass(), (sc) => this.profileSets(sc));
    } catch (e) {
      if ((dv.status as { phase?: string } | undefined)?.phase !== 'Pending')
        this.setDvStatus(ns, name, 'Pending', 'N/A', { reason: 'ErrClaimNotValid', message: (e as Error).message });
      return;
    }
    const pvc = this.store.create(this.pvcRt, dvClaim(dv, ns, name, spec));
    this.store.updateStatus(this.pvcRt, { ...pvc, status: { phase: 'Pending' } });
    this.setDvStatus(ns, name, 'Pending', 'N/A');
    this.reconcilePvc(this.store.get(this.pvcRt, ns, name) ?? pvc);
  }

  /** With the PVC bound: import the current stage, unless it is in flight, done, or waiting for the next checkpoint. */
  private advanceImport(dv: KubeObject, pvc: KubeObject, ns: string, name: string): void {
    const spec = (dv.spec ?? {}) as { checkpoints?: Checkpoint[]; finalCheckpoint?: boolean; source?: Record<string, unknown> };
    const { stage, multistage, stageCopied } = importStage(dv, pvc);
    const uid = dv.metadata.uid ?? '';
    if (this.importing.get(uid) === stage) return; // this stage is in flight
    if ((dv.status as { phase?: string } | undefined)?.phase === 'Succeeded') return;
    if (stageCopied && !spec.finalCheckpoint) return; // waiting for the next checkpoint
    if (stageCopied || (spec.source && 'blank' in spec.source)) {
      this.setDvStatus(ns, name, 'Succeeded', '100.0%');
      return;
    }
    this.runImport(ns, name, uid, stage, multistage);
  }

  /** One import (or one checkpoint of a multistage import): a few progress updates over ~1 lab minute. */
  private runImport(ns: string, name: string, uid: string, stage: string, multistage: boolean): void {
    this.importing.set(uid, stage);
    this.setDvStatus(ns, name, 'ImportScheduled', 'N/A', { running: false, reason: 'Pending', message: '' });
    const step = Math.max(5, this.ctx.msPerMinute / 4);
    const steps = [25.37, 61.02, 88.5];
    const alive = (): boolean => {
      const cur = this.store.get(this.dvRt, ns, name);
      return Boolean(cur && cur.metadata.uid === uid && this.importing.get(uid) === stage);
    };
    steps.forEach((p, i) =>
      this.later(step * (i + 1), () => {
        if (alive()) this.setDvStatus(ns, name, 'ImportInProgress', `${p.toFixed(2)}%`);
      }),
    );
    this.later(step * (steps.length + 1), () => {
      if (!alive()) return;
      this.importing.delete(uid);
      if (!multistage) {
        this.setDvStatus(ns, name, 'Succeeded', '100.0%');
        return;
      }
      this.store.mutate(this.pvcRt, ns, name, (o) => {
        o.metadata.annotations = {
          ...(o.metadata.annotations ?? {}),
          'cdi.kubevirt.io/storage.checkpoint.copied': stage,
          'cdi.kubevirt.io/storage.checkpoint.current': stage,
        };
      });
      const dv = this.store.get(this.dvRt, ns, name);
      const final = (dv?.spec as { finalCheckpoint?: boolean } | undefined)?.finalCheckpoint === true;
      const latest = ((dv?.spec as { checkpoints?: Checkpoint[] } | undefined)?.checkpoints ?? []).slice(-1)[0]?.current ?? '';
      if (final && latest === stage) this.setDvStatus(ns, name, 'Succeeded', '100.0%');
      else
        this.setDvStatus(ns, name, 'Paused', '100.0%', {
          running: false,
          reason: 'Paused',
          message: `Multistage import into PVC ${name} is paused`,
        });
      if (latest !== stage) this.reconcileDv(ns, name);
    });
  }

  // ---- PVC / PV ----------------------------------------------------------------------------

  private reconcilePvc(pvc: KubeObject): void {
    const spec = (pvc.spec ?? {}) as StorageSpec & { volumeName?: string };
    if (!awaitsProvisioning(pvc, spec)) return;
    const scName = spec.storageClassName ?? this.defaultStorageClass();
    const sc = scName ? this.store.get(this.scRt, undefined, scName) : undefined;
    if (!sc || !scName) return; // stays Pending, as with a missing storage class
    const pvName = `pvc-${pvc.metadata.uid ?? ''}`;
    const size = spec.resources?.requests?.storage ?? '1Gi';
    if (!this.store.get(this.pvRt, undefined, pvName)) {
      const pv = this.store.create(this.pvRt, provisionedPv(pvc, spec, sc, scName, pvName, size));
      this.store.updateStatus(this.pvRt, { ...pv, status: { phase: 'Bound', lastPhaseTransitionTime: nowTimestamp() } });
    }
    this.bindClaim(pvc, spec, scName, pvName, size, provisionerOf(sc));
  }

  private bindClaim(pvc: KubeObject, spec: StorageSpec, scName: string, pvName: string, size: string, provisioner: string): void {
    const ns = pvc.metadata.namespace ?? '';
    const name = pvc.metadata.name ?? '';
    this.store.mutate(this.pvcRt, ns, name, (o) => {
      (o.spec as Record<string, unknown>).volumeName = pvName;
      if (!(o.spec as StorageSpec).storageClassName) (o.spec as Record<string, unknown>).storageClassName = scName;
      o.metadata.annotations = {
        ...(o.metadata.annotations ?? {}),
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': provisioner,
        'volume.kubernetes.io/storage-provisioner': provisioner,
      };
    });
    this.store.mutate(
      this.pvcRt,
      ns,
      name,
      (o) => (o.status = { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: size } }),
      { status: true },
    );
  }

  /** Reclaim policy Delete: the PV of a deleted claim is released, then deleted. */
  private releasePv(pvc: KubeObject): void {
    const uid = pvc.metadata.uid;
    for (const pv of this.store.list(this.pvRt)) {
      const ref = pv.spec as { claimRef?: { uid?: string }; persistentVolumeReclaimPolicy?: string } | undefined;
      if (!uid || ref?.claimRef?.uid !== uid) continue;
      const pvName = pv.metadata.name ?? '';
      this.store.mutate(this.pvRt, undefined, pvName, (o) => (o.status = { phase: 'Released', lastPhaseTransitionTime: nowTimestamp() }), {
        status: true,
      });
      if ((ref.persistentVolumeReclaimPolicy ?? 'Delete') === 'Delete')
        this.later(Math.max(5, this.ctx.msPerMinute / 20), () => this.store.delete(this.pvRt, undefined, pvName));
    }
  }
}

/** A claim the provisioner binds: not deleting, not bound yet, and not left to a volume populator (Forklift binds those itself). */
function awaitsProvisioning(pvc: KubeObject, spec: StorageSpec & { volumeName?: string }): boolean {
  if (pvc.metadata.deletionTimestamp || spec.volumeName || spec.dataSourceRef) return false;
  return (pvc.status as { phase?: string } | undefined)?.phase !== 'Bound';
}

/** The stage to import (the latest checkpoint, '' for a single-stage import) and whether its copy is done and paused. */
function importStage(dv: KubeObject, pvc: KubeObject): { stage: string; multistage: boolean; stageCopied: boolean } {
  const checkpoints = (dv.spec as { checkpoints?: Checkpoint[] } | undefined)?.checkpoints ?? [];
  const stage = checkpoints[checkpoints.length - 1]?.current ?? '';
  const multistage = checkpoints.length > 0;
  const paused = (dv.status as { phase?: string } | undefined)?.phase === 'Paused';
  const copied = pvc.metadata.annotations?.['cdi.kubevirt.io/storage.checkpoint.copied'] === stage;
  return { stage, multistage, stageCopied: multistage && paused && copied };
}

type DvStatusExtra = { running?: boolean; reason?: string; message?: string };

function watchedKind(r: StoreEvent['resource']): 'storageclass' | 'storageprofile' | 'datavolume' | 'pvc' | undefined {
  if (r.group === 'storage.k8s.io' && r.plural === 'storageclasses') return 'storageclass';
  if (r.group === 'cdi.kubevirt.io' && r.plural === 'storageprofiles') return 'storageprofile';
  if (r.group === 'cdi.kubevirt.io' && r.plural === 'datavolumes') return 'datavolume';
  if (r.group === '' && r.plural === 'persistentvolumeclaims') return 'pvc';
  return undefined;
}

/** The Bound, Ready and Running conditions of a DataVolume in `phase` (timestamps added by the caller). */
function dvConditions(
  name: string,
  phase: string,
  extra: DvStatusExtra,
): Array<{ type: string; status: string; reason: string; message: string }> {
  const bound = phase !== 'Pending';
  const done = phase === 'Succeeded';
  const running = extra.running ?? phase === 'ImportInProgress';
  const transferReason = phase === 'Paused' ? 'TransferPaused' : 'TransferRunning';
  const runningReason = running ? 'Pod is running' : '';
  return [
    {
      type: 'Bound',
      status: bound ? 'True' : 'False',
      reason: bound ? 'Bound' : 'Pending',
      message: bound ? `PVC ${name} Bound` : `PVC ${name} Pending`,
    },
    { type: 'Ready', status: done ? 'True' : 'False', reason: done ? '' : transferReason, message: '' },
    {
      type: 'Running',
      status: running ? 'True' : 'False',
      reason: extra.reason ?? (done ? 'Completed' : runningReason),
      message: extra.message ?? (done ? 'Import Complete' : ''),
    },
  ];
}

/** The PVC CDI creates for a DataVolume: its labels and annotations, owned by the DataVolume. */
function dvClaim(dv: KubeObject, ns: string, name: string, spec: Record<string, unknown>): KubeObject {
  const source = Object.keys((dv.spec as { source?: Record<string, unknown> }).source ?? { blank: {} })[0] ?? 'blank';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: ns,
      labels: {
        ...(dv.metadata.labels ?? {}),
        app: 'containerized-data-importer',
        'app.kubernetes.io/component': 'storage',
        'app.kubernetes.io/managed-by': 'cdi-controller',
      },
      annotations: {
        ...(dv.metadata.annotations ?? {}),
        'cdi.kubevirt.io/storage.contentType': 'kubevirt',
        'cdi.kubevirt.io/storage.import.source': source,
        'cdi.kubevirt.io/storage.preallocation.requested': 'false',
        'cdi.kubevirt.io/createdForDataVolume': dv.metadata.uid ?? '',
      },
      ownerReferences: [
        {
          apiVersion: 'cdi.kubevirt.io/v1beta1',
          kind: 'DataVolume',
          name,
          uid: dv.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec,
  };
}

const provisionerOf = (sc: KubeObject): string => String((sc as { provisioner?: unknown }).provisioner ?? '');

/** The PV a CSI provisioner creates for the claim, bound to it by claimRef. */
function provisionedPv(pvc: KubeObject, spec: StorageSpec, sc: KubeObject, scName: string, pvName: string, size: string): KubeObject {
  const provisioner = provisionerOf(sc);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: pvName,
      annotations: {
        'pv.kubernetes.io/provisioned-by': provisioner,
        'volume.kubernetes.io/provisioner-deletion-secret-name': '',
        'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
      },
      finalizers: [],
    },
    spec: {
      accessModes: spec.accessModes ?? ['ReadWriteOnce'],
      capacity: { storage: size },
      volumeMode: spec.volumeMode ?? 'Filesystem',
      persistentVolumeReclaimPolicy: String((sc as { reclaimPolicy?: unknown }).reclaimPolicy ?? 'Delete'),
      storageClassName: scName,
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: pvc.metadata.namespace ?? '',
        name: pvc.metadata.name ?? '',
        uid: pvc.metadata.uid,
        resourceVersion: pvc.metadata.resourceVersion,
      },
      csi: {
        driver: provisioner,
        volumeHandle: `0001-lab-${pvc.metadata.uid ?? ''}`,
        fsType: spec.volumeMode === 'Block' ? undefined : 'ext4',
      },
    },
  };
}

export const cdiComponent: LabComponent = {
  name: 'cdi',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const controller = new CdiController(ctx.store, ctx);
    controller.start();
    return {
      async stop() {
        controller.stop();
      },
    };
  },
};
