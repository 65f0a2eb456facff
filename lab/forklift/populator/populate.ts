/**
 * The vSphere copy-offload populator for one PVC (cmd/vsphere-copy-offload-populator, reference
 * §9), as the lab plays it: it waits for an in-flight slot on its ESXi host, starts its populate
 * pod, checks the vendor secret the way the populator does at start, then clones the VMDK on the
 * array with XCOPY when the source datastore is VAAI/XCOPY-capable and the VM has no snapshots
 * (a snapshot chain or a non-XCOPY datastore falls back to a host-based copy: xcopyUsed=0). The
 * VMDK's bytes land in the PVC (lab/disk-data.ts), the CR gets progress and the final status,
 * and the PVC is bound.
 * Lab faults: copy-offload-fallback (every copy falls back, nothing else differs),
 * disk-data-corrupted (the PVC's bytes differ from the VMDK's), populator-throttling-ignored (no
 * in-flight limit, no PopulatorThrottled events). The ESXi clone method (vib or ssh) is checked and
 * reported as ./clone-method.ts says.
 */
import type { KubeObject } from '../../apiserver/contract';
import { nowTimestamp } from '../../apiserver/objects';
import { pvcKey, vmdkKey, type DiskDataStore } from '../../disk-data';
import type { LabFaults } from '../../faults-catalog';
import type { VSphereModel } from '../../vsphere/model';
import type { EsxiSshHost } from '../../vsphere/esxi/ssh-host';
import { bindPopulatedPvc, reportProgress } from '../copy-offload';
import type { Kinds } from '../kinds';
import type { LabClock } from '../lab-clock';
import type { ForkliftSettings } from '../settings';
import { cloneMethodError, cloneMethodOf, reportedCloneMethod, type CloneMethod } from './clone-method';
import { hostGate } from './host-gate';
import { PopulatePod } from './populate-pod';
import { vendorSecretError } from './vendors';

/** The lab's XCOPY rate, in GiB per lab minute (an array-side clone is far faster than the network copy). */
const XCOPY_GIB_PER_MINUTE = 160;
const FALLBACK_GIB_PER_MINUTE = 40;

export interface PopulatorDeps {
  kinds: Kinds;
  model: VSphereModel;
  faults: LabFaults;
  clock: LabClock;
  settings: () => ForkliftSettings;
  disks?: DiskDataStore;
  esxi?: EsxiSshHost;
}

export interface PopulateInput {
  pvc: KubeObject;
  /** The plan's source Provider (its SSH key Secrets serve the ssh clone method). */
  source?: { name: string; namespace: string };
  migrationUid: string;
  /** The source VM has snapshots: the populator copies the chain through the host. */
  vmHasSnapshots: boolean;
  signal: AbortSignal;
  onProgress: (percent: number) => void;
}

/** The populator exited with an error (its message is the populate pod's `err`). */
export class PopulatorFailed extends Error {}

interface PopulatorSpec {
  vmId?: string;
  vmdkPath?: string;
  secretName?: string;
  storageVendorProduct?: string;
}

/** "[ds] vm/disk-000002.vmdk" -> "[ds] vm/disk.vmdk": a snapshot delta's base disk, where the data is. */
const baseVolume = (file: string): string => file.replace(/-\d{6}\.vmdk$/, '.vmdk');

/** Why XCOPY cannot be used for this VMDK, or undefined when it can. */
function fallbackReason(deps: PopulatorDeps, vmdk: string, vmHasSnapshots: boolean): string | undefined {
  const dsName = /^\[([^\]]+)\]/.exec(vmdk)?.[1] ?? '';
  const ds = deps.model.snapshot().datastores.find((d) => d.name === dsName);
  if (!ds) return `datastore ${JSON.stringify(dsName)} not found`;
  if (!ds.xcopyCapable) return `datastore ${dsName} does not support VAAI XCOPY`;
  if (vmHasSnapshots) return 'the VM has snapshots: the disk chain is copied through the ESXi host';
  return undefined;
}

function throttledEvent(kinds: Kinds, pvc: KubeObject, host: string, limit: number): void {
  const now = nowTimestamp();
  kinds.store.create(kinds.rt('event'), {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${pvc.metadata.name}.`, namespace: pvc.metadata.namespace },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: pvc.metadata.namespace,
      name: pvc.metadata.name,
      uid: pvc.metadata.uid,
    },
    reason: 'PopulatorThrottled',
    message: `Waiting for a populator slot on host ${host || '(unknown)'}: ${limit} populations in flight (MAX_POPULATOR_INFLIGHT=${limit})`,
    type: 'Normal',
    source: { component: 'forklift-volume-populator-controller' },
    reportingComponent: 'forklift-volume-populator-controller',
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  });
}

/** Runs the populator of one PVC to its end; throws PopulatorFailed when it exits with an error. */
export async function populate(deps: PopulatorDeps, input: PopulateInput): Promise<{ xcopyUsed: number }> {
  const { kinds, faults } = deps;
  const { pvc, signal } = input;
  const host = pvc.metadata.labels?.sourceHost ?? '';
  const limit = () => deps.settings().maxPopulatorInFlight;
  const release = faults.isOn('populator-throttling-ignored')
    ? () => undefined
    : await hostGate(kinds.store).acquire(host, limit, signal, () => throttledEvent(kinds, pvc, host, limit()));
  try {
    return await runPod(deps, input, host);
  } finally {
    release();
  }
}

/** The populator's CR spec and the disk it names. */
function populatorOf(kinds: Kinds, pvc: KubeObject): { spec: PopulatorSpec; vmdk: string; bytes: number } {
  const spec = (kinds.get('populator', pvc.metadata.namespace, pvc.metadata.name ?? '')?.spec ?? {}) as PopulatorSpec;
  const vmdk = spec.vmdkPath ?? pvc.metadata.annotations?.['copy-offload'] ?? '';
  const request = ((pvc.spec ?? {}) as { resources?: { requests?: { storage?: string } } }).resources?.requests?.storage;
  return { spec, vmdk, bytes: Number.parseInt(String(request ?? '0'), 10) || 0 };
}

/**
 * The populator's start-up: its secret read once, checked, and the ESXi clone method it selects
 * checked against the way to the host. The error it exits with, or the clone method it runs.
 */
function start(deps: PopulatorDeps, input: PopulateInput, ns: string, spec: PopulatorSpec): { error: string } | { method: CloneMethod } {
  const secret = deps.kinds.get('secret', ns, spec.secretName ?? '');
  if (!secret) return { error: `secret ${ns}/${spec.secretName ?? ''} not found` };
  const data = (secret.data ?? {}) as Record<string, string>;
  const method = cloneMethodOf(data);
  const error = vendorSecretError(spec.storageVendorProduct ?? '', data) ?? cloneMethodError(deps.kinds, method, input.source, deps.esxi);
  return error ? { error } : { method };
}

async function runPod(deps: PopulatorDeps, input: PopulateInput, host: string): Promise<{ xcopyUsed: number }> {
  const { kinds, clock, faults } = deps;
  const { pvc, signal } = input;
  const ns = pvc.metadata.namespace ?? '';
  const { spec, vmdk, bytes } = populatorOf(kinds, pvc);
  const vendor = spec.storageVendorProduct ?? '';
  const pod = PopulatePod.start(kinds, pvc, input.migrationUid, host);
  pod.info('Starting copy-offload', { source_vmdk: vmdk, target_pvc: `${ns}/${pvc.metadata.name ?? ''}`, storage_vendor: vendor });
  const started = start(deps, input, ns, spec);
  if ('error' in started) {
    pod.error('copy-offload failed', started.error);
    pod.phase('Failed');
    throw new PopulatorFailed(started.error);
  }
  // copy-offload-fallback: the host copy runs although XCOPY was possible, and no reason is logged.
  const forced = faults.isOn('copy-offload-fallback');
  const reason = forced ? undefined : fallbackReason(deps, vmdk, input.vmHasSnapshots);
  const xcopyUsed = forced || reason !== undefined ? 0 : 1;
  if (reason) pod.info('XCOPY not possible, falling back to host-based copy', { reason });
  const minutes = Math.max(0.1, bytes / 1024 ** 3 / (xcopyUsed ? XCOPY_GIB_PER_MINUTE : FALLBACK_GIB_PER_MINUTE));
  for (const pct of [0, 50]) {
    reportProgress(kinds, pvc, pct, undefined);
    input.onProgress(pct);
    pod.info('Copy progress', { progress: pct, xcopyUsed: 0 });
    await clock.sleep(minutes / 2, signal);
  }
  copyPvcData(deps, pvc);
  const cloneMethod = reportedCloneMethod(started.method, faults);
  reportProgress(kinds, pvc, 100, { vendor, xcopyUsed, bytes, cloneMethod });
  pod.info('Copy finished', { source_vmdk: vmdk, progress: 100, xcopyUsed, cloneMethod });
  pod.phase('Succeeded');
  bindPopulatedPvc(kinds, pvc);
  input.onProgress(100);
  return { xcopyUsed };
}

/** The source VMDK's data into the PVC (and, under disk-data-corrupted, not quite): a full copy or a warm delta. */
export function copyPvcData(deps: Pick<PopulatorDeps, 'kinds' | 'faults' | 'disks'>, pvc: KubeObject): void {
  const store = deps.disks;
  if (!store) return;
  const { vmdk } = populatorOf(deps.kinds, pvc);
  const to = pvcKey(pvc.metadata.namespace ?? '', pvc.metadata.name ?? '');
  store.copy(vmdkKey(baseVolume(vmdk)), to);
  if (deps.faults.isOn('disk-data-corrupted')) store.corrupt(to);
}
