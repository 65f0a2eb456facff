/**
 * How the populator runs vmkfstools on the ESXi host (ESXI_CLONE_METHOD in its secret, from the
 * provider's esxiCloneMethod setting; vib when unset): `vib` through the VIB the populator installs,
 * `ssh` over SSH with the provider's private key (Secret offload-ssh-keys-<provider>-private), which
 * the host must let in through the restricted wrapper command. The status reports the method used
 * (cloneMethod). Lab fault populator-clone-method-wrong: the status names the other method.
 */
import type { LabFaults } from '../../faults-catalog';
import type { EsxiSshHost } from '../../vsphere/esxi/ssh-host';
import type { Kinds } from '../kinds';
import { offeredPublicKey } from '../offload-ssh';

export type CloneMethod = 'vib' | 'ssh';

/** The clone method the populator's secret selects (base64 data value). */
export function cloneMethodOf(secretData: Record<string, string>): CloneMethod {
  const raw = secretData.ESXI_CLONE_METHOD ? Buffer.from(secretData.ESXI_CLONE_METHOD, 'base64').toString('utf8') : '';
  return raw === 'ssh' ? 'ssh' : 'vib';
}

/** Why the populator cannot reach the ESXi host with this method (its error), or undefined. */
export function cloneMethodError(
  kinds: Kinds,
  method: CloneMethod,
  provider: { name: string; namespace: string } | undefined,
  esxi: EsxiSshHost | undefined,
): string | undefined {
  if (method !== 'ssh') return undefined;
  if (!provider) return 'ssh clone method: the source provider is unknown';
  const key = offeredPublicKey(kinds, provider);
  if (!key) return `ssh clone method: secret ${provider.namespace}/offload-ssh-keys-${provider.name.slice(0, 228)}-private not found`;
  if (!esxi) return 'ssh clone method: no ESXi host to connect to';
  const access = esxi.keyAccess(key);
  return access.authorized ? undefined : `failed to run vmkfstools on ESXi host ${esxi.hostName} over SSH: ${access.reason}`;
}

/** The method the status reports. */
export function reportedCloneMethod(method: CloneMethod, faults: LabFaults): CloneMethod {
  if (!faults.isOn('populator-clone-method-wrong')) return method;
  return method === 'ssh' ? 'vib' : 'ssh';
}
