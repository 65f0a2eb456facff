/**
 * The Jest worker processes of this run: the direct children of a process whose command line runs
 * jest-worker's child entry. Read from /proc (Linux, where the suite runs); elsewhere the list is
 * empty, and a signal then reaches only the CLI (as without forwarding).
 */
import fs from 'node:fs';

/** Parent pid from /proc/<pid>/stat (the command name in parentheses may contain spaces). */
function parentOf(pid: string): number | undefined {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

export function jestWorkerPids(parentPid: number = process.pid): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentOf(entry) === parentPid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('jest-worker'))
        out.push(Number(entry));
    } catch {
      // the process ended while the list was read
    }
  }
  return out;
}
