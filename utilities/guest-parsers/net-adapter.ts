/**
 * Windows guest NIC names: `Get-NetAdapter | Select-Object Name, MacAddress | ConvertTo-Json`. The
 * Python suite reads guest NIC names only on Linux (`ip -j link show`); issue #10 asks the NIC-name
 * check to hold for the Windows comprehensive scenarios too, so the suite reads the adapter names
 * Windows shows (Ethernet0, Ethernet1, ... on VMware) and compares them after migration.
 */
import { GuestOutputParseError } from '../../exceptions/post-migration';
import { normalizeMac } from './net-format';

/** The script: every adapter (hidden ones too, a renamed migrated NIC may be one) as a JSON array. */
export const NET_ADAPTER_SCRIPT = 'ConvertTo-Json -Compress -InputObject @(Get-NetAdapter -IncludeHidden | Select-Object Name, MacAddress)';

/** MAC (lower case, colons) → adapter name. ConvertTo-Json prints one adapter as an object, not an array. */
export function netAdapterNamesByMac(json: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.trim());
  } catch (e) {
    throw new GuestOutputParseError('Get-NetAdapter', `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const adapters = Array.isArray(parsed) ? parsed : [parsed];
  const out = new Map<string, string>();
  for (const adapter of adapters as Array<{ Name?: unknown; MacAddress?: unknown } | null>) {
    if (typeof adapter?.Name !== 'string' || typeof adapter.MacAddress !== 'string' || adapter.MacAddress === '') continue;
    out.set(normalizeMac(adapter.MacAddress), adapter.Name);
  }
  return out;
}
