/**
 * Commands inside a vSphere guest through VMware Tools (GuestOperationsManager), as the Python
 * suite's run_command_in_vmware_guest does: a temporary output file, StartProgramInGuest of the
 * guest's shell (bash -c on Linux, cmd.exe /c on Windows) redirecting into it, ListProcessesInGuest
 * until the process has an endTime, InitiateFileTransferFromGuest + GET of the file, then
 * DeleteFileInGuest. No SSH to the source is needed. vSphere has no notification for a guest
 * process exit, so its end is polled (ListProcessesInGuest) at a fixed interval up to a deadline.
 */
import { GuestCommandError } from '../../../exceptions/post-migration';
import type { VSphereClient } from './client';
import type { ObjectRef } from './errors';
import { child, el, moRefEl, textOf, type XmlNode } from './xml';

export interface GuestLogin {
  username: string;
  password: string;
}

export interface GuestCommandOptions {
  timeoutMs?: number; // default 30 s, as the Python suite
  pollMs?: number; // default 500 ms, as the Python suite
}

const LINUX = { tempDir: '/tmp', shell: '/bin/bash' };
const WINDOWS = { tempDir: 'C:\\Windows\\Temp', shell: 'C:\\Windows\\System32\\cmd.exe' };

/** A POSIX shell word: single-quoted, embedded quotes closed and escaped (Python's shlex.quote). */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** The program and arguments that run `command` with stdout and stderr into `outputFile`. */
export function guestProgram(family: 'linuxGuest' | 'windowsGuest', command: string, outputFile: string): { path: string; args: string } {
  const redirect = `${command} > ${outputFile} 2>&1`;
  return family === 'linuxGuest'
    ? { path: LINUX.shell, args: `-c ${shellQuote(redirect)}` }
    : { path: WINDOWS.shell, args: `/c "${redirect}"` };
}

function invoke(client: VSphereClient, method: string, self: ObjectRef, args: string[], vm: ObjectRef): Promise<XmlNode> {
  return client.transport.call(method, self, args, { object: vm });
}

function authXml(login: GuestLogin): string {
  return el('auth', [el('interactiveSession', false), el('username', login.username), el('password', login.password)], {
    'xsi:type': 'NamePasswordAuthentication',
  });
}

async function managers(client: VSphereClient): Promise<{ process: ObjectRef; file: ObjectRef }> {
  const si = { type: 'ServiceInstance', value: 'ServiceInstance' };
  const gomNode = (await client.properties(si, ['content.guestOperationsManager'])).get('content.guestOperationsManager');
  if (!gomNode?.moType) throw new Error(`vCenter ${client.content.about.fullName} offers no GuestOperationsManager`);
  const gom = { type: gomNode.moType, value: gomNode.text.trim() };
  const props = await client.properties(gom, ['processManager', 'fileManager']);
  const asRef = (n: XmlNode | undefined, what: string): ObjectRef => {
    if (!n?.moType) throw new Error(`GuestOperationsManager has no ${what}`);
    return { type: n.moType, value: n.text.trim() };
  };
  return { process: asRef(props.get('processManager'), 'processManager'), file: asRef(props.get('fileManager'), 'fileManager') };
}

/** The guest OS family VMware Tools reports (guest.guestFamily); guest operations need it. */
async function guestFamily(client: VSphereClient, vm: ObjectRef, vmName: string): Promise<'linuxGuest' | 'windowsGuest'> {
  const family = (await client.properties(vm, ['guest.guestFamily'])).get('guest.guestFamily')?.text.trim();
  if (family === 'linuxGuest' || family === 'windowsGuest') return family;
  throw new GuestCommandError(
    vmName,
    'guest operations',
    null,
    `guest OS family is ${family ?? 'not reported (VMware Tools not running?)'}`,
  );
}

async function waitForExit(
  client: VSphereClient,
  pm: ObjectRef,
  vm: ObjectRef,
  login: GuestLogin,
  pid: string,
  timing: Required<GuestCommandOptions>,
): Promise<number> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const res = await invoke(client, 'ListProcessesInGuest', pm, [moRefEl('vm', vm), authXml(login), el('pids', pid)], vm);
    const info = res.children.find((r) => r.name === 'returnval' && textOf(r, 'pid') === pid);
    if (info && textOf(info, 'endTime')) return Number(textOf(info, 'exitCode') ?? '0');
    if (Date.now() >= deadline)
      throw new GuestCommandError(vm.value, `guest process ${pid}`, null, `did not end within ${timing.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, timing.pollMs));
  }
}

/**
 * Runs `command` in the guest of VM `vmId` (`vmName` for errors) and returns its output (stdout and
 * stderr). Throws GuestCommandError when it exits non-zero, with the output.
 */
export async function runCommandInGuest(
  client: VSphereClient,
  vmId: string,
  vmName: string,
  login: GuestLogin,
  command: string,
  opts: GuestCommandOptions = {},
): Promise<string> {
  const timing = { timeoutMs: opts.timeoutMs ?? 30_000, pollMs: opts.pollMs ?? 500 };
  const vm: ObjectRef = { type: 'VirtualMachine', value: vmId };
  const family = await guestFamily(client, vm, vmName);
  const { process: pm, file: fm } = await managers(client);
  const dir = family === 'linuxGuest' ? LINUX.tempDir : WINDOWS.tempDir;
  const temp = await invoke(
    client,
    'CreateTemporaryFileInGuest',
    fm,
    [moRefEl('vm', vm), authXml(login), el('prefix', 'mtv_guest_cmd_'), el('suffix', '.txt'), el('directoryPath', dir)],
    vm,
  );
  const outputFile = textOf(temp, 'returnval')?.trim() ?? '';
  try {
    const program = guestProgram(family, command, outputFile);
    const spec = el('spec', [el('programPath', program.path), el('arguments', program.args)], { 'xsi:type': 'GuestProgramSpec' });
    const started = await invoke(client, 'StartProgramInGuest', pm, [moRefEl('vm', vm), authXml(login), spec], vm);
    const pid = textOf(started, 'returnval')?.trim() ?? '';
    const exitCode = await waitForExit(client, pm, vm, login, pid, timing);
    const transfer = await invoke(
      client,
      'InitiateFileTransferFromGuest',
      fm,
      [moRefEl('vm', vm), authXml(login), el('guestFilePath', outputFile)],
      vm,
    );
    const url = textOf(child(transfer, 'returnval'), 'url') ?? '';
    // ESXi hands out https://*:443/guestFile?...: `*` stands for the host the client talks to.
    const host = new URL(client.transport.url).hostname;
    const output = await client.transport.download(url.replace('://*', `://${host}`), `guest file transfer from ${vmName}`);
    if (exitCode !== 0) throw new GuestCommandError(vmName, command, exitCode, output);
    return output;
  } finally {
    await invoke(client, 'DeleteFileInGuest', fm, [moRefEl('vm', vm), authXml(login), el('filePath', outputFile)], vm).catch(
      () => undefined,
    );
  }
}
