/**
 * The populator key line of esxi_clone_method ssh in the ESXi host's root authorized_keys
 * (utilities/esxi.py install_ssh_key_on_esxi): the provider's public key restricted to the
 * copy-offload wrapper on the primary datastore, with forwarding off. Adding is idempotent (a key
 * already there, in any line, is left alone and not added again); removal takes out exactly the
 * line the run added and nothing else.
 */

export const ESXI_AUTHORIZED_KEYS = '/etc/ssh/keys-root/authorized_keys';

/** command="python /vmfs/volumes/<datastore>/secure-vmkfstools-wrapper.py",no-port-forwarding,... <public key> */
export function restrictedKeyLine(datastoreName: string, publicKey: string): string {
  return (
    `command="python /vmfs/volumes/${datastoreName}/secure-vmkfstools-wrapper.py",` +
    `no-port-forwarding,no-agent-forwarding,no-X11-forwarding ${publicKey.trim()}`
  );
}

/** "<type> <base64>" of the key a line (or a public key) carries, or undefined. */
export function keyBody(text: string): string | undefined {
  return /(?:^|\s)((?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-[\w@.-]+) [A-Za-z0-9+/]+=*)(?:\s|$)/.exec(text)?.[1];
}

const linesOf = (content: string): string[] => content.split('\n').map((l) => l.replace(/\r$/, ''));

/** `content` with `line` appended, unless a line already carries its key (then `added` is false and nothing changes). */
export function addKeyLine(content: string, line: string): { content: string; added: boolean } {
  const body = keyBody(line);
  if (body === undefined) throw new TypeError(`not an authorized_keys line with an OpenSSH key: ${line.slice(0, 60)}`);
  if (linesOf(content).some((l) => keyBody(l) === body)) return { content, added: false };
  const sep = content === '' || content.endsWith('\n') ? '' : '\n';
  return { content: `${content}${sep}${line}\n`, added: true };
}

/** `content` without the lines equal to `line` (whitespace at the ends ignored); other lines stay byte for byte. */
export function removeKeyLine(content: string, line: string): { content: string; removed: boolean } {
  const want = line.trim();
  const kept = content.split('\n').filter((l) => l.trim() !== want || l.trim() === '');
  const next = kept.join('\n');
  return { content: next, removed: next !== content };
}

/** Whether `content` holds `line` (whitespace at the ends ignored). */
export function hasKeyLine(content: string, line: string): boolean {
  const want = line.trim();
  return linesOf(content).some((l) => l.trim() === want);
}
