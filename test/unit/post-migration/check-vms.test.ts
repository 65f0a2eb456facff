import type { IoK8sApiCoreV1PersistentVolumeClaim, V1VirtualMachine, V1VirtualMachineInstance } from '@kubev2v/types';
import { VmValidationError } from '../../../exceptions/post-migration';
import {
  checkVms,
  type CheckVmsDeps,
  type CheckVmsInput,
  type DestinationAccess,
  type GuestShellProvider,
} from '../../../utilities/post-migration';
import type { SourceVmFacts } from '../../../utilities/post-migration/facts';
import { destinationVm, destinationVmi, networkMap, plan, pvc, sourceVm, storageMap } from './samples';

/** An in-memory cluster: VMs, VMIs and PVCs by namespace/name, and a record of writes. */
function fakeCluster(vms: V1VirtualMachine[], vmis: V1VirtualMachineInstance[], pvcs: IoK8sApiCoreV1PersistentVolumeClaim[]) {
  const writes: string[] = [];
  const access: DestinationAccess = {
    readVm: async (namespace, name) => {
      const vm = vms.find((candidate) => candidate.metadata?.name === name && candidate.metadata?.namespace === namespace);
      if (vm === undefined) throw new Error(`virtualmachines "${name}" not found`);
      return vm;
    },
    readVmi: async (namespace, name) =>
      vmis.find((candidate) => candidate.metadata?.name === name && candidate.metadata?.namespace === namespace),
    listPvcs: async (namespace) => pvcs.filter((candidate) => candidate.metadata?.namespace === namespace),
    waitForStablePower: async (namespace, name) => {
      const vm = await access.readVm(namespace, name);
      const status = vm.status?.printableStatus;
      if (status !== 'Running' && status !== 'Stopped') throw new Error(`timed out: printableStatus ${status ?? 'unset'}`);
    },
    setRunStrategy: async (namespace, name, strategy) => {
      writes.push(`${namespace}/${name} runStrategy=${strategy}`);
    },
  };
  return { access, writes };
}

const secret = { data: { insecureSkipVerify: Buffer.from('false').toString('base64') } };

/** Two Linux VMs "vm-a" and "vm-b" of a plan with target labels; vm-b is sourceVm() renamed. */
function twoVmScenario(mutateA: (vm: V1VirtualMachine) => void) {
  const source = (name: string, id: string): SourceVmFacts => ({
    ...sourceVm({ name, id, isWindows: false }),
    disks: sourceVm().disks.map((disk) => ({ ...disk, fileName: disk.fileName.replace(/mtv-win2019-3disks/g, name) })),
  });
  const sources = { 'vm-a': source('vm-a', 'vm-1'), 'vm-b': source('vm-b', 'vm-2') };
  const vmFor = (name: string, mutate: (vm: V1VirtualMachine) => void) =>
    destinationVm((vm) => {
      vm.metadata!.name = name;
      vm.spec.template.spec!.volumes = [
        { name: 'vol-0', dataVolume: { name: `${name}-disk-0` } },
        { name: 'vol-1', dataVolume: { name: `${name}-disk-1` } },
      ];
      mutate(vm);
    });
  const vmiFor = (name: string) => destinationVmi((vmi) => (vmi.metadata!.name = name));
  const pvcsFor = (name: string) => [
    pvc(`${name}-disk-0`, `[datastore1] ${name}/${name}.vmdk`),
    pvc(`${name}-disk-1`, `[datastore2] ${name}/${name}_1.vmdk`),
  ];
  const cluster = fakeCluster(
    [vmFor('vm-a', mutateA), vmFor('vm-b', () => {})],
    [vmiFor('vm-a'), vmiFor('vm-b')],
    [...pvcsFor('vm-a'), ...pvcsFor('vm-b')],
  );
  const input: CheckVmsInput = {
    plan: plan((p) => {
      p.spec!.vms = [
        { id: 'vm-1', name: 'vm-a' },
        { id: 'vm-2', name: 'vm-b' },
      ];
      p.spec!.preserveStaticIPs = false;
    }),
    vms: [
      { sourceName: 'vm-a', sourceVmPower: 'on', guestAgent: true, sourceBefore: sources['vm-a'] },
      { sourceName: 'vm-b', sourceVmPower: 'on', guestAgent: true, sourceBefore: sources['vm-b'] },
    ],
    networkMap: networkMap(),
    storageMap: storageMap(),
    sourceProvider: { name: 'vsphere-8', type: 'vsphere', secretName: 'vsphere-8-secret', secret, expectedInsecureSkipVerify: false },
    clusterVersion: '4.20.2',
    labeledWorkerNode: { nodeName: 'worker-1' },
    targetVmLabels: { 'mtv-comprehensive-label': 'auto-abcd', 'test-type': 'comprehensive' },
  };
  const deps: CheckVmsDeps = {
    destination: cluster.access,
    waitForVmiCondition: async () => destinationVmi(),
    readSourceVm: async (name) => sources[name as 'vm-a' | 'vm-b'],
  };
  return { input, deps, cluster };
}

describe('checkVms', () => {
  it('passes a correct two-VM plan and reports which checks ran', async () => {
    const { input, deps } = twoVmScenario(() => {});
    const reports = await checkVms(input, deps);
    expect(reports.map((r) => r.vm)).toEqual(['vm-a', 'vm-b']);
    expect(reports[0]!.ran).toEqual([
      'power-state',
      'guest-agent',
      'node-placement',
      'labels',
      'affinity',
      'nested-virtualization',
      'cpu',
      'memory',
      'network',
      'storage',
      'pvc-names',
      'snapshots',
      'serial',
      'boot-firmware',
    ]);
    expect(reports[0]!.skipped).toEqual([{ check: 'ssh', reason: 'no SSH connection manager was given (vmSshConnections)' }]);
  });

  it('nested virtualization: the VM-level enableNestedVirtualization overrides the plan (Forklift NestedVirtualizationSetting)', async () => {
    const { input, deps } = twoVmScenario(() => {});
    const override: CheckVmsInput = {
      ...input,
      plan: plan(
        (p) => (
          (p.spec!.vms = [{ id: 'vm-1', name: 'vm-a', enableNestedVirtualization: true } as never, { id: 'vm-2', name: 'vm-b' }]),
          (p.spec!.preserveStaticIPs = false)
        ),
      ),
    };
    const reports = await checkVms(override, deps);
    expect(reports.map((r) => r.ran.includes('nested-virtualization'))).toEqual([false, true]);
  });

  it('fails once at the end with a per-VM list a person can read (exact shape)', async () => {
    const { input, deps } = twoVmScenario((vm) => {
      vm.spec.template.spec!.domain.cpu!.sockets = 1;
      delete vm.spec.template.metadata!.labels!['mtv-comprehensive-label'];
    });
    const error = await checkVms(input, deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VmValidationError);
    expect((error as Error).message).toBe(
      [
        'Post-migration validation of plan mtv-ns/comprehensive-plan failed: 2 failing checks on 1 of 2 VMs',
        '',
        'VM vm-a (migrated as mtv-ns/vm-a):',
        '  - labels: template label mtv-comprehensive-label',
        '      expected: auto-abcd',
        '      actual:   (missing)',
        '  - cpu: CPU sockets',
        '      expected: 2',
        '      actual:   1',
      ].join('\n'),
    );
    expect((error as VmValidationError).vms[0]!.failures.map((f) => f.check)).toEqual(['labels', 'cpu']);
  });

  it('collects failures across VMs, the provider entry and multi-line values', async () => {
    const { input, deps } = twoVmScenario((vm) => (vm.spec.template.spec!.affinity = undefined));
    const badSecret = {
      ...input,
      sourceProvider: { ...input.sourceProvider, secret: { data: { insecureSkipVerify: Buffer.from('true').toString('base64') } } },
    };
    const failing: CheckVmsDeps = {
      ...deps,
      readSourceVm: async (name) => ({ ...(await deps.readSourceVm(name)), memoryMB: name === 'vm-b' ? 8192 : 4096 }),
    };
    const message = await checkVms(badSecret, failing).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message.split('\n').slice(0, 14)).toEqual([
      'Post-migration validation of plan mtv-ns/comprehensive-plan failed: 3 failing checks on 2 of 2 VMs',
      '',
      'Source provider vsphere-8:',
      '  - provider-ssl: insecureSkipVerify in Secret vsphere-8-secret',
      '      expected: false',
      '      actual:   true',
      '',
      'VM vm-a (migrated as mtv-ns/vm-a):',
      '  - affinity: template affinity',
      '      expected: {',
      '                  "podAffinity": {',
      '                    "preferredDuringSchedulingIgnoredDuringExecution": [',
      '                      {',
      '                        "podAffinityTerm": {',
    ]);
    expect(message).toMatch(
      /\n {6}actual: {3}\(not set\)\n\nVM vm-b \(migrated as mtv-ns\/vm-b\):\n {2}- memory: guest memory \(MiB\)\n {6}expected: 8192\n {6}actual: {3}4096$/,
    );
  });

  it('with an SSH manager: ssh, static IPs (nmcli for Linux) and NIC names run; copy-offload counts disks', async () => {
    const { input, deps } = twoVmScenario(() => {});
    const nmcli = [
      'GENERAL.DEVICE:   ens192',
      'GENERAL.TYPE:   ethernet',
      'GENERAL.HWADDR:   00:50:56:A1:B2:C3',
      'GENERAL.STATE:   100 (connected)',
      'IP4.ADDRESS[1]:   10.10.20.40/24',
      'IP4.GATEWAY:   10.10.20.1',
      '',
    ].join('\n');
    const connects: string[] = [];
    const guestShells: GuestShellProvider = {
      connect: async (target) => {
        connects.push(`${target.namespace}/${target.vmName} windows=${String(target.windows)}`);
        return {
          run: async (command) => ({ stdout: command.startsWith('echo ') ? `${command.slice(5)}\n` : nmcli, stderr: '', exitCode: 0 }),
        };
      },
    };
    const withStatic: CheckVmsInput = {
      ...input,
      copyOffload: true,
      vms: input.vms.map((vm) => ({ ...vm, addedDisks: 1 })),
      plan: plan((p) => ((p.spec!.vms = input.plan.spec!.vms), (p.spec!.preserveStaticIPs = true))),
    };
    const reports = await checkVms(withStatic, { ...deps, guestShells, staticIpTiming: { timeoutMs: 100, intervalMs: 10 } });
    // The SSH check connects; each static-IP read asks again (the real manager hands back the live
    // session, or reconnects after a guest reboot).
    expect(connects).toEqual([
      'mtv-ns/vm-a windows=false',
      'mtv-ns/vm-a windows=false',
      'mtv-ns/vm-b windows=false',
      'mtv-ns/vm-b windows=false',
    ]);
    expect(reports[0]!.ran).toEqual(expect.arrayContaining(['ssh', 'static-ip', 'nic-name', 'copy-offload-disk-count']));
    expect(reports[0]!.skipped).toEqual([]);
  });

  it('starts a stopped VM to inspect it, after sampling power, and stops it again', async () => {
    const { input, deps, cluster } = twoVmScenario((vm) => (vm.status = { printableStatus: 'Stopped' }));
    const oneVm: CheckVmsInput = {
      ...input,
      vms: input.vms.slice(0, 1),
      plan: plan(
        (p) => ((p.spec!.targetPowerState = 'off'), (p.spec!.vms = [{ id: 'vm-1', name: 'vm-a' }]), (p.spec!.preserveStaticIPs = false)),
      ),
    };
    const started = {
      ...deps,
      destination: { ...deps.destination, readVmi: async () => undefined as V1VirtualMachineInstance | undefined },
    };
    const error = await checkVms(oneVm, started).then(
      () => undefined,
      (e: VmValidationError) => e,
    );
    expect(cluster.writes).toEqual(['mtv-ns/vm-a runStrategy=Always', 'mtv-ns/vm-a runStrategy=Halted']);
    // Power matched the plan (off); the VMI never appeared in this fake, so placement fails.
    expect(error?.vms[0]?.failures.map((f) => f.check)).toEqual(['node-placement']);
  });

  it('a VM that never settles is a failure, and its spec is still checked', async () => {
    const { input, deps, cluster } = twoVmScenario(
      (vm) => ((vm.status = { printableStatus: 'ErrorUnschedulable' }), (vm.spec.template.spec!.domain.cpu!.cores = 1)),
    );
    const { writes } = cluster;
    const error = (await checkVms(input, {
      ...deps,
      destination: { ...deps.destination, readVmi: async (ns, name) => (name === 'vm-a' ? undefined : deps.destination.readVmi(ns, name)) },
    }).catch((e: unknown) => e)) as VmValidationError;
    expect(error.vms[0]!.failures.map((f) => [f.check, f.actual])).toEqual([
      ['destination-vm', 'error: timed out: printableStatus ErrorUnschedulable'],
      ['power-state', 'other (printableStatus ErrorUnschedulable, runStrategy Always, no VMI)'],
      ['node-placement', '(no running VMI)'],
      ['cpu', '1'],
    ]);
    expect(writes).toEqual([]); // never started or stopped: it was not "off"
  });

  it('reports a VM that does not exist instead of aborting the other VMs', async () => {
    const { input, deps } = twoVmScenario(() => {});
    const withGhost: CheckVmsInput = {
      ...input,
      plan: plan(
        (p) => (
          (p.spec!.vms = [
            { id: 'vm-1', name: 'vm-a', targetName: 'ghost' },
            { id: 'vm-2', name: 'vm-b' },
          ]),
          (p.spec!.preserveStaticIPs = false)
        ),
      ),
    };
    const error = (await checkVms(withGhost, deps).catch((e: unknown) => e)) as VmValidationError;
    expect(error.vms.map((v) => [v.vm, v.destination, v.failures[0]?.check, v.failures[0]?.actual])).toEqual([
      ['vm-a', 'mtv-ns/ghost', 'destination-vm', 'error: virtualmachines "ghost" not found'],
    ]);
  });

  it('renders PVC names with packages/go-template by default and reports a template error', async () => {
    const { input, deps } = twoVmScenario(() => {});
    const broken: CheckVmsInput = {
      ...input,
      plan: plan(
        (p) => ((p.spec!.vms = input.plan.spec!.vms), (p.spec!.preserveStaticIPs = false), (p.spec!.pvcNameTemplate = '{{.NoSuchField}}')),
      ),
    };
    const error = (await checkVms(broken, deps).catch((e: unknown) => e)) as VmValidationError;
    expect(error.vms[0]!.failures[0]).toMatchObject({ check: 'pvc-names', expected: 'the template renders' });
    expect(error.vms[0]!.failures[0]!.actual).toMatch(/^render error: .*NoSuchField/);
  });
});
