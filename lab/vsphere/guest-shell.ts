/**
 * What a source guest runs when vSphere guest operations start a program in it
 * (GuestProcessManager.StartProgramInGuest): bash -c '<cmd> > <file> 2>&1' on Linux,
 * cmd.exe /c "<cmd> > <file> 2>&1" on Windows, the way VMware's guest agent execs them. The
 * commands a test suite sends are answered in the real tools' formats: `ip -j link show`
 * (iproute2 JSON), PowerShell scripts that bring a disk online and set its NTFS volume label
 * (Set-Volume), `Get-NetAdapter` piped to ConvertTo-Json, `powercfg /h off`. Anything else fails
 * as bash / PowerShell do.
 */
import type { DiskDataStore } from '../disk-data';
import { vmdkKey } from '../disk-data';
import { shellWords } from '../guests/commands';
import type { SimDisk, SimVm } from './model';
import { diskUuid } from './soap/vm-devices';

export interface ProgramRun {
  exitCode: number;
  /** The file the command line redirected stdout and stderr to, and what it wrote there. */
  output?: { path: string; content: string };
}

interface CommandResult {
  code: number;
  text: string;
}

const REDIRECT = /^(.*?)\s*>\s*(\S+)\s+2>&1\s*$/s;

/** The Windows serial of a disk (Win32_DiskDrive.SerialNumber): its backing UUID without dashes, lower case. */
export function windowsDiskSerial(disk: SimDisk): string {
  return diskUuid(disk.fileName).replace(/-/g, '').toLowerCase();
}

/** Disks in the order Windows numbers them (controller, then unit): Disk 0 boots. */
function windowsDisks(vm: SimVm): SimDisk[] {
  return [...vm.disks].sort((a, b) => a.controllerKey - b.controllerKey || a.unitNumber - b.unitNumber);
}

function linkShowJson(vm: SimVm): string {
  const lo = {
    ifindex: 1,
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    mtu: 65536,
    qdisc: 'noqueue',
    operstate: 'UNKNOWN',
    linkmode: 'DEFAULT',
    group: 'default',
    txqlen: 1000,
    link_type: 'loopback',
    address: '00:00:00:00:00:00',
    broadcast: '00:00:00:00:00:00',
  };
  const nics = vm.guestNics.map((n, i) => ({
    ifindex: i + 2,
    ifname: n.guestDeviceName ?? `eth${i}`,
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    qdisc: 'mq',
    operstate: n.connected ? 'UP' : 'DOWN',
    linkmode: 'DEFAULT',
    group: 'default',
    txqlen: 1000,
    link_type: 'ether',
    address: n.mac.toLowerCase(),
    broadcast: 'ff:ff:ff:ff:ff:ff',
  }));
  return `${JSON.stringify([lo, ...nics])}\n`;
}

function bash(vm: SimVm, cmd: string): CommandResult {
  const words = shellWords(cmd.trim());
  const joined = words.join(' ');
  if (joined === 'ip -j link show' || joined === 'ip -j link' || joined === 'ip -json link show')
    return { code: 0, text: linkShowJson(vm) };
  if (words[0] === 'true') return { code: 0, text: '' };
  if (words[0] === 'echo') return { code: 0, text: `${words.slice(1).join(' ')}\n` };
  return { code: 127, text: `/bin/bash: line 1: ${words[0] ?? ''}: command not found\n` };
}

/** The adapter names VMware's vmxnet3 NICs get on Windows (Ethernet0, Ethernet1, ...) unless renamed. */
function windowsAdapterName(vm: SimVm, index: number): string {
  return vm.guestNics[index]?.guestDeviceName ?? `Ethernet${index}`;
}

/**
 * `Get-NetAdapter ... | Select-Object <props> | ConvertTo-Json`: NetAdapter objects with the selected
 * properties (MacAddress as Windows prints it, upper case with dashes). ConvertTo-Json prints a
 * single object unless it is given an array (`-InputObject @(...)`).
 */
function netAdaptersJson(vm: SimVm, script: string): CommandResult | undefined {
  if (!/\bGet-NetAdapter\b/i.test(script) || !/\bConvertTo-Json\b/i.test(script)) return undefined;
  const selected = /Select-Object\s+([\w\s,]+?)(?:\)|\||$)/i
    .exec(script)?.[1]
    ?.split(',')
    .map((p) => p.trim()) ?? ['Name', 'MacAddress'];
  const all = vm.guestNics.map((nic, i) => ({
    Name: windowsAdapterName(vm, i),
    InterfaceDescription: `vmxnet3 Ethernet Adapter${i === 0 ? '' : ` #${i + 1}`}`,
    MacAddress: nic.mac.toUpperCase().replace(/:/g, '-'),
    Status: nic.connected ? 'Up' : 'Disconnected',
  }));
  const rows = all.map((a) => Object.fromEntries(selected.map((p) => [p, (a as Record<string, string>)[p] ?? null])));
  const asArray = /-InputObject\s+@\(/i.test(script) || rows.length !== 1;
  const compress = /-Compress\b/i.test(script);
  const value = asArray ? rows : rows[0];
  return { code: 0, text: `${compress ? JSON.stringify(value) : JSON.stringify(value, null, 4)}\r\n` };
}

/** A terminating error as powershell.exe prints it for `throw '<message>'`. */
function psThrow(message: string): CommandResult {
  return {
    code: 1,
    text: `${message}\r\nAt line:1 char:1\r\n+ throw '${message}'\r\n+ ~~~~~~~~~~~~~~~~~~\r\n    + CategoryInfo          : OperationStopped: (${message}:String) [], RuntimeException\r\n    + FullyQualifiedErrorId : ${message}\r\n\r\n`,
  };
}

/** The shared-disk labeling script: find the disk by serial, its NTFS volume, set the label, check it. */
function labelVolume(vm: SimVm, disks: DiskDataStore, script: string): CommandResult | undefined {
  const serial = /SerialNumber -eq '([0-9a-fA-F]+)'/.exec(script)?.[1];
  const label = /-NewFileSystemLabel '([A-Za-z0-9_-]+)'/.exec(script)?.[1];
  if (serial === undefined || label === undefined) return undefined;
  const ordered = windowsDisks(vm);
  const index = ordered.findIndex((d) => windowsDiskSerial(d) === serial.toLowerCase());
  const disk = ordered[index];
  if (!disk) return psThrow(`No disk with serial ${serial}`);
  const volume = disks.get(vmdkKey(disk.fileName))?.partitions.find((p) => p.fsType === 'ntfs');
  if (!volume) return psThrow(`No NTFS volume with drive letter on disk ${index}`);
  volume.label = label;
  const letter = String.fromCharCode('C'.charCodeAt(0) + index);
  return { code: 0, text: `Labeled disk ${index} drive ${letter}: as ${label}\r\n` };
}

function powershell(vm: SimVm, disks: DiskDataStore, words: string[]): CommandResult {
  const flag = (words[1] ?? '').toLowerCase();
  let script = words.slice(2).join(' ');
  if (flag === '-encodedcommand' || flag === '-enc' || flag === '-e') script = Buffer.from(words[2] ?? '', 'base64').toString('utf16le');
  else if (flag !== '-command' && flag !== '-c') return { code: 1, text: `-File is not supported by the lab: ${flag}\r\n` };
  const labeled = labelVolume(vm, disks, script);
  if (labeled) return labeled;
  const adapters = netAdaptersJson(vm, script);
  if (adapters) return adapters;
  if (/^powercfg(\.exe)?\s+\/h(ibernate)?\s+off$/i.test(script.trim())) return { code: 0, text: '' };
  const first = script.trim().split(/\s+/)[0] ?? '';
  return {
    code: 1,
    text: `${first} : The term '${first}' is not recognized as the name of a cmdlet, function, script file, or operable program.\r\n`,
  };
}

function cmdExe(vm: SimVm, disks: DiskDataStore, cmd: string): CommandResult {
  const words = shellWords(cmd.trim());
  const program = (words[0] ?? '').toLowerCase().replace(/\.exe$/, '');
  if (program === 'powershell') return powershell(vm, disks, words);
  return {
    code: 1,
    text: `'${words[0] ?? ''}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
  };
}

/**
 * Runs StartProgramInGuest's program: `programPath` with `args` as the guest agent passes them.
 * Only the shells are programs the lab's guests have; any other path exits 127 / 9009.
 */
export function runGuestProgram(vm: SimVm, disks: DiskDataStore, programPath: string, args: string): ProgramRun {
  const windows = vm.guestFamily === 'windowsGuest';
  let line: string | undefined;
  if (!windows && /^\/(usr\/)?bin\/(ba)?sh$/.test(programPath)) {
    const words = shellWords(args);
    if (words[0] === '-c') line = words[1];
  } else if (windows && /\\cmd\.exe$/i.test(programPath)) {
    const m = /^\/c\s+"(.*)"\s*$/is.exec(args.trim()) ?? /^\/c\s+(.*)$/is.exec(args.trim());
    line = m?.[1];
  }
  if (line === undefined) return { exitCode: windows ? 9009 : 127 };
  const redirect = REDIRECT.exec(line);
  const command = redirect ? (redirect[1] ?? '') : line;
  const result = windows ? cmdExe(vm, disks, command) : bash(vm, command);
  return { exitCode: result.code, ...(redirect?.[2] ? { output: { path: redirect[2], content: result.text } } : {}) };
}
