/**
 * The lab's KubeVirt export controller: a VirtualMachineExport of a running VM stays Pending
 * (Ready False, VMRunning); once the VM is stopped it is Ready with the token secret KubeVirt
 * generates, one external link per PVC the VM's volumes use (raw and gzip) and the manifest links;
 * a VM without PVC-backed volumes is Skipped.
 */
import { kubevirtSourceVm } from '../../support/kubevirt-source';
import { useLab } from '../../support/lab';
import { CDI, ForkliftLab, KUBEVIRT, type Obj } from '../forklift/support';

const lab = useLab();
const NS = 'vm-export';
const EXPORT = { group: 'export.kubevirt.io', version: 'v1alpha1' };
let f: ForkliftLab;

const exportOf = (name: string) => ({
  apiVersion: 'export.kubevirt.io/v1alpha1',
  kind: 'VirtualMachineExport',
  metadata: { name },
  spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name } },
});

interface ExportStatus {
  phase?: string;
  tokenSecretRef?: string;
  conditions?: Array<{ type: string; status: string; reason?: string }>;
  links?: {
    external?: { cert?: string; volumes?: Array<{ name: string; formats: Array<{ format: string; url: string }> }>; manifests?: unknown[] };
  };
}
const statusOf = (o: Obj | undefined) => (o?.status ?? {}) as ExportStatus;

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
});

it('is Pending while the VM runs, Ready with the token, volume and manifest links once it is stopped', async () => {
  await f.create(KUBEVIRT, 'virtualmachines', NS, kubevirtSourceVm('exp-vm', { runStrategy: 'Always', nad: `${NS}/none` }));
  await f.waitFor(KUBEVIRT, 'virtualmachineinstances', NS, 'exp-vm', (o) => o.status?.phase === 'Running', 5000, 'VMI Running');
  await f.create(EXPORT, 'virtualmachineexports', NS, exportOf('exp-vm'));
  const pending = await f.waitFor(EXPORT, 'virtualmachineexports', NS, 'exp-vm', (o) => statusOf(o).phase === 'Pending', 5000, 'Pending');
  expect(statusOf(pending).conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'False', reason: 'VMRunning' })]);
  await f.patch(KUBEVIRT, 'virtualmachines', NS, 'exp-vm', { spec: { runStrategy: 'Halted' } });
  const ready = statusOf(
    await f.waitFor(EXPORT, 'virtualmachineexports', NS, 'exp-vm', (o) => statusOf(o).phase === 'Ready', 5000, 'Ready'),
  );
  expect(ready.tokenSecretRef).toBe('export-token-exp-vm');
  const token = await f.core.readNamespacedSecret({ namespace: NS, name: 'export-token-exp-vm' });
  expect(token.data?.token).toBeTruthy();
  expect(ready.links?.external?.cert).toContain('BEGIN CERTIFICATE');
  expect(ready.links?.external?.volumes?.map((v) => [v.name, v.formats.map((x) => x.format)])).toEqual([['exp-vm-root', ['raw', 'gzip']]]);
  expect(ready.links?.external?.manifests).toHaveLength(2);
  expect(await f.get(CDI, 'datavolumes', NS, 'exp-vm-root')).toBeDefined();
});

it('is Skipped for a VM without PVC-backed volumes', async () => {
  await f.create(KUBEVIRT, 'virtualmachines', NS, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'exp-nodisk' },
    spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} }, volumes: [] } } },
  });
  await f.create(EXPORT, 'virtualmachineexports', NS, exportOf('exp-nodisk'));
  await f.waitFor(EXPORT, 'virtualmachineexports', NS, 'exp-nodisk', (o) => statusOf(o).phase === 'Skipped', 5000, 'Skipped');
});
