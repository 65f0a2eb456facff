/**
 * The lab's ESXi endpoint (lab/vsphere/esxi): one host of the lab vCenter served as that host's
 * own vim25 endpoint, over the same model. What a host answers differs from vCenter: HostAgent
 * ServiceContent without vCenter-only managers, the fixed ha-* objects, only the VMs registered on
 * the host, a standalone ComputeResource, and no CloneVM_Task. The lab inventory shows a provider
 * whose URL is that endpoint the host's view.
 */
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { SEED_IDS, seedInventory } from '../../../lab/vsphere/seed';
import { startVSphereSimulator, type RunningVSphereSimulator } from '../../../lab/vsphere/server';
import { startEsxiEndpoint, type LabEsxiEndpoint } from '../../../lab/vsphere/esxi/endpoint';
import { InventoryService } from '../../../lab/inventory/service';
import type { KubeObject } from '../../../lab/apiserver/contract';
import type { LabFaults } from '../../../lab/faults-catalog';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { retrieve } from '../../../lib/providers/vsphere/property';
import { SoapTransport } from '../../../lib/providers/vsphere/soap-transport';
import { child, el, moRefEl, textOf } from '../../../lib/providers/vsphere/xml';

const noFaults = (lag?: number): LabFaults => ({ isOn: () => false, value: (n) => (n === 'inventory-lag' ? lag : undefined) });
const vcCreds = { username: 'administrator@vsphere.local', password: 'Vc-Test-Pass-1!' };
const esxCreds = { username: 'root', password: 'Esx-Test-Pass-1!' };
let model: LabVSphereModel;
let vcenter: RunningVSphereSimulator;
let esxi: { endpoint: LabEsxiEndpoint; sim: RunningVSphereSimulator };
let client: VSphereClient;

beforeAll(async () => {
  model = new LabVSphereModel(seedInventory(), { guestBootMs: 50 });
  vcenter = await startVSphereSimulator({ credentials: vcCreds, model, taskMs: 5 });
  esxi = await startEsxiEndpoint(model, esxCreds, undefined);
  client = await VSphereClient.connect({ url: esxi.endpoint.url, ...esxCreds });
});

afterAll(async () => {
  await client?.logout().catch(() => undefined);
  await esxi?.sim.stop();
  await vcenter?.stop();
  model?.close();
});

/** A logged-in raw transport to the ESXi endpoint, for what the suite's client does not expose. */
async function rawSession(): Promise<SoapTransport> {
  const t = new SoapTransport({ url: esxi.endpoint.url });
  await t.call('Login', { type: 'SessionManager', value: 'ha-sessionmgr' }, [
    el('userName', esxCreds.username),
    el('password', esxCreds.password),
  ]);
  return t;
}

/** Names of every object of `type` under the root folder, by MoRef. */
async function objectsOf(t: SoapTransport, type: string): Promise<Map<string, string>> {
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
  return new Map(found.map((o) => [`${o.obj.type}:${o.obj.value}`, o.props.get('name')?.text ?? '']));
}

describe('lab ESXi endpoint', () => {
  it('answers RetrieveServiceContent as a HostAgent, with the ha-* managers and no vCenter-only ones', async () => {
    const t = new SoapTransport({ url: esxi.endpoint.url });
    const sc = child(await t.call('RetrieveServiceContent', { type: 'ServiceInstance', value: 'ServiceInstance' }, []), 'returnval');
    t.close();
    const about = child(sc, 'about');
    expect({
      apiType: textOf(about, 'apiType'),
      productLineId: textOf(about, 'productLineId'),
      name: textOf(about, 'name'),
      osType: textOf(about, 'osType'),
    }).toEqual({
      apiType: 'HostAgent',
      productLineId: 'embeddedEsx',
      name: 'VMware ESXi',
      osType: 'vmnix-x86',
    });
    expect(textOf(about, 'instanceUuid')).toBeUndefined();
    expect(child(sc, 'rootFolder')?.text).toBe('ha-folder-root');
    expect(child(sc, 'propertyCollector')?.text).toBe('ha-property-collector');
    expect(child(sc, 'sessionManager')?.text).toBe('ha-sessionmgr');
    expect(child(sc, 'accountManager')?.text).toBe('ha-localacctmgr');
    for (const vcOnly of [
      'scheduledTaskManager',
      'alarmManager',
      'extensionManager',
      'customizationSpecManager',
      'customFieldsManager',
      'ipPoolManager',
      'hostProfileManager',
      'clusterProfileManager',
    ]) {
      expect([vcOnly, child(sc, vcOnly)]).toEqual([vcOnly, undefined]);
    }
    expect(client.content.about.apiType).toBe('HostAgent');
  });

  it('shows one ha-datacenter, the host ha-host in a standalone ComputeResource, the datastores and networks', async () => {
    const t = await rawSession();
    try {
      expect(await objectsOf(t, 'Datacenter')).toEqual(new Map([['Datacenter:ha-datacenter', 'ha-datacenter']]));
      expect(await objectsOf(t, 'HostSystem')).toEqual(new Map([['HostSystem:ha-host', esxi.endpoint.hostName]]));
      expect(await objectsOf(t, 'ComputeResource')).toEqual(new Map([['ComputeResource:ha-compute-res', esxi.endpoint.hostName]]));
      expect(await objectsOf(t, 'ClusterComputeResource')).toEqual(new Map());
      expect([...(await objectsOf(t, 'Datastore')).values()].sort()).toEqual(
        model
          .snapshot()
          .datastores.map((d) => d.name)
          .sort(),
      );
      expect([...(await objectsOf(t, 'Network')).values()].sort()).toEqual(
        model
          .snapshot()
          .networks.map((n) => n.name)
          .sort(),
      );
      expect(await objectsOf(t, 'VmwareDistributedVirtualSwitch')).toEqual(new Map());
    } finally {
      t.close();
    }
  });

  it('lists only the VMs registered on its host, and reports them on ha-host', async () => {
    const onHost = model
      .snapshot()
      .vms.filter((v) => v.host === SEED_IDS.hosts[0])
      .map((v) => v.name)
      .sort();
    expect(onHost.length).toBeGreaterThan(0);
    expect((await client.listVms()).map((v) => v.name).sort()).toEqual(onHost);
    const id = await client.findVmByName('mtv-tests-rhel8');
    const props = await client.properties({ type: 'VirtualMachine', value: id }, ['runtime.host', 'resourcePool', 'parent']);
    expect([props.get('runtime.host')?.text, props.get('resourcePool')?.text, props.get('parent')?.text]).toEqual([
      'ha-host',
      'ha-root-pool',
      'ha-folder-vm',
    ]);
    await expect(client.findVmByName('mtv-win2019-3disks')).rejects.toThrow(/mtv-win2019-3disks/); // lives on host-11
  });

  it('refuses CloneVM_Task (NotSupported) and calls on VMs of other hosts (ManagedObjectNotFound)', async () => {
    const id = await client.findVmByName('mtv-tests-rhel8');
    await expect(client.cloneVm(id, { name: 'esxi-clone-attempt' })).rejects.toMatchObject({ faultType: 'NotSupported' });
    expect(model.vm('esxi-clone-attempt')).toBeUndefined();
    const other = model.snapshot().vms.find((v) => v.host !== SEED_IDS.hosts[0]);
    await expect(client.powerOn(other!.moref)).rejects.toMatchObject({ faultType: 'ManagedObjectNotFound' });
  });

  it('sees a VM cloned through vCenter onto its host, and powers it through the host', async () => {
    const vc = await VSphereClient.connect({ url: vcenter.url, ...vcCreds });
    try {
      const cloned = await vc.cloneVm(await vc.findVmByName('mtv-tests-rhel8'), { name: 'esxi-view-clone' });
      const id = await client.findVmByName('esxi-view-clone');
      expect(id).toBe(cloned);
      await client.powerOn(id);
      expect(model.vm(cloned)?.powerState).toBe('poweredOn');
      expect((await vc.vmFacts(cloned)).powerState).toBe('on');
      await client.powerOff(id);
      await vc.destroyVm(cloned);
      expect((await client.listVms()).some((v) => v.name === 'esxi-view-clone')).toBe(false);
    } finally {
      await vc.logout();
    }
  });
});

describe('lab inventory for a provider on the ESXi endpoint', () => {
  const provider = (uid: string, url: string): KubeObject => ({
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: uid, namespace: 'ns', uid },
    spec: { type: 'vsphere', url, settings: { sdkEndpoint: 'esxi' } },
  });

  it('serves the host view: ha-datacenter, ha-host, the host VMs only; the vCenter provider still sees everything', async () => {
    const service = new InventoryService(model, vcenter.url, noFaults(0), 0, [esxi.endpoint]);
    try {
      expect(service.servesVSphereUrl(esxi.endpoint.url)).toBe(true);
      const loaded = new Promise<void>((resolve) => {
        const off = service.onChange(() => {
          if (service.collector('esx')?.loaded && service.collector('vc')?.loaded) {
            off();
            resolve();
          }
        });
      });
      service.startCollector(provider('esx', esxi.endpoint.url));
      service.startCollector(provider('vc', vcenter.url));
      await loaded;
      const esx = service.collector('esx')!.vsphere!;
      const vc = service.collector('vc')!.vsphere!;
      expect(esx.datacenters.map((d) => d.id)).toEqual(['ha-datacenter']);
      expect(esx.hosts.map((h) => [h.id, h.name, h.cluster])).toEqual([['ha-host', esxi.endpoint.hostName, 'ha-compute-res']]);
      expect(esx.vms.every((v) => v.host === 'ha-host')).toBe(true);
      expect(esx.vms.map((v) => v.name).sort()).toEqual(
        model
          .snapshot()
          .vms.filter((v) => v.host === SEED_IDS.hosts[0])
          .map((v) => v.name)
          .sort(),
      );
      expect(esx.vms.find((v) => v.name === 'mtv-tests-rhel8')?.path).toBe('/ha-datacenter/vm/mtv-tests-rhel8');
      expect(vc.hosts.length).toBe(model.snapshot().hosts.length);
      expect(vc.vms.length).toBe(model.snapshot().vms.length);
    } finally {
      service.close();
    }
  });
});
