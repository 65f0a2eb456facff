/**
 * What runs inside a migrated VM, as data: its OS, hostname, whether a guest agent runs, and its
 * network interfaces with the addresses the guest actually holds. The KubeVirt controller derives
 * it when a VMI starts and reports it (interfaces, guestOSInfo, AgentConnected); the SSH guests
 * answer from the same data, so a fault is visible in both places.
 */
import type { GuestStorage } from '../guests/guest-storage';
import type { SimGuestDisk, SimGuestNic, SimVm } from '../vsphere/model';

export type GuestOs = 'linux' | 'windows';

export interface GuestIp {
  address: string;
  prefix: number;
}

export interface GuestNic {
  network: string; // VMI interface / network name, e.g. "net-0"
  mac: string; // lower-case, colon separated
  device: string; // guest device name: ens192, eth0, Ethernet0
  ips: GuestIp[];
  gateway?: string;
  dns: string[];
  dhcp: boolean;
  podNetwork: boolean;
}

export interface GuestOsInfo {
  id: string;
  name: string;
  prettyName: string;
  version: string;
  versionId: string;
  kernelRelease: string;
  kernelVersion: string;
  machine: string;
}

export interface GuestModel {
  os: GuestOs;
  hostname: string;
  agent: boolean; // a guest agent runs (vSphere source: it had VMware tools; KubeVirt-native guests: qemu-guest-agent)
  /** A login cloud-init configured in the guest (user/password of its cloud-config), if any. */
  cloudInitLogin?: { user: string; password: string };
  osInfo: GuestOsInfo;
  nics: GuestNic[];
  sourceMoref?: string;
  /** What the guest finds on its disks (lsblk, xfs_info); absent: the RHEL installer default. */
  filesystems?: SimGuestDisk[];
  /** The guest's disks (VMI volumes on their PVCs' data); absent: no disk commands. */
  storage?: GuestStorage;
  /** Windows: Win32_DeviceGuard.VirtualizationBasedSecurityStatus (0 off, 1 enabled not running, 2 running). */
  vbsStatus?: number;
}

/**
 * The source guest's disks as the migrated guest finds them: migration copies them block for
 * block, so LUKS containers stay encrypted and filesystems keep their on-disk format. Lab faults:
 * `luks-lost` (the target disk holds the decrypted filesystem), `xfs-upgraded` (XFS v4 became v5).
 */
export function migratedStorage(source: readonly SimGuestDisk[], faults: { luksLost: boolean; xfsUpgraded: boolean }): SimGuestDisk[] {
  return source.map((d) => ({
    partitions: d.partitions.map((p) => {
      const filesystem = { ...p.filesystem };
      if (faults.xfsUpgraded && filesystem.fstype === 'xfs') filesystem.xfsCrc = 1;
      return p.luks && !faults.luksLost ? { luks: { ...p.luks }, filesystem } : { filesystem };
    }),
  }));
}

/** The VM template's interface/network pairs the guest sees as NICs. */
export interface TemplateNic {
  name: string;
  mac?: string;
  podNetwork: boolean;
  multusNetwork?: string;
}

export interface TemplateSpecLike {
  domain?: { devices?: { interfaces?: Array<{ name?: string; macAddress?: string }> } };
  networks?: Array<{ name?: string; pod?: unknown; multus?: { networkName?: string } }>;
}

export function templateNics(spec: TemplateSpecLike | undefined): TemplateNic[] {
  const networks = spec?.networks ?? [];
  return (spec?.domain?.devices?.interfaces ?? []).map((iface, i) => {
    const name = iface.name ?? `nic-${i}`;
    const net = networks.find((n) => n.name === name);
    return {
      name,
      ...(iface.macAddress ? { mac: iface.macAddress.toLowerCase() } : {}),
      podNetwork: !net || net.pod !== undefined,
      ...(net?.multus?.networkName ? { multusNetwork: net.multus.networkName } : {}),
    };
  });
}

export function osInfoFor(source: Pick<SimVm, 'guestId' | 'guestFamily'> | undefined): { os: GuestOs; info: GuestOsInfo } {
  const guestId = source?.guestId ?? 'rhel9_64Guest';
  if (source?.guestFamily === 'windowsGuest' || guestId.startsWith('windows')) {
    const is2022 = guestId.includes('Next') || guestId.includes('2022');
    return {
      os: 'windows',
      info: {
        id: 'mswindows',
        name: 'Microsoft Windows',
        prettyName: is2022 ? 'Windows Server 2022 Standard' : 'Windows Server 2019 Standard',
        version: '10.0',
        versionId: is2022 ? '2022' : '2019',
        kernelRelease: is2022 ? '20348' : '17763',
        kernelVersion: '10.0',
        machine: 'x86_64',
      },
    };
  }
  const major = /rhel(\d+)/.exec(guestId)?.[1] ?? '9';
  const rel: Record<string, { v: string; code: string; kernel: string }> = {
    '7': { v: '7.9', code: 'Maipo', kernel: '3.10.0-1160.el7.x86_64' },
    '8': { v: '8.10', code: 'Ootpa', kernel: '4.18.0-553.el8_10.x86_64' },
    '9': { v: '9.6', code: 'Plow', kernel: '5.14.0-570.12.1.el9_6.x86_64' },
  };
  const r = rel[major] ?? rel['9'] ?? { v: '9.6', code: 'Plow', kernel: '5.14.0-570.12.1.el9_6.x86_64' };
  return {
    os: 'linux',
    info: {
      id: 'rhel',
      name: 'Red Hat Enterprise Linux',
      prettyName: `Red Hat Enterprise Linux ${major === '7' ? 'Server ' : ''}${r.v} (${r.code})`,
      version: `${r.v} (${r.code})`,
      versionId: r.v,
      kernelRelease: r.kernel,
      kernelVersion: '#1 SMP PREEMPT_DYNAMIC',
      machine: 'x86_64',
    },
  };
}

/**
 * The guest of a VM migrated from a source the lab's vSphere model does not hold (oVirt,
 * OpenStack): the OS Forklift's builder put in the template's `vm.kubevirt.io/os` annotation.
 */
export function guestFromTemplateOs(templateOs: string | undefined): Pick<SimVm, 'guestId' | 'guestFamily'> {
  const windows = (templateOs ?? '').startsWith('win');
  return windows
    ? { guestId: 'windows2019srv_64Guest', guestFamily: 'windowsGuest' }
    : { guestId: `${/^rhel\d+/.exec(templateOs ?? '')?.[0] ?? 'rhel9'}_64Guest`, guestFamily: 'linuxGuest' };
}

/** The guest hostname: the source guest's name; Windows computer names are upper-case NetBIOS (15 chars). */
export function guestHostname(os: GuestOs, source: SimVm | undefined, vmName: string): string {
  const base = source?.hostName || vmName;
  return os === 'windows' ? base.toUpperCase().slice(0, 15) : base;
}

export interface DhcpLease {
  ip: GuestIp;
  gateway: string;
  dns: string[];
}

export interface GuestNetworkInput {
  os: GuestOs;
  nics: TemplateNic[];
  sourceGuestNics: SimGuestNic[];
  preserveStaticIPs: boolean;
  staticIpLost: boolean; // lab fault static-ip-lost
  nicRenamed?: boolean; // lab fault nic-renamed
  /** A DHCP lease for NIC `index` (the controller keeps leases stable across reconciles). */
  lease(nic: TemplateNic, index: number): DhcpLease;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The source guest NIC a target NIC continues: same MAC (Forklift keeps MACs), else same position. */
export function sourceNicFor(nic: TemplateNic, index: number, source: SimGuestNic[]): SimGuestNic | undefined {
  if (nic.mac) {
    const byMac = source.find((s) => s.mac.toLowerCase() === nic.mac);
    if (byMac) return byMac;
    return undefined;
  }
  return source[index];
}

/** Forklift keeps the source's guest NIC names; nic-renamed: the names a fresh virtio NIC gets. */
function deviceName(input: GuestNetworkInput, src: SimGuestNic | undefined, i: number): string {
  if (input.nicRenamed) return input.os === 'windows' ? `Ethernet ${i + 2}` : `enp${i + 1}s0`;
  return src?.guestDeviceName ?? (input.os === 'windows' ? `Ethernet${i}` : `eth${i}`);
}

export function guestNics(input: GuestNetworkInput): GuestNic[] {
  return input.nics.map((nic, i) => {
    const src = sourceNicFor(nic, i, input.sourceGuestNics);
    const device = deviceName(input, src, i);
    const staticIps = (src?.ips ?? [])
      .filter((ip) => ip.origin === 'manual' && IPV4.test(ip.ipAddress))
      .map((ip) => ({ address: ip.ipAddress, prefix: ip.prefixLength }));
    const base = { network: nic.name, mac: nic.mac ?? '', device, podNetwork: nic.podNetwork };
    if (input.preserveStaticIPs && !input.staticIpLost && staticIps.length) {
      return {
        ...base,
        ips: staticIps,
        ...(src?.gateway ? { gateway: src.gateway } : {}),
        dns: src?.dns?.length ? [...src.dns] : [],
        dhcp: false,
      };
    }
    const lease = input.lease(nic, i);
    return { ...base, ips: [lease.ip], gateway: lease.gateway, dns: lease.dns, dhcp: true };
  });
}

export function prefixToNetmask(prefix: number): string {
  const bits = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
}

interface CloudInitVolume {
  cloudInitNoCloud?: { userData?: string; userDataBase64?: string };
  cloudInitConfigDrive?: { userData?: string; userDataBase64?: string };
}

/**
 * The login a cloud-config sets up: `user:` (default "cloud-user" on RHEL images, "fedora" etc. are
 * image specific; the lab uses the RHEL default) and `password:`. Undefined without a password.
 */
export function cloudInitLogin(volumes: CloudInitVolume[] | undefined): { user: string; password: string } | undefined {
  for (const v of volumes ?? []) {
    const src = v.cloudInitNoCloud ?? v.cloudInitConfigDrive;
    if (!src) continue;
    const text = src.userData ?? (src.userDataBase64 ? Buffer.from(src.userDataBase64, 'base64').toString('utf8') : '');
    const scalar = (key: string): string | undefined => {
      const m = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(text);
      return m?.[1]?.replace(/^(['"])(.*)\1$/, '$2');
    };
    const password = scalar('password');
    if (password) return { user: scalar('user') ?? 'cloud-user', password };
  }
  return undefined;
}
