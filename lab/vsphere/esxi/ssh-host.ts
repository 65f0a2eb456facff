/**
 * The lab ESXi host's sshd side: root's /etc/ssh/keys-root/authorized_keys and the few shell
 * commands a client runs over SSH exec to read and edit it (ssh-server.ts serves them). The key
 * rules are those of ESXi's sshd with Forklift's restricted key for the SSH clone method
 * (pkg/lib/sshkeys): a key is let in when a line of authorized_keys carries it, and the populator
 * can use it only when that line forces `python /vmfs/volumes/<datastore>/secure-vmkfstools-wrapper[-<version>].py`
 * on a datastore the host has. Lab fault esxi-ssh-key-rejected: the host lets no key in.
 */
import crypto from 'node:crypto';
import type { LabFaults } from '../../faults-catalog';

export const AUTHORIZED_KEYS = '/etc/ssh/keys-root/authorized_keys';
const KEYS_DIR = '/etc/ssh/keys-root';
/** What `vmware -v` prints on the lab host. */
export const ESXI_VERSION_LINE = 'VMware ESXi 8.0.3 build-24022510';

export interface ShellResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KeyAccess {
  authorized: boolean;
  /** Why not, in sshd's and the wrapper's words; empty when authorized. */
  reason: string;
}

/** The exec commands the lab host runs: exact strings (a real ESXi shell runs anything; the lab keeps to what the clients run). */
const COMMANDS: Readonly<Record<string, (host: EsxiSshHost, stdin: string) => ShellResult>> = {
  [`cat ${AUTHORIZED_KEYS}`]: (h) => ok(h.authorizedKeys()),
  [`cat > ${AUTHORIZED_KEYS}`]: (h, stdin) => (h.write(stdin), ok('')),
  [`cat >> ${AUTHORIZED_KEYS}`]: (h, stdin) => (h.write(h.authorizedKeys() + stdin), ok('')),
  [`mkdir -p ${KEYS_DIR}`]: () => ok(''),
  [`chmod 600 ${AUTHORIZED_KEYS}`]: () => ok(''),
  'vmware -v': () => ok(`${ESXI_VERSION_LINE}\n`),
};

/**
 * A removal's swap, one exact shape with the new content on stdin (a real ESXi shell runs it as
 * written): the content goes to a temporary beside authorized_keys and replaces the file only if
 * it arrived whole (its md5) and the file still has the md5 the client read; otherwise the
 * temporary is removed and the exit is 4 (incomplete) or 3 (changed); 5 (no md5sum) cannot
 * happen here, the lab host has one.
 */
const SWAP_SHAPE =
  'cat > <temp> || { rm -f <temp>; exit 1; }; command -v md5sum >/dev/null || { rm -f <temp>; exit 5; }; [ "$(md5sum < <temp>)" = "<new md5>  -" ] || { rm -f <temp>; exit 4; }; ' +
  `[ "$(md5sum < ${AUTHORIZED_KEYS})" = "<read md5>  -" ] || { rm -f <temp>; exit 3; }; ` +
  `chmod 600 <temp> && mv -f <temp> ${AUTHORIZED_KEYS} || { rm -f <temp>; exit 1; }`;

/** SWAP_SHAPE as a RegExp: group 1 the temporary (the same name throughout), 2 the new md5, 3 the read md5. */
function shapeRegExp(shape: string): RegExp {
  let tempSeen = false;
  const body = shape.split(/(<temp>|<new md5>|<read md5>)/).map((part) => {
    if (part === '<temp>') {
      const group = tempSeen ? '\\1' : `(${AUTHORIZED_KEYS.replace(/\./g, '\\.')}\\.mtv-[0-9a-f]{16})`;
      tempSeen = true;
      return group;
    }
    if (part === '<new md5>' || part === '<read md5>') return '([0-9a-f]{32})';
    return part.replace(/[[\]{}()$|.*+?^\\]/g, '\\$&');
  });
  return new RegExp(`^${body.join('')}$`);
}
const SWAP = shapeRegExp(SWAP_SHAPE);

/** Whether `command` reads stdin to its end before it runs. */
export function readsStdin(command: string): boolean {
  const c = command.trim();
  return c === `cat > ${AUTHORIZED_KEYS}` || c === `cat >> ${AUTHORIZED_KEYS}` || SWAP.test(c);
}

function ok(stdout: string): ShellResult {
  return { stdout, stderr: '', code: 0 };
}

/** "<type> <base64>" of an OpenSSH public key line (options and comment left out), or undefined. */
export function keyBody(text: string): string | undefined {
  const m = /(?:^|\s)((?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)) [A-Za-z0-9+/]+=*)(?:\s|$)/.exec(text);
  return m?.[1];
}

const WRAPPER = /(?:^|,)command="python \/vmfs\/volumes\/([^/"]+)\/secure-vmkfstools-wrapper(?:-[\w.]+)?\.py"/;

export class EsxiSshHost {
  private content: string;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly hostName: string,
    private readonly datastoreNames: () => readonly string[],
    private readonly faults: LabFaults,
    initialKeys = '',
  ) {
    this.content = initialKeys;
  }

  authorizedKeys(): string {
    return this.content;
  }

  write(content: string): void {
    if (content === this.content) return;
    this.content = content;
    for (const l of this.listeners) l();
  }

  /** The swap of a removal (SWAP_SHAPE): `next` replaces the file if whole and the file's md5 is still `readMd5`. */
  swapIfUnchanged(next: string, nextMd5: string, readMd5: string): ShellResult {
    const md5 = (text: string): string => crypto.createHash('md5').update(text, 'utf8').digest('hex');
    if (md5(next) !== nextMd5) return { stdout: '', stderr: '', code: 4 };
    if (md5(this.content) !== readMd5) return { stdout: '', stderr: '', code: 3 };
    this.write(next);
    return ok('');
  }

  /** Called after every change of authorized_keys; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a client holding the private key of `publicKey` gets in and reaches the clone wrapper. */
  keyAccess(publicKey: string): KeyAccess {
    const body = keyBody(publicKey);
    if (!body) return { authorized: false, reason: 'ssh: no key to offer (the public key is not an OpenSSH key line)' };
    if (this.faults.isOn('esxi-ssh-key-rejected'))
      return { authorized: false, reason: 'ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain' };
    const lines = this.content.split('\n').filter((l) => keyBody(l) === body);
    if (!lines.length)
      return { authorized: false, reason: 'ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain' };
    const known = new Set(this.datastoreNames());
    for (const line of lines) {
      const ds = WRAPPER.exec(line.slice(0, line.indexOf(body)).trim())?.[1];
      if (ds && known.has(ds)) return { authorized: true, reason: '' };
    }
    const forced = lines.map((l) => WRAPPER.exec(l)?.[1]).find(Boolean);
    return {
      authorized: false,
      reason: forced
        ? `the key's forced command runs /vmfs/volumes/${forced}/secure-vmkfstools-wrapper.py, but host ${this.hostName} has no datastore ${forced}`
        : `the key is not restricted to the secure-vmkfstools-wrapper command (command="python /vmfs/volumes/<datastore>/secure-vmkfstools-wrapper.py")`,
    };
  }

  /** One exec request; anything outside the lab's command set fails with exit 127 naming what it supports. */
  run(command: string, stdin = ''): ShellResult {
    const c = command.trim();
    const handler = COMMANDS[c];
    if (handler) return handler(this, stdin);
    const swap = SWAP.exec(c);
    if (swap) return this.swapIfUnchanged(stdin, swap[2]!, swap[3]!);
    const supported = [...Object.keys(COMMANDS), SWAP_SHAPE];
    return {
      stdout: '',
      stderr: `sh: ${c}: not supported by the lab ESXi shell (it runs only: ${supported.join(' | ')})\n`,
      code: 127,
    };
  }
}
