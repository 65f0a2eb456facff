/**
 * The data marker of the copy-offload snapshot classes (CopyoffloadSnapshotBase): a file with a
 * per-VM, per-session text written in the source guest before the migration and read back in the
 * migrated guest, so the check proves the bytes that crossed (through XCOPY or the fallback copy of
 * a snapshot chain) are the source's.
 */
import type { CheckFailure } from '../../exceptions/post-migration';

export const DATA_MARKER_PATH = '/root/copyoffload-data-marker.txt';

export interface DataMarker {
  path: string;
  content: string;
}

export function dataMarkerFor(sessionId: string, vmName: string, nonce: string): DataMarker {
  return { path: DATA_MARKER_PATH, content: `mtv-tests copy-offload data marker ${sessionId} ${vmName} ${nonce}` };
}

/** The command that writes the marker (single quotes: the content has none); `sync` follows as its own command. */
export function writeMarkerCommand(m: DataMarker): string {
  return `echo '${m.content}' | tee ${m.path} > /dev/null`;
}

/** check data integrity: the migrated guest reads exactly the marker the source guest wrote. */
export function dataIntegrityFindings(m: DataMarker, read: { stdout: string; exitCode: number | null; stderr: string }): CheckFailure[] {
  const got = read.stdout.replace(/\r?\n$/, '');
  if (read.exitCode === 0 && got === m.content) return [];
  return [
    {
      check: 'check data integrity',
      subject: `data marker ${m.path}`,
      expected: m.content,
      actual: read.exitCode === 0 ? got : `cat exited ${String(read.exitCode)}: ${read.stderr.trim()}`,
    },
  ];
}
