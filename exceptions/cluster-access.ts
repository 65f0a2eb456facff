import { InputError, MtvTestsError } from './base';

/** The named cluster cannot be used: unreachable, credentials refused, TLS not trusted, no MTV. One line naming the fix. */
export class ClusterAccessError extends InputError {}

/** The cluster preflight child process ended without its one-line verdict (it crashed or was killed). */
export class ClusterPreflightCrashError extends MtvTestsError {
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderrTail: string,
  ) {
    super(
      `the cluster preflight child ended without a verdict (expected one JSON line; exit code ${exitCode}, signal ${signal}): ${stderrTail}`,
    );
  }
}

/** remote_ocp_cluster names a cluster the run cannot reach (the Python suite's RemoteClusterAndLocalCluterNamesError). */
export class RemoteClusterError extends InputError {}
