/**
 * Pre-flight findings (lib/preflight): what the cluster or a source endpoint lacks before a run
 * creates anything. Each is one line that names what was expected, what was found and the fix.
 */
import { InputError } from './base';

/** --providers-json on the embedded lab: the lab writes its own providers file; a user file would be ignored. */
export class LabProvidersFlagError extends InputError {
  constructor(readonly file: string) {
    super(
      `--providers-json ${file} does not apply to the embedded lab, which writes its own providers file; drop the flag, or drive a running lab (npm run lab) as a cluster: --kubeconfig <state>/kubeconfig --providers-json <state>/providers.json`,
    );
  }
}

/** The storage class named by storage_class does not exist on the cluster. */
export class StorageClassNotFoundError extends InputError {
  constructor(
    readonly storageClass: string,
    readonly server: string,
    readonly existing: readonly string[],
  ) {
    super(
      existing.length
        ? `storage class "${storageClass}" does not exist on ${server}; existing: ${existing.join(', ')}; pass --tc storage_class:<one of them>`
        : `storage class "${storageClass}" does not exist on ${server}, which has no storage class at all; create one (OpenShift Virtualization needs it) and pass --tc storage_class:<name>`,
    );
  }
}

/** The namespace named by mtv_namespace does not exist on the cluster. */
export class MtvNamespaceNotFoundError extends InputError {
  constructor(
    readonly namespace: string,
    readonly server: string,
  ) {
    super(
      `the MTV namespace "${namespace}" does not exist on ${server}; pass --tc mtv_namespace:<the namespace MTV is installed in> (default openshift-mtv), or install MTV`,
    );
  }
}

/** forklift.konveyor.io/v1beta1 is served without some of the CRDs a run creates objects of. */
export class ForkliftCrdsMissingError extends InputError {
  constructor(
    readonly server: string,
    readonly missing: readonly string[],
  ) {
    super(`the cluster at ${server} lacks the Forklift CRD(s) ${missing.join(', ')}: install or repair MTV (or name the right cluster)`);
  }
}

/** A source provider's endpoint does not answer, or its TLS certificate is not trusted. */
export class SourceEndpointError extends InputError {}
