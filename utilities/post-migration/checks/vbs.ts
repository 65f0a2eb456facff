/**
 * check_vbs_status: a Windows guest migrated with nested virtualization disabled must not run
 * virtualization-based security — Win32_DeviceGuard.VirtualizationBasedSecurityStatus is not 2
 * ("enabled and running"; 0 is off, 1 enabled but not running). Read over SSH with PowerShell.
 */
import type { GuestShell } from '../guest-shell';
import { failure, type CheckFailure } from './failure';

export const VBS_STATUS_COMMAND =
  'powershell -Command "(Get-CimInstance -ClassName Win32_DeviceGuard -Namespace root\\Microsoft\\Windows\\DeviceGuard).VirtualizationBasedSecurityStatus"';

const SUBJECT = 'Win32_DeviceGuard VirtualizationBasedSecurityStatus';
const EXPECTED = 'not 2 (VBS not running: nested virtualization is disabled)';

export async function checkVbsStatus(shell: GuestShell): Promise<CheckFailure[]> {
  const r = await shell.run(VBS_STATUS_COMMAND);
  const status = r.stdout.trim();
  if (r.exitCode !== 0 || !/^\d+$/.test(status))
    return [
      failure(
        'vbs',
        SUBJECT,
        EXPECTED,
        `the query failed (exit ${r.exitCode ?? 'none'}): ${(r.stderr || r.stdout).trim() || '(no output)'}`,
      ),
    ];
  return status === '2' ? [failure('vbs', SUBJECT, EXPECTED, '2 (VBS enabled and running)')] : [];
}
