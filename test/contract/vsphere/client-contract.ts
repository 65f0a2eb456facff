/**
 * The vSphere client contract: the same behaviour checks, run against every peer (govmomi's
 * simulator and the lab's). Values that differ between peers (names, MoRefs, hardware) come from
 * the peer itself; what must hold everywhere is asserted here.
 */
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { VSphereAuthError, VSphereTaskError, VSphereVmNotFoundError } from '../../../lib/providers/vsphere/errors';
import type { Peer } from './peers';

export function defineClientContract(label: string, start: () => Promise<Peer>): void {
  describe(`vSphere client contract: ${label}`, () => {
    let peer: Peer;
    let client: VSphereClient;
    let sourceId: string;
    let cloneId: string | undefined;

    beforeAll(async () => {
      peer = await start();
      client = await VSphereClient.connect({
        url: peer.url,
        username: peer.username,
        password: peer.password,
        ...(peer.caPem ? { caPem: peer.caPem } : {}),
      });
    }, 300_000);

    afterAll(async () => {
      if (client && cloneId) {
        // Leave nothing behind even when a test failed half-way.
        await client.powerOff(cloneId).catch(() => undefined);
        await client.destroyVm(cloneId).catch(() => undefined);
      }
      await client?.logout().catch(() => undefined);
      await peer?.stop();
    });

    it('logs in as vCenter and refuses a wrong password with InvalidLogin', async () => {
      expect(client.content.about.apiType).toBe('VirtualCenter');
      const bad = VSphereClient.connect({
        url: peer.url,
        username: peer.username,
        password: `${peer.password}-wrong`,
        ...(peer.caPem ? { caPem: peer.caPem } : {}),
      });
      await expect(bad).rejects.toBeInstanceOf(VSphereAuthError);
      await expect(bad).rejects.toMatchObject({ faultType: 'InvalidLogin', operation: 'Login' });
      await expect(bad).rejects.not.toThrow(peer.password);
    });

    it('finds a VM by name and reads its facts', async () => {
      sourceId = await client.findVmByName(peer.sourceVm);
      expect(sourceId).toMatch(/^vm-\d+$/);
      await expect(client.findVmByName('no-such-vm-anywhere')).rejects.toBeInstanceOf(VSphereVmNotFoundError);
      const f = await client.vmFacts(sourceId);
      expect(f.id).toBe(sourceId);
      expect(f.name).toBe(peer.sourceVm);
      expect(f.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(f.powerState).toBe(peer.sourcePoweredOn ? 'on' : 'off');
      expect(f.cpu.total).toBe(f.cpu.sockets * f.cpu.coresPerSocket);
      expect(f.memoryMB).toBeGreaterThan(0);
      expect(f.disks.length).toBeGreaterThan(0);
      for (const d of f.disks) {
        expect(d.fileName).toMatch(/^\[[^\]]+\] .+\.vmdk$/);
        expect(d.datastore.name).not.toBe('');
        expect(d.capacityBytes).toBeGreaterThan(0);
      }
      expect(f.nics.length).toBeGreaterThan(0);
      for (const n of f.nics) {
        expect(n.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        expect(n.network.name).not.toBe('');
      }
    });

    it('walks the whole inventory with recursive traversal specs and selection-spec references', async () => {
      // The classic "traverse everything" spec: folders recurse through a named reference.
      const objects = await client.retrieve({
        propSet: [
          { type: 'VirtualMachine', pathSet: ['name'] },
          { type: 'HostSystem', pathSet: ['name', 'parent'] },
          { type: 'Datastore', pathSet: ['summary.type'] },
        ],
        objectSet: [
          {
            obj: client.content.rootFolder,
            selectSet: [
              { name: 'folder', type: 'Folder', path: 'childEntity', selectSet: ['folder', 'dcVm', 'dcHost', 'dcDs', 'crHost'] },
              { name: 'dcVm', type: 'Datacenter', path: 'vmFolder', selectSet: ['folder'] },
              { name: 'dcHost', type: 'Datacenter', path: 'hostFolder', selectSet: ['folder'] },
              { name: 'dcDs', type: 'Datacenter', path: 'datastoreFolder', selectSet: ['folder'] },
              { name: 'crHost', type: 'ComputeResource', path: 'host' },
            ],
          },
        ],
      });
      const keys = objects.map((o) => `${o.obj.type}:${o.obj.value}`);
      expect(new Set(keys).size).toBe(keys.length);
      const vms = objects
        .filter((o) => o.obj.type === 'VirtualMachine')
        .map((o) => o.props.get('name')?.text)
        .sort();
      expect(vms).toEqual((await client.listVms()).map((v) => v.name).sort());
      const hosts = objects.filter((o) => o.obj.type === 'HostSystem');
      expect(hosts.length).toBeGreaterThanOrEqual(3);
      for (const h of hosts) expect(h.props.get('parent')?.moType).toMatch(/ComputeResource$/);
      const datastores = objects.filter((o) => o.obj.type === 'Datastore');
      expect(datastores.length).toBeGreaterThan(0);
      for (const d of datastores) expect(d.props.get('summary.type')?.text).toMatch(/^(VMFS|NFS|vsan|OTHER)$/);
      expect(objects.some((o) => o.obj.type === 'Folder')).toBe(false); // no propSet for folders
    });

    it('clones with CBT extraConfig kept, powered off', async () => {
      cloneId = await client.cloneVm(sourceId, { name: `contract-clone-${Date.now()}`, extraConfig: { ctkEnabled: 'true' } });
      const f = await client.vmFacts(cloneId);
      const src = await client.vmFacts(sourceId);
      expect(f.id).not.toBe(sourceId);
      expect(f.uuid).not.toBe(src.uuid);
      expect(f.extraConfig['ctkEnabled']).toBe('true');
      expect(f.powerState).toBe('off');
      expect(f.disks).toHaveLength(src.disks.length);
      expect(f.snapshots).toEqual([]);
    });

    it('powers on, refuses to power on twice or destroy while on, powers off', async () => {
      const id = cloneId!;
      await client.powerOn(id);
      expect((await client.vmFacts(id)).powerState).toBe('on');
      await expect(client.powerOn(id)).rejects.toMatchObject({ faultType: 'InvalidPowerState', operation: 'PowerOnVM_Task' });
      const destroy = client.destroyVm(id);
      await expect(destroy).rejects.toBeInstanceOf(VSphereTaskError);
      await expect(destroy).rejects.toThrow(new RegExp(`Destroy_Task on VirtualMachine:${id} failed: InvalidPowerState`));
      await client.powerOff(id);
      expect((await client.vmFacts(id)).powerState).toBe('off');
    });

    it('creates and removes snapshots, tracking the current one', async () => {
      const id = cloneId!;
      const s1 = await client.createSnapshot(id, 'contract-s1', 'first');
      const s2 = await client.createSnapshot(id, 'contract-s2', 'second');
      let f = await client.vmFacts(id);
      expect(f.snapshots.map((s) => s.name)).toEqual(['contract-s1', 'contract-s2']);
      expect(f.snapshots[1]?.parentId).toBe(s1);
      expect(f.currentSnapshot).toBe(s2);
      expect(Date.parse(f.snapshots[0]!.createTime)).not.toBeNaN();
      await client.removeSnapshot(s2);
      f = await client.vmFacts(id);
      expect(f.snapshots.map((s) => s.id)).toEqual([s1]);
      await client.removeSnapshot(s1);
      expect((await client.vmFacts(id)).snapshots).toEqual([]);
    });

    it('fails calls after logout with NotAuthenticated', async () => {
      const c = await VSphereClient.connect({
        url: peer.url,
        username: peer.username,
        password: peer.password,
        ...(peer.caPem ? { caPem: peer.caPem } : {}),
      });
      await c.vmFacts(sourceId);
      await c.logout();
      await expect(c.vmFacts(sourceId)).rejects.toMatchObject({ faultType: 'NotAuthenticated' });
    });

    it('destroys a powered-off VM', async () => {
      const id = cloneId!;
      const name = (await client.vmFacts(id)).name;
      await client.destroyVm(id);
      cloneId = undefined;
      await expect(client.findVmByName(name)).rejects.toBeInstanceOf(VSphereVmNotFoundError);
    });
  });
}
