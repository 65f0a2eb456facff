import { runGuestCommand, shellWords } from '../../../lab/guests/commands';
import type { GuestModel } from '../../../lab/kubevirt/guest-model';
import { osInfoFor } from '../../../lab/kubevirt/guest-model';
import { parseIpconfigAll, parseIpJsonAddr, parseNmcliDeviceShow } from '../../../utilities/guest-parsers';

const linux: GuestModel = {
  os: 'linux',
  hostname: 'mtv-tests-rhel8',
  agent: true,
  osInfo: osInfoFor({ guestId: 'rhel8_64Guest', guestFamily: 'linuxGuest' } as never).info,
  nics: [
    {
      network: 'net-0',
      mac: '00:50:56:aa:00:01',
      device: 'ens192',
      ips: [{ address: '10.10.0.21', prefix: 24 }],
      gateway: '10.10.0.1',
      dns: ['10.10.0.2'],
      dhcp: false,
      podNetwork: false,
    },
    {
      network: 'net-1',
      mac: '02:00:00:00:00:07',
      device: 'ens224',
      ips: [{ address: '10.128.2.15', prefix: 23 }],
      gateway: '10.128.2.1',
      dns: ['172.30.0.10'],
      dhcp: true,
      podNetwork: true,
    },
  ],
};
const windows: GuestModel = {
  ...linux,
  os: 'windows',
  hostname: 'MTV-WIN2019-3DI',
  osInfo: osInfoFor({ guestId: 'windows2019srv_64Guest', guestFamily: 'windowsGuest' } as never).info,
  nics: linux.nics.map((n, i) => ({ ...n, device: `Ethernet${i}` })),
};

describe('guest commands (checked with the suite’s own parsers)', () => {
  it('nmcli device show', () => {
    const r = runGuestCommand(linux, 'nmcli device show');
    expect(r.code).toBe(0);
    const parsed = parseNmcliDeviceShow(r.stdout);
    const ens192 = parsed.find((i) => i.name === 'ens192');
    expect(ens192).toMatchObject({ mac: '00:50:56:aa:00:01', ipv4: [{ address: '10.10.0.21', prefixLength: 24 }], gateway: '10.10.0.1' });
    expect(parsed.find((i) => i.name === 'ens224')).toMatchObject({ ipv4: [{ address: '10.128.2.15', prefixLength: 23 }] });
    expect(r.stdout).toContain('GENERAL.STATE:                          100 (connected)');
  });

  it('ip -j addr', () => {
    const parsed = parseIpJsonAddr(runGuestCommand(linux, 'ip -j addr').stdout);
    expect(parsed.find((i) => i.name === 'ens192')).toMatchObject({
      mac: '00:50:56:aa:00:01',
      ipv4: [{ address: '10.10.0.21', prefixLength: 24 }],
    });
  });

  it('ipconfig /all', () => {
    const r = runGuestCommand(windows, 'ipconfig /all');
    expect(r.stdout).toContain('\r\n');
    expect(r.stdout).toContain('   Physical Address. . . . . . . . . : 00-50-56-AA-00-01');
    expect(r.stdout).toContain('   IPv4 Address. . . . . . . . . . . : 10.10.0.21(Preferred)');
    expect(r.stdout).toContain('   DHCP Enabled. . . . . . . . . . . : No');
    const parsed = parseIpconfigAll(r.stdout);
    expect(parsed.find((i) => i.name === 'Ethernet0')).toMatchObject({
      mac: '00:50:56:aa:00:01',
      ipv4: [{ address: '10.10.0.21', prefixLength: 24 }],
      gateway: '10.10.0.1',
    });
    expect(parsed.find((i) => i.name === 'Ethernet1')).toMatchObject({ ipv4: [{ address: '10.128.2.15', prefixLength: 23 }] });
  });

  it('hostname, echo, os-release, unknown commands', () => {
    expect(runGuestCommand(linux, 'hostname')).toEqual({ stdout: 'mtv-tests-rhel8\n', stderr: '', code: 0 });
    expect(runGuestCommand(linux, "echo 'hello world'").stdout).toBe('hello world\n');
    expect(runGuestCommand(linux, 'cat /etc/os-release').stdout).toContain('PRETTY_NAME="Red Hat Enterprise Linux 8.10 (Ootpa)"');
    expect(runGuestCommand(linux, 'frobnicate')).toEqual({
      stdout: '',
      stderr: 'bash: line 1: frobnicate: command not found\n',
      code: 127,
    });
    expect(runGuestCommand(linux, 'cat /opt/mtv_data_integrity/marker.txt').code).toBe(1);
    expect(runGuestCommand(windows, 'hostname').stdout).toBe('MTV-WIN2019-3DI\r\n');
    expect(runGuestCommand(windows, 'frobnicate')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("'frobnicate' is not recognized"),
    });
    expect(shellWords(`a "b c" 'd'`)).toEqual(['a', 'b c', 'd']);
  });
});
