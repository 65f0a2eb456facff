/**
 * Where the lab's MTV lives and the ForkliftController settings the controllers read (reference
 * §1.7). The CR `forklift-controller` in `openshift-mtv` is created by the bootstrap component; its
 * spec is flat snake_case strings, read on every use so a patch (e.g. the suite changing
 * controller_precopy_interval) takes effect on the next decision, as the operator would roll it out.
 */
import type { Store } from '../apiserver/contract';
import { MTV_NAMESPACE } from '../bootstrap/cluster-objects';

export { MTV_NAMESPACE };
export const FORKLIFT_CONTROLLER_NAME = 'forklift-controller';

export interface ForkliftSettings {
  precopyIntervalMinutes: number;
  pvcNameTemplate: string | undefined;
  windowsWaitForReboot: boolean;
  waitForFinalSnapshotConsolidation: boolean;
  vmwareSystemSerialNumber: boolean;
  maxVmInFlight: number;
  /** controller_max_populator_inflight: copy-offload populations running at once per ESXi host. */
  maxPopulatorInFlight: number;
  aapUrl: string | undefined;
  aapTokenSecretName: string | undefined;
  aapTimeoutSeconds: number;
  /** aap_insecure_skip_verify "true": AAP TLS is not verified. */
  aapInsecureSkipVerify: boolean;
  /** aap_ca_secret_name: a Secret in the MTV namespace whose ca.crt verifies AAP TLS. */
  aapCaSecretName: string | undefined;
}

function str(spec: Record<string, unknown>, key: string): string | undefined {
  const v = spec[key];
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

function bool(spec: Record<string, unknown>, key: string, dflt: boolean): boolean {
  const v = str(spec, key);
  return v === undefined ? dflt : v.toLowerCase() === 'true';
}

function num(spec: Record<string, unknown>, key: string, dflt: number): number {
  const v = Number(str(spec, key));
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

export function readSettings(store: Store): ForkliftSettings {
  const rt = store.resourceType('forklift.konveyor.io', 'forkliftcontrollers');
  const cr = rt ? store.get(rt, MTV_NAMESPACE, FORKLIFT_CONTROLLER_NAME) : undefined;
  const spec = (cr?.spec ?? {}) as Record<string, unknown>;
  return {
    precopyIntervalMinutes: num(spec, 'controller_precopy_interval', 60),
    pvcNameTemplate: str(spec, 'controller_pvc_name_template'),
    windowsWaitForReboot: bool(spec, 'feature_windows_wait_for_reboot', true),
    waitForFinalSnapshotConsolidation: bool(spec, 'wait_for_final_snapshot_consolidation', true),
    vmwareSystemSerialNumber: bool(spec, 'feature_vmware_system_serial_number', true),
    maxVmInFlight: num(spec, 'controller_max_vm_inflight', 20),
    maxPopulatorInFlight: num(spec, 'controller_max_populator_inflight', 20),
    aapUrl: str(spec, 'aap_url'),
    aapTokenSecretName: str(spec, 'aap_token_secret_name'),
    aapTimeoutSeconds: num(spec, 'aap_timeout', 3600),
    aapInsecureSkipVerify: bool(spec, 'aap_insecure_skip_verify', false),
    aapCaSecretName: str(spec, 'aap_ca_secret_name'),
  };
}
