import { failure, type CheckFailure } from './failure';

/**
 * The source Provider's Secret carries insecureSkipVerify as the run configured it
 * (source_provider_insecure_skip_verify): present and "true" or "false" after base64 decoding.
 */
export function checkProviderSsl(
  secret: { data?: Record<string, string> } | undefined,
  expectedInsecure: boolean,
  secretName: string,
): CheckFailure[] {
  const subject = `insecureSkipVerify in Secret ${secretName}`;
  const raw = secret?.data?.['insecureSkipVerify'];
  if (raw === undefined)
    return [failure('provider-ssl', subject, String(expectedInsecure), secret === undefined ? '(Secret not found)' : '(key missing)')];
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  return decoded === String(expectedInsecure) ? [] : [failure('provider-ssl', subject, String(expectedInsecure), decoded)];
}

/** oVirt audit event USER_STOP_VM: a hard power-off ("VM <name> powered off by <user>"). */
export const OVIRT_USER_STOP_VM = 33;

/**
 * check_false_vm_power_off (RHV): the source VM's audit events carry no USER_STOP_VM (code 33).
 * Forklift shuts a running RHV VM down gracefully; a hard power-off is the defect this catches.
 */
export function checkFalseVmPowerOff(
  vmName: string,
  events: readonly { code: number; description: string; time: string }[],
): CheckFailure[] {
  const stops = events.filter((e) => e.code === OVIRT_USER_STOP_VM);
  return stops.length === 0
    ? []
    : [
        failure(
          'false-power-off',
          `audit events of RHV VM ${vmName}`,
          'no USER_STOP_VM (code 33) event',
          stops.map((e) => `${e.time}: ${e.description}`).join('; '),
        ),
      ];
}
