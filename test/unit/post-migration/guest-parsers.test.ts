import { GuestOutputParseError } from '../../../exceptions/post-migration';
import { normalizeMac, parseIpconfigAll, parseIpJsonAddr, parseNmcliDeviceShow, toPrefixLength } from '../../../utilities/guest-parsers';

// Samples written in the exact layout of NetworkManager 1.4x `nmcli device show`.
const NMCLI_STATIC = `GENERAL.DEVICE:                         ens192
GENERAL.TYPE:                           ethernet
GENERAL.HWADDR:                         00:50:56:A1:B2:C3
GENERAL.MTU:                            1500
GENERAL.STATE:                          100 (connected)
GENERAL.CONNECTION:                     ens192
GENERAL.CON-PATH:                       /org/freedesktop/NetworkManager/ActiveConnection/2
WIRED-PROPERTIES.CARRIER:               on
IP4.ADDRESS[1]:                         10.10.20.31/24
IP4.ADDRESS[2]:                         10.10.21.31/23
IP4.GATEWAY:                            10.10.20.1
IP4.ROUTE[1]:                           dst = 10.10.20.0/24, nh = 0.0.0.0, mt = 100
IP4.ROUTE[2]:                           dst = 0.0.0.0/0, nh = 10.10.20.1, mt = 100
IP4.DNS[1]:                             10.10.0.2
IP4.DNS[2]:                             10.10.0.3
IP6.ADDRESS[1]:                         fe80::250:56ff:fea1:b2c3/64
IP6.GATEWAY:                            --
IP6.ROUTE[1]:                           dst = fe80::/64, nh = ::, mt = 1024

GENERAL.DEVICE:                         eth1
GENERAL.TYPE:                           ethernet
GENERAL.HWADDR:                         02:00:00:00:00:07
GENERAL.MTU:                            1500
GENERAL.STATE:                          100 (connected)
GENERAL.CONNECTION:                     Wired connection 1
GENERAL.CON-PATH:                       /org/freedesktop/NetworkManager/ActiveConnection/3
WIRED-PROPERTIES.CARRIER:               on
IP4.ADDRESS[1]:                         10.128.0.42/23
IP4.GATEWAY:                            10.128.0.1
IP4.ROUTE[1]:                           dst = 0.0.0.0/0, nh = 10.128.0.1, mt = 101
IP4.DNS[1]:                             172.30.0.10
DHCP4.OPTION[1]:                        dhcp_lease_time = 86313600
DHCP4.OPTION[2]:                        domain_name_servers = 172.30.0.10
DHCP4.OPTION[3]:                        ip_address = 10.128.0.42
IP6.GATEWAY:                            --

GENERAL.DEVICE:                         lo
GENERAL.TYPE:                           loopback
GENERAL.HWADDR:                         00:00:00:00:00:00
GENERAL.MTU:                            65536
GENERAL.STATE:                          10 (unmanaged)
GENERAL.CONNECTION:                     --
GENERAL.CON-PATH:                       --
IP4.ADDRESS[1]:                         127.0.0.1/8
IP4.GATEWAY:                            --
IP6.ADDRESS[1]:                         ::1/128
IP6.GATEWAY:                            --

GENERAL.DEVICE:                         ens224
GENERAL.TYPE:                           ethernet
GENERAL.HWADDR:                         00:50:56:A1:00:09
GENERAL.MTU:                            1500
GENERAL.STATE:                          30 (disconnected)
GENERAL.CONNECTION:                     --
GENERAL.CON-PATH:                       --
WIRED-PROPERTIES.CARRIER:               off
`;

// Windows Server 2019 `ipconfig /all` as it arrives over SSH (CRLF line ends).
const IPCONFIG = [
  '',
  'Windows IP Configuration',
  '',
  '   Host Name . . . . . . . . . . . . : WIN2019-3DISKS',
  '   Primary Dns Suffix  . . . . . . . :',
  '   Node Type . . . . . . . . . . . . : Hybrid',
  '   IP Routing Enabled. . . . . . . . : No',
  '   WINS Proxy Enabled. . . . . . . . : No',
  '',
  'Ethernet adapter Ethernet0:',
  '',
  '   Connection-specific DNS Suffix  . :',
  '   Description . . . . . . . . . . . : Red Hat VirtIO Ethernet Adapter',
  '   Physical Address. . . . . . . . . : 00-50-56-A1-B2-C3',
  '   DHCP Enabled. . . . . . . . . . . : No',
  '   Autoconfiguration Enabled . . . . : Yes',
  '   Link-local IPv6 Address . . . . . : fe80::1c2d:3e4f:5a6b:7c8d%6(Preferred)',
  '   IPv4 Address. . . . . . . . . . . : 10.10.20.40(Preferred)',
  '   Subnet Mask . . . . . . . . . . . : 255.255.255.0',
  '   IPv4 Address. . . . . . . . . . . : 10.10.22.40(Preferred)',
  '   Subnet Mask . . . . . . . . . . . : 255.255.254.0',
  '   Default Gateway . . . . . . . . . : fe80::1%6',
  '                                       10.10.20.1',
  '   DHCPv6 IAID . . . . . . . . . . . : 100683862',
  '   DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-2A-3B-4C-5D-00-50-56-A1-B2-C3',
  '   DNS Servers . . . . . . . . . . . : fec0:0:0:ffff::1%1',
  '                                       10.10.0.2',
  '                                       10.10.0.3',
  '   NetBIOS over Tcpip. . . . . . . . : Enabled',
  '',
  'Ethernet adapter Ethernet1:',
  '',
  '   Connection-specific DNS Suffix  . : cluster.local',
  '   Description . . . . . . . . . . . : Red Hat VirtIO Ethernet Adapter #2',
  '   Physical Address. . . . . . . . . : 02-00-00-00-00-08',
  '   DHCP Enabled. . . . . . . . . . . : Yes',
  '   Autoconfiguration Enabled . . . . : Yes',
  '   IPv4 Address. . . . . . . . . . . : 10.128.0.43(Preferred)',
  '   Subnet Mask . . . . . . . . . . . : 255.255.254.0',
  '   Lease Obtained. . . . . . . . . . : Monday, November 23, 2026 1:02:03 PM',
  '   Lease Expires . . . . . . . . . . : Tuesday, November 24, 2026 1:02:03 PM',
  '   Default Gateway . . . . . . . . . : 10.128.0.1',
  '   DHCP Server . . . . . . . . . . . : 10.128.0.1',
  '   DNS Servers . . . . . . . . . . . : 172.30.0.10',
  '',
  'Tunnel adapter isatap.{5D3B1C8E-1111-2222-3333-444455556666}:',
  '',
  '   Media State . . . . . . . . . . . : Media disconnected',
  '   Connection-specific DNS Suffix  . :',
  '   Description . . . . . . . . . . . : Microsoft ISATAP Adapter',
  '   Physical Address. . . . . . . . . : 00-00-00-00-00-00-00-E0',
  '   DHCP Enabled. . . . . . . . . . . : No',
  '   Autoconfiguration Enabled . . . . : Yes',
  '',
].join('\r\n');

// iproute2 6.x `ip -j addr` (one line in reality; pretty-printed here for reading).
const IP_JSON = JSON.stringify([
  {
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
    ],
  },
  {
    ifindex: 2,
    ifname: 'ens192',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    qdisc: 'mq',
    operstate: 'UP',
    group: 'default',
    txqlen: 1000,
    link_type: 'ether',
    address: '00:50:56:a1:b2:c3',
    broadcast: 'ff:ff:ff:ff:ff:ff',
    altnames: ['enp11s0'],
    addr_info: [
      {
        family: 'inet',
        local: '10.10.20.31',
        prefixlen: 24,
        broadcast: '10.10.20.255',
        scope: 'global',
        noprefixroute: true,
        label: 'ens192',
        valid_life_time: 4294967295,
        preferred_life_time: 4294967295,
      },
      {
        family: 'inet6',
        local: 'fe80::250:56ff:fea1:b2c3',
        prefixlen: 64,
        scope: 'link',
        noprefixroute: true,
        valid_life_time: 4294967295,
        preferred_life_time: 4294967295,
      },
    ],
  },
  {
    ifindex: 3,
    ifname: 'eth1',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    qdisc: 'fq_codel',
    operstate: 'UP',
    group: 'default',
    txqlen: 1000,
    link_type: 'ether',
    address: '02:00:00:00:00:07',
    broadcast: 'ff:ff:ff:ff:ff:ff',
    addr_info: [
      {
        family: 'inet',
        local: '10.128.0.42',
        prefixlen: 23,
        broadcast: '10.128.1.255',
        scope: 'global',
        dynamic: true,
        noprefixroute: true,
        label: 'eth1',
        valid_life_time: 86313557,
        preferred_life_time: 86313557,
      },
    ],
  },
  {
    ifindex: 4,
    ifname: 'ens224',
    flags: ['BROADCAST', 'MULTICAST'],
    mtu: 1500,
    qdisc: 'noop',
    operstate: 'DOWN',
    group: 'default',
    txqlen: 1000,
    link_type: 'ether',
    address: '00:50:56:a1:00:09',
    broadcast: 'ff:ff:ff:ff:ff:ff',
    addr_info: [],
  },
]);

describe('nmcli device show', () => {
  const parsed = parseNmcliDeviceShow(NMCLI_STATIC);
  it('reads every device block with MAC, addresses, gateway, DNS and DHCP', () => {
    expect(parsed.map((i) => i.name)).toEqual(['ens192', 'eth1', 'lo', 'ens224']);
    expect(parsed[0]).toEqual({
      name: 'ens192',
      mac: '00:50:56:a1:b2:c3',
      ipv4: [
        { address: '10.10.20.31', prefixLength: 24 },
        { address: '10.10.21.31', prefixLength: 23 },
      ],
      gateway: '10.10.20.1',
      dns: ['10.10.0.2', '10.10.0.3'],
      dhcp: false,
      state: '100 (connected)',
      inactive: false,
    });
    expect(parsed[1]).toMatchObject({ name: 'eth1', dhcp: true, gateway: '10.128.0.1', dns: ['172.30.0.10'] });
  });
  it('marks loopback and disconnected devices inactive and treats "--" as empty', () => {
    expect(parsed[2]).toMatchObject({ name: 'lo', inactive: true });
    expect(parsed[3]).toMatchObject({ name: 'ens224', inactive: true, ipv4: [], gateway: undefined, dhcp: undefined });
  });
  it('rejects output that is not nmcli', () => {
    expect(() => parseNmcliDeviceShow('Error: NetworkManager is not running.')).toThrow(GuestOutputParseError);
    expect(() => parseNmcliDeviceShow('GENERAL.DEVICE: eth0\nIP4.ADDRESS[1]: 10.0.0.1')).toThrow(/not <ipv4>\/<prefix>/);
  });
});

describe('ipconfig /all', () => {
  const parsed = parseIpconfigAll(IPCONFIG);
  it('reads adapters, multiple IPv4 with their masks, the IPv4 gateway among continuations, DNS', () => {
    expect(parsed.map((i) => i.name)).toEqual(['Ethernet0', 'Ethernet1', 'isatap.{5D3B1C8E-1111-2222-3333-444455556666}']);
    expect(parsed[0]).toEqual({
      name: 'Ethernet0',
      mac: '00:50:56:a1:b2:c3',
      ipv4: [
        { address: '10.10.20.40', prefixLength: 24 },
        { address: '10.10.22.40', prefixLength: 23 },
      ],
      gateway: '10.10.20.1',
      dns: ['10.10.0.2', '10.10.0.3'],
      dhcp: false,
      state: undefined,
      inactive: false,
    });
    expect(parsed[1]).toMatchObject({
      name: 'Ethernet1',
      dhcp: true,
      gateway: '10.128.0.1',
      ipv4: [{ address: '10.128.0.43', prefixLength: 23 }],
    });
  });
  it('marks media-disconnected adapters inactive', () => {
    expect(parsed[2]).toMatchObject({ inactive: true, state: 'Media disconnected', ipv4: [] });
  });
  it('rejects an address without a subnet mask', () => {
    expect(() => parseIpconfigAll('Ethernet adapter E:\n   IPv4 Address. . . : 10.0.0.1\n')).toThrow(/no Subnet Mask/);
  });
});

describe('ip -j addr', () => {
  const parsed = parseIpJsonAddr(IP_JSON);
  it('reads inet addresses; dynamic marks DHCP; loopback and DOWN are inactive', () => {
    expect(parsed.map((i) => [i.name, i.inactive])).toEqual([
      ['lo', true],
      ['ens192', false],
      ['eth1', false],
      ['ens224', true],
    ]);
    expect(parsed[1]).toMatchObject({
      mac: '00:50:56:a1:b2:c3',
      ipv4: [{ address: '10.10.20.31', prefixLength: 24 }],
      dhcp: false,
      gateway: undefined,
    });
    expect(parsed[2]).toMatchObject({ dhcp: true });
  });
  it('rejects non-JSON output', () => {
    expect(() => parseIpJsonAddr('1: lo: <LOOPBACK,UP>')).toThrow(/not JSON/);
  });
});

describe('address helpers', () => {
  it('normalizes the three MAC spellings', () => {
    expect(normalizeMac('00-50-56-A1-B2-C3')).toBe('00:50:56:a1:b2:c3');
    expect(normalizeMac('0050.56a1.b2c3')).toBe('00:50:56:a1:b2:c3');
    expect(normalizeMac('00:50:56:A1:B2:C3')).toBe('00:50:56:a1:b2:c3');
  });
  it('turns dotted masks and prefixes into prefix lengths and rejects holes', () => {
    expect(toPrefixLength('255.255.255.0')).toBe(24);
    expect(toPrefixLength('255.255.254.0')).toBe(23);
    expect(toPrefixLength('255.255.255.255')).toBe(32);
    expect(toPrefixLength('0.0.0.0')).toBe(0);
    expect(toPrefixLength(16)).toBe(16);
    expect(toPrefixLength('24')).toBe(24);
    expect(() => toPrefixLength('255.0.255.0')).toThrow(/contiguous/);
    expect(() => toPrefixLength(33)).toThrow(/outside/);
  });
});
