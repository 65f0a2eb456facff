/** Copy-offload (vSphere XCOPY) errors: configuration that is missing, and what the checks found. */
import { errorMessage, InputError, MtvTestsError } from './base';

/**
 * A copy-offload scenario needs a `copyoffload` setting the providers file (or its COPYOFFLOAD_*
 * environment override) does not have. One line naming the key, the entry and the fix.
 */
export class CopyOffloadConfigError extends InputError {
  constructor(
    readonly entryKey: string,
    readonly providersPath: string,
    readonly detail: string,
  ) {
    super(`providers entry "${entryKey}" in ${providersPath}: ${detail}`);
  }
}

/** check xcopy used: a disk of the plan has no VSphereXcopyVolumePopulator (it was not copied through the populator). */
export class PopulatorNotFoundError extends MtvTestsError {
  constructor(
    readonly plan: string,
    readonly vm: string,
    readonly disk: string,
    readonly namespace: string,
    readonly found: readonly string[],
  ) {
    super(
      `plan ${plan}: VM ${vm} disk ${disk} has no VSphereXcopyVolumePopulator in ${namespace} (expected one per disk; found for: ${found.join(', ') || 'none'})`,
    );
  }
}

/** nonpersistent_disk_ready: vSphere reports another mode than the one the fixture set on a disk. */
export class DiskModeNotChangedError extends MtvTestsError {
  constructor(
    readonly vm: string,
    readonly disk: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`VM ${vm} disk ${disk}: mode expected ${expected} after the reconfigure, actual ${actual}`);
  }
}

/**
 * vmware_cloud_init_ready: cloud-init did not finish in a source guest (still running at the
 * timeout, or finished with an error) — a clone migrated mid-first-boot carries a half-made guest.
 */
export class CloudInitNotReadyError extends MtvTestsError {
  constructor(
    readonly vm: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`VM ${vm}: cloud-init expected ${expected}, actual ${actual}`);
  }
}

/**
 * esxi_clone_method ssh: the suite's own SSH session to the ESXi host (root login, the key line in
 * /etc/ssh/keys-root/authorized_keys) failed. Names the host, the user and what was being done;
 * never the password.
 */
export class EsxiSshError extends MtvTestsError {
  constructor(
    readonly host: string,
    readonly user: string,
    readonly action: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`ESXi host ${host} (SSH as ${user}): ${action} failed: ${reason}${cause === undefined ? '' : `: ${errorMessage(cause)}`}`, {
      cause,
    });
  }
}

/**
 * esxi_clone_method ssh: with the populator key installed on the ESXi host, the source Provider did
 * not report SSHReady; it reported `condition` (SSHNotReady, or a Critical condition) with `message`,
 * or nothing within the timeout.
 */
export class EsxiSshNotReadyError extends MtvTestsError {
  constructor(
    readonly provider: string,
    readonly condition: string,
    readonly conditionMessage: string,
    readonly seconds: number,
  ) {
    super(
      `Provider ${provider}: expected condition SSHReady within ${seconds} s of installing its key on the ESXi host, actual ${condition}: ${conditionMessage}`,
    );
  }
}
