/** check_vbs_status: VirtualizationBasedSecurityStatus 2 (running) fails, 0/1 pass, a failed query fails. */
import { checkVbsStatus, VBS_STATUS_COMMAND } from '../../../utilities/post-migration/checks/vbs';

const shell = (stdout: string, exitCode = 0, stderr = '') => ({
  commands: [] as string[],
  async run(command: string) {
    this.commands.push(command);
    return { stdout, stderr, exitCode };
  },
});

describe('vbs check', () => {
  it('passes for 0 and 1 and asks Win32_DeviceGuard through PowerShell', async () => {
    const s = shell('0\r\n');
    expect(await checkVbsStatus(s)).toEqual([]);
    expect(await checkVbsStatus(shell('1\r\n'))).toEqual([]);
    expect(s.commands).toEqual([VBS_STATUS_COMMAND]);
  });

  it('fails for 2 (running) and for a query that did not answer a number', async () => {
    expect(await checkVbsStatus(shell('2\r\n'))).toEqual([
      expect.objectContaining({ check: 'vbs', actual: '2 (VBS enabled and running)' }),
    ]);
    const [f] = await checkVbsStatus(shell('', 1, 'Get-CimInstance : Invalid class'));
    expect(f?.actual).toMatch(/query failed \(exit 1\): Get-CimInstance : Invalid class/);
  });
});
