/**
 * The per-source-type rules: check false-power-off (RHV USER_STOP_VM, event 33) and the Python
 * suite's collection-time skips by marker, as the runner's static gates apply them.
 */
import { checkFalseVmPowerOff, OVIRT_USER_STOP_VM } from '../../../utilities/post-migration/checks/provider';
import { sourceTypeSkip } from '../../../lib/runner/source-type-skips';

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
