/**
 * vSphere copy-offload (XCOPY) as Forklift's vSphere builder sets it up (reference §9,
 * adapter/vsphere/builder.go PopulatorVolumes + mergeSecrets): for every disk on a datastore whose
 * StorageMap entry has offloadPlugin.vsphereXcopyConfig, a Block PVC with a dataSourceRef to a
 * VSphereXcopyVolumePopulator of the same name, the per-VM secret (isPopulator) and a per-disk
 * secret `<vmSecret>-<diskIndex>` merging the provider secret with the vendor secret. The lab then
 * plays the populator: it advances the CR's progress, reports xcopyUsed, and binds the PVC.
 */
import crypto from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';
import { copyOffloadName, type DiskObjectName } from './naming';
import type { InvDisk } from '../inventory/types';
import type { Kinds } from './kinds';

export interface OffloadConfig {
  storageClass: string;
  accessMode?: string;
  volumeMode?: string;
  vendor: string;
  secretRef: string;
  hosts: string[];
}

export interface MapEntryWithOffload {
  source?: { id?: string; name?: string };
  destination?: { storageClass?: string; accessMode?: string; volumeMode?: string };
  offloadPlugin?: { vsphereXcopyConfig?: { secretRef?: string; storageVendorProduct?: string; dedicatedMigrationHosts?: string[] } };
}

export function planUsesOffload(entries: MapEntryWithOffload[]): boolean {
  return entries.some((e) => e.offloadPlugin?.vsphereXcopyConfig);
}

export function entryFor(
  entries: MapEntryWithOffload[],
  datastoreId: string,
  datastoreName: string | undefined,
): MapEntryWithOffload | undefined {
  return entries.find((e) => e.source?.id === datastoreId || (!e.source?.id && e.source?.name === datastoreName));
}

export function offloadFor(entry: MapEntryWithOffload | undefined): OffloadConfig | undefined {
  const x = entry?.offloadPlugin?.vsphereXcopyConfig;
  if (!x) return undefined;
  const destination = entry?.destination ?? {};
  return {
    storageClass: destination.storageClass ?? '',
    ...(destination.accessMode ? { accessMode: destination.accessMode } : {}),
    ...(destination.volumeMode ? { volumeMode: destination.volumeMode } : {}),
    vendor: x.storageVendorProduct ?? '',
    secretRef: x.secretRef ?? '',
    hosts: x.dedicatedMigrationHosts ?? [],
  };
}

/** generatePopulatorSuffix: 8 hex characters of sha256("<migration>-<vm>-<key>-<file>-<index>"). */
export function populatorSuffix(migrationUid: string, vmId: string, disk: InvDisk, index: number): string {
  return crypto.createHash('sha256').update(`${migrationUid}-${vmId}-${disk.key}-${disk.file}-${index}`).digest('hex').slice(0, 8);
}

export interface OffloadInput {
  kinds: Kinds;
  plan: KubeObject;
  source: KubeObject; // the vSphere Provider
  migrationUid: string;
  namespace: string;
  vmId: string;
  vmHost: string;
  vmLabels: Record<string, string>;
  disks: Array<{ disk: InvDisk; index: number; offload: OffloadConfig; rendered: DiskObjectName; naa?: string }>;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function populatorLabels(input: OffloadInput, disk: InvDisk, naa: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {
    migration: input.migrationUid,
    plan: input.plan.metadata.uid ?? '',
    vmdkKey: String(disk.key),
    vmID: input.vmId,
  };
  // The datastore's backing LUN, for CSI topology affinity (TemplateNAALabel), when a valid label value.
  if (naa && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(naa)) labels['volume.csi.k8s.io/affinity-source-naa'] = naa;
  if (input.vmHost) labels.sourceHost = input.vmHost;
  if (disk.shared) labels.shareable = 'true';
  return labels;
}

/** mergeSecrets: provider secret + vendor secret + the keys the populator reads. */
function mergeSecrets(
  base: Record<string, string>,
  vendorData: Record<string, string>,
  sspec: { url?: string; settings?: Record<string, string> },
): Record<string, string> {
  const data: Record<string, string> = { ...base, ...vendorData };
  if (base.user) Object.assign(data, { GOVMOMI_USERNAME: base.user, accessKeyId: base.user });
  if (base.password) Object.assign(data, { GOVMOMI_PASSWORD: base.password, secretKey: base.password });
  if (base.insecureSkipVerify) data.GOVMOMI_INSECURE = base.insecureSkipVerify;
  if (vendorData.management_address) data.STORAGE_HOSTNAME = vendorData.management_address;
  if (vendorData.username) data.STORAGE_USERNAME = vendorData.username;
  if (vendorData.password) data.STORAGE_PASSWORD = vendorData.password;
  try {
    data.GOVMOMI_HOSTNAME = b64(new URL(sspec.url ?? '').hostname);
  } catch {
    data.GOVMOMI_HOSTNAME = b64(sspec.url ?? '');
  }
  if (sspec.settings?.esxiCloneMethod) data.ESXI_CLONE_METHOD = b64(sspec.settings.esxiCloneMethod);
  return data;
}

/** Creates the secrets, PVCs and populator CRs; returns the PVCs in disk order. */
export function createOffloadVolumes(input: OffloadInput): KubeObject[] {
  const { kinds, namespace } = input;
  const sspec = (input.source.spec ?? {}) as {
    url?: string;
    secret?: { name?: string; namespace?: string };
    settings?: Record<string, string>;
  };
  const providerSecret = kinds.get('secret', sspec.secret?.namespace, sspec.secret?.name ?? '');
  const base = (providerSecret?.data ?? {}) as Record<string, string>;
  const vmSecret = kinds.store.create(kinds.rt('secret'), {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { generateName: `${input.plan.metadata.name}-${input.vmId}-`, namespace, labels: { ...input.vmLabels, isPopulator: 'true' } },
    type: 'Opaque',
    data: { ...base },
  });
  return input.disks.map(({ disk, index, offload, rendered, naa }) => {
    const name = copyOffloadName(rendered, populatorSuffix(input.migrationUid, input.vmId, disk, index));
    const labels = populatorLabels(input, disk, naa);
    const diskSecret = `${vmSecret.metadata.name}-${index}`;
    const pvc = kinds.store.create(kinds.rt('pvc'), {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace,
        labels,
        annotations: {
          'forklift.konveyor.io/disk-source': disk.file,
          'copy-offload': disk.file,
          'cdi.kubevirt.io/storage.import.secretName': diskSecret,
        },
      },
      spec: {
        storageClassName: offload.storageClass,
        volumeMode: offload.volumeMode ?? 'Block',
        accessModes: [offload.accessMode ?? 'ReadWriteMany'],
        resources: { requests: { storage: `${disk.capacity}` } },
        dataSourceRef: { apiGroup: 'forklift.konveyor.io', kind: 'VSphereXcopyVolumePopulator', name },
      },
    });
    const vendor = kinds.get('secret', input.source.metadata.namespace, offload.secretRef);
    const data = mergeSecrets(base, (vendor?.data ?? {}) as Record<string, string>, sspec);
    kinds.store.create(kinds.rt('secret'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: diskSecret,
        namespace,
        labels: { migration: input.migrationUid, plan: input.plan.metadata.uid ?? '', vmID: input.vmId },
      },
      type: 'Opaque',
      data,
    });
    const host = offload.hosts.length ? offload.hosts[crypto.randomInt(offload.hosts.length)] : '';
    kinds.store.create(kinds.rt('populator'), {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'VSphereXcopyVolumePopulator',
      metadata: {
        name,
        namespace,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, uid: pvc.metadata.uid ?? '' }],
      },
      spec: {
        vmId: input.vmId,
        vmdkPath: disk.file,
        secretName: diskSecret,
        storageVendorProduct: offload.vendor,
        ...(host ? { migrationHost: host } : {}),
      },
    });
    return pvc;
  });
}

/** The populator's progress report (status of the VSphereXcopyVolumePopulator). */
export function reportProgress(
  kinds: Kinds,
  pvc: KubeObject,
  progress: number,
  done: { vendor: string; xcopyUsed: number; bytes: number; cloneMethod: string } | undefined,
): void {
  kinds.store.mutate(
    kinds.rt('populator'),
    pvc.metadata.namespace,
    pvc.metadata.name ?? '',
    (o) => {
      o.status = done
        ? {
            progress: '100',
            xcopyUsed: String(done.xcopyUsed),
            result: 'success',
            storageVendor: done.vendor,
            cloneMethod: done.cloneMethod,
            storageProtocol: 'iscsi',
            provisionedBytes: String(done.bytes),
            allocatedBytes: String(done.bytes),
            copyDurationSeconds: '1',
          }
        : { progress: String(progress) };
    },
    { status: true },
  );
}

/** Binds a populated PVC to a new PV, as the volume populator framework does at the end. */
export function bindPopulatedPvc(kinds: Kinds, pvc: KubeObject): void {
  const spec = (pvc.spec ?? {}) as {
    storageClassName?: string;
    volumeMode?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
  };
  const pvName = `pvc-${pvc.metadata.uid}`;
  if (!kinds.get('pv', undefined, pvName)) {
    kinds.store.create(kinds.rt('pv'), {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': 'forklift.konveyor.io/vsphere-xcopy-populator' } },
      spec: {
        capacity: { storage: spec.resources?.requests?.storage ?? '0' },
        accessModes: spec.accessModes ?? ['ReadWriteMany'],
        volumeMode: spec.volumeMode ?? 'Block',
        storageClassName: spec.storageClassName ?? '',
        persistentVolumeReclaimPolicy: 'Delete',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid },
        csi: { driver: 'lab.csi.mtv.local', volumeHandle: pvName },
      },
    });
  }
  kinds.store.mutate(kinds.rt('pvc'), pvc.metadata.namespace, pvc.metadata.name ?? '', (o) => {
    o.spec = { ...((o.spec ?? {}) as object), volumeName: pvName };
  });
  kinds.store.mutate(
    kinds.rt('pvc'),
    pvc.metadata.namespace,
    pvc.metadata.name ?? '',
    (o) => (o.status = { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage: spec.resources?.requests?.storage ?? '0' } }),
    { status: true },
  );
}
