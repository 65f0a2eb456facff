import {
  checkCpu,
  checkMemory,
  checkNestedVirtualizationDisabled,
  checkPowerState,
} from '../../../utilities/post-migration/checks/compute';
import { checkGuestAgent, checkSshConnectivity, checkStaticIpPreservation } from '../../../utilities/post-migration/checks/guest';
import { checkNetwork, checkNicNamePreservation } from '../../../utilities/post-migration/checks/network';
import { checkAffinity, checkNodePlacement, checkTargetLabels } from '../../../utilities/post-migration/checks/placement';
import { checkProviderSsl } from '../../../utilities/post-migration/checks/provider';
import { checkPvcNames, forkliftPvcTemplateRenderer } from '../../../utilities/post-migration/checks/pvc-names';
import {
  checkBootConfiguration,
  checkSerialPreservation,
  checkSnapshots,
  expectedSerial,
} from '../../../utilities/post-migration/checks/source-preservation';
import { checkCopyOffloadDiskCount, checkStorage } from '../../../utilities/post-migration/checks/storage';
import { buildDestinationVmFacts } from '../../../utilities/post-migration/destination-facts';
import type { GuestShell } from '../../../utilities/post-migration/guest-shell';
import { destinationPvcs, destinationVm, destinationVmi, networkMap, pvc, sourceVm, storageMap } from './samples';

const facts = (mutate?: Parameters<typeof destinationVm>[0], vmi = destinationVmi(), pvcs = destinationPvcs()) =>
  buildDestinationVmFacts(destinationVm(mutate), vmi, pvcs);

describe('destination facts', () => {
  it('reads power, firmware, CPU, memory, NICs with networks, and PVC-backed disks in volume order', () => {
    const dest = facts();
    expect(dest).toMatchObject({
      name: 'mtv-win2019-3disks',
      namespace: 'mtv-ns',
      powerState: 'on',
      firmware: { bootFirmware: 'efi', secureBoot: true, tpm: false },
      cpu: { sockets: 2, cores: 2 },
      memoryMB: 4096,
      nodeName: 'worker-1',
      guestAgentConnected: true,
    });
    expect(dest.nics.map((n) => [n.mac, n.network, n.guestInterfaceName])).toEqual([
      ['00:50:56:a1:b2:c3', { type: 'pod' }, 'Ethernet0'],
      ['00:50:56:a1:00:09', { type: 'multus', name: 'cb-1a2b3c-1', namespace: 'default' }, 'Ethernet1'],
    ]);
    expect(dest.disks.map((d) => [d.index, d.pvcName, d.pvc?.storageClass])).toEqual([
      [0, 'mtv-win2019-3disks-disk-0', 'ocs-storagecluster-ceph-rbd'],
      [1, 'mtv-win2019-3disks-disk-1', 'ocs-storagecluster-ceph-rbd'],
    ]);
  });
  it('is off with no VMI and printableStatus Stopped, other while starting', () => {
    expect(
      buildDestinationVmFacts(
        destinationVm((vm) => (vm.status = { printableStatus: 'Stopped' })),
        undefined,
        [],
      ).powerState,
    ).toBe('off');
    const starting = buildDestinationVmFacts(
      destinationVm((vm) => (vm.status = { printableStatus: 'Starting' })),
      destinationVmi((vmi) => (vmi.status!.phase = 'Scheduling')),
      [],
    );
    expect(starting.powerState).toBe('other');
    expect(starting.powerStateReason).toBe('printableStatus Starting, runStrategy Always, VMI phase Scheduling');
  });
});

describe('power state', () => {
  it('targetPowerState wins over sourceVmPower; auto/unset fall back; nothing to check without either', () => {
    expect(checkPowerState(facts(), 'on', 'off')).toEqual([]);
    expect(checkPowerState(facts(), 'off', undefined)).toEqual([
      { check: 'power-state', subject: 'power state (targetPowerState off)', expected: 'off', actual: 'on (VMI phase Running)' },
    ]);
    expect(checkPowerState(facts(), 'auto', 'off')[0]).toMatchObject({
      subject: 'power state (sourceVmPower off)',
      expected: 'off',
      actual: 'on (VMI phase Running)',
    });
    expect(checkPowerState(facts(), undefined, undefined)).toEqual([]);
  });
});

describe('cpu, memory, nested virtualization', () => {
  it('passes on equal values and reports each mismatch', () => {
    expect(checkCpu(sourceVm(), facts())).toEqual([]);
    expect(checkCpu(sourceVm({ cpu: { sockets: 4, coresPerSocket: 2 } }), facts())).toEqual([
      { check: 'cpu', subject: 'CPU sockets', expected: '4', actual: '2' },
    ]);
    expect(checkCpu(sourceVm({ cpu: { sockets: 0, coresPerSocket: 0 } }), facts())).toEqual([]);
    expect(checkMemory(sourceVm(), facts())).toEqual([]);
    expect(
      checkMemory(
        sourceVm(),
        facts((vm) => (vm.spec.template.spec!.domain.memory = { guest: '2Gi' })),
      ),
    ).toEqual([{ check: 'memory', subject: 'guest memory (MiB)', expected: '4096', actual: '2048' }]);
  });
  it('requires vmx and svm disabled', () => {
    expect(checkNestedVirtualizationDisabled(facts())).toEqual([]);
    const failures = checkNestedVirtualizationDisabled(
      facts((vm) => (vm.spec.template.spec!.domain.cpu!.features = [{ name: 'vmx', policy: 'require' }])),
    );
    expect(failures.map((f) => [f.subject, f.actual])).toEqual([
      ['CPU feature vmx (enableNestedVirtualization false)', 'policy require'],
      ['CPU feature svm (enableNestedVirtualization false)', 'feature not listed'],
    ]);
  });
});

describe('network', () => {
  it('maps NICs by MAC to pod or the NAD, by network id or inventory-path name', () => {
    expect(checkNetwork(sourceVm(), facts(), networkMap())).toEqual([]);
  });
  it('reports a NIC on the wrong NAD, a missing NIC and an unmapped network', () => {
    const wrongNad = facts((vm) => (vm.spec.template.spec!.networks![1] = { name: 'net-1', multus: { networkName: 'default/other-nad' } }));
    expect(checkNetwork(sourceVm(), wrongNad, networkMap())).toEqual([
      {
        check: 'network',
        subject: 'NIC Network adapter 2 (MAC 00:50:56:a1:00:09, source network Mgmt Network)',
        expected: 'multus NAD default/cb-1a2b3c-1',
        actual: 'multus NAD default/other-nad (interface net-1)',
      },
    ]);
    const noNic = facts((vm) => vm.spec.template.spec!.domain.devices.interfaces!.pop());
    expect(checkNetwork(sourceVm(), noNic, networkMap())[0]?.actual).toMatch(/^no NIC with this MAC; destination MACs: 00:50:56:a1:b2:c3/);
    const map = networkMap();
    map.spec!.map.pop();
    expect(checkNetwork(sourceVm(), facts(), map)[0]).toMatchObject({
      expected: 'an entry in NetworkMap nm-1 for network Mgmt Network',
      actual: 'no entry maps it',
    });
  });
  it('checks guest NIC names by MAC', () => {
    expect(checkNicNamePreservation(sourceVm(), facts())).toEqual([]);
    const renamed = buildDestinationVmFacts(
      destinationVm(),
      destinationVmi((vmi) => (vmi.status!.interfaces![0]!.interfaceName = 'Ethernet 2')),
      destinationPvcs(),
    );
    expect(checkNicNamePreservation(sourceVm(), renamed)).toEqual([
      {
        check: 'nic-name',
        subject: 'guest interface name of NIC Network adapter 1 (MAC 00:50:56:a1:b2:c3)',
        expected: 'Ethernet0',
        actual: 'Ethernet 2',
      },
    ]);
  });
});

describe('storage and disk count', () => {
  it('passes with the mapped storage class and ceph-rbd RWX default', () => {
    expect(checkStorage(sourceVm(), facts(), storageMap())).toEqual([]);
  });
  it('reports disk count, storage class, access mode and a missing PVC', () => {
    const pvcs = [
      pvc('mtv-win2019-3disks-disk-0', '[datastore1] mtv-win2019-3disks/mtv-win2019-3disks.vmdk', 'standard-csi', ['ReadWriteOnce']),
    ];
    const failures = checkStorage(sourceVm(), facts(undefined, destinationVmi(), pvcs), storageMap());
    expect(failures.map((f) => [f.subject, f.expected, f.actual])).toEqual([
      [
        'disk 0 (PVC mtv-win2019-3disks-disk-0) storage class (source [datastore1] mtv-win2019-3disks/mtv-win2019-3disks.vmdk)',
        'ocs-storagecluster-ceph-rbd',
        'standard-csi',
      ],
      ['disk 0 (PVC mtv-win2019-3disks-disk-0) access mode', 'ReadWriteMany', 'ReadWriteOnce'],
      ['disk 1 (PVC mtv-win2019-3disks-disk-1)', 'the PVC exists', 'PVC not found'],
    ]);
    const oneDisk = facts((vm) => vm.spec.template.spec!.volumes!.splice(1, 1));
    expect(checkStorage(sourceVm(), oneDisk, storageMap())[0]).toEqual({
      check: 'storage',
      subject: 'number of disks',
      expected: '2',
      actual: '1',
    });
  });
  it('copy-offload: 1 + added disks', () => {
    expect(checkCopyOffloadDiskCount(facts(), 1)).toEqual([]);
    expect(checkCopyOffloadDiskCount(facts(), 2)).toEqual([
      { check: 'copy-offload-disk-count', subject: 'number of disks (1 + added disks)', expected: '3', actual: '2' },
    ]);
  });
});

describe('PVC names', () => {
  const context = {
    template: '{{.VmName}}-disk-{{.DiskIndex}}',
    useGenerateName: false,
    planName: 'p',
    render: forkliftPvcTemplateRenderer,
  };
  it('orders disks by controller key and unit number and matches exact names', () => {
    expect(checkPvcNames(sourceVm(), facts(), context)).toEqual([]);
  });
  it('matches generateName prefixes cut to 58 characters', () => {
    const long = 'x'.repeat(70);
    const dest = facts((vm) => {
      vm.spec.template.spec!.volumes![0]!.dataVolume!.name = `${'x'.repeat(58)}k2x7p`;
      vm.spec.template.spec!.volumes![1]!.dataVolume!.name = `${'x'.repeat(58)}abcde`;
    });
    expect(checkPvcNames(sourceVm(), dest, { ...context, template: long, useGenerateName: true })).toEqual([]);
  });
  it('reports a PVC that ignores the template', () => {
    const dest = facts((vm) => (vm.spec.template.spec!.volumes![1]!.dataVolume!.name = 'comprehensive-plan-vm-1042-x7k2p'));
    expect(checkPvcNames(sourceVm(), dest, context)).toEqual([
      {
        check: 'pvc-names',
        subject:
          'PVC name of disk 1 ([datastore2] mtv-win2019-3disks/mtv-win2019-3disks_1.vmdk) from template {{.VmName}}-disk-{{.DiskIndex}}',
        expected: 'a PVC named mtv-win2019-3disks-disk-1',
        actual: 'PVCs of the VM: mtv-win2019-3disks-disk-0, comprehensive-plan-vm-1042-x7k2p',
      },
    ]);
  });
  it('comprehensive-warm template: FileName without .vmdk, _ to -, generateName', () => {
    const template = '{{ .FileName | trimSuffix ".vmdk" | replace "_" "-" }}-{{.DiskIndex}}';
    const dest = facts((vm) => {
      vm.spec.template.spec!.volumes![0]!.dataVolume!.name = 'mtv-win2019-3disks-0-q8w2x';
      vm.spec.template.spec!.volumes![1]!.dataVolume!.name = 'mtv-win2019-3disks-1-1-7hk2d';
    });
    expect(checkPvcNames(sourceVm(), dest, { ...context, template, useGenerateName: true })).toEqual([]);
    expect(checkPvcNames(sourceVm(), dest, { ...context, template, useGenerateName: false }).map((f) => f.expected)).toEqual([
      'a PVC named mtv-win2019-3disks-0',
      'a PVC named mtv-win2019-3disks-1-1',
    ]);
  });
  it('warm plans name disks by the base file (snapshot delta suffix dropped), like Forklift', () => {
    const withDelta = sourceVm({ disks: sourceVm().disks.map((d) => ({ ...d, fileName: d.fileName.replace('.vmdk', '-000002.vmdk') })) });
    const dest = facts((vm) => {
      vm.spec.template.spec!.volumes![0]!.dataVolume!.name = 'mtv-win2019-3disks.vmdk';
      vm.spec.template.spec!.volumes![1]!.dataVolume!.name = 'mtv-win2019-3disks_1.vmdk';
    });
    expect(checkPvcNames(withDelta, dest, { ...context, template: '{{.FileName}}', warm: true })).toEqual([]);
    expect(checkPvcNames(withDelta, dest, { ...context, template: '{{.FileName}}', warm: false })[0]?.expected).toBe(
      'a PVC named mtv-win2019-3disks-000002.vmdk',
    );
    // Storage: the warm disk-source annotation names the base file; the source reports the delta.
    expect(checkStorage(withDelta, facts(), storageMap())).toEqual([]);
  });
  it('uses the backing file base name as FileName', () => {
    const dest = facts((vm) => {
      vm.spec.template.spec!.volumes![0]!.dataVolume!.name = 'mtv-win2019-3disks.vmdk';
      vm.spec.template.spec!.volumes![1]!.dataVolume!.name = 'mtv-win2019-3disks_1.vmdk';
    });
    expect(checkPvcNames(sourceVm(), dest, { ...context, template: '{{.FileName}}' })).toEqual([]);
  });
});

describe('snapshots, serial, boot firmware', () => {
  const snap = sourceVm().snapshots;
  it('compares snapshots to the minute and counts them', () => {
    expect(checkSnapshots(snap, [{ ...snap[0]!, createTime: '2026-11-20T10:15:59Z' }])).toEqual([]);
    expect(checkSnapshots(snap, [])).toEqual([
      {
        check: 'snapshots',
        subject: 'source VM snapshots after migration',
        expected: 'before-upgrade (id snapshot-1, created 2026-11-20 10:15, state poweredOff)',
        actual: '(no snapshots)',
      },
    ]);
    expect(checkSnapshots(snap, [{ ...snap[0]!, name: 'renamed' }])[0]?.actual).toBe(
      'renamed (id snapshot-1, created 2026-11-20 10:15, state poweredOff)',
    );
  });
  it('expects the VMware serial from 4.20 and the plain UUID before', () => {
    // Forklift's own example (uuid_to_vmware_serial.go) and its lower-case spelling.
    expect(expectedSerial('422c6a2a-5ea9-1083-39f3-3b140fffb444', '4.20.0')).toBe('VMware-42 2c 6a 2a 5e a9 10 83-39 f3 3b 14 0f ff b4 44');
    expect(expectedSerial('421C5B5E-8A6F-4D3E-9B1A-0C2D3E4F5A6B', '4.20.1')).toBe('VMware-42 1c 5b 5e 8a 6f 4d 3e-9b 1a 0c 2d 3e 4f 5a 6b');
    expect(expectedSerial('not-a-uuid', '4.21.0')).toBe('not-a-uuid');
    expect(expectedSerial('421c5b5e-8a6f-4d3e-9b1a-0c2d3e4f5a6b', '4.19.12')).toBe('421c5b5e-8a6f-4d3e-9b1a-0c2d3e4f5a6b');
    expect(checkSerialPreservation(sourceVm(), facts(), '4.20.0-rc.2')).toEqual([]);
    expect(checkSerialPreservation(sourceVm(), facts(), '4.19.3')).toEqual([
      {
        check: 'serial',
        subject: 'SMBIOS serial (firmware.serial, OpenShift 4.19.3)',
        expected: '421c5b5e-8a6f-4d3e-9b1a-0c2d3e4f5a6b',
        actual: 'VMware-42 1c 5b 5e 8a 6f 4d 3e-9b 1a 0c 2d 3e 4f 5a 6b',
      },
    ]);
  });
  it('compares bios/efi, Secure Boot and TPM', () => {
    expect(checkBootConfiguration(sourceVm(), facts())).toEqual([]);
    const bios = facts((vm) => (vm.spec.template.spec!.domain.firmware!.bootloader = { bios: {} }));
    expect(
      checkBootConfiguration(sourceVm({ firmware: { bootFirmware: 'efi', secureBoot: true, tpm: true } }), bios).map((f) => [
        f.subject,
        f.expected,
        f.actual,
      ]),
    ).toEqual([
      ['boot firmware', 'efi', 'bios'],
      ['Secure Boot', 'true', 'false'],
      ['TPM present', 'true', 'false'],
    ]);
  });
});

describe('placement, labels, affinity', () => {
  it('node placement', () => {
    expect(checkNodePlacement(facts(), 'worker-1')).toEqual([]);
    expect(checkNodePlacement(facts(), 'worker-2')).toEqual([
      { check: 'node-placement', subject: 'node the VMI runs on', expected: 'worker-2', actual: 'worker-1' },
    ]);
  });
  it('labels: extras allowed, missing and wrong values reported', () => {
    expect(checkTargetLabels(facts(), { 'mtv-comprehensive-label': 'auto-abcd' })).toEqual([]);
    expect(checkTargetLabels(facts(), { 'mtv-comprehensive-label': 'auto-zzzz', absent: 'x' })).toEqual([
      { check: 'labels', subject: 'template label mtv-comprehensive-label', expected: 'auto-zzzz', actual: 'auto-abcd' },
      { check: 'labels', subject: 'template label absent', expected: 'x', actual: '(missing)' },
    ]);
  });
  it('affinity: exact equality regardless of key order', () => {
    const expected = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { podAffinityTerm: { labelSelector: { matchLabels: { app: 'test' } }, topologyKey: 'kubernetes.io/hostname' }, weight: 50 },
        ],
      },
    };
    expect(checkAffinity(facts(), expected)).toEqual([]);
    const changed = JSON.parse(JSON.stringify(expected));
    changed.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight = 75;
    const failures = checkAffinity(facts(), changed);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.expected).toContain('"weight": 75');
    expect(failures[0]!.actual).toContain('"weight": 50');
  });
});

describe('provider SSL', () => {
  const secret = (value: string) => ({ data: { insecureSkipVerify: Buffer.from(value).toString('base64') } });
  it('compares the decoded insecureSkipVerify with the run setting', () => {
    expect(checkProviderSsl(secret('false'), false, 'vsphere-secret')).toEqual([]);
    expect(checkProviderSsl(secret('true'), false, 'vsphere-secret')).toEqual([
      { check: 'provider-ssl', subject: 'insecureSkipVerify in Secret vsphere-secret', expected: 'false', actual: 'true' },
    ]);
    expect(checkProviderSsl({ data: {} }, true, 's')[0]?.actual).toBe('(key missing)');
  });
});

describe('guest agent', () => {
  it('waits through the injected event-driven wait and reports its timeout message', async () => {
    const notConnected = buildDestinationVmFacts(
      destinationVm(),
      destinationVmi((vmi) => (vmi.status!.conditions = [{ type: 'Ready', status: 'True' }])),
      [],
    );
    const calls: unknown[] = [];
    expect(await checkGuestAgent(notConnected, async (...args) => (calls.push(args), destinationVmi()), 5000)).toEqual([]);
    expect(calls).toEqual([[{ namespace: 'mtv-ns', name: 'mtv-win2019-3disks' }, 'AgentConnected', 5000]]);
    const failures = await checkGuestAgent(
      notConnected,
      () => Promise.reject(new Error('timed out after 5 s; conditions: Ready=True')),
      5000,
    );
    expect(failures).toEqual([
      {
        check: 'guest-agent',
        subject: 'VMI condition AgentConnected',
        expected: 'True within 5 s',
        actual: 'timed out after 5 s; conditions: Ready=True',
      },
    ]);
  });
});

describe('SSH and static IPs', () => {
  const ipconfig = (ip: string, mask: string, gateway: string) =>
    [
      'Ethernet adapter Ethernet0:',
      '',
      '   Physical Address. . . . . . . . . : 00-50-56-A1-B2-C3',
      '   DHCP Enabled. . . . . . . . . . . : No',
      `   IPv4 Address. . . . . . . . . . . : ${ip}(Preferred)`,
      `   Subnet Mask . . . . . . . . . . . : ${mask}`,
      `   Default Gateway . . . . . . . . . : ${gateway}`,
      '',
    ].join('\r\n');
  const shell = (outputs: string[]): GuestShell & { commands: string[] } => {
    const commands: string[] = [];
    return {
      commands,
      run: async (command) => {
        commands.push(command);
        if (command.startsWith('echo ')) return { stdout: `${command.slice(5)}\n`, stderr: '', exitCode: 0 };
        return { stdout: (outputs.length > 1 ? outputs.shift() : outputs[0]) ?? '', stderr: '', exitCode: 0 };
      },
    };
  };
  it('ssh: probe passes; a connect error is reported', async () => {
    const ok = await checkSshConnectivity({ connect: async () => shell([]) }, { vmName: 'v', namespace: 'n', windows: true });
    expect(ok.failures).toEqual([]);
    const bad = await checkSshConnectivity(
      { connect: () => Promise.reject(new Error('port-forward exited: vm not running')) },
      { vmName: 'v', namespace: 'n', windows: false },
    );
    expect(bad.failures).toEqual([
      {
        check: 'ssh',
        subject: 'SSH to Linux guest through virtctl port-forward',
        expected: 'a session that answers a probe',
        actual: 'port-forward exited: vm not running',
      },
    ]);
  });
  it('static IP present with same mask and gateway (after one re-read)', async () => {
    const guest = shell([ipconfig('10.128.0.5', '255.255.254.0', '10.128.0.1'), ipconfig('10.10.20.40', '255.255.255.0', '10.10.20.1')]);
    expect(await checkStaticIpPreservation(sourceVm(), guest, { timeoutMs: 1000, intervalMs: 10 })).toEqual([]);
    expect(guest.commands).toEqual(['ipconfig /all', 'ipconfig /all']);
  });
  it('reports wrong mask and gateway, and a missing address after the timeout', async () => {
    const wrong = await checkStaticIpPreservation(sourceVm(), shell([ipconfig('10.10.20.40', '255.255.0.0', '10.10.20.254')]), {
      timeoutMs: 50,
      intervalMs: 10,
    });
    expect(wrong.map((f) => [f.subject, f.expected, f.actual])).toEqual([
      ['static IP 10.10.20.40 of NIC Network adapter 1 (MAC 00:50:56:a1:b2:c3): prefix length', '24', '16'],
      ['static IP 10.10.20.40 of NIC Network adapter 1 (MAC 00:50:56:a1:b2:c3): gateway', '10.10.20.1', '10.10.20.254'],
    ]);
    const missing = await checkStaticIpPreservation(sourceVm(), shell([ipconfig('10.128.0.5', '255.255.254.0', '10.128.0.1')]), {
      timeoutMs: 50,
      intervalMs: 10,
    });
    expect(missing[0]).toEqual({
      check: 'static-ip',
      subject: 'static IP 10.10.20.40 of NIC Network adapter 1 (MAC 00:50:56:a1:b2:c3)',
      expected: '10.10.20.40/24 on the interface with that MAC',
      actual: 'not found within 0 s; guest interfaces:\nEthernet0 (00:50:56:a1:b2:c3): 10.128.0.5/23 gw 10.128.0.1',
    });
  });
  it('fails when the source had no static IP to compare', async () => {
    const dhcpOnly = sourceVm({
      nics: sourceVm().nics.map((n) => ({ ...n, ips: n.ips.map((ip) => ({ ...ip, isStatic: false, origin: 'dhcp' })) })),
    });
    expect((await checkStaticIpPreservation(dhcpOnly, shell([]), { timeoutMs: 10, intervalMs: 5 }))[0]?.expected).toBe(
      'at least one source IP with origin manual',
    );
  });
  it('Linux guests are read with nmcli device show', async () => {
    const nmcli =
      'GENERAL.DEVICE:   ens192\nGENERAL.TYPE:   ethernet\nGENERAL.HWADDR:   00:50:56:A1:B2:C3\nGENERAL.STATE:   100 (connected)\nIP4.ADDRESS[1]:   10.10.20.40/24\nIP4.GATEWAY:   10.10.20.1\n';
    const guest = shell([nmcli]);
    expect(await checkStaticIpPreservation(sourceVm({ isWindows: false }), guest, { timeoutMs: 100, intervalMs: 10 })).toEqual([]);
    expect(guest.commands).toEqual(['nmcli device show']);
  });
});
