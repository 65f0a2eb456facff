/**
 * vSphere guest operations on the lab vCenter, driven by the suite's client the way the Python
 * suite drives pyVmomi: a Linux guest lists its links (`ip -j link show`), a Windows guest labels
 * its shared NTFS volume by the disk's serial through an encoded PowerShell script, and the
 * guest refuses a wrong login, a powered-off VM and an unknown program as vCenter does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../../lab/certs';
import { DiskDataStore, vmdkKey } from '../../../lab/disk-data';
import { seedDiskData } from '../../../lab/vsphere/component';
import { windowsDiskSerial } from '../../../lab/vsphere/guest-shell';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { seedInventory } from '../../../lab/vsphere/seed';
import { startVSphereSimulator, type RunningVSphereSimulator } from '../../../lab/vsphere/server';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { runCommandInGuest } from '../../../lib/providers/vsphere/guest-operations';
import { sharedDiskLabelCommand } from '../../../utilities/shared-disk/windows';
import { NET_ADAPTER_SCRIPT, netAdapterNamesByMac } from '../../../utilities/guest-parsers/net-adapter';
import { encodedPowerShell } from '../../../utilities/powershell';

const creds = { username: 'administrator@vsphere.local', password: 'Sim-Test-Pass-1!' };
const logins = { linux: { user: 'root', password: 'Rh-guest-1' }, windows: { user: 'Administrator', password: 'Win-guest-1!' } };
const linuxLogin = { username: 'root', password: 'Rh-guest-1' };
const windowsLogin = { username: 'Administrator', password: 'Win-guest-1!' };
let stateDir: string;
let sim: RunningVSphereSimulator;
let model: LabVSphereModel;
let client: VSphereClient;
const disks = new DiskDataStore();

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsphere-guestops-'));
  const tls = ensureTls(stateDir);
  model = new LabVSphereModel(seedInventory(), { guestBootMs: 50 });
  seedDiskData(model, disks);
  sim = await startVSphereSimulator({ credentials: creds, tls, model, taskMs: 5, guestLogins: logins, disks });
  client = await VSphereClient.connect({ url: sim.url, ...creds, caPem: tls.caCertPem });
});

afterAll(async () => {
  await client?.logout().catch(() => undefined);
  await sim?.stop();
  model?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function running(name: string): Promise<string> {
  const id = await client.findVmByName(name);
  if (model.vm(id)?.powerState !== 'poweredOn') await client.powerOn(id);
  await client.waitForGuestInfo(id, 10_000);
  return id;
}

describe('lab vSphere guest operations', () => {
  it('runs `ip -j link show` in a Linux guest: iproute2 JSON with the guest NIC names and MACs', async () => {
    const id = await running('mtv-tests-rhel8');
    const out = await runCommandInGuest(client, id, 'mtv-tests-rhel8', linuxLogin, 'ip -j link show');
    const links = JSON.parse(out) as Array<{ ifname: string; address: string; link_type: string }>;
    const vm = model.vm(id);
    expect(links.map((l) => l.ifname)).toEqual(['lo', 'ens192']);
    expect(links[1]?.address).toBe(vm?.nics[0]?.mac);
  });

  it('fails a command the guest does not have with its exit code and output', async () => {
    const id = await running('mtv-tests-rhel8');
    await expect(runCommandInGuest(client, id, 'mtv-tests-rhel8', linuxLogin, 'no-such-tool --x')).rejects.toMatchObject({
      name: 'GuestCommandError',
      exitCode: 127,
      stderr: expect.stringContaining('no-such-tool: command not found'),
    });
  });

  it('refuses a wrong guest login (InvalidGuestLogin) and a powered-off VM (no guest tools to talk to)', async () => {
    const id = await running('mtv-tests-rhel8');
    await expect(runCommandInGuest(client, id, 'mtv-tests-rhel8', { username: 'root', password: 'wrong' }, 'true')).rejects.toMatchObject({
      faultType: 'InvalidGuestLogin',
    });
    const off = await client.findVmByName('mtv-tests-rhel9-luks');
    await expect(runCommandInGuest(client, off, 'mtv-tests-rhel9-luks', linuxLogin, 'true')).rejects.toMatchObject({
      name: 'GuestCommandError',
    });
  });

  it("lists a Windows guest's adapters (Get-NetAdapter | ConvertTo-Json): names by MAC as Windows prints it", async () => {
    const id = await running('mtv-win2019-3disks');
    const out = await runCommandInGuest(client, id, 'mtv-win2019-3disks', windowsLogin, encodedPowerShell(NET_ADAPTER_SCRIPT));
    const adapters = JSON.parse(out) as Array<{ Name: string; MacAddress: string }>;
    const mac = model.vm(id)?.nics[0]?.mac ?? '';
    expect(adapters).toEqual([{ Name: 'Ethernet0', MacAddress: mac.toUpperCase().replace(/:/g, '-') }]);
    expect([...netAdapterNamesByMac(out)]).toEqual([[mac.toLowerCase(), 'Ethernet0']]);
  });
  it('labels the shared NTFS volume of a Windows guest found by the disk serial', async () => {
    const id = await running('mtv-tests-shared-win1');
    const vm = model.vm(id);
    const shared = vm?.disks.find((d) => d.shared);
    if (!shared) throw new Error('seed VM mtv-tests-shared-win1 has no shared disk');
    const out = await runCommandInGuest(
      client,
      id,
      'mtv-tests-shared-win1',
      windowsLogin,
      sharedDiskLabelCommand(windowsDiskSerial(shared), 'SHARED-abc1'),
    );
    expect(out).toContain('Labeled disk 1 drive D: as SHARED-abc1');
    expect(disks.get(vmdkKey(shared.fileName))?.partitions[0]?.label).toBe('SHARED-abc1');
    await expect(
      runCommandInGuest(client, id, 'mtv-tests-shared-win1', windowsLogin, sharedDiskLabelCommand('00ff', 'SHARED-abc1')),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('No disk with serial 00ff') });
  });
});
