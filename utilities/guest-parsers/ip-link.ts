/**
 * `ip -j link show` (iproute2 JSON) → the guest's interface names by MAC, and the source NICs
 * with their guest NIC names: what the Python suite's detect_guest_nic_names records before
 * migration (loopback and links without a MAC skipped; a NIC the guest does not show keeps none).
 */
import { GuestOutputParseError } from '../../exceptions/post-migration';
import type { SourceNic } from '../post-migration/facts';

const normalizeMac = (mac: string): string => mac.trim().toLowerCase().replace(/[-.]/g, ':');

/** MAC (lower case, colons) → interface name. */
export function linkNamesByMac(json: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new GuestOutputParseError('ip -j link show', `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(parsed)) throw new GuestOutputParseError('ip -j link show', 'expected a JSON array of links');
  const out = new Map<string, string>();
  for (const link of parsed as Array<{ ifname?: unknown; address?: unknown }>) {
    if (typeof link.ifname !== 'string' || typeof link.address !== 'string') continue;
    if (link.ifname === 'lo' || link.address === '') continue;
    out.set(normalizeMac(link.address), link.ifname);
  }
  return out;
}

/** The NICs with guestNicName set where the guest has a link with the NIC's MAC. */
export function withGuestNicNames(nics: readonly SourceNic[], json: string): SourceNic[] {
  return withNicNames(nics, linkNamesByMac(json));
}

/** The NICs with guestNicName set from a MAC → guest name map (a NIC the guest does not show keeps none). */
export function withNicNames(nics: readonly SourceNic[], names: ReadonlyMap<string, string>): SourceNic[] {
  return nics.map((nic) => {
    const name = names.get(normalizeMac(nic.mac));
    return name === undefined ? { ...nic } : { ...nic, guestNicName: name };
  });
}
