/**
 * What a source guest runs when vSphere guest operations start a program in it
 * (GuestProcessManager.StartProgramInGuest): bash -c '<cmd> > <file> 2>&1' on Linux,
 * cmd.exe /c "<cmd> > <file> 2>&1" on Windows, the way VMware's guest agent execs them. The
 * commands a test suite sends are answered in the real tools' formats: `ip -j link show`
 * (iproute2 JSON), PowerShell scripts that bring a disk online and set its NTFS volume label
 * (Set-Volume), `Get-NetAdapter` piped to ConvertTo-Json, `powercfg /h off`, `cloud-init status
 * [--wait]` (./guest-cloud-init.ts; --wait keeps running until cloud-init is done). Anything else
 * fails as bash / PowerShell do.
 */
import type { DiskDataStore } from '../disk-data';
import { vmdkKey } from '../disk-data';
import { shellWords } from '../guests/commands';
import { readRootFile, writeRootFile } from '../guests/root-fs';
import type { SimDisk, SimVm } from './model';
import { diskUuid } from './soap/vm-devices';
import { cloudInitLine, type CommandResult, type PendingProgram } from './guest-cloud-init';

export interface ProgramRun {
  exitCode: number;
  /** The file the command line redirected stdout and stderr to, and what it wrote there. */
  output?: { path: string; content: string };
  /** A program still running (cloud-init status --wait): exitCode and output come when it ends. */
  pending?: { program: PendingProgram; outputPath?: string };
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

/** The boot disk's data key (its base VMDK: snapshot deltas write through to the same data in the lab). */
function bootDiskKey(vm: SimVm): string | undefined {
  const boot = windowsDisks(vm)[0];
  return boot ? vmdkKey(boot.fileName.replace(/-\d{6}\.vmdk$/, '.vmdk')) : undefined;
}

/**
 * Files on the root filesystem (lab/guests/root-fs.ts): `echo '<text>' | [sudo] tee <path> [> /dev/null]`,
 * `echo '<text>' > <path>`, `cat <path>`, `sync`; undefined for anything else.
 */
function rootFileCommand(vm: SimVm, disks: DiskDataStore, cmd: string): CommandResult | undefined {
  const key = bootDiskKey(vm);
  const s = cmd.trim();
  const tee = /^echo\s+'([^']*)'\s*\|\s*(?:sudo\s+)?tee\s+(\/\S+)(\s*>\s*\/dev\/null)?$/.exec(s);
  const redirect = /^echo\s+'([^']*)'\s*>\s*(\/\S+)$/.exec(s);
  const write = tee ?? redirect;
  if (write && key) {
    writeRootFile(disks, key, write[2] ?? '', `${write[1] ?? ''}\n`);
    return { code: 0, text: tee && !tee[3] ? `${write[1] ?? ''}\n` : '' };
  }
  const cat = /^cat\s+(\/\S+)$/.exec(s);
  if (cat && key) {
    const content = readRootFile(disks, key, cat[1] ?? '');
    return content === undefined ? { code: 1, text: `cat: ${cat[1] ?? ''}: No such file or directory\n` } : { code: 0, text: content };
  }
  if (s === 'sync') return { code: 0, text: '' };
  return undefined;
}

function linuxShell(vm: SimVm, disks: DiskDataStore, cmd: string): CommandResult {
  return rootFileCommand(vm, disks, cmd) ?? bash(vm, cmd);
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

/** The command line a shell program runs (`bash -c '<line>'`, `cmd.exe /c "<line>"`), or undefined for any other program. */
function shellLine(windows: boolean, programPath: string, args: string): string | undefined {
  if (!windows && /^\/(usr\/)?bin\/(ba)?sh$/.test(programPath)) {
    const words = shellWords(args);
    return words[0] === '-c' ? words[1] : undefined;
  }
  if (windows && /\\cmd\.exe$/i.test(programPath)) {
    const m = /^\/c\s+"(.*)"\s*$/is.exec(args.trim()) ?? /^\/c\s+(.*)$/is.exec(args.trim());
    return m?.[1];
  }
  return undefined;
}

/**
 * Runs StartProgramInGuest's program: `programPath` with `args` as the guest agent passes them.
 * Only the shells are programs the lab's guests have; any other path exits 127 / 9009.
 */
export function runGuestProgram(vm: SimVm, disks: DiskDataStore, programPath: string, args: string): ProgramRun {
  const windows = vm.guestFamily === 'windowsGuest';
  const line = shellLine(windows, programPath, args);
  if (line === undefined) return { exitCode: windows ? 9009 : 127 };
  const redirect = REDIRECT.exec(line);
  const command = redirect ? (redirect[1] ?? '') : line;
  const outputPath = redirect?.[2];
  const cloudInit = windows ? undefined : cloudInitLine(vm, command);
  if (cloudInit && 'poll' in cloudInit) return { exitCode: 0, pending: { program: cloudInit, ...(outputPath ? { outputPath } : {}) } };
  const result = cloudInit ?? (windows ? cmdExe(vm, disks, command) : linuxShell(vm, disks, command));
  return { exitCode: result.code, ...(outputPath ? { output: { path: outputPath, content: result.text } } : {}) };
}
