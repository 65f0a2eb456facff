import { MtvTestsError } from './base';

/**
 * A source provider's REST API (oVirt engine, OpenStack services) refused or failed a call. The
 * message names the provider, the operation, the object and the HTTP status with the service's
 * own reason; never a password, token or request body.
 */
export class SourceApiError extends MtvTestsError {
  constructor(
    readonly provider: string,
    readonly operation: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${provider}: ${operation} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`);
  }
}

/** A source VM (or the template/server it is cloned from) does not exist, or is ambiguous, on the provider. */
export class SourceVmNotFoundError extends MtvTestsError {
  constructor(
    readonly provider: string,
    readonly vmName: string,
    readonly found: number,
    what = 'VM',
  ) {
    super(
      found === 0
        ? `${provider}: no ${what} named "${vmName}"`
        : `${provider}: ${found} ${what}s are named "${vmName}" (expected exactly one)`,
    );
  }
}

/** A source VM did not reach the state the suite waited for. */
export class SourceVmStateTimeoutError extends MtvTestsError {
  constructor(
    readonly provider: string,
    readonly vmName: string,
    readonly expected: string,
    readonly actual: string,
    readonly timeoutMs: number,
  ) {
    super(`${provider}: VM ${vmName} did not become ${expected} within ${Math.round(timeoutMs / 1000)} s (last state: ${actual})`);
  }
}

/** A source provider type the suite has no client for (the providers entry names it). */
export class UnsupportedSourceTypeError extends MtvTestsError {
  constructor(
    readonly type: string,
    readonly key: string,
  ) {
    super(
      `source provider ${key} is of type "${type}", which the suite does not support as a source yet (built: vsphere, ovirt, openstack)`,
    );
  }
}

/** clone_to_same_host: the clone does not run on the ESXi host its template runs on. */
export class CloneHostMismatchError extends MtvTestsError {
  constructor(
    readonly vm: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`VM ${vm}: host expected ${expected} (the template's, clone_to_same_host), actual ${actual}`);
  }
}

/** disable_drs_for_vms: the cluster holds no DRS override keeping the clone where it is. */
export class DrsOverrideMissingError extends MtvTestsError {
  constructor(
    readonly vm: string,
    readonly cluster: string,
    readonly actual: string,
  ) {
    super(`VM ${vm}: DRS override on cluster ${cluster} expected enabled false (disable_drs_for_vms), actual ${actual}`);
  }
}
