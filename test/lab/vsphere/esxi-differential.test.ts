/**
 * Differential test of the lab's ESXi endpoint against govmomi's ESX model (simulator.ESX(),
 * whose ServiceContent was recorded from a real host): the same HostAgent ServiceContent, the
 * same fixed ha-* topology, VMs placed the same way. Where the two differ on purpose the test
 * records the difference:
 *  - CloneVM_Task: govmomi's ESX model clones; the lab answers NotSupported, as hostd does (a
 *    standalone host has no clone; the Python suite clones ESXi sources through a vCenter).
 *  - Versions: govmomi's ESX is 6.5 (build 5969303); the lab host runs the lab vCenter's 8.0.2.
 */
import { buildGovmomiSim, govmomiToolchainMissing, startGovmomiPeer, type Peer } from '../../contract/vsphere/peers';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { seedInventory } from '../../../lab/vsphere/seed';
import { startEsxiEndpoint } from '../../../lab/vsphere/esxi/endpoint';
import type { RunningVSphereSimulator } from '../../../lab/vsphere/server';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { retrieve } from '../../../lib/providers/vsphere/property';
import { SoapTransport } from '../../../lib/providers/vsphere/soap-transport';
import { child, el, moRefEl } from '../../../lib/providers/vsphere/xml';

interface Endpoint {
  url: string;
  username: string;
  password: string;
}

/** ServiceContent's MoRef fields as "field=Type:value" and its about info, from a 6.5 RetrieveServiceContent. */
async function serviceContent(url: string): Promise<{ refs: string[]; about: Record<string, string> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'urn:vim25/6.5' },
    body: '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent></soapenv:Body></soapenv:Envelope>',
  });
  const text = await res.text();
  const aboutXml = /<about>(.*)<\/about>/.exec(text)?.[1] ?? '';
  return {
    refs: [...text.matchAll(/<(\w+) type="(\w+)">([^<]+)<\/\1>/g)].map((m) => `${m[1]}=${m[2]}:${m[3]}`).sort(),
    about: Object.fromEntries([...aboutXml.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!])),
  };
}

/** MoRefs of every object of `type` under the host's root folder. */
async function morefsOf(ep: Endpoint, type: string): Promise<string[]> {
  const t = new SoapTransport({ url: ep.url });
  try {
    await t.call('Login', { type: 'SessionManager', value: 'ha-sessionmgr' }, [el('userName', ep.username), el('password', ep.password)]);
    const view = await t.call('CreateContainerView', { type: 'ViewManager', value: 'ViewManager' }, [
      moRefEl('container', { type: 'Folder', value: 'ha-folder-root' }),
      el('type', type),
      el('recursive', true),
    ]);
    const ref = { type: 'ContainerView', value: child(view, 'returnval')?.text.trim() ?? '' };
    const found = await retrieve(
      t,
      { type: 'PropertyCollector', value: 'ha-property-collector' },
      {
        propSet: [{ type, pathSet: ['name'] }],
        objectSet: [{ obj: ref, skip: true, selectSet: [{ name: 'view', type: 'ContainerView', path: 'view' }] }],
      },
    );
    return found.map((o) => `${o.obj.type}:${o.obj.value}`).sort();
  } finally {
    t.close();
  }
}

const toolchain = govmomiToolchainMissing();
const describeIf = toolchain && process.env['CI'] !== 'true' ? describe.skip : describe;

describeIf(`ESXi endpoint: govmomi simulator.ESX() vs lab${toolchain ? ` (skipped: ${toolchain})` : ''}`, () => {
  let gov: Peer;
  let model: LabVSphereModel;
  let lab: { url: string; sim: RunningVSphereSimulator };
  const labCreds = { username: 'root', password: 'Esx-Diff-Pass-1!' };
  const labEp = (): Endpoint => ({ url: lab.url, ...labCreds });

  beforeAll(async () => {
    const { bin, reason } = await buildGovmomiSim();
    if (!bin) throw new Error(`govmomi simulator unavailable: ${reason ?? ''}`);
    gov = await startGovmomiPeer(bin, { esx: true });
    model = new LabVSphereModel(seedInventory(), { guestBootMs: 50 });
    const started = await startEsxiEndpoint(model, labCreds, undefined);
    lab = { url: started.endpoint.url, sim: started.sim };
  }, 300_000);

  afterAll(async () => {
    await gov?.stop();
    await lab?.sim.stop();
    model?.close();
  });

  it('answers the same ServiceContent MoRefs and HostAgent about info', async () => {
    const [g, l] = await Promise.all([serviceContent(gov.url), serviceContent(lab.url)]);
    expect(l.refs).toEqual(g.refs);
    const same = ['name', 'vendor', 'osType', 'productLineId', 'apiType', 'licenseProductName', 'localeVersion', 'localeBuild'];
    expect(Object.fromEntries(same.map((k) => [k, l.about[k]]))).toEqual(Object.fromEntries(same.map((k) => [k, g.about[k]])));
    expect(g.about['apiType']).toBe('HostAgent');
    expect([g.about['instanceUuid'], l.about['instanceUuid']]).toEqual([undefined, undefined]);
    // Recorded difference: versions (govmomi's host is 6.5, the lab's host runs 8.0.2).
    expect([g.about['version'], l.about['version']]).toEqual(['6.5.0', '8.0.2']);
  });

  it('has the same fixed ha-* topology: root folders, datacenter, host, standalone compute resource, root pool', async () => {
    const gEp: Endpoint = { url: gov.url, username: gov.username, password: gov.password };
    for (const type of ['Datacenter', 'HostSystem', 'ComputeResource', 'ClusterComputeResource']) {
      expect([type, await morefsOf(labEp(), type)]).toEqual([type, await morefsOf(gEp, type)]);
    }
    const haFolders = ['Folder:ha-folder-datastore', 'Folder:ha-folder-host', 'Folder:ha-folder-network', 'Folder:ha-folder-vm'];
    expect((await morefsOf(gEp, 'Folder')).filter((f) => f.startsWith('Folder:ha-'))).toEqual(haFolders);
    expect((await morefsOf(labEp(), 'Folder')).filter((f) => f.startsWith('Folder:ha-'))).toEqual(haFolders);
    expect(await morefsOf(gEp, 'ResourcePool')).toContain('ResourcePool:ha-root-pool');
    expect(await morefsOf(labEp(), 'ResourcePool')).toEqual(['ResourcePool:ha-root-pool']);
  });

  it('places VMs the same way: runtime.host ha-host, resourcePool ha-root-pool, parent ha-folder-vm', async () => {
    const placement = async (ep: Endpoint, vmName: string): Promise<string[]> => {
      const c = await VSphereClient.connect({ url: ep.url, username: ep.username, password: ep.password });
      try {
        const p = await c.properties({ type: 'VirtualMachine', value: await c.findVmByName(vmName) }, [
          'runtime.host',
          'resourcePool',
          'parent',
        ]);
        return ['runtime.host', 'resourcePool', 'parent'].map((k) => `${p.get(k)?.moType}:${p.get(k)?.text}`);
      } finally {
        await c.logout();
      }
    };
    const g = await placement({ url: gov.url, username: gov.username, password: gov.password }, gov.sourceVm);
    expect(await placement(labEp(), 'mtv-tests-rhel8')).toEqual(g);
    expect(g).toEqual(['HostSystem:ha-host', 'ResourcePool:ha-root-pool', 'Folder:ha-folder-vm']);
  });

  it('records the CloneVM_Task difference: govmomi ESX clones, the lab host answers NotSupported as hostd does', async () => {
    const g = await VSphereClient.connect({ url: gov.url, username: gov.username, password: gov.password });
    const l = await VSphereClient.connect({ url: lab.url, ...labCreds });
    try {
      const govClone = await g.cloneVm(await g.findVmByName(gov.sourceVm), { name: 'esx-diff-clone' });
      expect(await g.findVmByName('esx-diff-clone')).toBe(govClone);
      await expect(l.cloneVm(await l.findVmByName('mtv-tests-rhel8'), { name: 'esx-diff-clone' })).rejects.toMatchObject({
        faultType: 'NotSupported',
      });
    } finally {
      await g.logout();
      await l.logout();
    }
  });
});
