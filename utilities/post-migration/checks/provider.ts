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
