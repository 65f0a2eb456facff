/**
 * Copy-offload (XCOPY) on the lab's Forklift, public API only: populator PVCs with deterministic
 * names, the VSphereXcopyVolumePopulator CRs and merged per-disk secrets, bound PVCs on the VM, the
 * CDI-path pipeline, and VDDKAndOffloadMixedUsage for a VM with a disk outside the offload map.
 */
import { el, textOf } from '../../../lib/providers/vsphere/xml';
import { SEED_IDS } from '../../../lab/vsphere/seed';
import { useLab } from '../../support/lab';
import { b64, cond, FORKLIFT, ForkliftLab, KUBEVIRT, stepNames, vmTemplate } from './support';

const lab = useLab();
let f: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
const NS = 'xcopy-test';
const offload = { vsphereXcopyConfig: { secretRef: 'ontap-secret', storageVendorProduct: 'ontap' } };

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  pair = await f.providers(NS);
  await f.readyProvider(NS, 'vsphere', 3000);
  await f.core.createNamespacedSecret({
    namespace: NS,
    body: {
      metadata: { name: 'ontap-secret' },
      data: { management_address: b64('ontap.lab'), username: b64('vsadmin'), password: b64('s3cret'), ONTAP_SVM: b64('svm1') },
    },
  });
});

type Pvc = Awaited<ReturnType<ForkliftLab['core']['listNamespacedPersistentVolumeClaim']>>['items'][number];

/** The PVC of the offloaded disk: named <template>-<8 hex>, filled by its populator, bound; returns its name. */
function expectPopulatedPvc(pvc: Pvc): string {
  const name = pvc.metadata?.name ?? '';
  const spec = pvc.spec ?? {};
  expect(name).toMatch(/^pvc-[0-9a-f]{8}$/);
  expect(spec.dataSourceRef).toEqual({ apiGroup: 'forklift.konveyor.io', kind: 'VSphereXcopyVolumePopulator', name });
  expect(spec.volumeMode).toBe('Block');
  expect(spec.accessModes).toEqual(['ReadWriteMany']);
  expect(pvc.status?.phase).toBe('Bound');
  expect(pvc.metadata?.labels).toMatchObject({
    vmID: 'vm-106',
    vmdkKey: '2000',
    sourceHost: 'host-10',
    'volume.csi.k8s.io/affinity-source-naa': expect.stringMatching(/^naa\./),
  });
  const annotations = pvc.metadata?.annotations ?? {};
  expect(annotations['copy-offload']).toMatch(/xcopy-template-test\.vmdk$/);
  expect(annotations['cdi.kubevirt.io/storage.import.secretName']).toBeDefined();
  return name;
}

/** The populator CR finished with XCOPY, and its secret merges the provider and the storage credentials. */
async function expectPopulatorAndSecret(target: string, pvcName: string): Promise<void> {
  const pvc = await f.core.readNamespacedPersistentVolumeClaim({ namespace: target, name: pvcName });
  const populator = await f.get(FORKLIFT, 'vspherexcopyvolumepopulators', target, pvcName);
  expect(populator?.spec).toMatchObject({
    vmId: 'vm-106',
    storageVendorProduct: 'ontap',
    secretName: pvc.metadata?.annotations?.['cdi.kubevirt.io/storage.import.secretName'],
  });
  expect(populator?.status).toMatchObject({ progress: '100', xcopyUsed: '1', result: 'success' });
  const diskSecret = await f.core.readNamespacedSecret({ namespace: target, name: populator?.spec?.secretName ?? '' });
  const data = diskSecret.data ?? {};
  expect(Object.keys(data)).toEqual(
    expect.arrayContaining([
      'GOVMOMI_USERNAME',
      'GOVMOMI_PASSWORD',
      'GOVMOMI_HOSTNAME',
      'STORAGE_HOSTNAME',
      'STORAGE_USERNAME',
      'STORAGE_PASSWORD',
    ]),
  );
  expect(Buffer.from(data.STORAGE_HOSTNAME ?? '', 'base64').toString()).toBe('ontap.lab');
}

/** The populate pods of the migration ended Succeeded, and their log (pods/log) ends with xcopyUsed=<want>. */
async function expectPopulateLog(namespace: string, migrationUid: string, want: string): Promise<void> {
  const pods = (await f.core.listNamespacedPod({ namespace, labelSelector: `migration=${migrationUid}` })).items;
  expect(pods.length).toBeGreaterThan(0);
  for (const pod of pods) {
    expect(pod.metadata?.name).toMatch(/^populate-/);
    expect(pod.status?.phase).toBe('Succeeded');
    const log = await f.core.readNamespacedPodLog({ namespace, name: pod.metadata?.name ?? '' });
    expect([...log.matchAll(/xcopyUsed=(\d+)/g)].pop()?.[1]).toBe(want);
    expect(log).toMatch(/source_vmdk="\[mtv-datastore1\]/);
  }
}

/** A Ready plan `name` over an offload StorageMap for datastore-20, PVC template "pvc", with `spec` added. */
async function offloadPlan(name: string, target: string, spec: Record<string, unknown>): Promise<void> {
  const map = await f.maps(NS, pair, {
    prefix: name,
    storage: [{ source: { id: 'datastore-20' }, destination: { storageClass: 'mtv-block' }, offloadPlugin: offload }],
  });
  await f.plan(NS, name, { provider: pair, map, targetNamespace: target, pvcNameTemplate: 'pvc', ...spec });
  await f.readyPlan(NS, name, 10_000);
}

describe('copy-offload', () => {
  it('migrates through VSphereXcopyVolumePopulator PVCs named <template>-<8 hex>', async () => {
    const target = `${NS}-ok`;
    const map = await f.maps(NS, pair, {
      prefix: 'xc',
      storage: [{ source: { id: 'datastore-20' }, destination: { storageClass: 'mtv-block' }, offloadPlugin: offload }],
    });
    await f.plan(NS, 'xc', {
      provider: pair,
      map,
      targetNamespace: target,
      pvcNameTemplate: 'pvc',
      vms: [{ name: 'xcopy-template-test' }],
    });
    const ready = await f.readyPlan(NS, 'xc');
    expect(cond(ready, 'VDDKAndOffloadMixedUsage')).toBeUndefined();
    await f.migrate(NS, 'xc');
    const done = await f.planDone(NS, 'xc');
    expect(cond(done, 'Succeeded')).toBeDefined();
    expect(stepNames(done.status?.migration?.vms?.[0])).toEqual([
      'Initialize',
      'DiskTransfer',
      'ImageConversion',
      'VirtualMachineCreation',
    ]);

    const pvcs = (await f.core.listNamespacedPersistentVolumeClaim({ namespace: target })).items;
    expect(pvcs).toHaveLength(1);
    const pvcName = expectPopulatedPvc(pvcs[0] as Pvc);
    await expectPopulatorAndSecret(target, pvcName);
    const vm = await f.get(KUBEVIRT, 'virtualmachines', target, 'xcopy-template-test');
    expect(vmTemplate(vm).spec.volumes).toEqual([{ name: 'vol-0', persistentVolumeClaim: { claimName: pvcName } }]);
    await expectPopulateLog(target, String(done.status?.migration?.history?.[0]?.migration?.uid ?? ''), '1');
  });

  it('warm: the populators make the first precopy, deltas follow until the cutover', async () => {
    const target = `${NS}-warm`;
    // Precopies every 2 lab minutes (the lab clock makes that a few hundred ms).
    await f.patch(FORKLIFT, 'forkliftcontrollers', 'openshift-mtv', 'forklift-controller', { spec: { controller_precopy_interval: '2' } });
    // Warm needs Changed Block Tracking on the source VM (as the Python suite clones with enable_ctk).
    const vc = await f.vcenter();
    await vc.setExtraConfig(await vc.findVmByName('xcopy-template-test'), { ctkEnabled: 'true' });
    await vc.logout();
    await offloadPlan('xw', target, { type: 'warm', vms: [{ name: 'xcopy-template-test' }] });
    const m = await f.migrate(NS, 'xw');
    await f.waitFor(FORKLIFT, 'plans', NS, 'xw', (o) => (o.status?.migration?.vms?.[0]?.warm?.successes ?? 0) >= 2, 5000, '2 precopies');
    await f.patch(FORKLIFT, 'migrations', NS, m.metadata.name, { spec: { cutover: new Date().toISOString() } });
    const done = await f.planDone(NS, 'xw');
    expect(cond(done, 'Succeeded')).toBeDefined();
    await expectPopulateLog(target, m.metadata.uid ?? '', '1');
  });

  it('a VM with a disk outside the offload mapping gets VDDKAndOffloadMixedUsage', async () => {
    const map = await f.maps(NS, pair, {
      prefix: 'mixed',
      storage: [
        { source: { id: 'datastore-20' }, destination: { storageClass: 'mtv-block' }, offloadPlugin: offload },
        { source: { id: 'datastore-21' }, destination: { storageClass: 'nfs' } },
      ],
    });
    await f.plan(NS, 'mixed', { provider: pair, map, targetNamespace: `${NS}-mixed`, vms: [{ name: 'mtv-win2019-3disks' }] });
    const p = await f.waitFor(
      FORKLIFT,
      'plans',
      NS,
      'mixed',
      (o) => !!cond(o, 'VDDKAndOffloadMixedUsage'),
      3000,
      'VDDKAndOffloadMixedUsage',
    );
    expect(cond(p, 'VDDKAndOffloadMixedUsage')).toMatchObject({ category: 'Critical', reason: 'NotSupported' });
    expect(cond(p, 'Ready')).toBeUndefined();
  });

  it('rdmAsLun: an RDM disk (physical mode) becomes a SCSI LUN on the VM, copied through XCOPY', async () => {
    const target = `${NS}-rdm`;
    const vc = await f.vcenter();
    const id = await vc.cloneVm(await vc.findVmByName('xcopy-template-test'), { name: 'xcopy-rdm' });
    const lun = SEED_IDS.rdmLuns[0];
    const backing = el(
      'backing',
      [
        el('fileName', '[mtv-datastore1] xcopy-rdm/xcopy-rdm_rdm.vmdk'),
        el('datastore', 'datastore-20', { type: 'Datastore' }),
        el('deviceName', `/vmfs/devices/disks/${lun}`),
        el('compatibilityMode', 'physicalMode'),
        el('diskMode', 'independent_persistent'),
      ],
      { 'xsi:type': 'VirtualDiskRawDiskMappingVer1BackingInfo' },
    );
    const device = el('device', [el('key', -101), backing, el('controllerKey', 1000), el('unitNumber', 1), el('capacityInKB', 0)], {
      'xsi:type': 'VirtualDisk',
    });
    const vm = { type: 'VirtualMachine', value: id };
    const spec = el('spec', [el('deviceChange', [el('operation', 'add'), el('fileOperation', 'create'), device])]);
    const res = await vc.transport.call('ReconfigVM_Task', vm, [spec], { object: vm });
    await vc.waitTask({ type: 'Task', value: textOf(res, 'returnval') ?? '' }, 'ReconfigVM_Task', vm);
    await vc.logout();
    await offloadPlan('xr', target, { rdmAsLun: true, vms: [{ name: 'xcopy-rdm' }] });
    const m = await f.migrate(NS, 'xr');
    const done = await f.planDone(NS, 'xr');
    expect(cond(done, 'Succeeded')).toBeDefined();
    // RDM and independent disks are warned about for VDDK only: XCOPY copies them.
    expect([cond(done, 'RDMDiskWarning'), cond(done, 'IndependentDiskWarning')]).toEqual([undefined, undefined]);
    const disks = (
      vmTemplate(await f.get(KUBEVIRT, 'virtualmachines', target, 'xcopy-rdm')).spec as unknown as {
        domain: { devices: { disks: unknown[] } };
      }
    ).domain.devices.disks;
    expect(disks).toEqual([
      { name: 'vol-0', disk: { bus: 'virtio' } },
      { name: 'vol-1', lun: { bus: 'scsi' } },
    ]);
    await expectPopulateLog(target, m.metadata.uid ?? '', '1');
  });
});
