import { InputError, MtvTestsError } from './base';

/** A file passed as the tracked-resources file is something else (or an incompatible version). */
export class TrackedFileFormatError extends MtvTestsError {
  constructor(
    readonly file: string,
    readonly expectedFormat: string,
    readonly found: string,
  ) {
    super(`${file} is not a tracked-resources file (expected format "${expectedFormat}" with an entries list, found ${found})`);
  }
}

/** A tracked-resources file names no kubeconfig that still exists, and no cluster access was given. One line naming the fix. */
export class TrackedFileAccessError extends InputError {
  constructor(
    readonly file: string,
    readonly servers: string,
  ) {
    super(`${file} records no usable kubeconfig (cluster: ${servers}); pass --kubeconfig <file> or --server <url> with CLUSTER_TOKEN set`);
  }
}

/** A name that sanitises to nothing Kubernetes accepts (the Python suite's InvalidVMNameError). */
export class InvalidVmNameError extends MtvTestsError {
  constructor(readonly vmName: string) {
    super(`VM name "${vmName}" has no character a Kubernetes name can keep (expected at least one of a-z, 0-9)`);
  }
}
