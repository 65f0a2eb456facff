/**
 * Copy-offload esxi_clone_method ssh on the lab, public interfaces only: Forklift's key Secrets for
 * a vSphere provider, SSHNotReady/SSHReady following the ESXi host's authorized_keys (edited over
 * the lab ESXi sshd with the suite's own SSH code), the sshd's command set and login, and the
 * suite's setup (fixtures/esxi-ssh-key.ts): the key line recorded and removed again, and its typed
 * error when the host lets no key in (fault esxi-ssh-key-rejected), with the line then removed by
 * the session cleaner (lib/providers/base.ts esxiKeyCleaner).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { EsxiSshError, EsxiSshNotReadyError } from '../../../exceptions/copy-offload';
import { esxiLogin, type CopyOffloadSource, type EsxiLogin } from '../../../lib/config/copy-offload';
import { loadProvidersFile, selectSourceProvider } from '../../../lib/config/providers-file';
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog } from '../../../lib/k8s/log';
import { waitForObject } from '../../../lib/k8s/waits';
import { esxiKeyCleaner } from '../../../lib/providers/base';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { restrictedKeyLine } from '../../../lib/providers/vsphere/esxi-key-line';
import {
  EsxiShell,
  installKeyLine,
  readAuthorizedKeys,
  removeKeyLineOnHost,
  SWAP_ATTEMPTS,
  uninstallKeyLine,
  withEsxiShell,
  type KeyShell,
} from '../../../lib/providers/vsphere/esxi-ssh';
import { ResourceTracker, type TrackedEsxiKey } from '../../../lib/resources/tracker';
import { setUpEsxiSshKey } from '../../../fixtures/esxi-ssh-key';
import { useLab } from '../../support/lab';
import { cond, FORKLIFT, ForkliftLab } from './support';

const lab = useLab();
const NS = 'esxi-ssh';
const ENTRY = 'vsphere-copy-offload-ssh';
let f: ForkliftLab;
let login: EsxiLogin;
let source: CopyOffloadSource;
let publicKey: string;
let initialKeys: string;

const secretValue = async (name: string, key: string): Promise<string> => {
  const s = await f.core.readNamespacedSecret({ namespace: NS, name });
  return Buffer.from(s.data?.[key] ?? '', 'base64').toString('utf8');
};

const sshCondition = (type: 'SSHReady' | 'SSHNotReady', what: string) =>
  f.waitFor(FORKLIFT, 'providers', NS, 'vsphere', (o) => cond(o, type)?.status === 'True', 5000, what);

beforeAll(async () => {
  f = new ForkliftLab(lab());
  const providersPath = path.join(lab().stateDir, 'providers.json');
  source = { entryKey: ENTRY, providersPath, entry: selectSourceProvider(loadProvidersFile(providersPath), ENTRY), env: {} };
  login = esxiLogin(source);
  await f.namespace(NS);
  await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 5000);
  // The key Secrets are made off the lab's event loop, after the provider's first status: wait for them.
  const client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
  try {
    for (const [name, key] of [
      ['offload-ssh-keys-vsphere-private', 'private-key'],
      ['offload-ssh-keys-vsphere-public', 'public-key'],
    ] as const)
      await waitForObject(client, 'Secret', name, NS, (s) => Boolean(s?.data?.[key]), { timeoutMs: 30_000, what: `with key ${key}` });
  } finally {
    client.close();
  }
  initialKeys = await withEsxiShell(login, readAuthorizedKeys);
});

describe('Forklift: the SSH key Secrets of a vSphere provider', () => {
  it('offload-ssh-keys-<provider>-private/-public hold a real keypair, the public key in OpenSSH format', async () => {
    const pem = await secretValue('offload-ssh-keys-vsphere-private', 'private-key');
    publicKey = await secretValue('offload-ssh-keys-vsphere-public', 'public-key');
    expect(publicKey).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ \S+$/);
    const key = utils.parseKey(pem);
    if (key instanceof Error) throw key;
    expect(`${key.type} ${key.getPublicSSH().toString('base64')}`).toBe(publicKey.split(' ').slice(0, 2).join(' '));
  });

  it('without esxiCloneMethod ssh there is no SSH condition', async () => {
    const p = await f.get(FORKLIFT, 'providers', NS, 'vsphere');
    expect(cond(p, 'SSHReady')).toBeUndefined();
    expect(cond(p, 'SSHNotReady')).toBeUndefined();
  });

  it('with esxiCloneMethod ssh and no key on the host: SSHNotReady (Warn, no blocker: the provider is Ready) with the line to add', async () => {
    await f.patch(FORKLIFT, 'providers', NS, 'vsphere', { spec: { settings: { esxiCloneMethod: 'ssh' } } });
    const p = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      'vsphere',
      (o) => cond(o, 'SSHNotReady')?.status === 'True' && o.status?.phase === 'Ready',
      5000,
      'SSHNotReady and phase Ready',
    );
    expect(cond(p, 'SSHNotReady')).toMatchObject({ category: 'Warn', reason: 'SSHTestFailed' });
    expect(cond(p, 'SSHNotReady')?.message).toContain(
      `secure-vmkfstools-wrapper.py",no-port-forwarding,no-agent-forwarding,no-X11-forwarding ${publicKey}`,
    );
  });
});

describe('the lab ESXi sshd', () => {
  it('logs in root with the password, runs its commands, and refuses anything else naming what it runs', async () => {
    await withEsxiShell(login, async (shell) => {
      expect(await shell.must('vmware -v')).toMatch(/^VMware ESXi 8\.0\.3/);
      const other = await shell.run('rm -rf /');
      expect(other.exitCode).toBe(127);
      expect(other.stderr).toMatch(/not supported by the lab ESXi shell \(it runs only: cat \/etc\/ssh\/keys-root\/authorized_keys/);
    });
    await expect(EsxiShell.connect({ ...login, password: 'wrong' })).rejects.toThrow(EsxiSshError);
  });

  it('a key line without the wrapper restriction, or on a datastore the host lacks, leaves the provider SSHNotReady', async () => {
    for (const [line, reason] of [
      [publicKey, /not restricted to the secure-vmkfstools-wrapper command/],
      [restrictedKeyLine('no-such-ds', publicKey), /has no datastore no-such-ds/],
    ] as const) {
      expect(await installKeyLine(login, line, async () => undefined)).toBe('added');
      const p = await f.waitFor(
        FORKLIFT,
        'providers',
        NS,
        'vsphere',
        (o) => reason.test(cond(o, 'SSHNotReady')?.message ?? ''),
        5000,
        String(reason),
      );
      expect(cond(p, 'SSHReady')).toBeUndefined();
      expect(await uninstallKeyLine(login, line)).toBe('removed');
    }
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(initialKeys);
  });

  it('the restricted line makes the provider SSHReady; removing exactly it restores the file and SSHNotReady', async () => {
    const line = restrictedKeyLine('mtv-datastore1', publicKey);
    expect(await installKeyLine(login, line, async () => undefined)).toBe('added');
    expect(await installKeyLine(login, line, async () => undefined)).toBe('present');
    const ready = await sshCondition('SSHReady', 'SSHReady');
    expect(cond(ready, 'SSHReady')).toMatchObject({ category: 'Advisory', reason: 'SSHTestSucceeded' });
    expect(await uninstallKeyLine(login, line)).toBe('removed');
    expect(await uninstallKeyLine(login, line)).toBe('absent');
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(initialKeys);
    await sshCondition('SSHNotReady', 'SSHNotReady after the key is gone');
  });
});

describe('removing a key line while other runs edit the file', () => {
  const noRecord = async (): Promise<void> => undefined;
  /** Another run's populator line: a key of its own. */
  const otherRunLine = (): string =>
    restrictedKeyLine('mtv-datastore1', `${utils.generateKeyPairSync('ecdsa', { bits: 256 }).public.trim()} other-run`);

  /** The removal's one write: its swap, which ends in `mv -f <temporary> authorized_keys`. */
  const writesFile = (command: string): boolean => command.includes(' mv -f ');

  /** `shell` with `before(command)` run ahead of each of its commands: another run acting in between. */
  const interleaved = (shell: KeyShell, before: (command: string) => Promise<void>): KeyShell => ({
    login: shell.login,
    run: async (command, stdin) => (await before(command), shell.run(command, stdin)),
  });

  it("keeps a line another run appended between the removal's read and its write", async () => {
    const ours = restrictedKeyLine('mtv-datastore1', publicKey);
    const theirs = otherRunLine();
    expect(await installKeyLine(login, ours, noRecord)).toBe('added');
    let appended = false;
    const removal = await withEsxiShell(login, (shell) =>
      removeKeyLineOnHost(
        interleaved(shell, async (command) => {
          // The other run's append lands after our read, before our write.
          if (appended || !writesFile(command)) return;
          appended = true;
          expect(await installKeyLine(login, theirs, noRecord)).toBe('added');
        }),
        ours,
      ),
    );
    expect(removal).toBe('removed');
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(`${initialKeys}${theirs}\n`);
    expect(await uninstallKeyLine(login, theirs)).toBe('removed');
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(initialKeys);
  });

  it('gives up with EsxiSshError when the file changes before every swap, leaving every line in place', async () => {
    const ours = restrictedKeyLine('mtv-datastore1', publicKey);
    const theirs: string[] = [];
    expect(await installKeyLine(login, ours, noRecord)).toBe('added');
    const error = await withEsxiShell(login, (shell) =>
      removeKeyLineOnHost(
        interleaved(shell, async (command) => {
          if (!writesFile(command)) return; // each swap (the removal's only write)
          const line = otherRunLine();
          theirs.push(line);
          await installKeyLine(login, line, noRecord);
        }),
        ours,
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EsxiSshError);
    expect((error as Error).message).toMatch(new RegExp(`changed between reading it and replacing it, ${SWAP_ATTEMPTS} times in a row`));
    expect(theirs).toHaveLength(SWAP_ATTEMPTS);
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(`${initialKeys}${[ours, ...theirs].join('\n')}\n`);
    for (const line of [ours, ...theirs]) expect(await uninstallKeyLine(login, line)).toBe('removed');
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(initialKeys);
  });
});

describe("the suite's ssh clone-method setup (fixtures/esxi-ssh-key.ts)", () => {
  let client: K8sClient;
  let vsphere: VSphereClient;
  let dir: string;

  beforeAll(async () => {
    client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
    vsphere = await VSphereClient.connect({
      url: f.vsphere.url,
      username: f.vsphere.username,
      password: f.vsphere.password,
      caPem: lab().caPem,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esxi-ssh-'));
  });

  afterAll(async () => {
    await f.fault('esxi-ssh-key-rejected', false);
    client.close();
    await vsphere.logout().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const deps = (tracker: ResourceTracker, sshReadyTimeoutMs: number) => ({
    client,
    vsphere,
    tracker,
    source,
    provider: { name: 'vsphere', namespace: NS },
    sshReadyTimeoutMs,
    log: silentLog,
  });

  it('installs the key, records the line, waits for SSHReady; its teardown removes exactly that line', async () => {
    const tracker = new ResourceTracker(path.join(dir, 'ok.json'), 'ok');
    const teardown = await setUpEsxiSshKey(deps(tracker, 5000));
    const [entry] = tracker.entries() as TrackedEsxiKey[];
    expect(entry).toMatchObject({ kind: 'EsxiAuthorizedKey', providerKey: ENTRY, name: `${login.host}:${login.port}` });
    expect(entry!.line).toBe(restrictedKeyLine('mtv-datastore1', publicKey));
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(`${initialKeys}${entry!.line}\n`);
    await teardown();
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(initialKeys);
  });

  it('when the host lets no key in: EsxiSshNotReadyError naming the provider, SSHNotReady and its message; the cleaner removes the recorded line', async () => {
    await f.fault('esxi-ssh-key-rejected', true);
    const tracker = new ResourceTracker(path.join(dir, 'rejected.json'), 'rejected');
    const error = await setUpEsxiSshKey(deps(tracker, 1000)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EsxiSshNotReadyError);
    expect(error).toMatchObject({ provider: `${NS}/vsphere`, condition: 'SSHNotReady' });
    expect((error as Error).message).toMatch(/expected condition SSHReady within 1 s .* actual SSHNotReady: .*unable to authenticate/);
    const [entry] = tracker.entries() as TrackedEsxiKey[];
    const cleaner = esxiKeyCleaner(ENTRY, source.entry, source.providersPath);
    expect(await cleaner.exists(entry!)).toBe(true);
    expect(await cleaner.remove(entry!)).toBe('deleted');
    expect(await cleaner.exists(entry!)).toBe(false);
    expect(await withEsxiShell(login, readAuthorizedKeys)).toBe(initialKeys);
  });
});
