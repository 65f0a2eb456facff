/** What the suite reads from `timeout N cloud-init status --wait` in a source guest. */
import { cloudInitProblem, cloudInitStatus, cloudInitWaitCommand } from '../../../utilities/copyoffload/cloud-init';

describe('cloud-init wait', () => {
  it('bounds cloud-init status --wait with coreutils timeout, in whole seconds', () => {
    expect(cloudInitWaitCommand(2000)).toBe('timeout 2000 cloud-init status --wait');
    expect(cloudInitWaitCommand(0.2)).toBe('timeout 1 cloud-init status --wait');
  });

  it('reads the last status line after the dots of --wait', () => {
    expect(cloudInitStatus('.....\nstatus: done\n')).toBe('done');
    expect(cloudInitStatus('status: running\n...\nstatus: error\n')).toBe('error');
    expect(cloudInitStatus('....')).toBeUndefined();
  });

  it('is done only with exit 0 and status done; names a timeout, a missing cloud-init and an error status', () => {
    expect(cloudInitProblem(0, '...\nstatus: done\n', 60)).toBeUndefined();
    expect(cloudInitProblem(124, '........', 60)).toBe('still running after 60 s (cloud-init status --wait timed out)');
    expect(cloudInitProblem(127, 'bash: line 1: cloud-init: command not found\n', 60)).toBe(
      'no cloud-init in the guest (bash: line 1: cloud-init: command not found)',
    );
    expect(cloudInitProblem(1, '..\nstatus: error\n', 60)).toBe('status error (exit code 1: status: error)');
    // Exit 0 without a done line is not done (e.g. a wrapper that swallowed the status).
    expect(cloudInitProblem(0, '', 60)).toBe('status unknown (exit code 0)');
  });
});
