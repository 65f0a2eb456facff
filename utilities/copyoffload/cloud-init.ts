/**
 * Waiting for cloud-init in a source guest (the Python suite's wait_for_cloud_init, which looks for
 * /var/lib/cloud/instance/boot-finished every 10 s for up to 2000 s): one guest command that blocks
 * until cloud-init has finished — `cloud-init status --wait`, cloud-init's own wait, bounded in the
 * guest by coreutils `timeout` — and what its exit code and output say.
 */

/** The guest command: ends when cloud-init is done, or with exit 124 after `timeoutSeconds`. */
export function cloudInitWaitCommand(timeoutSeconds: number): string {
  return `timeout ${Math.max(1, Math.ceil(timeoutSeconds))} cloud-init status --wait`;
}

/** The last `status: <word>` line cloud-init printed (after the dots of --wait), or undefined. */
export function cloudInitStatus(output: string): string | undefined {
  const matches = [...output.matchAll(/^status:\s*(\S+)/gm)];
  return matches.at(-1)?.[1];
}

/**
 * What the command's end says: undefined when cloud-init is done, else the actual state in words
 * (still running at the timeout, an error status, or a command that is not there).
 */
export function cloudInitProblem(exitCode: number, output: string, timeoutSeconds: number): string | undefined {
  const status = cloudInitStatus(output);
  if (exitCode === 0 && status === 'done') return undefined;
  if (exitCode === 124) return `still running after ${timeoutSeconds} s (cloud-init status --wait timed out)`;
  if (exitCode === 127) return `no cloud-init in the guest (${output.trim() || 'command not found'})`;
  const text = output.replace(/^\.+/, '').trim();
  return `status ${status ?? 'unknown'} (exit code ${exitCode}${text ? `: ${text.slice(-300)}` : ''})`;
}
