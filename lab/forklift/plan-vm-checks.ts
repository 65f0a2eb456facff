/**
 * Per-VM plan validation shared by every source type (validation.go: refs, names, target VM
 * existence, PVC template) and the checks of the oVirt and OpenStack validators (unmapped networks
 * and storage, several NICs on the pod network), against the source inventory.
 */
import { nameProblem } from '../apiserver/objects';
import type { FindResult } from '../inventory/service';
import { refItem, type ConditionStage } from './conditions';
import type { MapEntryWithOffload } from './copy-offload';
import { PvcTemplateError, chooseTemplate, diskObjectName, templateFileName, templateTargetVmName } from './naming';
import type { ValidationContext, ValidationResult } from './plan-validation';
import type { PlanSpec, PlanVm } from './plan-types';
import { fromOpenStack, fromOpenshift, fromOva, fromOvirt, sourcePvcFields, type SourceVm } from './source-vm';
import { quantityBytes } from './target-vm';
import type { KubeObject } from '../apiserver/contract';
import type { NetworkRow } from './nic-networks';

/** What the per-VM checks need of the plan, computed once. */
export interface VmCheckContext {
  ctx: ValidationContext;
  spec: PlanSpec;
  out: ValidationResult;
  warm: boolean;
  netRefs: Array<{ id?: string }>;
  stRefs: Array<{ id?: string }>;
  /** Source networks mapped to the pod network (the oVirt/OpenStack NIC check). */
  podMapped: Set<string>;
  /** The NetworkMap rows and the vSphere network names, for the vSphere NIC-to-row assignment (nic-networks.ts). */
  networkRows: NetworkRow[];
  networkName: (id: string) => string | undefined;
  storageEntries: MapEntryWithOffload[];
  offloadPlan: boolean;
  datastoreName: (id: string) => string | undefined;
  seenIds: Set<string>;
  seenTargets: Set<string>;
}

type Add = (key: string, item: string) => void;

/** Target name validity and uniqueness of the VM and its targetName within the plan. */
export function nameProblems(c: VmCheckContext, vm: PlanVm, inv: { id: string; name: string }): string[] {
  const keys: string[] = [];
  if (!vm.targetName) {
    if (nameProblem(inv.name, false)) keys.push('nameNotValid');
  } else if (nameProblem(vm.targetName, false)) keys.push('targetNameInvalid');
  if (c.seenIds.has(inv.id)) keys.push('notUnique');
  c.seenIds.add(inv.id);
  if (vm.targetName) {
    if (c.seenTargets.has(vm.targetName)) keys.push('targetNameNotUnique');
    c.seenTargets.add(vm.targetName);
  }
  return keys;
}

/**
 * validator.PVCNameTemplate: the VM's effective template (never empty: the default applies) must
 * render to a DNS-1123 label for every disk, with Forklift's test data (inventory disk order,
 * RootDiskIndex 1, Shared false; vSphere .FileName/.WinDriveLetter, oVirt .DiskId).
 */
export function pvcTemplateProblem(
  ctx: ValidationContext,
  spec: PlanSpec,
  vm: PlanVm,
  src: SourceVm,
): { template: string; error: string } | undefined {
  const { template, useGenerateName } = chooseTemplate({
    vm: vm.pvcNameTemplate,
    plan: spec.pvcNameTemplate,
    controller: ctx.controllerPvcTemplate,
    ocpSource: src.type === 'openshift',
    useGenerateName: spec.pvcNameTemplateUseGenerateName,
  });
  const targetName = templateTargetVmName({
    vmId: src.id,
    sourceName: src.name,
    targetName: vm.targetName,
    newName: ctx.newNames.get(src.id),
  });
  const base = {
    VmName: src.name,
    TargetVmName: targetName,
    PlanName: ctx.plan.metadata.name ?? '',
    VmId: src.id,
    RootDiskIndex: 1,
    Shared: false,
  };
  const warm = spec.warm === true || spec.type === 'warm';
  try {
    src.disks.forEach((d, i) => {
      const vsphereDisk = src.vsphere?.disks[i];
      diskObjectName(template, useGenerateName, {
        ...base,
        DiskIndex: i,
        ...(vsphereDisk ? { FileName: templateFileName(vsphereDisk.file, warm), WinDriveLetter: vsphereDisk.winDriveLetter ?? '' } : {}),
        ...(src.type === 'ovirt' ? { DiskId: d.id } : {}),
        ...sourcePvcFields(src, d),
      });
    });
    return undefined;
  } catch (e) {
    if (e instanceof PvcTemplateError) return { template, error: e.message };
    throw e;
  }
}

/** The source types whose VMs are checked from their own inventory collections (vSphere has its own path). */
export type RemoteSourceType = 'ovirt' | 'openstack' | 'ova' | 'openshift';

/** The oVirt / OpenStack / OVA inventory VM a plan VM names, as a SourceVm; undefined when there is none to check. */
function resolveSourceVm(c: VmCheckContext, stage: ConditionStage, vm: PlanVm, type: RemoteSourceType, add: Add): SourceVm | undefined {
  if (vm.id && c.ctx.succeededVmIds.has(vm.id)) return undefined;
  if (!vm.id && !vm.name) {
    stage.set({ type: 'VMRefNotValid', category: 'Critical', reason: 'NotSet', message: 'Either `ID` or `Name` required.' });
    return undefined;
  }
  const ref = { ...(vm.id ? { id: vm.id } : {}), ...(vm.name ? { name: vm.name } : {}) };
  if (type === 'openshift') return lookUpOpenshift(c, { ...ref, ...(vm.namespace ? { namespace: vm.namespace } : {}) }, add);
  return lookUp(c, ref, type, add);
}

/** VMNotFound / DuplicateVM items for a reference that is not exactly one VM; the VM when it is. */
function single<T>(found: FindResult<T> | undefined, ref: { id?: string; name?: string }, add: Add): T | undefined {
  if (!found) return undefined; // the inventory has not loaded yet
  if ('found' in found) return found.found;
  add('notFound' in found ? 'notFound' : 'ambiguous', refItem(ref));
  return undefined;
}

/** The VM by id or name in the source inventory, as a SourceVm. */
function lookUp(c: VmCheckContext, ref: { id?: string; name?: string }, type: RemoteSourceType, add: Add): SourceVm | undefined {
  const { inventory } = c.ctx;
  const uid = c.out.source?.metadata.uid ?? '';
  const collector = inventory.collector(uid);
  if (type === 'ovirt') {
    const vm = single(inventory.findOvirt(uid, 'vms', ref), ref, add);
    return vm && collector?.ovirt ? fromOvirt(vm, collector.ovirt) : undefined;
  }
  if (type === 'ova') {
    const vm = single(inventory.findOva(uid, 'vms', ref), ref, add);
    return vm && collector?.ova ? fromOva(vm, collector.ova) : undefined;
  }
  const vm = single(inventory.findOpenStack(uid, 'vms', ref), ref, add);
  return vm && collector?.openstack ? fromOpenStack(vm, collector.openstack) : undefined;
}

/**
 * An OpenShift source VM, read from the cluster as Forklift's OCP inventory does: by uid, or by
 * name in the plan VM's namespace (a name alone matching in several namespaces is ambiguous).
 */
function lookUpOpenshift(c: VmCheckContext, ref: { id?: string; name?: string; namespace?: string }, add: Add): SourceVm | undefined {
  const { kinds } = c.ctx;
  const hits = kinds
    .list('vm', ref.id ? undefined : ref.namespace)
    .filter((o) => (ref.id ? o.metadata.uid === ref.id : o.metadata.name === ref.name));
  if (hits.length !== 1) {
    add(hits.length === 0 ? 'notFound' : 'ambiguous', refItem(ref));
    return undefined;
  }
  return fromOpenshift(hits[0] as KubeObject, (ns, name) => {
    const pvc = kinds.get('pvc', ns, name);
    if (!pvc) return undefined;
    const spec = (pvc.spec ?? {}) as { storageClassName?: string; resources?: { requests?: { storage?: string } } };
    return { capacityBytes: quantityBytes(spec.resources?.requests?.storage), storageClass: spec.storageClassName ?? '' };
  });
}

/**
 * OpenShift (ocp validator NetworksMapped/StorageMapped): each template network is in the
 * NetworkMap by type pod or by NAD name and namespace, each disk's StorageClass by name.
 */
function openshiftMappingProblems(c: VmCheckContext, src: SourceVm): string[] {
  const keys: string[] = [];
  const netEntries = (c.out.networkMap?.spec as { map?: NetworkRow[] } | undefined)?.map ?? [];
  const mapped = (id: string) =>
    netEntries.some((e) => {
      const s = e.source as { type?: string; name?: string; namespace?: string } | undefined;
      return id === 'pod' ? s?.type === 'pod' : `${s?.namespace ?? ''}/${s?.name ?? ''}` === id;
    });
  if (c.out.networkMap && !src.nics.every((n) => mapped(n.networkId))) keys.push('unmappedNetwork');
  if (c.out.storageMap && !src.disks.every((d) => c.storageEntries.some((e) => e.source?.name === d.storageId)))
    keys.push('unmappedStorage');
  return keys;
}

/** Networks and storage of the VM against the maps' resolved references; NICs on the pod network. */
function sourceMappingProblems(c: VmCheckContext, src: SourceVm): string[] {
  const keys: string[] = [];
  if (c.out.networkMap) {
    if (!src.nics.every((n) => c.netRefs.some((r) => r.id === n.networkId))) keys.push('unmappedNetwork');
    if (src.nics.filter((n) => c.podMapped.has(n.networkId)).length > 1) keys.push('multiplePod');
  }
  if (c.out.storageMap) {
    // An image-backed OpenStack VM (no volumes) is mapped through the special "glance" storage.
    const imageBacked = src.type === 'openstack' && src.disks.length === 0;
    const mapped = imageBacked
      ? c.stRefs.some((r) => r.id === 'glance')
      : src.disks.every((d) => c.stRefs.some((r) => r.id === d.storageId));
    if (!mapped) keys.push('unmappedStorage');
  }
  return keys;
}

/** Every check of an oVirt / OpenStack plan VM; returns the resolved VM. */
export function checkSourceVm(
  c: VmCheckContext,
  stage: ConditionStage,
  vm: PlanVm,
  type: RemoteSourceType,
  add: Add,
): SourceVm | undefined {
  const src = resolveSourceVm(c, stage, vm, type, add);
  if (!src || c.ctx.succeededVmIds.has(src.id)) return src;
  const item = refItem({ id: src.id, name: src.name });
  const ns = c.spec.targetNamespace;
  const exists = ns && c.ctx.kinds.get('vm', ns, vm.targetName || src.name) && !c.ctx.statusVmIds.has(src.id);
  const mapping = type === 'openshift' ? openshiftMappingProblems(c, src) : sourceMappingProblems(c, src);
  for (const key of [...nameProblems(c, vm, src), ...mapping, ...(exists ? ['alreadyExists'] : [])]) add(key, item);
  const pvc = pvcTemplateProblem(c.ctx, c.spec, vm, src);
  if (pvc) add('pvcTemplate', `${item} template:${pvc.template} error:${pvc.error}`);
  return src;
}
