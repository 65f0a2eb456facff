/**
 * The lab cluster as an OpenShift source: a Provider of type openshift with an empty url (the host
 * cluster) in a user namespace becomes Ready, and its inventory serves the cluster's KubeVirt VMs,
 * namespaces, NetworkAttachmentDefinitions, StorageClasses and DataVolumes in Forklift's OpenShift
 * shape: Resource `{uid, version, namespace, name, selfLink, id}`, plus `object` (the raw object)
 * at detail >= 1 and, for a running VM, `instance` (its VMI).
 */
import { bridgeNad, kubevirtSourceVm } from '../../support/kubevirt-source';
import { useLab } from '../../support/lab';
import { CDI, FORKLIFT, ForkliftLab, KUBEVIRT, type Obj } from '../forklift/support';

const lab = useLab();
let f: ForkliftLab;
const NS = 'ocp-src-inv';
const SRC = 'ocp-src-vms';
let uid = '';

interface OcpItem {
  uid: string;
  id: string;
  name: string;
  namespace: string;
  version: string;
  selfLink: string;
  object?: Obj;
  instance?: Obj;
}

async function list(coll: string, query: string): Promise<OcpItem[]> {
  const res = await (await f.inventory()).get(`/providers/openshift/${uid}/${coll}?${query}`);
  if (res.status !== 200) throw new Error(`GET /providers/openshift/${uid}/${coll}: HTTP ${res.status}`);
  return res.data as OcpItem[];
}

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  await f.namespace(SRC);
  await f.create({ group: 'k8s.cni.cncf.io', version: 'v1' }, 'network-attachment-definitions', SRC, bridgeNad('src-bridge'));
  await f.create(KUBEVIRT, 'virtualmachines', SRC, kubevirtSourceVm('src-rhel9', { runStrategy: 'Always', nad: `${SRC}/src-bridge` }));
  await f.create(FORKLIFT, 'providers', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: 'ocp-source' },
    spec: { type: 'openshift', url: '', secret: {} },
  });
  uid = (await f.readyProvider(NS, 'ocp-source', 5000)).metadata.uid ?? '';
});

it('the url-less openshift provider is Ready and counts the cluster VMs, NADs and StorageClasses', async () => {
  const detail = (await (await f.inventory()).get(`/providers/openshift/${uid}`)).data as Record<string, number>;
  expect(detail.vmCount).toBeGreaterThanOrEqual(1);
  expect(detail.networkCount).toBeGreaterThanOrEqual(1);
  expect(detail.storageClassCount).toBeGreaterThanOrEqual(1);
});

it('VMs: Resource at detail 0; the VirtualMachine as object and its running VMI as instance at detail 1', async () => {
  const [bare] = await list('vms', `namespace=${SRC}&detail=0`);
  expect(Object.keys(bare ?? {}).sort()).toEqual(['id', 'name', 'namespace', 'selfLink', 'uid', 'version']);
  expect(bare).toMatchObject({ name: 'src-rhel9', namespace: SRC, selfLink: `providers/openshift/${uid}/vms/${bare?.uid}` });
  await f.waitFor(KUBEVIRT, 'virtualmachineinstances', SRC, 'src-rhel9', (o) => o.status?.phase === 'Running', 5000, 'VMI Running');
  const [full] = await list('vms', `namespace=${SRC}&detail=1`);
  expect(full?.object?.metadata.uid).toBe(bare?.uid);
  expect((full?.object?.spec?.template as { spec: { networks: unknown[] } }).spec.networks).toHaveLength(2);
  expect(full?.instance).toMatchObject({ kind: 'VirtualMachineInstance', metadata: { name: 'src-rhel9', namespace: SRC } });
  const byId = (await (await f.inventory()).get(`/providers/openshift/${uid}/vms/${bare?.uid}`)).data as OcpItem;
  expect(byId.object?.metadata.name).toBe('src-rhel9');
});

it('namespaces, NADs, StorageClasses and DataVolumes are listed; instancetypes answer an empty list', async () => {
  expect((await list('namespaces', 'detail=0')).map((n) => n.name)).toEqual(expect.arrayContaining([SRC, NS]));
  const nads = await list('networkattachmentdefinitions', `namespace=${SRC}&detail=1`);
  expect(nads.map((n) => `${n.namespace}/${n.name}`)).toEqual([`${SRC}/src-bridge`]);
  expect(nads[0]?.object?.kind).toBe('NetworkAttachmentDefinition');
  expect((await list('storageclasses', 'detail=0')).map((s) => s.name)).toEqual(expect.arrayContaining(['nfs']));
  await f.waitFor(CDI, 'datavolumes', SRC, 'src-rhel9-root', (o) => o !== undefined, 5000, 'DataVolume created');
  expect((await list('datavolumes', `namespace=${SRC}&detail=0`)).map((d) => d.name)).toEqual(['src-rhel9-root']);
  expect(await list('instancetypes', 'detail=1')).toEqual([]);
});
