/**
 * The lab ESXi host's sshd side: root's /etc/ssh/keys-root/authorized_keys and the few shell
 * commands a client runs over SSH exec to read and edit it (ssh-server.ts serves them). The key
 * rules are those of ESXi's sshd with Forklift's restricted key for the SSH clone method
 * (pkg/lib/sshkeys): a key is let in when a line of authorized_keys carries it, and the populator
 * can use it only when that line forces `python /vmfs/volumes/<datastore>/secure-vmkfstools-wrapper[-<version>].py`
 * on a datastore the host has. Lab fault esxi-ssh-key-rejected: the host lets no key in.
 */
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

/** Commands that read stdin to its end before they run. */
export const READS_STDIN: ReadonlySet<string> = new Set([`cat > ${AUTHORIZED_KEYS}`, `cat >> ${AUTHORIZED_KEYS}`]);

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
    const handler = COMMANDS[command.trim()];
    if (handler) return handler(this, stdin);
    return {
      stdout: '',
      stderr: `sh: ${command.trim()}: not supported by the lab ESXi shell (it runs only: ${Object.keys(COMMANDS).join(' | ')})\n`,
      code: 127,
    };
  }
}
