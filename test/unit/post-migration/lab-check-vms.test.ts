/**
 * checkVms on real migrations by the lab's Forklift (public APIs only): a comprehensive-cold-like
 * plan for mtv-win2019-3disks (target power on, static IPs, PVC template, labels, node selector,
 * affinity) must pass every check, SSH included; the same plan with
 * several lab faults on must fail exactly the checks those faults target. The full per-fault
 * sensitivity matrix runs later through the scenario runner; this pins the library against the
 * lab's VM shapes (no false positives) and shows each targeted check catching its fault.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { V1beta1NetworkMap, V1beta1StorageMap } from '@kubev2v/types';
import { VmValidationError } from '../../../exceptions/post-migration';
import { toSourceFacts } from '../../../fixtures/vsphere-source';
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog } from '../../../lib/k8s/log';
import type { VSphereClient } from '../../../lib/providers/vsphere/client';
import {
  checkVms,
  destinationAccessFor,
  waitForVmiConditionFor,
  type CheckVmsDeps,
  type CheckVmsInput,
  type SourceVmFacts,
} from '../../../utilities/post-migration';
import { SshConnectionManager } from '../../../utilities/ssh';
import { downloadTlsFor, ensureVirtctl, fetchVirtctlLinks } from '../../../utilities/virtctl';
import { seedInventory } from '../../../lab/vsphere/seed';
import { useLab } from '../../support/lab';
import { ForkliftLab, migrateOne } from '../../lab/forklift/support';

const lab = useLab();
const NS = 'h8-checkvms';
const VM = 'mtv-win2019-3disks';
const NODE = 'worker-1.mtv-lab.local';
let f: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
let client: K8sClient;
let vcenter: VSphereClient;
let ssh: SshConnectionManager;
let cacheRoot: string;
let sourceBefore: SourceVmFacts;

const guestNameFor = (nics: ReadonlyArray<{ mac: string; guestDeviceName?: string }>, mac: string): { guestNicName?: string } => {
  const name = nics.find((nic) => nic.mac.toLowerCase() === mac.toLowerCase())?.guestDeviceName;
  return name === undefined ? {} : { guestNicName: name };
};

const planSpec = (tag: string) => ({
  targetPowerState: 'on',
  preserveStaticIPs: true,
  // enableNestedVirtualization is left out: the lab's Forklift does not add the vmx/svm features
  // (real Forklift does, see checks/compute.ts), so the check would fail here for a lab gap.
  pvcNameTemplate: '{{.VmName}}-disk-{{.DiskIndex}}',
  pvcNameTemplateUseGenerateName: false,
  targetLabels: { 'mtv-comprehensive-label': `auto-${tag}`, 'test-type': 'comprehensive' },
  targetNodeSelector: { 'h8-comprehensive-node': 'auto-h8' },
  targetAffinity: {
    podAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { podAffinityTerm: { labelSelector: { matchLabels: { app: 'test' } }, topologyKey: 'kubernetes.io/hostname' }, weight: 50 },
      ],
    },
  },
});

async function migrateAndCheck(tag: string): Promise<{ reports?: Awaited<ReturnType<typeof checkVms>>; error?: VmValidationError }> {
  const migrated = await migrateOne(f, NS, pair, tag, VM, planSpec(tag));
  const planName = migrated.plan.metadata.name;
  const [plan, networkMap, storageMap, secret, version] = await Promise.all([
    client.get('Plan', planName, NS),
    client.get('NetworkMap', `${tag}-net`, NS) as Promise<V1beta1NetworkMap>,
    client.get('StorageMap', `${tag}-storage`, NS) as Promise<V1beta1StorageMap>,
    client.tryGet('Secret', 'vsphere-secret', NS),
    client.tryGet('ClusterVersion', 'version'),
  ]);
  const input: CheckVmsInput = {
    plan,
    vms: [{ sourceName: VM, guestAgent: true, sourceBefore }],
    networkMap,
    storageMap,
    sourceProvider: { name: 'vsphere', type: 'vsphere', secretName: 'vsphere-secret', secret, expectedInsecureSkipVerify: false },
    clusterVersion: version?.status?.desired?.version ?? '',
    guestAgentTimeoutSeconds: 10,
    labeledWorkerNode: { nodeName: NODE },
    targetVmLabels: planSpec(tag).targetLabels,
  };
  const deps: CheckVmsDeps = {
    destination: destinationAccessFor(client),
    waitForVmiCondition: waitForVmiConditionFor(client),
    readSourceVm: async (name) => toSourceFacts(await vcenter.vmFacts(await vcenter.findVmByName(name))),
    guestShells: ssh,
    staticIpTiming: { timeoutMs: 3_000, intervalMs: 1_000 },
    stablePowerTimeoutMs: 30_000,
  };
  try {
    return { reports: await checkVms(input, deps) };
  } catch (error) {
    if (error instanceof VmValidationError) return { error };
    throw error;
  }
}

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  pair = await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 15_000);
  await f.readyProvider(NS, 'host', 15_000);
  client = await connect(
    { kind: 'token', server: lab().url, token: lab().adminToken, insecureSkipTlsVerify: false, caPem: lab().caPem },
    silentLog,
  );
  // The suite's sourceProvider fixture always writes insecureSkipVerify; the lab helper only when insecure.
  await client.mergePatch('Secret', 'vsphere-secret', NS, { data: { insecureSkipVerify: Buffer.from('false').toString('base64') } });
  await client.mergePatch('Node', NODE, undefined, { metadata: { labels: { 'h8-comprehensive-node': 'auto-h8' } } });
  vcenter = await f.vcenter();
  const id = await vcenter.findVmByName(VM);
  // Like the prepared plan with sourceVmPower on: static IPs are read from VMware Tools while it runs.
  if ((await vcenter.vmFacts(id)).powerState !== 'on') await vcenter.powerOn(id);
  const facts = toSourceFacts(await vcenter.waitForGuestInfo(id, 30_000));
  // The guest interface names come from guest operations in the prepared plan (the Python suite
  // runs commands in the source guest); vim25 properties do not carry them. Here they come from
  // the lab's guest model, which is what such a guest command would print.
  const seeded = seedInventory().vms.find((vm) => vm.name === VM)!;
  sourceBefore = { ...facts, nics: facts.nics.map((nic) => ({ ...nic, ...guestNameFor(seeded.guestNics, nic.mac) })) };
  cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'h8-checkvms-virtctl-'));
  const virtctl = await ensureVirtctl({
    clusterVersion: 'lab',
    cacheRoot,
    searchPath: '',
    fetchLinks: () => fetchVirtctlLinks(client),
    tls: await downloadTlsFor(client),
  });
  const providers = JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const entry = providers['vsphere']!;
  ssh = new SshConnectionManager({
    virtctlPath: virtctl.path,
    server: client.server,
    token: client.token!,
    insecureSkipTlsVerify: false,
    caFile: path.join(lab().stateDir, 'ca.crt'),
    credentials: {
      linux: { user: entry['guest_vm_linux_user']!, password: entry['guest_vm_linux_password']! },
      windows: { user: entry['guest_vm_win_user']!, password: entry['guest_vm_win_password']! },
    },
    log: silentLog,
    connectTimeoutMs: 20_000,
    retryDelayMs: 1_000,
  });
}, 90_000);

afterAll(async () => {
  await ssh?.closeAll();
  await vcenter?.logout().catch(() => undefined);
  client?.close();
  if (cacheRoot) fs.rmSync(cacheRoot, { recursive: true, force: true });
});

describe('checkVms against the lab Forklift', () => {
  it('a correct comprehensive migration passes every applicable check', async () => {
    const { reports, error } = await migrateAndCheck('ok');
    expect(error?.message).toBeUndefined();
    expect(reports![0]!.ran).toEqual([
      'power-state',
      'guest-agent',
      'ssh',
      'static-ip',
      'nic-name',
      'node-placement',
      'labels',
      'affinity',
      'cpu',
      'memory',
      'network',
      'storage',
      'pvc-names',
      'snapshots',
      'serial',
      'boot-firmware',
    ]);
    expect(reports![0]!.skipped).toEqual([]);
  }, 180_000);

  it('lab faults make exactly their checks fail', async () => {
    const faults: Record<string, string> = {
      'cpu-mismatch': 'cpu',
      'memory-mismatch': 'memory',
      'drop-target-labels': 'labels',
      'drop-affinity': 'affinity',
      'serial-changed': 'serial',
      'ignore-pvc-template': 'pvc-names',
      'wrong-storage-class': 'storage',
      'drop-node-selector': 'node-placement',
      'static-ip-lost': 'static-ip',
    };
    for (const fault of Object.keys(faults)) await f.fault(fault, true);
    let result: Awaited<ReturnType<typeof migrateAndCheck>>;
    try {
      result = await migrateAndCheck('faulty');
    } finally {
      for (const fault of Object.keys(faults)) await f.fault(fault, false);
    }
    const failing = new Set(result.error?.vms.flatMap((vm) => vm.failures.map((failure) => failure.check)));
    expect([...failing].sort()).toEqual([...new Set(Object.values(faults))].sort());
    // The message names the VM and shows expected/actual for a person reading the report.
    expect(result.error!.message).toMatch(
      /^Post-migration validation of plan h8-checkvms\/faulty failed: \d+ failing checks on 1 of 1 VM\n\nVM mtv-win2019-3disks \(migrated as h8-checkvms-faulty\/mtv-win2019-3disks\):\n {2}- /,
    );
  }, 240_000);

  it('mac-changed and disk-missing: NIC-by-MAC checks, static IP, disk count and PVC names catch them', async () => {
    const faults = ['mac-changed', 'disk-missing'];
    for (const fault of faults) await f.fault(fault, true);
    let result: Awaited<ReturnType<typeof migrateAndCheck>>;
    try {
      result = await migrateAndCheck('faulty3');
    } finally {
      for (const fault of faults) await f.fault(fault, false);
    }
    const failures = result.error?.vms.flatMap((vm) => vm.failures) ?? [];
    // A new MAC breaks the NIC-by-MAC lookups (network, guest NIC name), and the guest, seeing a
    // new adapter, comes up with DHCP: the static IP check finds Ethernet0 by name without the IP.
    expect([...new Set(failures.map((failure) => failure.check))].sort()).toEqual([
      'network',
      'nic-name',
      'pvc-names',
      'static-ip',
      'storage',
    ]);
    expect(failures.find((failure) => failure.check === 'storage')).toMatchObject({
      subject: 'number of disks',
      expected: '3',
      actual: '2',
    });
  }, 240_000);

  // Last: source-snapshots-removed changes the lab's source VM for good.
  it('power, guest agent, network and source-snapshot faults (the VM is started for inspection, SSH skipped)', async () => {
    const faults: Record<string, string> = {
      'wrong-power-state': 'power-state',
      'no-guest-agent': 'guest-agent',
      'wrong-network-mapping': 'network',
      'source-snapshots-removed': 'snapshots',
    };
    for (const fault of Object.keys(faults)) await f.fault(fault, true);
    let result: Awaited<ReturnType<typeof migrateAndCheck>>;
    try {
      result = await migrateAndCheck('faulty2');
    } finally {
      for (const fault of Object.keys(faults)) await f.fault(fault, false);
    }
    const failures = result.error?.vms.flatMap((vm) => vm.failures) ?? [];
    expect([...new Set(failures.map((failure) => failure.check))].sort()).toEqual(Object.values(faults).sort());
    expect(failures.find((failure) => failure.check === 'power-state')).toMatchObject({
      subject: 'power state (targetPowerState on)',
      expected: 'on',
      actual: expect.stringMatching(/^off \(printableStatus Stopped/),
    });
  }, 240_000);
});
