import { InputError, MtvTestsError } from './base';

/** The OVA provider's NFS share cannot be read from this machine (not local, not mounted, missing). */
export class OvaShareError extends InputError {
  constructor(
    readonly share: string,
    reason: string,
  ) {
    super(`OVA share ${share}: ${reason}`);
  }
}

/** No OVA on the share holds a VirtualSystem of that name, or its descriptor is not OVF. */
export class OvaVmNotFoundError extends MtvTestsError {
  constructor(
    readonly vmName: string,
    readonly share: string,
    readonly found: string[],
  ) {
    super(`VM ${vmName}: no OVA on ${share} describes it (expected a VirtualSystem named ${vmName}; found: ${found.join(', ') || 'none'})`);
  }
}

/** An OVA's descriptor is missing or is not an OVF Envelope. */
export class OvfDescriptorError extends MtvTestsError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
