/**
 * The suite's guest path end to end against the embedded lab, with this project's modules only:
 * ensureVirtctl reads the ConsoleCLIDownload through the suite's K8sClient and downloads the
 * archive verifying TLS with the lab CA; SshConnectionManager runs that virtctl's port-forward
 * (WebSocket plain.kubevirt.io) to the lab guest; the SSH, guest-agent and static-IP checks run on
 * what comes back. The lab faults ssh-down and static-ip-lost make the matching checks fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog, type SuiteLog } from '../../../lib/k8s/log';
import { seedInventory } from '../../../lab/vsphere/seed';
import { checkGuestAgent, checkSshConnectivity, checkStaticIpPreservation } from '../../../utilities/post-migration/checks/guest';
import { buildDestinationVmFacts, waitForVmiConditionFor } from '../../../utilities/post-migration';
import type { SourceVmFacts } from '../../../utilities/post-migration/facts';
import { SshConnectionManager } from '../../../utilities/ssh';
import { downloadTlsFor, ensureVirtctl, fetchVirtctlLinks } from '../../../utilities/virtctl';
import { selectWorkerNode } from '../../../fixtures/post-migration/worker-node';
import { useLab } from '../../support/lab';

const lab = useLab({ extraArgs: ['--ms-per-minute', '200'] });
const NS = 'h8-guest-path';
const seed = seedInventory();
let client: K8sClient;
let providers: Record<string, Record<string, string>>;
let cacheRoot: string;
const logLines: string[] = [];
const log: SuiteLog = {
  ...silentLog,
  info: (m) => void logLines.push(m),
  debug: (m) => void logLines.push(m),
  warn: (m) => void logLines.push(m),
};
const managers: SshConnectionManager[] = [];

/** Source facts for the static-IP check from the lab's seeded vCenter (what the vSphere provider reads). */
function sourceFacts(moref: string): SourceVmFacts {
  const vm = seed.vms.find((v) => v.moref === moref)!;
  return {
    providerType: 'vsphere',
    id: vm.moref,
    name: vm.name,
    powerState: 'on',
    cpu: { sockets: vm.numCPU / vm.numCoresPerSocket, coresPerSocket: vm.numCoresPerSocket },
    memoryMB: vm.memoryMB,
    guestAgentRunning: true,
    isWindows: vm.guestId.startsWith('windows'),
    disks: [],
    nics: vm.guestNics.map((nic, index) => ({
      label: vm.nics[index]?.label ?? `Network adapter ${index + 1}`,
      mac: nic.mac,
      network: { name: nic.network },
      ...(nic.guestDeviceName ? { guestNicName: nic.guestDeviceName } : {}),
      ips: nic.ips.map((ip) => ({
        address: ip.ipAddress,
        prefixLength: ip.prefixLength,
        origin: ip.origin,
        isStatic: ip.origin === 'manual',
        ...(nic.gateway ? { gateway: nic.gateway } : {}),
      })),
    })),
    snapshots: [],
  };
}

async function runningVm(name: string, moref: string, planName: string): Promise<void> {
  const vm = seed.vms.find((v) => v.moref === moref)!;
  await client.create('VirtualMachine', {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: NS, labels: { vmID: moref, 'plan-name': planName, 'plan-namespace': NS } },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: { labels: { app: name } },
        spec: {
          domain: {
            cpu: { cores: vm.numCoresPerSocket, sockets: vm.numCPU / vm.numCoresPerSocket },
            memory: { guest: `${vm.memoryMB}Mi` },
            devices: { interfaces: [{ name: 'net-0', macAddress: vm.nics[0]!.mac, masquerade: {} }] },
          },
          networks: [{ name: 'net-0', pod: {} }],
        },
      },
    },
  });
  await waitForVmiConditionFor(client)({ namespace: NS, name }, 'Ready', 20_000);
}

const setFault = async (name: string, on: boolean): Promise<void> => {
  const res = await lab().request(on ? 'PUT' : 'DELETE', `/lab/faults/${name}`);
  if (res.status !== 200) throw new Error(`fault ${name}: ${res.status} ${res.text}`);
};

function sshManager(virtctlPath: string): SshConnectionManager {
  const vsphere = providers['vsphere']!;
  const manager = new SshConnectionManager({
    virtctlPath,
    server: client.server,
    token: client.token!,
    insecureSkipTlsVerify: false,
    caFile: path.join(lab().stateDir, 'ca.crt'),
    credentials: {
      linux: { user: vsphere['guest_vm_linux_user']!, password: vsphere['guest_vm_linux_password']! },
      windows: { user: vsphere['guest_vm_win_user']!, password: vsphere['guest_vm_win_password']! },
    },
    log,
    connectTimeoutMs: 4_000,
    retryDelayMs: 500,
  });
  managers.push(manager);
  return manager;
}

beforeAll(async () => {
  client = await connect(
    { kind: 'token', server: lab().url, token: lab().adminToken, insecureSkipTlsVerify: false, caPem: lab().caPem },
    silentLog,
  );
  await client.create('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  providers = JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as typeof providers;
  cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'h8-virtctl-cache-'));
  await client.create('Plan', {
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
  } as never);
}, 30_000);

afterAll(async () => {
  await Promise.all(managers.map((m) => m.closeAll()));
  client?.close();
  if (cacheRoot) fs.rmSync(cacheRoot, { recursive: true, force: true });
});

describe('guest path against the lab', () => {
  let virtctlPath: string;

  it('downloads the served virtctl through the ConsoleCLIDownload with TLS verified by the cluster CA', async () => {
    const tls = await downloadTlsFor(client);
    expect(tls.insecureSkipTlsVerify).toBe(false);
    const binary = await ensureVirtctl({
      clusterVersion: '4.20.3',
      cacheRoot,
      searchPath: '',
      fetchLinks: () => fetchVirtctlLinks(client),
      tls,
      log,
    });
    expect(binary.source).toBe('download');
    virtctlPath = binary.path;
    expect(fs.statSync(virtctlPath).mode & 0o777).toBe(0o755);
  }, 20_000);

  it('SSH, guest agent and static IPs pass on a Windows guest that kept its static IP; the token is never logged', async () => {
    await runningVm('win-static', 'vm-101', 'static-plan');
    const facts = buildDestinationVmFacts(
      await client.get('VirtualMachine', 'win-static', NS),
      await client.tryGet('VirtualMachineInstance', 'win-static', NS),
      [],
    );
    expect(await checkGuestAgent(facts, waitForVmiConditionFor(client), 10_000)).toEqual([]);
    const ssh = await checkSshConnectivity(sshManager(virtctlPath), { vmName: 'win-static', namespace: NS, windows: true });
    expect(ssh.failures).toEqual([]);
    expect((await ssh.shell!.run('hostname')).stdout.trim()).toBe('MTV-WIN2019-3DI'); // Windows reports the NetBIOS name
    expect(await checkStaticIpPreservation(sourceFacts('vm-101'), ssh.shell!, { timeoutMs: 5_000, intervalMs: 500 })).toEqual([]);
    expect(logLines.join('\n')).toContain(`--token *** --certificate-authority ${path.join(lab().stateDir, 'ca.crt')} -v 3`);
    expect(logLines.join('\n')).not.toContain(lab().adminToken);
  }, 30_000);

  it('fault static-ip-lost: the static IP check fails with the address the guest got instead', async () => {
    await setFault('static-ip-lost', true);
    try {
      await runningVm('win-lost', 'vm-101', 'static-plan');
    } finally {
      await setFault('static-ip-lost', false);
    }
    const ssh = await checkSshConnectivity(sshManager(virtctlPath), { vmName: 'win-lost', namespace: NS, windows: true });
    const failures = await checkStaticIpPreservation(sourceFacts('vm-101'), ssh.shell!, { timeoutMs: 1_000, intervalMs: 400 });
    const staticIp = seed.vms.find((v) => v.moref === 'vm-101')!.guestNics[0]!.ips[0]!.ipAddress;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ check: 'static-ip', expected: expect.stringContaining(`${staticIp}/`) });
    expect(failures[0]!.actual).toMatch(/^not found within 1 s; guest interfaces:\nEthernet0 \(/);
  }, 30_000);

  it('fault ssh-down: the SSH check fails with the reason', async () => {
    await runningVm('rhel-down', 'vm-100', 'none');
    await setFault('ssh-down', true);
    try {
      const ssh = await checkSshConnectivity(sshManager(virtctlPath), { vmName: 'rhel-down', namespace: NS, windows: false });
      expect(ssh.failures).toHaveLength(1);
      expect(ssh.failures[0]).toMatchObject({ check: 'ssh', subject: 'SSH to Linux guest through virtctl port-forward' });
      expect(ssh.failures[0]!.actual).toMatch(/^SSH to VM rhel-down could not be set up: no working session within 4000 ms/);
      // virtctl's own explanation travels with the error.
      expect(ssh.failures[0]!.actual).toMatch(
        /virtctl said: error encountered: websocket: close 1011: dial tcp 127\.0\.0\.1:22: connect: connection refused/,
      );
      expect(ssh.failures[0]!.actual).not.toContain(lab().adminToken);
    } finally {
      await setFault('ssh-down', false);
    }
  }, 30_000);

  it('worker node selection on a cluster without monitoring falls back to the first worker and says why', async () => {
    const warnings: string[] = [];
    const node = await selectWorkerNode(client, { ...silentLog, warn: (m) => void warnings.push(m) });
    expect(node).toBe('worker-0.mtv-lab.local');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^worker node selection: cluster monitoring unavailable \(.*thanos-querier.*\); using the first worker worker-0\.mtv-lab\.local$/,
      ),
    ]);
  });
});
