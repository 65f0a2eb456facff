import { GuestOutputParseError } from '../../exceptions/post-migration';
import { normalizeMac } from './net-format';
import type { GuestInterface } from './types';

/** The subset of iproute2's `ip -j addr` JSON the checks use. */
interface IpAddrEntry {
  ifname?: unknown;
  address?: unknown;
  operstate?: unknown;
  link_type?: unknown;
  flags?: unknown;
  addr_info?: unknown;
}
interface IpAddrInfo {
  family?: unknown;
  local?: unknown;
  prefixlen?: unknown;
  dynamic?: unknown;
}

/**
 * Parses `ip -j addr` (iproute2 JSON). `dynamic: true` on an address marks a DHCP (or SLAAC)
 * lease; static addresses lack it. iproute2 knows no gateway or DNS per interface.
 */
export function parseIpJsonAddr(output: string): GuestInterface[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch (error) {
    throw new GuestOutputParseError('ip -j addr', `not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new GuestOutputParseError('ip -j addr', 'top level is not an array');
  return (parsed as IpAddrEntry[]).map((entry, index) => {
    if (typeof entry.ifname !== 'string') throw new GuestOutputParseError('ip -j addr', `entry ${index} has no ifname`);
    const infos = Array.isArray(entry.addr_info) ? (entry.addr_info as IpAddrInfo[]) : [];
    const inet = infos.filter((info) => info.family === 'inet');
    const ipv4 = inet.map((info) => {
      if (typeof info.local !== 'string' || typeof info.prefixlen !== 'number') {
        throw new GuestOutputParseError('ip -j addr', `inet address of ${entry.ifname as string} lacks local/prefixlen`);
      }
      return { address: info.local, prefixLength: info.prefixlen };
    });
    const flags = Array.isArray(entry.flags) ? (entry.flags as unknown[]) : [];
    const operstate = typeof entry.operstate === 'string' ? entry.operstate : undefined;
    return {
      name: entry.ifname,
      mac: typeof entry.address === 'string' && entry.link_type !== 'loopback' ? normalizeMac(entry.address) : undefined,
      ipv4,
      gateway: undefined,
      dns: [],
      dhcp: inet.length === 0 ? undefined : inet.some((info) => info.dynamic === true),
      state: operstate,
      inactive: entry.link_type === 'loopback' || flags.includes('LOOPBACK') || operstate === 'DOWN',
    };
  });
}
