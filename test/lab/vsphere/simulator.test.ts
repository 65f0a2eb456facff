/**
 * The lab vCenter simulator beyond the shared contract: what only it models (guest tools and IPs
 * after boot, static IP origin and gateway, disk provisioning on clone, relocation, add disk,
 * paging) plus TLS verification, sessions and the lab component's credentials.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../../lab/certs';
import type { LabContext } from '../../../lab/component';
import { vsphereComponent } from '../../../lab/vsphere/component';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { SEED_IDS, seedInventory } from '../../../lab/vsphere/seed';
import { startVSphereSimulator, type RunningVSphereSimulator } from '../../../lab/vsphere/server';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { VSphereConnectionError, VSphereFaultError, VSphereTimeoutError } from '../../../lib/providers/vsphere/errors';
import { retrieve } from '../../../lib/providers/vsphere/property';
import { SoapTransport } from '../../../lib/providers/vsphere/soap-transport';

const creds = { username: 'administrator@vsphere.local', password: 'Sim-Test-Pass-1!' };
let stateDir: string;
let tls: ReturnType<typeof ensureTls>;
let sim: RunningVSphereSimulator;
let model: LabVSphereModel;
let client: VSphereClient;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsphere-sim-'));
  tls = ensureTls(stateDir);
  model = new LabVSphereModel(seedInventory(), { guestBootMs: 150 });
  sim = await startVSphereSimulator({ credentials: creds, tls, model, taskMs: 5 });
  client = await VSphereClient.connect({ url: sim.url, ...creds, caPem: tls.caCertPem });
});

afterAll(async () => {
  await client?.logout().catch(() => undefined);
  await sim?.stop();
  model?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('lab vSphere simulator', () => {
  it('verifies TLS: an untrusted CA fails, the lab CA or insecure mode connects', async () => {
    await expect(VSphereClient.connect({ url: sim.url, ...creds })).rejects.toBeInstanceOf(VSphereConnectionError);
    const insecure = await VSphereClient.connect({ url: sim.url, ...creds, insecure: true });
    await insecure.logout();
  });

  it('answers NotAuthenticated without a session and after logout', async () => {
    const t = new SoapTransport({ url: sim.url, caPem: tls.caCertPem });
    const pc = { type: 'PropertyCollector', value: 'propertyCollector' };
    const spec = {
      propSet: [{ type: 'VirtualMachine', pathSet: ['name'] }],
      objectSet: [{ obj: { type: 'VirtualMachine', value: 'vm-100' } }],
    };
    await expect(retrieve(t, pc, spec)).rejects.toMatchObject({ faultType: 'NotAuthenticated' });
    t.close();
    const c = await VSphereClient.connect({ url: sim.url, ...creds, caPem: tls.caCertPem });
    await c.logout();
    await expect(c.vmFacts('vm-100')).rejects.toMatchObject({ faultType: 'NotAuthenticated' });
  });

  it('reports guest tools and IPs only after the guest booted, with origin and gateway', async () => {
    const id = await client.findVmByName('mtv-win2022-ip-3disks');
    const off = await client.vmFacts(id);
    expect(off.guestAgentRunning).toBe(false);
    expect(off.nics[0]?.guestIps).toEqual([]);
    expect(off.firmware).toEqual({ bootFirmware: 'efi', secureBoot: true, tpm: false });
    expect(off.isWindows).toBe(true);
    await client.powerOn(id);
    const justOn = await client.vmFacts(id);
    expect(justOn.powerState).toBe('on');
    expect(justOn.guestAgentRunning).toBe(false);
    const up = await client.waitForGuestInfo(id, 10_000);
    expect(up.guestAgentRunning).toBe(true);
    expect(up.nics[0]?.guestIps).toEqual([{ ip: '10.10.0.52', prefixLength: 24, origin: 'manual', isStatic: true, gateway: '10.10.0.1' }]);
    await client.powerOff(id);
    expect((await client.vmFacts(id)).nics[0]?.guestIps).toEqual([]);
  });

  it('times out a guest wait on a VM without running tools, saying what it saw', async () => {
    const id = await client.findVmByName('mtv-tests-rhel9-dual-nic');
    const wait = client.waitForGuestInfo(id, 1_000);
    await expect(wait).rejects.toBeInstanceOf(VSphereTimeoutError);
    await expect(wait).rejects.toThrow(/guestToolsNotRunning/);
  });

  it('clones with thick-eager disks, relocated to another datastore and host, powered on', async () => {
    const src = await client.findVmByName('xcopy-template-test');
    const id = await client.cloneVm(src, {
      name: 'xcopy-eager',
      diskProvisioning: 'thick-eager',
      datastore: SEED_IDS.datastores.nfs,
      host: 'host-12',
      powerOn: true,
      extraConfig: { ctkEnabled: 'true' },
    });
    const f = await client.vmFacts(id);
    expect(f.powerState).toBe('on');
    expect(f.host).toBe('host-12');
    expect(f.disks.map((d) => [d.provisioning, d.datastore.name, d.fileName])).toEqual([
      ['thick-eager', 'mtv-nfs-ds', '[mtv-nfs-ds] xcopy-eager/xcopy-eager.vmdk'],
    ]);
    expect(f.changeTrackingEnabled).toBe(true);
    await expect(client.cloneVm(src, { name: 'xcopy-eager' })).rejects.toMatchObject({ faultType: 'DuplicateName' });
    await client.powerOff(id);
    await client.destroyVm(id);
  });

  it('adds disks with the requested mode, provisioning and datastore', async () => {
    const src = await client.findVmByName('xcopy-template-test');
    const id = await client.cloneVm(src, { name: 'xcopy-disks' });
    await client.addDisk(id, {
      sizeGb: 30,
      provisioning: 'thin',
      mode: 'independent_persistent',
      datastore: SEED_IDS.datastores.secondary,
    });
    await client.addDisk(id, { sizeGb: 10, provisioning: 'thick-lazy' });
    await client.addDisk(id, {
      sizeGb: 2048,
      provisioning: 'thin',
      mode: 'independent_nonpersistent',
      datastore: SEED_IDS.datastores.secondary,
      datastorePath: 'shared_disks',
    });
    const all = (await client.vmFacts(id)).disks;
    const big = all.pop()!;
    expect(big.fileName).toMatch(/^\[mtv-xcopy-ds2\] shared_disks\/xcopy-disks_3_\w+\.vmdk$/);
    expect([big.capacityBytes, big.mode]).toEqual([2048 * 1024 ** 3, 'independent_nonpersistent']);
    const disks = all;
    expect(disks.map((d) => [d.unitNumber, d.mode, d.provisioning, d.datastore.name, d.capacityBytes])).toEqual([
      [0, 'persistent', 'thin', 'mtv-datastore1', 30 * 1024 ** 3],
      [1, 'independent_persistent', 'thin', 'mtv-xcopy-ds2', 30 * 1024 ** 3],
      [2, 'persistent', 'thick-lazy', 'mtv-datastore1', 10 * 1024 ** 3],
    ]);
    await client.destroyVm(id);
  });

  it('adds RDM disks (virtual persistent, physical independent) of a LUN the hosts see, refusing an unknown one', async () => {
    const id = await client.cloneVm(await client.findVmByName('xcopy-template-test'), { name: 'xcopy-rdms' });
    const [lun] = SEED_IDS.rdmLuns;
    await client.addRdmDisk(id, { lun: lun!, compatibility: 'virtual' });
    await client.addRdmDisk(id, { lun: lun!, compatibility: 'physical' });
    const disks = (await client.vmFacts(id)).disks;
    expect(disks.map((d) => [d.unitNumber, d.rdm, d.mode])).toEqual([
      [0, undefined, 'persistent'],
      [1, 'virtual', 'persistent'],
      [2, 'physical', 'independent_persistent'],
    ]);
    await expect(client.addRdmDisk(id, { lun: 'naa.6000000000000000000000000000dead', compatibility: 'virtual' })).rejects.toMatchObject({
      faultType: 'InvalidDeviceBacking',
    });
    await client.destroyVm(id);
  });

  it('changes a disk mode on a powered-off VM only (InvalidPowerState while it runs)', async () => {
    const id = await client.cloneVm(await client.findVmByName('xcopy-template-test'), { name: 'xcopy-mode' });
    await client.addDisk(id, { sizeGb: 1, provisioning: 'thin' });
    const added = (await client.vmFacts(id)).disks[1]!;
    await client.powerOn(id);
    await expect(client.setDiskMode(id, added.key, 'independent_nonpersistent')).rejects.toMatchObject({ faultType: 'InvalidPowerState' });
    await client.powerOff(id);
    await client.setDiskMode(id, added.key, 'independent_nonpersistent');
    expect((await client.vmFacts(id)).disks.map((d) => d.mode)).toEqual(['persistent', 'independent_nonpersistent']);
    await expect(client.setDiskMode(id, 99999, 'persistent')).rejects.toMatchObject({ faultType: 'InvalidDeviceSpec' });
    await client.destroyVm(id);
  });

  it('pages RetrievePropertiesEx results by maxObjects', async () => {
    // Two VMs per page: the client must follow ContinueRetrievePropertiesEx tokens to see all.
    const vms = await client.listVms(2);
    expect(vms.map((v) => v.name).sort()).toEqual(
      model
        .snapshot()
        .vms.map((v) => v.name)
        .sort(),
    );
  });

  it('finds VMs by BIOS UUID and reports the snapshot tree of the seed', async () => {
    const win = seedInventory().vms.find((v) => v.name === 'mtv-win2019-3disks')!;
    expect(await client.findVmByUuid(win.uuid)).toBe(win.moref);
    expect(await client.findVmByUuid('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    const f = await client.vmFacts(win.moref);
    expect(f.snapshots.map((s) => [s.name, s.snapshotId, s.parentId ?? null])).toEqual([
      ['pre-patch', 1, null],
      ['post-patch', 2, f.snapshots[0]?.id],
    ]);
    expect(f.currentSnapshot).toBe(f.snapshots[1]?.id);
  });

  it('shuts a guest down through its tools, and refuses without running tools', async () => {
    const id = await client.findVmByName('mtv-feature-rhel7-xfs');
    await client.powerOn(id);
    await expect(client.shutdownGuest(id)).rejects.toMatchObject({ faultType: 'ToolsUnavailable', operation: 'ShutdownGuest' });
    await client.waitForGuestInfo(id, 10_000);
    await client.shutdownGuest(id, 10_000);
    expect((await client.vmFacts(id)).powerState).toBe('off');
  });

  it('removes all snapshots of a VM', async () => {
    const src = await client.findVmByName('mtv-tests-di-rhel8');
    const id = await client.cloneVm(src, { name: 'snap-all' });
    await client.createSnapshot(id, 'a');
    await client.createSnapshot(id, 'b');
    expect((await client.vmFacts(id)).snapshots).toHaveLength(2);
    await client.removeAllSnapshots(id);
    const f = await client.vmFacts(id);
    expect(f.snapshots).toEqual([]);
    expect(f.currentSnapshot).toBeUndefined();
    await client.destroyVm(id);
  });

  it('never logs the password or the session cookie', async () => {
    const lines: string[] = [];
    const c = await VSphereClient.connect({ url: sim.url, ...creds, caPem: tls.caCertPem, log: (m) => lines.push(m) });
    await c.vmFacts(await c.findVmByName('mtv-tests-rhel8'));
    await c.logout();
    expect(lines.length).toBeGreaterThan(3);
    const text = lines.join('\n');
    expect(text).not.toContain(creds.password);
    expect(text).not.toContain('vmware_soap_session');
    // Log lines name the method and the object only; the 40-hex session token never appears.
    for (const l of lines) expect(l).toMatch(/^vim25 [A-Za-z_]+ \S/);
    expect(text).not.toMatch(/\b[0-9a-f]{40}\b/);
    await expect(
      VSphereClient.connect({ url: sim.url, username: creds.username, password: 'Wrong-Secret-9', caPem: tls.caCertPem }),
    ).rejects.not.toThrow('Wrong-Secret-9');
  });

  it('stops promptly while a client long-polls WaitForUpdatesEx', async () => {
    const own = await startVSphereSimulator({ credentials: creds });
    const c = await VSphereClient.connect({ url: own.url, ...creds });
    const id = await c.findVmByName('mtv-tests-rhel8');
    const waiting = c.waitForGuestInfo(id, 60_000).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await own.stop();
    own.model.close();
    // The long-poll ends because the connection closed, not at its 60 s wait timeout.
    const ended = await waiting;
    expect(ended).toBeInstanceOf(VSphereConnectionError);
    expect(ended).not.toBeInstanceOf(VSphereTimeoutError);
  });

  it('serves the inventory tree: cluster hosts, host parent, datastore summary', async () => {
    const cluster = await client.properties({ type: 'ClusterComputeResource', value: SEED_IDS.cluster }, ['name', 'host', 'resourcePool']);
    expect(cluster.get('host')?.children.map((h) => [h.moType, h.text])).toEqual(SEED_IDS.hosts.map((h) => ['HostSystem', h]));
    expect(cluster.get('resourcePool')?.moType).toBe('ResourcePool');
    const host = await client.properties({ type: 'HostSystem', value: 'host-11' }, ['parent', 'summary.config.name']);
    expect([host.get('parent')?.moType, host.get('parent')?.text]).toEqual(['ClusterComputeResource', SEED_IDS.cluster]);
    const ds = await client.properties({ type: 'Datastore', value: SEED_IDS.datastores.nfs }, ['summary']);
    expect(ds.get('summary')?.xsiType).toBe('DatastoreSummary');
    expect(ds.get('summary')?.children.find((c) => c.name === 'type')?.text).toBe('NFS');
  });

  it('rejects unknown property paths with InvalidProperty', async () => {
    await expect(client.properties({ type: 'VirtualMachine', value: 'vm-100' }, ['noSuchProperty'])).rejects.toBeInstanceOf(
      VSphereFaultError,
    );
    await expect(client.properties({ type: 'VirtualMachine', value: 'vm-100' }, ['noSuchProperty'])).rejects.toMatchObject({
      faultType: 'InvalidProperty',
    });
  });
});

describe('vsphere lab component', () => {
  it('serves HTTPS with the lab TLS, keeps generated credentials (0600) across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsphere-comp-'));
    const provided = new Map<string, unknown>();
    const ctx = {
      stateDir: dir,
      tls: ensureTls(dir),
      msPerMinute: 20,
      provide: (k: string, v: unknown) => provided.set(k, v),
      need: (k: string) => provided.get(k),
      log: () => undefined,
    } as unknown as LabContext; // the component uses only these members
    const running = await vsphereComponent.start(ctx);
    try {
      const file = path.join(dir, 'vsphere-credentials.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const c1 = provided.get('vsphere.credentials') as { username: string; password: string };
      expect(c1.username).toBe('administrator@vsphere.local');
      expect(c1.password.length).toBeGreaterThanOrEqual(16);
      const url = provided.get('vsphere.url') as string;
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sdk$/);
      expect(provided.get('vsphere.model')).toBeInstanceOf(LabVSphereModel);
      const c = await VSphereClient.connect({ url, ...c1, caPem: (ctx.tls as { caCertPem: string }).caCertPem });
      await c.logout();
    } finally {
      await running.stop();
    }
    const again = await vsphereComponent.start(ctx);
    try {
      expect(provided.get('vsphere.credentials')).toEqual(JSON.parse(fs.readFileSync(path.join(dir, 'vsphere-credentials.json'), 'utf8')));
    } finally {
      await again.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
