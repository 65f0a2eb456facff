/**
 * The commands a migrated guest answers over SSH, rendered from its GuestModel in the exact
 * layouts of the real tools: `hostname`, `echo`, `cat /etc/os-release`, `ip -j addr`,
 * `nmcli device show` (NetworkManager 1.4x) on Linux; `hostname`, `echo`, `ipconfig /all` on
 * Windows (OpenSSH with cmd.exe, CRLF line ends). Anything else fails the way bash / cmd.exe do.
 */
import { createHash } from 'node:crypto';
import { type GuestModel, type GuestNic, prefixToNetmask } from '../kubevirt/guest-model';
import { defaultGuestStorage, lsblkJsonFs, xfsInfo } from './block-devices';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', code: 0 });

/** fe80:: link-local address derived from the MAC (EUI-64), as the kernel configures it. */
export function linkLocalV6(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  if (b.length !== 6 || b.some((x) => Number.isNaN(x))) return 'fe80::1';
  const e = [(b[0] ?? 0) ^ 0x02, b[1] ?? 0, b[2] ?? 0, 0xff, 0xfe, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0];
  const groups = [0, 2, 4, 6].map((i) => (((e[i] ?? 0) << 8) | (e[i + 1] ?? 0)).toString(16));
  return `fe80::${groups.join(':')}`;
}

function pad(key: string): string {
  return key.padEnd(40, ' ');
}

export function nmcliDeviceShow(guest: GuestModel): string {
  const blocks = guest.nics.map((nic, i) => {
    const lines = [
      `${pad('GENERAL.DEVICE:')}${nic.device}`,
      `${pad('GENERAL.TYPE:')}ethernet`,
      `${pad('GENERAL.HWADDR:')}${nic.mac.toUpperCase()}`,
      `${pad('GENERAL.MTU:')}1500`,
      `${pad('GENERAL.STATE:')}100 (connected)`,
      `${pad('GENERAL.CONNECTION:')}${nic.dhcp ? `Wired connection ${i + 1}` : nic.device}`,
      `${pad('GENERAL.CON-PATH:')}/org/freedesktop/NetworkManager/ActiveConnection/${i + 2}`,
      `${pad('WIRED-PROPERTIES.CARRIER:')}on`,
    ];
    nic.ips.forEach((ip, j) => lines.push(`${pad(`IP4.ADDRESS[${j + 1}]:`)}${ip.address}/${ip.prefix}`));
    lines.push(`${pad('IP4.GATEWAY:')}${nic.gateway ?? '--'}`);
    let route = 1;
    for (const ip of nic.ips)
      lines.push(`${pad(`IP4.ROUTE[${route++}]:`)}dst = ${networkOf(ip.address, ip.prefix)}/${ip.prefix}, nh = 0.0.0.0, mt = ${100 + i}`);
    if (nic.gateway) lines.push(`${pad(`IP4.ROUTE[${route++}]:`)}dst = 0.0.0.0/0, nh = ${nic.gateway}, mt = ${100 + i}`);
    nic.dns.forEach((d, j) => lines.push(`${pad(`IP4.DNS[${j + 1}]:`)}${d}`));
    if (nic.dhcp && nic.ips[0]) {
      lines.push(`${pad('DHCP4.OPTION[1]:')}dhcp_lease_time = 3600`);
      lines.push(`${pad('DHCP4.OPTION[2]:')}ip_address = ${nic.ips[0].address}`);
    }
    lines.push(`${pad('IP6.ADDRESS[1]:')}${linkLocalV6(nic.mac)}/64`);
    lines.push(`${pad('IP6.GATEWAY:')}--`);
    lines.push(`${pad('IP6.ROUTE[1]:')}dst = fe80::/64, nh = ::, mt = 1024`);
    return lines.join('\n');
  });
  blocks.push(
    [
      `${pad('GENERAL.DEVICE:')}lo`,
      `${pad('GENERAL.TYPE:')}loopback`,
      `${pad('GENERAL.HWADDR:')}00:00:00:00:00:00`,
      `${pad('GENERAL.MTU:')}65536`,
      `${pad('GENERAL.STATE:')}10 (unmanaged)`,
      `${pad('GENERAL.CONNECTION:')}--`,
      `${pad('GENERAL.CON-PATH:')}--`,
      `${pad('IP4.ADDRESS[1]:')}127.0.0.1/8`,
      `${pad('IP4.GATEWAY:')}--`,
      `${pad('IP6.ADDRESS[1]:')}::1/128`,
      `${pad('IP6.GATEWAY:')}--`,
    ].join('\n'),
  );
  return blocks.join('\n\n') + '\n';
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | (Number(o) & 0xff)) >>> 0, 0);
}
function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');
}
function networkOf(ip: string, prefix: number): string {
  const mask = prefix <= 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return intToIp((ipToInt(ip) & mask) >>> 0);
}
function broadcastOf(ip: string, prefix: number): string {
  const mask = prefix <= 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return intToIp(((ipToInt(ip) & mask) | (~mask >>> 0)) >>> 0);
}

export function ipJsonAddr(guest: GuestModel): string {
  const lo = {
    ifindex: 1,
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    mtu: 65536,
    qdisc: 'noqueue',
    operstate: 'UNKNOWN',
    group: 'default',
    txqlen: 1000,
    link_type: 'loopback',
    address: '00:00:00:00:00:00',
    broadcast: '00:00:00:00:00:00',
    addr_info: [
      {
        family: 'inet',
        local: '127.0.0.1',
        prefixlen: 8,
        scope: 'host',
        label: 'lo',
        valid_life_time: 4294967295,
        preferred_life_time: 4294967295,
      },
      {
        family: 'inet6',
        local: '::1',
        prefixlen: 128,
        scope: 'host',
        noprefixroute: true,
        valid_life_time: 4294967295,
        preferred_life_time: 4294967295,
      },
    ],
  };
  const nics = guest.nics.map((nic: GuestNic, i) => ({
    ifindex: i + 2,
    ifname: nic.device,
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    qdisc: 'fq_codel',
    operstate: 'UP',
    group: 'default',
    txqlen: 1000,
    link_type: 'ether',
    address: nic.mac,
    broadcast: 'ff:ff:ff:ff:ff:ff',
    altnames: [`enp${i + 1}s0`],
    addr_info: [
      ...nic.ips.map((ip) => ({
        family: 'inet',
        local: ip.address,
        prefixlen: ip.prefix,
        broadcast: broadcastOf(ip.address, ip.prefix),
        scope: 'global',
        ...(nic.dhcp ? { dynamic: true } : {}),
        noprefixroute: true,
        label: nic.device,
        valid_life_time: nic.dhcp ? 3599 : 4294967295,
        preferred_life_time: nic.dhcp ? 3599 : 4294967295,
      })),
      {
        family: 'inet6',
        local: linkLocalV6(nic.mac),
        prefixlen: 64,
        scope: 'link',
        noprefixroute: true,
        valid_life_time: 4294967295,
        preferred_life_time: 4294967295,
      },
    ],
  }));
  return JSON.stringify([lo, ...nics]) + '\n';
}

export function osRelease(guest: GuestModel): string {
  const i = guest.osInfo;
  const major = i.versionId.split('.')[0] ?? i.versionId;
  return [
    `NAME="${i.name}"`,
    `VERSION="${i.version}"`,
    `ID="${i.id}"`,
    'ID_LIKE="fedora"',
    `VERSION_ID="${i.versionId}"`,
    `PLATFORM_ID="platform:el${major}"`,
    `PRETTY_NAME="${i.prettyName}"`,
    'ANSI_COLOR="0;31"',
    'LOGO="fedora-logo-icon"',
    `CPE_NAME="cpe:/o:redhat:enterprise_linux:${i.versionId}::baseos"`,
    'HOME_URL="https://www.redhat.com/"',
    `DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/${major}"`,
    'BUG_REPORT_URL="https://issues.redhat.com/"',
    '',
  ].join('\n');
}

/** ipconfig's fixed label strings (its " . . ." leaders are part of each localized label; ':' sits in column 38). */
const IPCONFIG_LABELS: Record<string, string> = {
  'Host Name': '   Host Name . . . . . . . . . . . . : ',
  'Primary Dns Suffix': '   Primary Dns Suffix  . . . . . . . : ',
  'Node Type': '   Node Type . . . . . . . . . . . . : ',
  'IP Routing Enabled': '   IP Routing Enabled. . . . . . . . : ',
  'WINS Proxy Enabled': '   WINS Proxy Enabled. . . . . . . . : ',
  'Connection-specific DNS Suffix': '   Connection-specific DNS Suffix  . : ',
  Description: '   Description . . . . . . . . . . . : ',
  'Physical Address': '   Physical Address. . . . . . . . . : ',
  'DHCP Enabled': '   DHCP Enabled. . . . . . . . . . . : ',
  'Autoconfiguration Enabled': '   Autoconfiguration Enabled . . . . : ',
  'Link-local IPv6 Address': '   Link-local IPv6 Address . . . . . : ',
  'IPv4 Address': '   IPv4 Address. . . . . . . . . . . : ',
  'Subnet Mask': '   Subnet Mask . . . . . . . . . . . : ',
  'Lease Obtained': '   Lease Obtained. . . . . . . . . . : ',
  'Lease Expires': '   Lease Expires . . . . . . . . . . : ',
  'Default Gateway': '   Default Gateway . . . . . . . . . : ',
  'DHCP Server': '   DHCP Server . . . . . . . . . . . : ',
  'DHCPv6 IAID': '   DHCPv6 IAID . . . . . . . . . . . : ',
  'DHCPv6 Client DUID': '   DHCPv6 Client DUID. . . . . . . . : ',
  'DNS Servers': '   DNS Servers . . . . . . . . . . . : ',
  'NetBIOS over Tcpip': '   NetBIOS over Tcpip. . . . . . . . : ',
};

function dotted(label: string): string {
  const l = IPCONFIG_LABELS[label];
  if (!l) throw new Error(`no ipconfig label ${label}`);
  return l;
}

/** Windows `ipconfig /all`, laid out as cmd.exe prints it (CRLF). */
export function ipconfigAll(guest: GuestModel, now = new Date()): string {
  const lines = [
    '',
    'Windows IP Configuration',
    '',
    `${dotted('Host Name')}${guest.hostname}`,
    `${dotted('Primary Dns Suffix')}`.trimEnd(),
    `${dotted('Node Type')}Hybrid`,
    `${dotted('IP Routing Enabled')}No`,
    `${dotted('WINS Proxy Enabled')}No`,
    '',
  ];
  const fmtDate = (d: Date): string =>
    d
      .toLocaleString('en-US', {
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        second: '2-digit',
        timeZone: 'UTC',
      })
      .replace(' at ', ' ');
  guest.nics.forEach((nic, i) => {
    const ll = `${linkLocalV6(nic.mac)}%${i + 5}`;
    lines.push(`Ethernet adapter ${nic.device}:`, '');
    lines.push(`${dotted('Connection-specific DNS Suffix')}`.trimEnd());
    lines.push(`${dotted('Description')}Red Hat VirtIO Ethernet Adapter${i ? ` #${i + 1}` : ''}`);
    lines.push(`${dotted('Physical Address')}${nic.mac.toUpperCase().replace(/:/g, '-')}`);
    lines.push(`${dotted('DHCP Enabled')}${nic.dhcp ? 'Yes' : 'No'}`);
    lines.push(`${dotted('Autoconfiguration Enabled')}Yes`);
    lines.push(`${dotted('Link-local IPv6 Address')}${ll}(Preferred)`);
    for (const ip of nic.ips) {
      lines.push(`${dotted('IPv4 Address')}${ip.address}(Preferred)`);
      lines.push(`${dotted('Subnet Mask')}${prefixToNetmask(ip.prefix)}`);
    }
    if (nic.dhcp) {
      lines.push(`${dotted('Lease Obtained')}${fmtDate(now)}`);
      lines.push(`${dotted('Lease Expires')}${fmtDate(new Date(now.getTime() + 86_400_000))}`);
    }
    lines.push(`${dotted('Default Gateway')}${nic.gateway ?? ''}`.trimEnd());
    if (nic.dhcp && nic.gateway) lines.push(`${dotted('DHCP Server')}${nic.gateway}`);
    const iaid = parseInt(createHash('md5').update(nic.mac).digest('hex').slice(0, 7), 16);
    lines.push(`${dotted('DHCPv6 IAID')}${iaid}`);
    lines.push(`${dotted('DHCPv6 Client DUID')}00-01-00-01-2A-3B-4C-5D-${nic.mac.toUpperCase().replace(/:/g, '-')}`);
    if (nic.dns.length) {
      lines.push(`${dotted('DNS Servers')}${nic.dns[0]}`);
      for (const d of nic.dns.slice(1)) lines.push(`${' '.repeat(39)}${d}`);
    } else lines.push(`${dotted('DNS Servers')}fec0:0:0:ffff::1%1`);
    lines.push(`${dotted('NetBIOS over Tcpip')}Enabled`, '');
  });
  return lines.join('\r\n');
}

/** Splits a command line into words (single/double quotes honoured), the way a shell would. */
export function shellWords(cmd: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (const ch of cmd) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(cur);
      cur = '';
      started = false;
    } else {
      cur += ch;
      started = true;
    }
  }
  if (started) words.push(cur);
  return words;
}

/** The guest's disks: its model's, or the RHEL installer default. */
function storageOf(guest: GuestModel) {
  return guest.filesystems ?? defaultGuestStorage(guest.hostname);
}

const LSBLK_JSON_FS = new Set(['lsblk -J -f', 'lsblk -f -J', 'lsblk -Jf', 'lsblk -fJ', 'lsblk --json --fs', 'lsblk --fs --json']);

function lsblk(guest: GuestModel, joined: string): CommandResult {
  if (LSBLK_JSON_FS.has(joined)) return ok(lsblkJsonFs(storageOf(guest)));
  return { stdout: '', stderr: "lsblk: the lab guest answers only 'lsblk -J -f'\n", code: 1 };
}

function xfsInfoCommand(guest: GuestModel, args: string[]): CommandResult {
  const major = Number(guest.osInfo.versionId.split('.')[0] ?? '9');
  return xfsInfo(storageOf(guest), Number.isNaN(major) ? 9 : major, args);
}

const IP_ADDR_JSON = new Set(['ip -j addr', 'ip -j addr show', 'ip -json addr', 'ip -j address', 'ip -j a']);
const NMCLI_DEVICE_SHOW = new Set(['nmcli device show', 'nmcli dev show', 'nmcli d show']);

function linuxCat(guest: GuestModel, args: string[]): CommandResult {
  const onDisk = args.length === 1 ? guest.storage?.cat(args[0] ?? '') : undefined;
  if (onDisk) return onDisk;
  if (args.length === 1 && args[0] === '/etc/os-release') return ok(osRelease(guest));
  if (args.length === 1 && args[0] === '/etc/hostname') return ok(`${guest.hostname}\n`);
  return { stdout: '', stderr: args.map((a) => `cat: ${a}: No such file or directory\n`).join(''), code: 1 };
}

/** The commands a Linux guest knows, each answering as bash and coreutils/iproute2/NetworkManager do. */
const LINUX_COMMANDS: Record<string, (guest: GuestModel, args: string[], joined: string) => CommandResult> = {
  hostname: (guest) => ok(`${guest.hostname}\n`),
  echo: (_guest, args) => ok(`${args.join(' ')}\n`),
  true: () => ok(''),
  whoami: () => ok('root\n'),
  uname: (guest, args) => ok(args.includes('-r') ? `${guest.osInfo.kernelRelease}\n` : 'Linux\n'),
  cat: (guest, args) => linuxCat(guest, args),
  ip: (guest, args, joined) =>
    IP_ADDR_JSON.has(joined)
      ? ok(ipJsonAddr(guest))
      : { stdout: '', stderr: `Command "${args.join(' ')}" is unknown, try "ip help".\n`, code: 1 },
  nmcli: (guest, args, joined) =>
    NMCLI_DEVICE_SHOW.has(joined)
      ? ok(nmcliDeviceShow(guest))
      : { stdout: '', stderr: `Error: argument '${args.join(' ')}' not understood. Try passing --help instead.\n`, code: 2 },
  lsblk: (guest, _args, joined) => lsblk(guest, joined),
  xfs_info: (guest, args) => xfsInfoCommand(guest, args),
  '/usr/sbin/xfs_info': (guest, args) => xfsInfoCommand(guest, args),
  '/sbin/xfs_info': (guest, args) => xfsInfoCommand(guest, args),
  sudo: (guest, args) => linuxCommand(guest, args),
  sync: () => ok(''),
  mkdir: (guest, args) => guest.storage?.mkdir(args) ?? ok(''),
  mount: (guest, args) =>
    guest.storage?.mount(args) ?? {
      stdout: '',
      stderr: `mount: ${args[1] ?? ''}: special device ${args[0] ?? ''} does not exist.\n`,
      code: 32,
    },
  umount: (guest, args) => guest.storage?.umount(args) ?? { stdout: '', stderr: `umount: ${args[0] ?? ''}: not mounted.\n`, code: 32 },
  blockdev: (guest, args) =>
    guest.storage?.blockdev(args) ?? {
      stdout: '',
      stderr: `blockdev: cannot open ${args[args.length - 1] ?? ''}: No such file or directory\n`,
      code: 1,
    },
  sh: (guest, args) => {
    if (args[0] !== '-c') return { stdout: '', stderr: 'sh: only -c is supported by the lab guest\n', code: 2 };
    return guest.storage?.shPipeline(args[1] ?? '') ?? runGuestCommand(guest, args[1] ?? '');
  },
};

function linuxCommand(guest: GuestModel, words: string[]): CommandResult {
  const [cmd, ...args] = words;
  const handler = cmd === undefined || !Object.hasOwn(LINUX_COMMANDS, cmd) ? undefined : LINUX_COMMANDS[cmd];
  if (!handler) return { stdout: '', stderr: `bash: line 1: ${cmd}: command not found\n`, code: 127 };
  return handler(guest, args, words.join(' '));
}

function windowsCommand(guest: GuestModel, words: string[]): CommandResult {
  const [cmdRaw, ...args] = words;
  const cmd = (cmdRaw ?? '').toLowerCase().replace(/\.exe$/, '');
  switch (cmd) {
    case 'hostname':
      return ok(`${guest.hostname}\r\n`);
    case 'echo':
      return ok(`${args.join(' ')}\r\n`);
    case 'whoami':
      return ok(`${guest.hostname.toLowerCase()}\\administrator\r\n`);
    case 'powershell':
      return windowsPowerShell(guest, args);
    case 'ipconfig':
      if (args.length === 1 && args[0]?.toLowerCase() === '/all') return ok(ipconfigAll(guest));
      return { stdout: '\r\nError: unrecognized or incomplete command line.\r\n', stderr: '', code: 1 };
    default:
      return {
        stdout: '',
        stderr: `'${cmdRaw}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
        code: 1,
      };
  }
}

const VBS_QUERY =
  /^\(Get-CimInstance -ClassName Win32_DeviceGuard -Namespace root\\Microsoft\\Windows\\DeviceGuard\)\.VirtualizationBasedSecurityStatus$/;

/** `powershell -Command <script>`: the disk scripts (./guest-storage.ts) and the Device Guard (VBS) query. */
function windowsPowerShell(guest: GuestModel, args: string[]): CommandResult {
  const flag = (args[0] ?? '').toLowerCase();
  if (flag !== '-command' && flag !== '-c')
    return { stdout: '', stderr: `-File ${args[0] ?? ''} is not supported by the lab guest\r\n`, code: 1 };
  const script = args.slice(1).join(' ').trim();
  if (VBS_QUERY.test(script)) return ok(`${guest.vbsStatus ?? 0}\r\n`);
  const disk = guest.storage?.powershell(script);
  if (disk) return disk;
  const first = script.split(/\s+/)[0] ?? '';
  return {
    stdout: '',
    stderr: `${first} : The term '${first}' is not recognized as the name of a cmdlet, function, script file, or operable program.\r\n`,
    code: 1,
  };
}

/** Runs one command line (as sent in an SSH exec request) in the guest. */
export function runGuestCommand(guest: GuestModel, command: string): CommandResult {
  const words = shellWords(command.trim());
  if (!words.length) return ok('');
  return guest.os === 'windows' ? windowsCommand(guest, words) : linuxCommand(guest, words);
}
