/**
 * What the suite expects Forklift to name a migrated VM whose source name is not a DNS-1123
 * subdomain (reference/forklift.md §4, ChangeVmName; the Python suite's nonconforming-name class
 * checks the destination by sanitize_kubernetes_name). Written from Forklift's documented rule,
 * independently of the lab's implementation, so the lab cannot confirm itself.
 */

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_MAX = 63;

/** k8s IsDNS1123Subdomain: at most 253 characters of lowercase labels joined by dots. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && SUBDOMAIN.test(name);
}

/** Strips every character of `chars` from both ends. */
function strip(s: string, chars: string): string {
  const arr = Array.from(s);
  while (arr.length && chars.includes(arr[0]!)) arr.shift();
  while (arr.length && chars.includes(arr[arr.length - 1]!)) arr.pop();
  return arr.join('');
}

function cleanPart(part: string): string {
  const dashed = part
    .replace(/[_+* /\\]/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-{2,}/g, '-');
  const trimmed = strip(dashed, '-');
  return trimmed.length > LABEL_MAX ? strip(trimmed.slice(0, LABEL_MAX), '-') : trimmed;
}

/**
 * The target VM name Forklift derives from a source name: kept when it is a DNS-1123 subdomain;
 * else lowercased, ends trimmed of . and -, each dot-separated part cleaned (_ + * space / \ to -,
 * other characters dropped, - runs collapsed, cut to 63), empty parts dropped, joined with dots,
 * cut to 63. Undefined when nothing is left (Forklift then picks vm-<random>, unpredictable).
 */
export function expectedTargetVmName(sourceName: string): string | undefined {
  if (isDns1123Subdomain(sourceName)) return sourceName;
  const parts = strip(sourceName.toLowerCase(), '.-')
    .split('.')
    .map(cleanPart)
    .filter((p) => p !== '');
  const joined = parts.join('.');
  const name = joined.length > LABEL_MAX ? strip(joined.slice(0, LABEL_MAX), '.-') : joined;
  return name === '' ? undefined : name;
}
