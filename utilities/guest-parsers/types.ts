/** One IPv4 address as configured in the guest. */
export interface GuestIpv4 {
  readonly address: string;
  readonly prefixLength: number;
}

/**
 * A network interface as the guest reports it, the common shape of `nmcli device show`,
 * `ipconfig /all` and `ip -j addr`. Fields a tool does not report are undefined
 * (`ip addr` knows no gateway or DNS).
 */
export interface GuestInterface {
  /** Device name (eth0, ens192) or Windows connection name (Ethernet0). */
  readonly name: string;
  /** Lower-case, colon-separated (see normalizeMac). Undefined when the tool shows none. */
  readonly mac: string | undefined;
  readonly ipv4: readonly GuestIpv4[];
  readonly gateway: string | undefined;
  readonly dns: readonly string[];
  /** true when the addresses come from DHCP, false when static, undefined when unknown. */
  readonly dhcp: boolean | undefined;
  /** Tool-specific link state text ("100 (connected)", "Media disconnected", "UP"). */
  readonly state: string | undefined;
  /** true when the tool says the link is down / disconnected / loopback. */
  readonly inactive: boolean;
}
