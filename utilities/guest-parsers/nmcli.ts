import { GuestOutputParseError } from '../../exceptions/post-migration';
import { isIpv4, normalizeMac } from './net-format';
import type { GuestInterface, GuestIpv4 } from './types';

/**
 * Parses `nmcli device show` (the default, human "multiline" format; not -t). Devices are
 * separated by blank lines; each line is `KEY:<spaces>VALUE`, indexed keys look like
 * `IP4.ADDRESS[1]`, and "--" means empty. DHCP is recognised by DHCP4.OPTION lines, which
 * NetworkManager prints only for a DHCP lease.
 */
export function parseNmcliDeviceShow(output: string): GuestInterface[] {
  const blocks = output.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  const interfaces: GuestInterface[] = [];
  for (const block of blocks) {
    const fields = blockFields(block);
    const name = fields.get('GENERAL.DEVICE')?.[0];
    if (name === undefined) {
      if (fields.size === 0) continue;
      throw new GuestOutputParseError('nmcli device show', 'a device block has no GENERAL.DEVICE line');
    }
    interfaces.push(toInterface(name, fields));
  }
  return interfaces;
}

/** A device block's values by key, index dropped (`IP4.ADDRESS[2]` adds to `IP4.ADDRESS`), empty values left out. */
function blockFields(block: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of block.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([A-Z0-9_.-]+?)(?:\[\d+\])?:\s*(.*)$/.exec(line.trim());
    if (!match) throw new GuestOutputParseError('nmcli device show', `unexpected line "${line.trim()}"`);
    const [, key, rawValue] = match as unknown as [string, string, string];
    const value = rawValue.trim();
    if (value === '--' || value === '') continue;
    fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  return fields;
}

function parseIpv4Address(cidr: string): GuestIpv4 {
  const [address, prefix] = cidr.split('/');
  if (address === undefined || !isIpv4(address) || prefix === undefined || !/^\d+$/.test(prefix)) {
    throw new GuestOutputParseError('nmcli device show', `IP4.ADDRESS "${cidr}" is not <ipv4>/<prefix>`);
  }
  return { address, prefixLength: Number(prefix) };
}

function toInterface(name: string, fields: Map<string, string[]>): GuestInterface {
  const ipv4 = (fields.get('IP4.ADDRESS') ?? []).map(parseIpv4Address);
  const hwaddr = fields.get('GENERAL.HWADDR')?.[0];
  const state = fields.get('GENERAL.STATE')?.[0];
  const type = fields.get('GENERAL.TYPE')?.[0];
  return {
    name,
    mac: hwaddr === undefined ? undefined : normalizeMac(hwaddr),
    ipv4,
    gateway: fields.get('IP4.GATEWAY')?.[0],
    dns: fields.get('IP4.DNS') ?? [],
    dhcp: ipv4.length === 0 ? undefined : fields.has('DHCP4.OPTION'),
    state,
    // The Python suite skips lo and disconnected/unavailable/unmanaged devices.
    inactive: type === 'loopback' || name === 'lo' || (state !== undefined && !/\(connected/.test(state)),
  };
}
