import { GuestOutputParseError } from '../../exceptions/post-migration';
import { isIpv4, normalizeMac, toPrefixLength } from './net-format';
import type { GuestInterface, GuestIpv4 } from './types';

/**
 * Parses Windows `ipconfig /all` (English locale). Sections start at a non-indented line ending
 * in ":" ("Ethernet adapter Ethernet0:"); properties are `   Label . . . : value`; a value that
 * continues on the next, deeper-indented line without a label (several gateways or DNS servers)
 * belongs to the previous label. Each "IPv4 Address" is followed by its "Subnet Mask". Values
 * carry suffixes such as "(Preferred)" or "(Duplicate)" that are stripped.
 */
export function parseIpconfigAll(output: string): GuestInterface[] {
  const lines = output.replace(/\r\n?/g, '\n').split('\n');
  const interfaces: GuestInterface[] = [];
  let section: { name: string; props: Array<[string, string[]]> } | undefined;
  const flush = (): void => {
    if (section !== undefined && section.name !== '') interfaces.push(toInterface(section.name, section.props));
    section = undefined;
  };
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      flush();
      const header = /^(.*?adapter)\s+(.+):\s*$/i.exec(line.trim());
      // "Windows IP Configuration" has host-wide properties only; keep it out of the interfaces.
      section = { name: header ? (header[2] as string) : '', props: [] };
      continue;
    }
    if (section === undefined) throw new GuestOutputParseError('ipconfig /all', `property line "${line.trim()}" before any section header`);
    // Property lines are indented a few spaces and split at the first " :" (labels are padded with
    // dot leaders, values such as IPv6 addresses contain ":" but never " :"). Continuation lines
    // are indented to the value column.
    const indent = /^\s*/.exec(line)![0].length;
    const separator = line.indexOf(' :');
    if (indent < 8 && separator > 0) {
      const label = line
        .slice(0, separator)
        .replace(/[\s.]+$/, '')
        .trim();
      const value = line.slice(separator + 2).trim();
      section.props.push([label, value === '' ? [] : [value]]);
      continue;
    }
    if (indent >= 8 && section.props.length > 0) {
      section.props[section.props.length - 1]![1].push(line.trim());
      continue;
    }
    throw new GuestOutputParseError('ipconfig /all', `unexpected line "${line.trim()}"`);
  }
  flush();
  return interfaces;
}

const stripSuffix = (value: string): string => value.replace(/\((Preferred|Deprecated|Duplicate|Tentative)\)\s*$/i, '').trim();

const IPV4_LABELS = ['IPv4 Address', 'IP Address', 'Autoconfiguration IPv4 Address'];

/** Each IPv4 address line with the Subnet Mask line that follows it. */
function ipv4Of(name: string, props: Array<[string, string[]]>): GuestIpv4[] {
  const ipv4: GuestIpv4[] = [];
  for (let index = 0; index < props.length; index += 1) {
    const [label, values] = props[index]!;
    if (!IPV4_LABELS.includes(label)) continue;
    const address = stripSuffix(values[0] ?? '');
    if (!isIpv4(address)) throw new GuestOutputParseError('ipconfig /all', `${label} "${values[0] ?? ''}" of ${name} is not IPv4`);
    const mask = props.slice(index + 1).find(([key]) => key === 'Subnet Mask')?.[1][0];
    if (mask === undefined) throw new GuestOutputParseError('ipconfig /all', `${label} ${address} of ${name} has no Subnet Mask line`);
    ipv4.push({ address, prefixLength: toPrefixLength(mask) });
  }
  return ipv4;
}

function toInterface(name: string, props: Array<[string, string[]]>): GuestInterface {
  const first = (label: string): string | undefined => props.find(([key]) => key === label)?.[1][0];
  const ipv4 = ipv4Of(name, props);
  const gateways = props.find(([key]) => key === 'Default Gateway')?.[1] ?? [];
  const dns = (props.find(([key]) => key === 'DNS Servers')?.[1] ?? []).map(stripSuffix).filter(isIpv4);
  const physical = first('Physical Address');
  const media = first('Media State');
  const dhcpEnabled = first('DHCP Enabled');
  return {
    name,
    mac: physical === undefined ? undefined : normalizeMac(physical),
    ipv4,
    gateway: gateways.map(stripSuffix).find(isIpv4),
    dns,
    dhcp: dhcpEnabled === undefined ? undefined : /^yes$/i.test(dhcpEnabled),
    state: media,
    inactive: media !== undefined && /disconnected/i.test(media),
  };
}
