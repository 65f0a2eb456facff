import { GuestOutputParseError } from '../../exceptions/post-migration';

/**
 * MACs are compared in one spelling: lower case with colons. Windows prints 00-50-56-A1-B2-C3,
 * Cisco-style tools 0050.56a1.b2c3, vSphere 00:50:56:a1:b2:c3.
 */
export function normalizeMac(mac: string): string {
  const hex = mac.trim().toLowerCase().replace(/[-.:]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return mac.trim().toLowerCase().replace(/[-.]/g, ':');
  return hex.match(/../g)!.join(':');
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpv4(text: string): boolean {
  const match = IPV4.exec(text.trim());
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * A netmask as a prefix length. Accepts "24", 24 and "255.255.255.0" (the Python suite compares
 * through IPv4Network("0.0.0.0/<m>"), which also accepts both). A dotted mask with holes
 * (255.0.255.0) is not a netmask and throws.
 */
export function toPrefixLength(mask: string | number): number {
  if (typeof mask === 'number' || /^\d{1,2}$/.test(String(mask).trim())) {
    const prefix = Number(mask);
    if (Number.isInteger(prefix) && prefix >= 0 && prefix <= 32) return prefix;
    throw new GuestOutputParseError('netmask', `prefix length ${String(mask)} is outside 0..32`);
  }
  const text = mask.trim();
  if (!isIpv4(text)) throw new GuestOutputParseError('netmask', `"${text}" is neither a prefix length nor a dotted netmask`);
  const bits = text
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) throw new GuestOutputParseError('netmask', `"${text}" is not a contiguous netmask`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}
