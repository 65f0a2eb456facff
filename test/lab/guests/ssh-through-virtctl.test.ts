/**
 * The suite's real guest path against the lab: read the ConsoleCLIDownload, download the virtctl
 * archive over HTTPS, extract it, run `virtctl port-forward` as a child process, SSH through the
 * tunnel with the guest credentials from the lab's providers.json. Faults ssh-down and
 * static-ip-lost are checked on this path.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import * as tar from 'tar';
import { seedInventory } from '../../../lab/vsphere/seed';
import { parseIpconfigAll, parseNmcliDeviceShow } from '../../../utilities/guest-parsers';
import { useLab } from '../../support/lab';
import { api, createNamespace, VM_PATH, VMI_PATH, vmManifest, waitFor, type Obj } from '../kubevirt/support';
import { freeLocalPort } from '../../../utilities/ssh/free-port';

const labOutput: string[] = [];
const lab = useLab({ extraArgs: ['--ms-per-minute', '200'], onOutput: (l) => labOutput.push(l) });
const NS = 'guest-selftest';
const seed = seedInventory();
const macOf = (moref: string): string => seed.vms.find((v) => v.moref === moref)?.nics[0]?.mac ?? '';
let workDir: string;
let virtctl: string;
let providers: Record<string, Record<string, string>>;
const children = new Set<ChildProcess>();
const forwarders = new Map<ChildProcess, string[]>();

function download(url: string, ca: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

/** Starts `virtctl port-forward` and resolves once it listens; its stderr lines collect in `log`. */
interface Forwarder {
  port: number;
  log: string[];
  child: ChildProcess;
  /** Resolves with the first log line (past or future) matching `re`. */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
}

async function portForward(vm: string, args: string[] = []): Promise<Forwarder> {
  const port = await freeLocalPort();
  const base = ['port-forward', `vm/${vm}`, `${port}:22`, '--namespace', NS, '--address', '127.0.0.1'];
  const auth = args.length ? args : ['--server', lab().url, '--token', lab().adminToken, '--insecure-skip-tls-verify'];
  const child = spawn(virtctl, [...base, ...auth, '-v', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const log: string[] = [];
  forwarders.set(child, log);
  const lines = readline.createInterface({ input: child.stderr as NodeJS.ReadableStream });
  lines.on('line', (line) => log.push(line));
  const line = (re: RegExp, timeoutMs = 5000): Promise<string> => {
    const seen = log.find((l) => re.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const onLine = (l: string): void => {
        if (!re.test(l)) return;
        clearTimeout(timer);
        lines.off('line', onLine);
        resolve(l);
      };
      const timer = setTimeout(() => {
        lines.off('line', onLine);
        reject(new Error(`no virtctl log line matching ${re} within ${timeoutMs} ms:\n${log.join('\n')}`));
      }, timeoutMs);
      lines.on('line', onLine);
    });
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`virtctl did not start listening: ${log.join('\n')}`)), 10_000);
    lines.on('line', (line) => {
      if (line.includes('forwarding tcp')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`virtctl exited (${code ?? '-'}): ${log.join('\n')}`));
    });
  });
  return { port, log, child, line };
}

function sshExec(port: number, user: string, password: string, command: string): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    const timer = setTimeout(() => {
      c.end();
      reject(new Error('ssh timed out'));
    }, 10_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      c.end();
      // The tail of virtctl's and the lab's logs makes a broken tunnel diagnosable.
      const virtctlLog = [...forwarders.values()].flat().slice(-5).join('\n');
      reject(new Error(`${e.message}\n--- virtctl ---\n${virtctlLog}\n--- lab ---\n${labOutput.slice(-10).join('\n')}`));
    };
    c.on('ready', () => {
      c.exec(command, (err, stream) => {
        if (err) return fail(err);
        let stdout = '';
        stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        stream.stderr.on('data', () => undefined);
        stream.on('exit', (code: number) => {
          stream.on('close', () => {
            clearTimeout(timer);
            c.end();
            resolve({ stdout, code });
          });
        });
      });
    });
    c.on('error', fail);
    c.on('close', () => fail(new Error('connection closed')));
    c.connect({ host: '127.0.0.1', port, username: user, password, readyTimeout: 8000 });
  });
}

const setFault = async (name: string, on: boolean): Promise<void> => {
  const res = await lab().request(on ? 'PUT' : 'DELETE', `/lab/faults/${name}`);
  if (res.status !== 200) throw new Error(`fault ${name}: ${res.status} ${res.text}`);
};
const linux = (): [string, string] => [providers.vsphere?.guest_vm_linux_user ?? '', providers.vsphere?.guest_vm_linux_password ?? ''];
const windows = (): [string, string] => [providers.vsphere?.guest_vm_win_user ?? '', providers.vsphere?.guest_vm_win_password ?? ''];

async function runningVm(name: string, moref: string, planName = 'none'): Promise<Obj | undefined> {
  await api(
    lab(),
    'POST',
    VM_PATH(NS),
    vmManifest(NS, name, { labels: { vmID: moref, 'plan-name': planName, 'plan-namespace': NS }, macs: [macOf(moref)] }),
  );
  return waitFor(lab(), VMI_PATH(NS), name, (o) => o?.status?.phase === 'Running');
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtctl-selftest-'));
  await createNamespace(lab(), NS);
  providers = JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as typeof providers;
  // The Python suite's virtctl.py: pick the link whose text names this OS and architecture.
  const ccd = await api(lab(), 'GET', '/apis/console.openshift.io/v1/consoleclidownloads/virtctl-clidownloads-kubevirt-hyperconverged');
  const link = (ccd.spec.links as Array<{ text: string; href: string }>).find(
    (l) => l.text.toLowerCase().includes('linux') && l.text.toLowerCase().includes(process.arch === 'arm64' ? 'arm 64' : 'x86_64'),
  );
  if (!link) throw new Error('no Linux virtctl link for this architecture');
  const archive = path.join(workDir, 'virtctl.tar.gz');
  fs.writeFileSync(archive, await download(link.href, lab().caPem));
  await tar.x({ file: archive, cwd: workDir });
  virtctl = path.join(workDir, 'virtctl');
  // The Linux guest most tests talk to: a migrated mtv-tests-rhel8 (vm-100).
  await runningVm('rhel8-guest', 'vm-100');
});

afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  forwarders.clear();
});

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('guests through the served virtctl', () => {
  it('ships an executable virtctl and a 0600 providers.json with guest logins', () => {
    expect(fs.statSync(virtctl).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(lab().stateDir, 'providers.json')).mode & 0o777).toBe(0o600);
    expect(providers.vsphere).toMatchObject({
      type: 'vsphere',
      version: '8.0',
      api_url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/sdk$/),
      guest_vm_linux_user: 'root',
      guest_vm_win_user: 'Administrator',
    });
    expect(providers['vsphere-copy-offload']?.copyoffload).toMatchObject({
      storage_vendor_product: 'ontap',
      datastore_id: expect.stringMatching(/^datastore-/),
    });
    expect(providers.openshift).toMatchObject({ type: 'openshift', api_url: '', guest_vm_linux_user: 'root' });
  });

  it('reaches a running Linux guest over SSH and answers hostname and nmcli', async () => {
    const { port } = await portForward('rhel8-guest');
    const [user, password] = linux();
    expect(await sshExec(port, user, password, 'hostname')).toEqual({ stdout: 'mtv-tests-rhel8\n', code: 0 });
    const nm = await sshExec(port, user, password, 'nmcli device show');
    expect(parseNmcliDeviceShow(nm.stdout).find((i) => i.mac === macOf('vm-100'))).toMatchObject({ name: 'ens192' });
    await expect(sshExec(port, user, 'wrong-password', 'hostname')).rejects.toThrow();
  });

  it('works with --kubeconfig instead of --server/--token', async () => {
    const { port } = await portForward('rhel8-guest', ['--kubeconfig', lab().kubeconfig]);
    const [user, password] = linux();
    expect((await sshExec(port, user, password, 'echo test')).stdout).toBe('test\n');
  });

  it('logs a KubeVirt-native guest in with its cloud-init password (OpenShift-source VMs), with a guest agent', async () => {
    const manifest = vmManifest(NS, 'cnv-native') as {
      spec: { template: { spec: { volumes: object[]; domain: { devices: { disks: object[] } } } } };
    };
    manifest.spec.template.spec.volumes.push({
      name: 'cloudinitdisk',
      cloudInitNoCloud: { userData: '#cloud-config\nuser: rhel\npassword: "123456"\nchpasswd: { expire: False }\n' },
    });
    manifest.spec.template.spec.domain.devices.disks.push({ name: 'cloudinitdisk', disk: { bus: 'virtio' } });
    await api(lab(), 'POST', VM_PATH(NS), manifest);
    await waitFor(
      lab(),
      VMI_PATH(NS),
      'cnv-native',
      (o) =>
        (o?.status?.conditions as Array<{ type: string; status: string }> | undefined)?.some(
          (c) => c.type === 'AgentConnected' && c.status === 'True',
        ) === true,
    );
    const { port } = await portForward('cnv-native');
    expect(await sshExec(port, 'rhel', '123456', 'hostname')).toEqual({ stdout: 'cnv-native\n', code: 0 });
  });

  it('serves one tunnel on stdin/stdout with --stdio (OpenSSH ProxyCommand style)', async () => {
    const child = spawn(
      virtctl,
      [
        'port-forward',
        '--stdio',
        'vm/rhel8-guest',
        '22',
        '--namespace',
        NS,
        '--server',
        lab().url,
        '--token',
        lab().adminToken,
        '--insecure-skip-tls-verify',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    children.add(child);
    const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
    const [user, password] = linux();
    const out = await new Promise<string>((resolve, reject) => {
      const c = new Client();
      const timer = setTimeout(() => reject(new Error('ssh over --stdio timed out')), 10_000);
      c.on('ready', () =>
        c.exec('hostname', (err, stream) => {
          if (err) return reject(err);
          let text = '';
          stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
          stream.on('close', () => {
            clearTimeout(timer);
            c.end();
            resolve(text);
          });
        }),
      );
      c.on('error', reject);
      c.connect({ sock, username: user, password, readyTimeout: 8000 });
    });
    expect(out).toBe('mtv-tests-rhel8\n');
  });

  it('lets the real OpenSSH client in, with virtctl --stdio as its ProxyCommand', async () => {
    // Independent peer: OpenSSH (Debian openssh-client). The password comes from an askpass helper.
    const [user, password] = linux();
    const askpass = path.join(workDir, 'askpass.sh');
    fs.writeFileSync(askpass, `#!/bin/sh\necho '${password}'\n`, { mode: 0o700 });
    const proxy = `${virtctl} port-forward --stdio vm/rhel8-guest 22 --namespace ${NS} --server ${lab().url} --insecure-skip-tls-verify --token ${lab().adminToken}`;
    const child = spawn(
      'ssh',
      [
        '-o',
        `ProxyCommand=${proxy}`,
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'PreferredAuthentications=password',
        '-o',
        'NumberOfPasswordPrompts=1',
        '-o',
        'ConnectTimeout=10',
        `${user}@rhel8-guest`,
        'hostname',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
      },
    );
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stdout, stderr: stderr.includes(lab().adminToken) ? 'token leaked' : 'ok' }).toEqual({
      code: 0,
      stdout: 'mtv-tests-rhel8\n',
      stderr: 'ok',
    });
  });

  it('refuses the tunnel while the VM is not running', async () => {
    await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'halted-guest', { runStrategy: 'Halted', labels: { vmID: 'vm-100' } }));
    const { port, log, line } = await portForward('halted-guest');
    const [user, password] = linux();
    await expect(sshExec(port, user, password, 'hostname')).rejects.toThrow();
    await line(/VM is not running/);
    expect(log.join('\n')).not.toContain(lab().adminToken);
  });

  it('refuses the tunnel without a valid token (the API server authenticates the upgrade)', async () => {
    const { port, log, line } = await portForward('rhel8-guest', [
      '--server',
      lab().url,
      '--token',
      'not-a-token',
      '--insecure-skip-tls-verify',
    ]);
    const [user, password] = linux();
    await expect(sshExec(port, user, password, 'hostname')).rejects.toThrow();
    await line(/HTTP 401/);
    expect(log.join('\n')).not.toContain('not-a-token');
  });

  it('fault ssh-down: the guest refuses SSH; without it the same tunnel works', async () => {
    const { port } = await portForward('rhel8-guest');
    const [user, password] = linux();
    await setFault('ssh-down', true);
    try {
      await expect(sshExec(port, user, password, 'hostname')).rejects.toThrow();
    } finally {
      await setFault('ssh-down', false);
    }
    expect((await sshExec(port, user, password, 'hostname')).code).toBe(0);
  });

  it('fault static-ip-lost: a preserveStaticIPs guest comes up with DHCP, in the VMI and inside the guest', async () => {
    await api(lab(), 'POST', `/apis/forklift.konveyor.io/v1beta1/namespaces/${NS}/plans`, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Plan',
      metadata: { name: 'static-plan', namespace: NS },
      spec: {
        preserveStaticIPs: true,
        targetNamespace: NS,
        provider: { source: { name: 'src', namespace: NS }, destination: { name: 'host', namespace: 'openshift-mtv' } },
        map: { network: { name: 'n', namespace: NS }, storage: { name: 's', namespace: NS } },
        vms: [{ id: 'vm-101' }],
      },
    });
    const [user, password] = windows();
    const staticIp = seed.vms.find((v) => v.moref === 'vm-101')?.guestNics[0]?.ips[0]?.ipAddress as string;

    const kept = await waitFor(
      lab(),
      VMI_PATH(NS),
      (await runningVm('win-static', 'vm-101', 'static-plan'))?.metadata.name ?? '',
      (o) => (o?.status?.interfaces?.[0]?.interfaceName ?? '') !== '',
    );
    expect(kept?.status.interfaces[0].ipAddress).toBe(staticIp);
    const fwd1 = await portForward('win-static');
    const keptGuest = parseIpconfigAll((await sshExec(fwd1.port, user, password, 'ipconfig /all')).stdout);
    expect(keptGuest[0]?.ipv4.map((i) => i.address)).toEqual([staticIp]);

    await setFault('static-ip-lost', true);
    try {
      await runningVm('win-lost', 'vm-101', 'static-plan');
      const lost = await waitFor(lab(), VMI_PATH(NS), 'win-lost', (o) => (o?.status?.interfaces?.[0]?.interfaceName ?? '') !== '');
      expect(lost?.status.interfaces[0].ipAddress).not.toBe(staticIp);
      const fwd2 = await portForward('win-lost');
      const out = (await sshExec(fwd2.port, user, password, 'ipconfig /all')).stdout;
      expect(parseIpconfigAll(out)[0]?.ipv4.map((i) => i.address)).toEqual([lost?.status.interfaces[0].ipAddress]);
      expect(out).toContain('DHCP Enabled. . . . . . . . . . . : Yes');
    } finally {
      await setFault('static-ip-lost', false);
    }
  });
});
