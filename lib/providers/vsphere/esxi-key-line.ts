/**
 * The populator key line of esxi_clone_method ssh in the ESXi host's root authorized_keys
 * (utilities/esxi.py install_ssh_key_on_esxi): the provider's public key restricted to the
 * copy-offload wrapper on the primary datastore, with forwarding off. Adding is idempotent (a key
 * already there, in any line, is left alone and not added again); removal takes out exactly the
 * line the run added and nothing else.
 */

export const ESXI_AUTHORIZED_KEYS = '/etc/ssh/keys-root/authorized_keys';

/** swapIfUnchangedCommand's exit when the file changed since it was read (the removal reads it again). */
export const SWAP_CONFLICT_EXIT = 3;
/** swapIfUnchangedCommand's exit when the new content did not arrive whole (the file is left as it was). */
export const SWAP_INCOMPLETE_EXIT = 4;
/** swapIfUnchangedCommand's exit when the host's shell has no md5sum (the file is left as it was). */
export const SWAP_NO_MD5SUM_EXIT = 5;

/** Where a removal's new content waits to be swapped in (`suffix`: 16 hex digits, one per attempt). */
export function keysTempFile(suffix: string, file = ESXI_AUTHORIZED_KEYS): string {
  if (!/^[0-9a-f]{16}$/.test(suffix)) throw new TypeError(`a temporary authorized_keys suffix is 16 hex digits, not ${suffix}`);
  return `${file}.mtv-${suffix}`;
}

const MD5 = /^[0-9a-f]{32}$/;

/**
 * The host side of a removal, one command with the new content on stdin: it is written to `temp`
 * beside `file`, and replaces `file` only if it arrived whole (md5 `nextMd5`) and `file` still has
 * the content the removal read (md5 `readMd5`). Otherwise `temp` is removed and the exit is
 * SWAP_INCOMPLETE_EXIT, SWAP_CONFLICT_EXIT or (no md5sum on the host) SWAP_NO_MD5SUM_EXIT. Why:
 * another run may append its own line between our read and our write, and writing our copy over
 * the file would drop it; here the check and the rename run in one shell on the host, so what is
 * left is the moment between the two there, not SSH round trips. A client that dies mid-write
 * leaves a short `temp`, which fails the md5 check and is removed, so nothing is left behind. Only busybox sh, cat, md5sum, rm, chmod and mv, which
 * ESXi's shell has; mv within a directory is a rename, so sshd reads the old file or the new one.
 * The paths are the fixed file and a hex-named temporary: nothing needs quoting.
 */
export function swapIfUnchangedCommand(file: string, temp: string, readMd5: string, nextMd5: string): string {
  for (const m of [readMd5, nextMd5]) if (!MD5.test(m)) throw new TypeError(`an md5 is 32 hex digits, not ${m}`);
  for (const p of [file, temp]) if (/[^\w./-]/.test(p)) throw new TypeError(`a path the command can hold unquoted, not ${p}`);
  if (!temp.startsWith(`${file}.mtv-`)) throw new TypeError(`not a temporary of ${file}: ${temp}`);
  const fail = (code: number): string => `{ rm -f ${temp}; exit ${code}; }`;
  return [
    `cat > ${temp} || ${fail(1)}`,
    `command -v md5sum >/dev/null || ${fail(SWAP_NO_MD5SUM_EXIT)}`,
    `[ "$(md5sum < ${temp})" = "${nextMd5}  -" ] || ${fail(SWAP_INCOMPLETE_EXIT)}`,
    `[ "$(md5sum < ${file})" = "${readMd5}  -" ] || ${fail(SWAP_CONFLICT_EXIT)}`,
    `chmod 600 ${temp} && mv -f ${temp} ${file} || ${fail(1)}`,
  ].join('; ');
}

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
