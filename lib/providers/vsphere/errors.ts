/**
 * Errors of the suite's vim25 client. Each names the operation, the object it acted on and (for
 * vSphere faults) the vim fault type, so a failed test says e.g.
 * "vSphere Destroy_Task on VirtualMachine:vm-42 failed: InvalidPowerState - ...".
 * No error ever carries a password, a session cookie or a raw request body.
 */

export interface ObjectRef {
  type: string;
  value: string;
}

function describe(obj: ObjectRef | string | undefined): string {
  if (obj === undefined) return '';
  return typeof obj === 'string' ? ` on ${obj}` : ` on ${obj.type}:${obj.value}`;
}

export class VSphereError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly object?: ObjectRef | string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** vCenter answered with a vim25 fault (SOAP Fault, or a failed task's TaskInfo.error). */
export class VSphereFaultError extends VSphereError {
  constructor(
    operation: string,
    object: ObjectRef | string | undefined,
    readonly faultType: string, // e.g. InvalidPowerState, InvalidLogin, DuplicateName
    readonly faultMessage: string,
    readonly details: Record<string, string> = {},
  ) {
    const extra = Object.entries(details)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    super(`vSphere ${operation}${describe(object)} failed: ${faultType} - ${faultMessage}${extra ? ` (${extra})` : ''}`, operation, object);
  }
}

/** A task ran and ended in state "error". */
export class VSphereTaskError extends VSphereFaultError {
  constructor(
    operation: string,
    object: ObjectRef | string | undefined,
    readonly task: string,
    faultType: string,
    faultMessage: string,
    details: Record<string, string> = {},
  ) {
    super(operation, object, faultType, faultMessage, { task, ...details });
  }
}

/** Login refused (InvalidLogin): wrong user or password. The password is never part of it. */
export class VSphereAuthError extends VSphereFaultError {}

/** The endpoint could not be reached, or spoke something other than vim25 (TLS, HTTP, XML). */
export class VSphereConnectionError extends VSphereError {
  constructor(operation: string, url: string, reason: string) {
    super(`vSphere ${operation} to ${url} failed: ${reason}`, operation, url);
  }
}

/** A wait ran out of time; says what it waited for, how long, and what it saw last. */
export class VSphereTimeoutError extends VSphereError {
  constructor(
    operation: string,
    object: ObjectRef | string | undefined,
    readonly timeoutMs: number,
    readonly lastState: string,
  ) {
    super(`vSphere ${operation}${describe(object)} timed out after ${timeoutMs} ms; last state: ${lastState}`, operation, object);
  }
}

/** No VM (or more than one) has the requested name. */
export class VSphereVmNotFoundError extends VSphereError {
  constructor(name: string, detail = 'no virtual machine with this name') {
    super(`vSphere VM '${name}' not found: ${detail}`, 'findVmByName', name);
  }
}
