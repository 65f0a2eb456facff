/**
 * The per-source-type rules: check false-power-off (RHV USER_STOP_VM, event 33) and the Python
 * suite's collection-time skips by marker, as the runner's static gates apply them.
 */
import { checkFalseVmPowerOff, OVIRT_USER_STOP_VM } from '../../../utilities/post-migration/checks/provider';
import { sourceTypeSkip } from '../../../lib/runner/source-type-skips';
import { ovaSourceFacts } from '../../../fixtures/sources/ova';
import { checkOvaDiskCount, ovaChecks } from '../../../utilities/post-migration/checks/ova';
import type { DestinationVmFacts } from '../../../utilities/post-migration';

describe('checkFalseVmPowerOff', () => {
  const event = (code: number, description = `event ${code}`) => ({ code, description, time: '2026-12-05T07:00:00Z' });

  it('passes when the events hold no USER_STOP_VM (a graceful shutdown is event 73)', () => {
    expect(checkFalseVmPowerOff('vm1', [event(153), event(73), event(61)])).toEqual([]);
    expect(checkFalseVmPowerOff('vm1', [])).toEqual([]);
  });

  it('fails on an event 33, naming the VM and the event', () => {
    expect(checkFalseVmPowerOff('vm1', [event(153), event(OVIRT_USER_STOP_VM, 'VM vm1 powered off by admin@internal')])).toEqual([
      {
        check: 'false-power-off',
        subject: 'audit events of RHV VM vm1',
        expected: 'no USER_STOP_VM (code 33) event',
        actual: '2026-12-05T07:00:00Z: VM vm1 powered off by admin@internal',
      },
    ]);
  });
});

describe('sourceTypeSkip (pytest_collection_modifyitems)', () => {
  it('skips warm on RHV naming MTV-2846, and on OpenStack, OpenShift and OVA as unsupported', () => {
    expect(sourceTypeSkip(['tier0', 'warm'], 'ovirt')).toMatch(/MTV-2846/);
    for (const t of ['openstack', 'openshift', 'ova'] as const)
      expect(sourceTypeSkip(['warm'], t)).toMatch(/warm migration is not supported/);
    expect(sourceTypeSkip(['warm'], 'vsphere')).toBeUndefined();
  });

  it('keeps copy-offload, shared disks, deep inspection and AAP to vSphere', () => {
    for (const m of ['copyoffload', 'shared_disk', 'deep_inspection', 'aap']) {
      expect(sourceTypeSkip([m], 'ovirt')).toContain(`marker ${m} applies to vsphere sources only`);
      expect(sourceTypeSkip([m], 'vsphere')).toBeUndefined();
    }
  });

  it('skips ca_crt on OpenShift and OVA only; cold tier0 runs everywhere', () => {
    expect(sourceTypeSkip(['ca_crt'], 'ova')).toMatch(/ca_crt/);
    expect(sourceTypeSkip(['ca_crt'], 'ovirt')).toBeUndefined();
    for (const t of ['vsphere', 'ovirt', 'openstack'] as const) expect(sourceTypeSkip(['tier0', 'rhv', 'openstack'], t)).toBeUndefined();
    expect(sourceTypeSkip(['warm'], undefined)).toBeUndefined();
  });
});

describe('provider markers select, they never skip (pytest: only the keyword rules above skip)', () => {
  it('the OVA scenario runs on any source, and sanity-cold (no ova marker) runs on OVA, as in the Python suite', () => {
    for (const t of ['vsphere', 'ovirt', 'openstack', 'openshift'] as const) expect(sourceTypeSkip(['tier0', 'ova'], t)).toBeUndefined();
    expect(sourceTypeSkip(['tier0', 'vsphere', 'rhv', 'openstack', 'openshift', 'esxi'], 'ova')).toBeUndefined();
  });
});

describe('the OVA group: the migrated VM against its OVF', () => {
  const ovf = ovaSourceFacts({
    name: 'vm',
    cpuCount: 4,
    coresPerSocket: 2,
    memoryMB: 8192,
    firmware: 'efi',
    secureBoot: true,
    osType: 'rhel9_64Guest',
    disks: [
      { file: 'vm-disk1.vmdk', capacityBytes: 1 },
      { file: 'vm-disk2.vmdk', capacityBytes: 1 },
    ],
    nics: [],
  });
  const destination = (disks: number, firmware: 'bios' | 'efi', secureBoot: boolean) =>
    ({
      cpu: { sockets: 2, cores: 2, threads: 1, features: [] },
      memoryMB: 8192,
      firmware: { bootFirmware: firmware, secureBoot, tpm: false },
      disks: Array.from({ length: disks }, (_, index) => ({ index })),
    }) as unknown as DestinationVmFacts;

  it('runs cpu, memory, disk-count and boot-firmware, all passing on a faithful copy', () => {
    const checks = ovaChecks(ovf, destination(2, 'efi', true));
    expect(checks.map(([name]) => name)).toEqual(['cpu', 'memory', 'disk-count', 'boot-firmware']);
    expect(checks.flatMap(([, body]) => body())).toEqual([]);
  });

  it('a disk short and the firmware flipped are blamed on disk-count and boot-firmware', () => {
    const failures = ovaChecks(ovf, destination(1, 'bios', false)).flatMap(([, body]) => body());
    expect(failures.map((f) => [f.check, f.expected, f.actual])).toEqual([
      ['disk-count', '2', '1'],
      ['boot-firmware', 'efi', 'bios'],
      ['boot-firmware', 'true', 'false'],
    ]);
    expect(checkOvaDiskCount(ovf, destination(1, 'efi', true))[0]?.subject).toContain('vm-disk1.vmdk, vm-disk2.vmdk');
  });
});
