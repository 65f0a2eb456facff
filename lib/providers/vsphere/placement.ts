/**
 * Where a VM runs and whether DRS may move it — the Python suite's clone_to_same_host and
 * disable_drs_for_vms: a VM's ESXi host (runtime.host), the cluster that host belongs to, and the
 * cluster's per-VM DRS override (ClusterDrsVmConfigInfo in configurationEx.drsVmConfig), set and
 * removed through ReconfigureComputeResource_Task with a ClusterConfigSpecEx (modify: true, so
 * the rest of the cluster's configuration is left as it is).
 */
import type { VSphereClient } from './client';
import { VSphereFaultError, type ObjectRef } from './errors';
import { child, children, el, moRefEl, textOf } from './xml';

export interface DrsVmOverride {
  enabled: boolean;
  behavior: string;
}

const vmRef = (id: string): ObjectRef => ({ type: 'VirtualMachine', value: id });
const clusterRef = (id: string): ObjectRef => ({ type: 'ClusterComputeResource', value: id });

/** The HostSystem MoRef the VM runs on (runtime.host). */
export async function vmHost(client: VSphereClient, id: string): Promise<string> {
  const host = (await client.properties(vmRef(id), ['runtime.host'])).get('runtime.host')?.text.trim();
  if (!host) throw new VSphereFaultError('RetrieveProperties', vmRef(id), 'InvalidResult', 'the VM has no runtime.host');
  return host;
}

/** The ClusterComputeResource the host belongs to; undefined for a standalone host (no DRS). */
export async function hostCluster(client: VSphereClient, host: string): Promise<string | undefined> {
  const parent = (await client.properties({ type: 'HostSystem', value: host }, ['parent'])).get('parent');
  return parent?.moType === 'ClusterComputeResource' ? parent.text.trim() : undefined;
}

/** The cluster's DRS override for the VM, undefined when the VM follows the cluster default. */
export async function drsOverrideOf(client: VSphereClient, cluster: string, id: string): Promise<DrsVmOverride | undefined> {
  const config = (await client.properties(clusterRef(cluster), ['configurationEx'])).get('configurationEx');
  const info = children(config, 'drsVmConfig').find((c) => child(c, 'key')?.text.trim() === id);
  if (!info) return undefined;
  return { enabled: textOf(info, 'enabled') !== 'false', behavior: textOf(info, 'behavior') ?? 'fullyAutomated' };
}

async function reconfigureDrsVm(client: VSphereClient, cluster: string, vmSpec: string[], timeoutMs?: number): Promise<void> {
  const self = clusterRef(cluster);
  const spec = el('spec', [el('drsVmConfigSpec', vmSpec)], { 'xsi:type': 'ClusterConfigSpecEx' });
  await client.runTask('ReconfigureComputeResource_Task', self, [spec, el('modify', true)], self, timeoutMs);
}

/** Adds (or replaces) the VM's DRS override: enabled false, behavior manual — DRS never moves it. */
export async function disableDrsForVm(client: VSphereClient, cluster: string, id: string, timeoutMs?: number): Promise<void> {
  const operation = (await drsOverrideOf(client, cluster, id)) ? 'edit' : 'add';
  const info = el('info', [moRefEl('key', vmRef(id)), el('enabled', false), el('behavior', 'manual')]);
  await reconfigureDrsVm(client, cluster, [el('operation', operation), info], timeoutMs);
}

/** Removes the VM's DRS override (the VM follows the cluster default again); nothing when it has none. */
export async function removeDrsOverride(client: VSphereClient, cluster: string, id: string, timeoutMs?: number): Promise<void> {
  if (!(await drsOverrideOf(client, cluster, id))) return;
  const removeKey = moRefEl('removeKey', vmRef(id), 'ManagedObjectReference');
  await reconfigureDrsVm(client, cluster, [el('operation', 'remove'), removeKey], timeoutMs);
}
