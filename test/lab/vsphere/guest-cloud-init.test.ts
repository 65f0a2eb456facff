/**
 * cloud-init in the lab's vSphere source guests and the suite's wait for it (vmware_cloud_init_ready):
 * a freshly started guest reports `status: running` until cloud-init finishes after VMware Tools
 * come up; `cloud-init status --wait` is a guest process that ends only then, so waitForCloudInit
 * returns once it is done. Under the fault cloud-init-never-finishes the in-guest `timeout` ends the
 * wait with exit 124 and the suite fails with CloudInitNotReadyError naming the VM and what it saw.
 */
import { SIM_GUEST_LOGINS, useLabVcenter } from '../../support/vsphere-sim';
import { runCommandInGuest } from '../../../lib/providers/vsphere/guest-operations';
import { waitForCloudInit, type CloudInitDeps } from '../../../fixtures/cloud-init';
import type { ProviderEntry } from '../../../lib/config/providers-file';

const faultsOn = new Set<string>();
const faults = { isOn: (name: string) => faultsOn.has(name), value: () => undefined };
// Tools come up 300 ms after power-on, cloud-init finishes 300 ms after them.
const vc = useLabVcenter('vsphere-cloud-init', { model: { guestBootMs: 300 }, sim: { guestLogins: SIM_GUEST_LOGINS, faults } });

afterEach(() => faultsOn.clear());

function deps(timeoutSeconds: number, seen: string[]): CloudInitDeps {
  return {
    sourceClient: vc.client,
    entry: { guest_vm_linux_user: 'root', guest_vm_linux_password: 'Rh-guest-1' } as ProviderEntry,
    inventory: undefined as never,
    inventoryTimeoutMs: 0,
    guestAgentTimeoutMs: 10_000,
    cloudInitTimeoutSeconds: timeoutSeconds,
    log: { info: (m) => seen.push(m) },
  };
}

async function freshBoot(name: string): Promise<string> {
  const id = await vc.client.findVmByName(name);
  if (vc.model.vm(id)?.powerState === 'poweredOn') await vc.client.powerOff(id);
  await vc.client.powerOn(id);
  await vc.client.waitForGuestInfo(id, 10_000);
  return id;
}

describe('cloud-init in lab vSphere guests', () => {
  it('reports running right after tools start; the wait ends once cloud-init is done', async () => {
    const id = await freshBoot('mtv-tests-rhel8');
    const login = { username: 'root', password: 'Rh-guest-1' };
    expect(await runCommandInGuest(vc.client, id, 'mtv-tests-rhel8', login, 'cloud-init status')).toBe('status: running\n');
    const seen: string[] = [];
    await waitForCloudInit(deps(30, seen), id, 'mtv-tests-rhel8');
    expect(seen.at(-1)).toBe('VM mtv-tests-rhel8: cloud-init done');
    expect(await runCommandInGuest(vc.client, id, 'mtv-tests-rhel8', login, 'cloud-init status')).toBe('status: done\n');
  });

  it('under cloud-init-never-finishes the wait fails at its timeout with CloudInitNotReadyError', async () => {
    faultsOn.add('cloud-init-never-finishes');
    const id = await freshBoot('mtv-tests-rhel8');
    await expect(waitForCloudInit(deps(1, []), id, 'mtv-tests-rhel8')).rejects.toMatchObject({
      name: 'CloudInitNotReadyError',
      message:
        'VM mtv-tests-rhel8: cloud-init expected done within 1 s, actual still running after 1 s (cloud-init status --wait timed out)',
    });
  });
});
