/**
 * The "verify LUKS encryption" step (Python verify_luks_encryption): in the migrated guest,
 * `lsblk -J -f` must show at least one crypto_LUKS device. SSH or parse failures are transient
 * (the guest may still be booting) and retried every `intervalMs` until `timeoutMs` (Python:
 * 15 s / 300 s); an answer without block devices, or without a crypto_LUKS one, is definitive.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { errorMessage } from '../../exceptions/base';
import { flattenLsblk, parseLsblkJson } from '../guest-parsers';
import { failure, type CheckFailure } from './checks/failure';
import type { GuestShellProvider } from './guest-shell';

export const LUKS_CHECK = 'luks-encryption';
export const LSBLK_COMMAND = 'lsblk -J -f';

export interface GuestRetryTiming {
  readonly timeoutMs: number;
  readonly intervalMs: number;
}
export const DEFAULT_GUEST_RETRY: GuestRetryTiming = { timeoutMs: 300_000, intervalMs: 15_000 };

/** The verdict on one `lsblk -J -f` answer: failures (empty = encrypted). Throws on unparsable output. */
export function luksFindings(lsblkOutput: string): CheckFailure[] {
  const devices = flattenLsblk(parseLsblkJson(lsblkOutput));
  if (devices.length === 0) return [failure(LUKS_CHECK, `${LSBLK_COMMAND} in the guest`, 'block devices', 'no block devices listed')];
  const luks = devices.filter((d) => d.fstype === 'crypto_LUKS');
  if (luks.length > 0) return [];
  const seen = devices.map((d) => `${d.name}: ${d.fstype ?? '(no filesystem)'}${d.mountpoints[0] ? ` on ${d.mountpoints[0]}` : ''}`);
  return [failure(LUKS_CHECK, `encrypted devices in ${LSBLK_COMMAND}`, 'at least one device with fstype crypto_LUKS', seen.join('\n'))];
}

/** Runs `fn` until it returns, retrying what throws until the deadline; the last error is the actual. */
export async function retryGuest<T>(what: string, timing: GuestRetryTiming, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() + timing.intervalMs > deadline)
        throw new Error(`${what}: still failing after ${Math.round(timing.timeoutMs / 1000)} s: ${errorMessage(error)}`);
      await delay(timing.intervalMs);
    }
  }
}

export async function verifyLuksEncryption(
  shells: GuestShellProvider,
  target: { vmName: string; namespace: string },
  timing: GuestRetryTiming = DEFAULT_GUEST_RETRY,
): Promise<CheckFailure[]> {
  try {
    return await retryGuest(`${LSBLK_COMMAND} in ${target.namespace}/${target.vmName}`, timing, async () => {
      const shell = await shells.connect({ ...target, windows: false });
      const result = await shell.run(LSBLK_COMMAND);
      if (result.exitCode !== 0) throw new Error(`exit ${String(result.exitCode)}: ${result.stderr.trim()}`);
      return luksFindings(result.stdout);
    });
  } catch (error) {
    return [failure(LUKS_CHECK, `${LSBLK_COMMAND} in the guest`, 'an answer within the retry window', errorMessage(error))];
  }
}
