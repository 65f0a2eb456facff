/**
 * Plan validation (pkg/controller/plan/validation.go, in its order): provider pair; target
 * namespace; network and storage map refs (+ NetMapPreservingIPsOnPodNetwork, NAD namespace);
 * stop if a blocker is already set; warm support; per-VM checks against the source inventory and
 * the target namespace; hooks; VDDK image for warm. Condition types, categories, reasons and
 * messages are Forklift's. VM items use Ref.String() with the resolved id and name.
 */
import { assignNicRows, type NetworkRow } from './nic-networks';
import type { KubeObject } from '../apiserver/contract';
import { nameProblem } from '../apiserver/objects';
import type { InventoryService } from '../inventory/service';
import type { InvVm } from '../inventory/types';
import { hasCondition, refItem, type Condition, type ConditionStage } from './conditions';
import type { Kinds } from './kinds';
import { validateProviderPair } from './provider-pair';
import type { PlanSpec, PlanVm } from './plan-types';
import { planUsesOffload, type MapEntryWithOffload } from './copy-offload';
import { setVmConditions } from './plan-vm-conditions';
import { checkSourceVm, nameProblems, pvcTemplateProblem, type VmCheckContext } from './plan-vm-checks';
import { fromVsphere, type SourceVm } from './source-vm';

export interface ValidationContext {
  kinds: Kinds;
  inventory: InventoryService;
  plan: KubeObject;
  /** VMs already in plan.status.migration.vms (a target VM of theirs is not "already existing"). */
  statusVmIds: Set<string>;
  succeededVmIds: Set<string>;
  /** status.migration.vms[].newName by VM id (ResolveTargetVmName reads it). */
  newNames: Map<string, string>;
  /** ForkliftController controller_pvc_name_template. */
  controllerPvcTemplate?: string;
  /** The nad-pool-ignored fault (lab/forklift/nic-networks.ts). */
  nadPoolIgnored?: boolean;
}

export interface ValidationResult {
  source?: KubeObject;
  destination?: KubeObject;
  networkMap?: KubeObject;
  storageMap?: KubeObject;
  /** Resolved source VMs by index of spec.vms (undefined when not found). */
  vms: Array<SourceVm | undefined>;
}

const ready = (o: KubeObject) => hasCondition((o.status as { conditions?: Condition[] } | undefined)?.conditions, 'Ready');

export function isWarmPlan(spec: PlanSpec): boolean {
  return spec.warm === true || spec.type === 'warm';
}

/** preserveStaticIPs defaults to true (CRD default). */
export function preserveStaticIPs(spec: PlanSpec): boolean {
  return spec.preserveStaticIPs !== false;
}

function refOf(vm: PlanVm, inv?: InvVm): { id?: string; name?: string } {
  return inv ? { id: inv.id, name: inv.name } : { ...(vm.id ? { id: vm.id } : {}), ...(vm.name ? { name: vm.name } : {}) };
}

function mapRefs(m: KubeObject | undefined): Array<{ id?: string }> {
  return ((m?.status as { references?: Array<{ id?: string }> } | undefined)?.references ?? []) as Array<{ id?: string }>;
}

export function validatePlan(ctx: ValidationContext, stage: ConditionStage): ValidationResult {
  const { kinds, plan } = ctx;
  const spec = (plan.spec ?? {}) as PlanSpec;
  const out: ValidationResult = { vms: [] };
  const pair = validateProviderPair(kinds, stage, spec.provider);
  if (stage.has('SourceProviderNotReady')) return out;
  if (pair.source) out.source = pair.source;
  if (pair.destination) out.destination = pair.destination;
  const sourceType = (pair.source?.spec as { type?: string } | undefined)?.type ?? '';

  validateNamespace(stage, spec);
  validateNetworkMap(kinds, stage, spec, sourceType, out);
  validateStorageMap(kinds, stage, spec, out);
  if (stage.hasBlocker()) return out;

  const warm = isWarmPlan(spec);
  validateMigrationType(stage, spec, sourceType, warm);
  if (!hasCondition((plan.status as { conditions?: Condition[] } | undefined)?.conditions, 'Executing'))
    validateVms(ctx, stage, spec, out, sourceType, warm);
  validateHooks(ctx, stage, spec);
  validateVddk(stage, spec, pair.source, sourceType, warm, out);
  return out;
}

function validateNamespace(stage: ConditionStage, spec: PlanSpec): void {
  if (!spec.targetNamespace)
    stage.set({ type: 'NamespaceNotValid', category: 'Critical', reason: 'NotSet', message: 'Target namespace is not valid.' });
  else if (nameProblem(spec.targetNamespace, false))
    stage.set({ type: 'NamespaceNotValid', category: 'Critical', reason: 'NotValid', message: 'Target namespace is not valid.' });
}

type NetworkEntry = { destination?: { type?: string; name?: string; namespace?: string } };

function validateNetworkMap(kinds: Kinds, stage: ConditionStage, spec: PlanSpec, sourceType: string, out: ValidationResult): void {
  const netRef = spec.map?.network;
  if (!netRef?.name || !netRef.namespace) {
    stage.set({ type: 'NetworkMapRefNotValid', category: 'Critical', reason: 'NotSet', message: 'Map.Network is not valid.' });
    return;
  }
  const nm = kinds.get('networkMap', netRef.namespace, netRef.name);
  if (!nm) {
    stage.set({ type: 'NetworkMapRefNotValid', category: 'Critical', reason: 'NotFound', message: 'Map.Network is not valid.' });
    return;
  }
  if (!ready(nm)) stage.set({ type: 'NetworkMapNotReady', category: 'Critical', message: 'Map.Network does not have Ready condition.' });
  const entries = (nm.spec as { map?: NetworkEntry[] } | undefined)?.map ?? [];
  checkStaticIpsOnPodNetwork(stage, spec, sourceType, entries);
  if (nadNamespacesValid(stage, spec, entries)) out.networkMap = nm;
}

/** Static IPs (vSphere, Hyper-V) are not preserved on the pod network: a Warn. */
function checkStaticIpsOnPodNetwork(stage: ConditionStage, spec: PlanSpec, sourceType: string, entries: NetworkEntry[]): void {
  if (sourceType !== 'vsphere' && sourceType !== 'hyperv') return;
  if (!preserveStaticIPs(spec) || !entries.some((e) => e.destination?.type === 'pod')) return;
  stage.set({
    type: 'NetMapPreservingIPsOnPodNetwork',
    category: 'Warn',
    message:
      "Your migration plan preserves the static IPs of VMs and uses Pod Networking target network mapping. This combination isn't supported, because VM IPs aren't preserved in Pod Networking migrations.",
  });
}

/** A multus NAD must be in the target namespace or default; the first one that is not is reported. */
function nadNamespacesValid(stage: ConditionStage, spec: PlanSpec, entries: NetworkEntry[]): boolean {
  const badNad = entries.find(
    (e) => e.destination?.type === 'multus' && e.destination.namespace !== spec.targetNamespace && e.destination.namespace !== 'default',
  );
  if (!badNad?.destination) return true;
  const d = badNad.destination;
  stage.set({
    type: 'NetMapDestinationNADNotValid',
    category: 'Critical',
    reason: 'NotValid',
    message: `Destination NAD ${d.namespace ?? ''}/${d.name ?? ''} must be in either the target namespace (${spec.targetNamespace ?? ''}) or the default namespace. Pods cannot reference network attachment definitions from other namespaces.`,
  });
  return false;
}

function validateStorageMap(kinds: Kinds, stage: ConditionStage, spec: PlanSpec, out: ValidationResult): void {
  const stRef = spec.map?.storage;
  if (!stRef?.name || !stRef.namespace) {
    stage.set({ type: 'StorageRefNotValid', category: 'Critical', reason: 'NotSet', message: 'Map.Storage is not valid.' });
    return;
  }
  const sm = kinds.get('storageMap', stRef.namespace, stRef.name);
  if (!sm) {
    stage.set({ type: 'StorageRefNotValid', category: 'Critical', reason: 'NotFound', message: 'Map.Storage is not valid.' });
    return;
  }
  if (!ready(sm)) stage.set({ type: 'StorageMapNotReady', category: 'Critical', message: 'Map.Storage does not have Ready condition.' });
  out.storageMap = sm;
}

function validateMigrationType(stage: ConditionStage, spec: PlanSpec, sourceType: string, warm: boolean): void {
  if (warm && ['ova', 'openstack', 'openshift', 'hyperv'].includes(sourceType)) {
    stage.set({
      type: 'WarmMigrationNotReady',
      category: 'Critical',
      reason: 'NotSupported',
      message: 'Warm migration from the source provider is not supported.',
    });
  }
  if (spec.type && !['cold', 'warm', 'live', 'conversion'].includes(spec.type)) {
    stage.set({
      type: 'MigrationTypeNotValid',
      category: 'Critical',
      reason: 'NotSupported',
      message: `\`${spec.type}\` migration from the source provider is not supported.`,
    });
  }
}

/** VDDK: required for vSphere warm (and raw copy without offload). */
function validateVddk(
  stage: ConditionStage,
  spec: PlanSpec,
  source: KubeObject | undefined,
  sourceType: string,
  warm: boolean,
  out: ValidationResult,
): void {
  const vddk = (source?.spec as { settings?: Record<string, string> } | undefined)?.settings?.vddkInitImage;
  if (sourceType !== 'vsphere' || vddk) return;
  if (warm)
    stage.set({
      type: 'VDDKInitImageUnavailable',
      category: 'Critical',
      reason: 'NotSet',
      message: 'VDDK image is required for warm migration. Set it on the source provider or configure a global VDDK image.',
    });
  else if (spec.skipGuestConversion && !planUsesOffload(storageEntriesOf(out) ?? []))
    stage.set({
      type: 'VDDKInitImageUnavailable',
      category: 'Critical',
      reason: 'NotSet',
      message: 'VDDK image is required for raw copy mode migration. Set it on the source provider or configure a global VDDK image.',
    });
}

function storageEntriesOf(out: ValidationResult): MapEntryWithOffload[] | undefined {
  return (out.storageMap?.spec as { map?: MapEntryWithOffload[] } | undefined)?.map;
}

function validateVms(
  ctx: ValidationContext,
  stage: ConditionStage,
  spec: PlanSpec,
  out: ValidationResult,
  sourceType: string,
  warm: boolean,
): void {
  const items = new Map<string, string[]>();
  const add = (key: string, item: string) => items.set(key, [...(items.get(key) ?? []), item]);
  const uid = out.source?.metadata.uid ?? '';
  const storageEntries = storageEntriesOf(out) ?? [];
  const checks: VmCheckContext = {
    ctx,
    spec,
    out,
    warm,
    netRefs: mapRefs(out.networkMap),
    stRefs: mapRefs(out.storageMap),
    networkRows: (out.networkMap?.spec as { map?: NetworkRow[] } | undefined)?.map ?? [],
    podMapped: new Set(
      ((out.networkMap?.spec as { map?: NetworkRow[] } | undefined)?.map ?? [])
        .filter((e) => e.destination?.type === 'pod')
        .map((e) => e.source?.id ?? e.source?.name ?? ''),
    ),
    networkName: (id: string) => ctx.inventory.collector(uid)?.vsphere?.networks.find((n) => n.id === id)?.name,
    storageEntries,
    offloadPlan: planUsesOffload(storageEntries),
    datastoreName: (id: string) => ctx.inventory.collector(uid)?.vsphere?.datastores.find((d) => d.id === id)?.name,
    seenIds: new Set<string>(),
    seenTargets: new Set<string>(),
  };
  (spec.vms ?? []).forEach((vm, i) => {
    out.vms[i] = undefined;
    if (sourceType === 'ovirt' || sourceType === 'openstack' || sourceType === 'ova' || sourceType === 'openshift') {
      out.vms[i] = checkSourceVm(checks, stage, vm, sourceType, add);
      return;
    }
    const inv = resolveVm(ctx, stage, vm, sourceType === 'vsphere' ? uid : undefined, add);
    if (!inv) return;
    out.vms[i] = fromVsphere(inv);
    if (ctx.succeededVmIds.has(inv.id)) return;
    const item = refItem(refOf(vm, inv));
    for (const key of [
      ...nameProblems(checks, vm, inv),
      ...mappingProblems(checks, inv),
      ...sourceProblems(checks, inv),
      ...destinationProblems(checks, vm, inv),
    ])
      add(key, item);
    const pvcProblem = pvcTemplateProblem(ctx, spec, vm, fromVsphere(inv));
    if (pvcProblem) add('pvcTemplate', `${item} template:${pvcProblem.template} error:${pvcProblem.error}`);
    if (warm) {
      if (!inv.changeTrackingEnabled) add('missingCbt', item);
      if (inv.snapshot.id !== '') add('snapshots', item);
    }
  });
  setVmConditions(stage, items);
}

/** The inventory VM a plan VM names; undefined (with its problem recorded) when there is none to check. `uid`: the vSphere source, the only kind the lab inventories. */
function resolveVm(
  ctx: ValidationContext,
  stage: ConditionStage,
  vm: PlanVm,
  uid: string | undefined,
  add: (key: string, item: string) => void,
): InvVm | undefined {
  if (vm.id && ctx.succeededVmIds.has(vm.id)) return undefined;
  if (!vm.id && !vm.name) {
    stage.set({ type: 'VMRefNotValid', category: 'Critical', reason: 'NotSet', message: 'Either `ID` or `Name` required.' });
    return undefined;
  }
  if (uid === undefined) return undefined;
  const found = ctx.inventory.findVm(uid, vm);
  if (!found || 'notFound' in found) add('notFound', refItem(refOf(vm)));
  else if ('ambiguous' in found) add('ambiguous', refItem(refOf(vm)));
  else return found.found;
  return undefined;
}

function mappingProblems(c: VmCheckContext, inv: InvVm): string[] {
  const keys: string[] = [];
  if (c.out.networkMap) {
    if (!inv.networks.every((n) => c.netRefs.some((r) => r.id === n.id))) keys.push('unmappedNetwork');
    const assigned = assignNicRows(inv.nics, c.networkRows, {
      networkName: c.networkName,
      defaultNamespace: c.spec.targetNamespace ?? '',
      ignorePool: c.ctx.nadPoolIgnored === true,
    });
    if (assigned.podDuplicate) keys.push('multiplePod');
    if (assigned.nadDuplicate) keys.push('duplicateNad');
  }
  if (c.out.storageMap && !inv.disks.every((d) => c.stRefs.some((r) => r.id === d.datastore.id))) keys.push('unmappedStorage');
  return keys;
}

function sourceProblems(c: VmCheckContext, inv: InvVm): string[] {
  const keys: string[] = [];
  if (preserveStaticIPs(c.spec) && inv.nics.length > 0 && inv.guestNetworks.length === 0) keys.push('missingStaticIPs');
  const toolsDown = inv.toolsStatus === '' || inv.toolsStatus === 'toolsNotInstalled' || inv.toolsRunningStatus === 'guestToolsNotRunning';
  if (inv.powerState === 'poweredOn' && toolsDown) keys.push('guestTools');
  // RDM and independent disks cannot go through VDDK; copy-offload (XCOPY) copies them, so no warning then.
  if (!c.offloadPlan && inv.disks.some((d) => d.rdm && !c.warm)) keys.push('rdm');
  const independent = inv.disks.some((d) => d.mode === 'independent_persistent' || d.mode === 'independent_nonpersistent');
  if (!c.offloadPlan && independent) keys.push('independent');
  return keys;
}

/** A VM of that name already in the target namespace and not one of ours; disks outside the offload datastores. */
function destinationProblems(c: VmCheckContext, vm: PlanVm, inv: InvVm): string[] {
  const keys: string[] = [];
  const targetName = vm.targetName || inv.name;
  const ns = c.spec.targetNamespace;
  if (ns && c.ctx.kinds.get('vm', ns, targetName) && !c.ctx.statusVmIds.has(inv.id)) keys.push('alreadyExists');
  const offloaded = (datastoreId: string) =>
    c.storageEntries.find((e) => e.source?.id === datastoreId || (!e.source?.id && e.source?.name === c.datastoreName(datastoreId)))
      ?.offloadPlugin?.vsphereXcopyConfig;
  if (c.offloadPlan && inv.disks.some((d) => !offloaded(d.datastore.id))) keys.push('mixedOffload');
  return keys;
}

type HookRef = NonNullable<PlanVm['hooks']>[number];

function checkHook(ctx: ValidationContext, vmStr: string, h: HookRef, add: (key: string, item: string) => void): void {
  if (h.step !== 'PreHook' && h.step !== 'PostHook') add('step', `VM: ${vmStr} step: ${h.step ?? ''}`);
  if (!h.hook?.name || !h.hook.namespace) {
    add('notSet', `VM: ${vmStr}`);
    return;
  }
  const desc = `VM: ${vmStr} hook: ${h.hook.namespace}/${h.hook.name}`;
  const hook = ctx.kinds.get('hook', h.hook.namespace, h.hook.name);
  if (!hook) {
    add('notFound', desc);
    return;
  }
  const hs = (hook.spec ?? {}) as { image?: string; aap?: unknown };
  if (!hs.aap && !(hs.image ?? '').trim()) add('notExecutable', desc);
  if (!ready(hook)) add('notReady', desc);
}

function validateHooks(ctx: ValidationContext, stage: ConditionStage, spec: PlanSpec): void {
  const items = new Map<string, string[]>();
  const add = (key: string, item: string) => items.set(key, [...(items.get(key) ?? []), item]);
  for (const vm of spec.vms ?? []) {
    for (const h of vm.hooks ?? []) checkHook(ctx, refItem(vm), h, add);
  }
  const set = (key: string, type: string, reason: string, message: string) => {
    const list = items.get(key);
    if (list?.length) stage.set({ type, category: 'Critical', reason, message, items: list });
  };
  set('notSet', 'HookNotValid', 'NotSet', 'Hook specified by: `namespace` and `name`.');
  set('notFound', 'HookNotValid', 'NotFound', 'Hook not found.');
  set('notExecutable', 'HookNotValid', 'NotValid', 'Hook must set spec.aap or spec.image for a local hook (playbook optional).');
  set('notReady', 'HookNotReady', 'NotFound', 'Hook does not have `Ready` condition.');
  set('step', 'HookStepNotValid', 'NotValid', 'Hook step not valid.');
}
