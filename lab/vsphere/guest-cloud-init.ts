/**
 * cloud-init in the lab's Linux source guests, as `cloud-init status` answers (cloud-init 23.x):
 * `status: running` until the boot's cloud-init has finished (SimVm.cloudInitDone), then
 * `status: done`. `cloud-init status --wait` is a process that keeps running until then, printing a
 * dot every 250 ms, and ends with `\nstatus: done`; `timeout N <command>` (coreutils) ends it with
 * exit 124 after N seconds. A program that keeps running is a PendingProgram: guest operations ask
 * it, with the VM as it is now, whether it has ended.
 */
import { shellWords } from '../guests/commands';
import type { SimVm } from './model';

export interface CommandResult {
  code: number;
  text: string;
}

/** A guest program still running: `poll` returns its result once it has ended, else undefined. */
export interface PendingProgram {
  poll(vm: SimVm | undefined, elapsedMs: number): CommandResult | undefined;
}

const DOT_MS = 250;

function dots(elapsedMs: number): string {
  return '.'.repeat(Math.min(Math.floor(elapsedMs / DOT_MS), 4000));
}

function statusLine(vm: SimVm): string {
  return `status: ${vm.cloudInitDone ? 'done' : 'running'}\n`;
}

/** `cloud-init status [--wait]`: a result now, or a pending program for --wait while cloud-init runs. */
function cloudInitStatus(vm: SimVm, words: string[]): CommandResult | PendingProgram {
  if (words[1] !== 'status')
    return { code: 2, text: `usage: /usr/bin/cloud-init [-h] [--version] ...\ncloud-init: error: invalid choice: '${words[1] ?? ''}'\n` };
  if (!words.includes('--wait') || vm.cloudInitDone) return { code: 0, text: statusLine(vm) };
  return {
    poll: (now, elapsedMs) => {
      if (!now || now.powerState !== 'poweredOn') return { code: 143, text: dots(elapsedMs) };
      return now.cloudInitDone ? { code: 0, text: `${dots(elapsedMs)}\nstatus: done\n` } : undefined;
    },
  };
}

/** `timeout N <command>`: the command's result, or exit 124 when a pending one outlives N seconds. */
function withTimeout(vm: SimVm, words: string[]): CommandResult | PendingProgram | undefined {
  const seconds = Number(/^(\d+)s?$/.exec(words[1] ?? '')?.[1]);
  if (!Number.isFinite(seconds)) return { code: 125, text: `timeout: invalid time interval '${words[1] ?? ''}'\n` };
  const inner = cloudInitCommand(vm, words.slice(2));
  if (!inner || !('poll' in inner)) return inner;
  return {
    poll: (now, elapsedMs) =>
      inner.poll(now, elapsedMs) ?? (elapsedMs >= seconds * 1000 ? { code: 124, text: dots(elapsedMs) } : undefined),
  };
}

/** cloud-init's commands (optionally under `timeout`); undefined when the command is another one. */
export function cloudInitCommand(vm: SimVm, words: string[]): CommandResult | PendingProgram | undefined {
  if (words[0] === 'timeout') return withTimeout(vm, words);
  if (words[0] === 'cloud-init' || words[0] === '/usr/bin/cloud-init') return cloudInitStatus(vm, words);
  return undefined;
}

/** Parses a shell line into words and answers it if it is a cloud-init command. */
export function cloudInitLine(vm: SimVm, line: string): CommandResult | PendingProgram | undefined {
  return cloudInitCommand(vm, shellWords(line.trim()));
}
