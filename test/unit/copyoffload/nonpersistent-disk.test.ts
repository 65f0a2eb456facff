/**
 * nonpersistentDiskReady: a running source VM is shut down through its guest before its added
 * disks become independent_nonpersistent; a mode vSphere did not take fails naming VM and disk;
 * the inventory is awaited with the VM off and the new modes.
 */
import { DiskModeNotChangedError } from '../../../exceptions/copy-offload';
import { nonpersistentDiskReady } from '../../../fixtures/nonpersistent-disk';
import type { PreparedPlan } from '../../../fixtures/scenario';

type Disk = { key: number; fileName: string; mode: string };

function fakeClient(power: 'on' | 'off', honour = true) {
  const state = {
    power,
    disks: [
      { key: 2000, fileName: '[ds] vm/vm.vmdk', mode: 'persistent' },
      { key: 2001, fileName: '[ds] vm/vm_1.vmdk', mode: 'persistent' },
    ] as Disk[],
    calls: [] as string[],
  };
  const client = {
    vmFacts: async () => ({ powerState: state.power, disks: state.disks.map((d) => ({ ...d })) }),
    shutdownGuest: async () => {
      state.calls.push('shutdownGuest');
      state.power = 'off';
    },
    setDiskMode: async (_id: string, key: number, mode: string) => {
      if (state.power === 'on') throw new Error('InvalidPowerState');
      state.calls.push(`setDiskMode ${key} ${mode}`);
      if (honour) state.disks.find((d) => d.key === key)!.mode = mode;
    },
  };
  return { state, client };
}

const plans = {
  plan: { vms: [{ id: 'vm-1', sourceName: 'vm', scenario: { name: 'x', addDisks: [{ sizeGb: 1 }] } }] },
} as unknown as Record<string, PreparedPlan>;

function deps(client: unknown, seen: string[]) {
  const inventory = {
    waitForVm: async (_n: string, _t: number, _l: unknown, until: { what: string }) => {
      seen.push(until.what);
      return {};
    },
    summary: () => ({ disks: 2, power: 'off' }),
  };
  return { sourceClient: client, inventory, inventoryTimeoutMs: 1000, log: { info: () => {} } } as never;
}

describe('nonpersistentDiskReady', () => {
  it('shuts a running VM down, then switches only the added disk', async () => {
    const { state, client } = fakeClient('on');
    const seen: string[] = [];
    await nonpersistentDiskReady(deps(client, seen), plans);
    expect(state.calls).toEqual(['shutdownGuest', 'setDiskMode 2001 independent_nonpersistent']);
    expect(seen).toEqual(['power off and disk modes persistent, independent_nonpersistent']);
  });

  it('leaves a stopped VM off', async () => {
    const { state, client } = fakeClient('off');
    await nonpersistentDiskReady(deps(client, []), plans);
    expect(state.calls).toEqual(['setDiskMode 2001 independent_nonpersistent']);
  });

  it('fails naming VM and disk when the mode did not change', async () => {
    const { client } = fakeClient('off', false);
    await expect(nonpersistentDiskReady(deps(client, []), plans)).rejects.toThrow(DiskModeNotChangedError);
    await expect(nonpersistentDiskReady(deps(client, []), plans)).rejects.toThrow(
      'VM vm disk [ds] vm/vm_1.vmdk: mode expected independent_nonpersistent after the reconfigure, actual persistent',
    );
  });
});
