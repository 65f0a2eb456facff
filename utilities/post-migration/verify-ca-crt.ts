/**
 * The "verify CA certificate secret" step (Python TestCaCrtColdMigration, MTV-4561): with TLS
 * verification on, the source provider's Secret carries the CA under `ca.crt` and not under the
 * deprecated `cacert` (which Forklift still reads, so a Provider that is Ready proves nothing).
 */
import { failure, type CheckFailure } from './checks/failure';

// Not "...-secret": the log redaction masks the word after "secret:" in the failure lines.
export const CA_CRT_CHECK = 'ca-crt';

/** Why the step is skipped, or undefined when it runs (Python: skipif source_provider_insecure_skip_verify). */
export function caCrtSkipReason(insecureSkipVerify: boolean): string | undefined {
  return insecureSkipVerify
    ? 'source_provider_insecure_skip_verify is true: the provider Secret carries no CA certificate to verify'
    : undefined;
}

/** The verdict on the Secret's keys (data or stringData; values are not looked at, nor shown). */
export function caCrtFindings(secretName: string, keys: readonly string[]): CheckFailure[] {
  const out: CheckFailure[] = [];
  const listed = keys.length ? [...keys].sort().join(', ') : '(no keys)';
  if (!keys.includes('ca.crt')) out.push(failure(CA_CRT_CHECK, `Secret ${secretName} key ca.crt`, 'present', `absent; keys: ${listed}`));
  if (keys.includes('cacert'))
    out.push(failure(CA_CRT_CHECK, `Secret ${secretName} deprecated key cacert`, 'absent', `present; keys: ${listed}`));
  return out;
}
