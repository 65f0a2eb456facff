/**
 * The "verify XFS version" step (Python check_vm_command_output with xfs_check): run
 * `<command> <mountPoint>` in the migrated Linux guest and require `expectedOutput` (e.g. crc=0,
 * the XFS v4 format) in its stdout. The finding names the value xfs_info reported instead.
 */
import { errorMessage } from '../../exceptions/base';
import { parseXfsInfo } from '../guest-parsers';
import { failure, type CheckFailure } from './checks/failure';
import type { GuestShellProvider } from './guest-shell';
import { DEFAULT_GUEST_RETRY, retryGuest, type GuestRetryTiming } from './verify-luks';

export const XFS_CHECK = 'xfs-version';

export interface XfsCheck {
  readonly command: string;
  readonly mountPoint: string;
  readonly expectedOutput: string;
}

/** What the output says where the expectation looked: for "key=value", the key's reported value. */
function actualFor(stdout: string, expected: string): string {
  const key = /^([a-z0-9-]+)=/.exec(expected)?.[1];
  if (key) {
    try {
      const info = parseXfsInfo(stdout);
      const value = info.values[key];
      if (value !== undefined) return `${key}=${value} (${info.device})`;
    } catch {
      // not xfs_info output: show it as it is
    }
  }
  return stdout.trim() === '' ? '(empty output)' : stdout.trim();
}

/** The verdict on one answer of the command. */
export function xfsFindings(check: XfsCheck, result: { stdout: string; stderr: string; exitCode: number | null }): CheckFailure[] {
  const subject = `${check.command} ${check.mountPoint} in the guest`;
  if (result.exitCode !== 0)
    return [
      failure(XFS_CHECK, subject, `exit 0 printing ${check.expectedOutput}`, `exit ${String(result.exitCode)}: ${result.stderr.trim()}`),
    ];
  if (result.stdout.includes(check.expectedOutput)) return [];
  return [failure(XFS_CHECK, subject, check.expectedOutput, actualFor(result.stdout, check.expectedOutput))];
}

export async function verifyXfsVersion(
  shells: GuestShellProvider,
  target: { vmName: string; namespace: string },
  check: XfsCheck,
  timing: GuestRetryTiming = DEFAULT_GUEST_RETRY,
): Promise<CheckFailure[]> {
  try {
    const result = await retryGuest(`${check.command} in ${target.namespace}/${target.vmName}`, timing, async () => {
      const shell = await shells.connect({ ...target, windows: false });
      return shell.run(`${check.command} ${check.mountPoint}`);
    });
    return xfsFindings(check, result);
  } catch (error) {
    return [failure(XFS_CHECK, `${check.command} ${check.mountPoint} in the guest`, 'an SSH session to run it', errorMessage(error))];
  }
}
