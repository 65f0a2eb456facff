/**
 * Resource names the way the Python suite makes them (utilities/resources.py, naming.py,
 * conftest.py): a session-wide base name `{session}-source-{type}-{version with . → -}`, each
 * object named `<base>-<4 random [a-z0-9]>` (lower-case, `_` and `.` → `-`), Plans and Migrations
 * suffixed `-warm`/`-cold`, and names longer than 63 characters cut to their LAST 63 (the random
 * part and the suffix are what keep names apart, so they must survive the cut).
 */
import { randomInt } from 'node:crypto';
import { InvalidVmNameError } from '../../exceptions/resources';

export const MAX_NAME_LENGTH = 63;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomSuffix(length = 4): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** `generate_name_with_uuid`: `<name>-<4 random>`, lower-case, `_` and `.` replaced by `-`. */
export function generateNameWithUuid(name: string): string {
  return `${name}-${randomSuffix()}`.toLowerCase().replace(/[_.]/g, '-');
}

/**
 * Keep the last 63 characters. Unlike the Python suite we also drop characters that would make
 * the cut name invalid at the start (a leading `-`), which Kubernetes would reject.
 */
export function keepLast63(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  return name.slice(-MAX_NAME_LENGTH).replace(/^[^a-z0-9]+/, '');
}

/** `{session}-source-{type}-{version}` with dots in the version turned into dashes (+`-xcopy` for copy-offload). */
export function baseResourceName(session: string, providerType: string, providerVersion: string, copyOffload = false): string {
  return `${session}-source-${providerType}-${providerVersion.replace(/\./g, '-')}${copyOffload ? '-xcopy' : ''}`;
}

/** Name for a new object of `kind` when the caller did not give one. */
export function resourceName(baseName: string, kind: string, warm?: boolean): string {
  let name = generateNameWithUuid(baseName);
  if (kind === 'Plan' || kind === 'Migration') name += warm ? '-warm' : '-cold';
  return keepLast63(name);
}

/** `auto-xxxx`: the session id every name of the run starts with. */
export function newSessionId(): string {
  return generateNameWithUuid('auto');
}

/** Target namespace: `{session}{prefix minus 'auto'}`, cut to 63 (conftest.py target_namespace). */
export function targetNamespaceName(session: string, prefix = 'auto'): string {
  return `${session}${prefix.replace('auto', '')}`.slice(0, MAX_NAME_LENGTH);
}

/**
 * `sanitize_kubernetes_name`: lower-case, `_` and `.` to `-`, any other run of characters outside
 * [a-z0-9-] to one `-`, no leading or trailing non-alphanumerics, at most `maxLength` characters
 * (the FIRST ones, unlike keepLast63) without a trailing `-`. Empty → InvalidVmNameError.
 */
export function sanitizeKubernetesName(name: string, maxLength = MAX_NAME_LENGTH): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[_.]/g, '-')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  if (!cleaned) throw new InvalidVmNameError(name);
  return cleaned;
}
