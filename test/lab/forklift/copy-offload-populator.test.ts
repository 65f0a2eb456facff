/**
 * The lab's copy-offload populator in process (lab/forklift/populator): for each of the nine
 * vendors the secret keys the populator needs (a missing one fails with its message in the
 * populate pod's log), XCOPY on an XCOPY datastore and the host fallback (non-XCOPY datastore,
 * VM with snapshots, fault copy-offload-fallback), the VMDK's bytes in the PVC (fault
 * disk-data-corrupted changes them), and the per-host in-flight limit with PopulatorThrottled
 * events (fault populator-throttling-ignored lifts it).
 */
import type { KubeObject } from '../../../lab/apiserver/contract';
import { PodLogs } from '../../../lab/apiserver/pod-logs';
import { MemoryStore } from '../../../lab/apiserver/store';
import { DiskDataStore, pvcKey, vmdkKey } from '../../../lab/disk-data';
import type { LabFaults } from '../../../lab/faults-catalog';
import { Kinds } from '../../../lab/forklift/kinds';
import { LabClock } from '../../../lab/forklift/lab-clock';
import { populate, PopulatorFailed, type PopulatorDeps } from '../../../lab/forklift/populator/populate';
import { POPULATE_CONTAINER } from '../../../lab/forklift/populator/populate-pod';
import { STORAGE_VENDORS, VENDOR_KEYS, vendorSecretError } from '../../../lab/forklift/populator/vendors';
import type { ForkliftSettings } from '../../../lab/forklift/settings';
import { GuestStorage } from '../../../lab/guests/guest-storage';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { runGuestProgram } from '../../../lab/vsphere/guest-shell';
import { seedInventory } from '../../../lab/vsphere/seed';

const NS = 'pop';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const LOGIN = { STORAGE_HOSTNAME: b64('array.lab'), STORAGE_USERNAME: b64('admin'), STORAGE_PASSWORD: b64('pw') };

function faultsOf(on: string[]): LabFaults {
  return { isOn: (n) => on.includes(n), value: () => undefined };
}

const podLogs = new PodLogs();

/** The populate pod's log as pods/log serves it. */
function podLogText(pod: KubeObject): string {
  return podLogs.read(pod.metadata.namespace ?? '', pod.metadata.name ?? '', POPULATE_CONTAINER);
}

function setup(on: string[] = [], maxPopulatorInFlight = 20) {
  const store = new MemoryStore();
  const kinds = new Kinds(store, (ns, pod, container, line) => podLogs.append(ns, pod, container, line));
  kinds.store.create(kinds.rt('namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const disks = new DiskDataStore();
  const deps: PopulatorDeps = {
    kinds,
    model: new LabVSphereModel(seedInventory()),
    faults: faultsOf(on),
    clock: new LabClock(2),
    settings: () => ({ maxPopulatorInFlight }) as ForkliftSettings,
    disks,
  };
  return { store, kinds, disks, deps };
}

/** A populator PVC for `vmdk` with its CR and per-disk secret (as lab/forklift/copy-offload.ts makes them). */
function volume(
  kinds: Kinds,
  name: string,
  vmdk: string,
  vendor = 'ontap',
  data: Record<string, string> = { ...LOGIN, ONTAP_SVM: b64('svm') },
): KubeObject {
  kinds.store.create(kinds.rt('secret'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${name}-secret`, namespace: NS }, data });
  const pvc = kinds.store.create(kinds.rt('pvc'), {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS, labels: { sourceHost: 'host-10', migration: 'm-1' }, annotations: { 'copy-offload': vmdk } },
    spec: {
      storageClassName: 'mtv-block',
      volumeMode: 'Block',
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: `${1024 ** 3}` } },
    },
  });
  kinds.store.create(kinds.rt('populator'), {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'VSphereXcopyVolumePopulator',
    metadata: { name, namespace: NS },
    spec: { vmId: 'vm-1', vmdkPath: vmdk, secretName: `${name}-secret`, storageVendorProduct: vendor },
  });
  return pvc;
}

const run = (deps: PopulatorDeps, pvc: KubeObject, vmHasSnapshots = false) =>
  populate(deps, { pvc, migrationUid: 'm-1', vmHasSnapshots, signal: new AbortController().signal, onProgress: () => undefined });

function podOf(kinds: Kinds, pvc: KubeObject): KubeObject {
  const pod = kinds.get('pod', NS, `populate-${pvc.metadata.uid ?? ''}`);
  if (!pod) throw new Error(`no populate pod for ${pvc.metadata.name ?? ''}`);
  return pod;
}

const XCOPY_DISK = '[mtv-datastore1] vm1/vm1.vmdk';
const NFS_DISK = '[mtv-nfs-ds] vm1/vm1_1.vmdk';

describe('copy-offload populator: vendor secrets', () => {
  it.each(STORAGE_VENDORS.map((v) => [v]))('%s: needs the storage login and its own keys', (vendor) => {
    const full: Record<string, string> = { ...LOGIN, ...Object.fromEntries(VENDOR_KEYS[vendor].map((k) => [k, b64('x')])) };
    expect(vendorSecretError(vendor, full)).toBeUndefined();
    for (const k of Object.keys(full)) {
      const rest: Record<string, string> = { ...full };
      delete rest[k];
      expect(vendorSecretError(vendor, rest)).toContain(k);
    }
  });

  it('pureFlashArray takes an API token instead of the user and password', () => {
    expect(
      vendorSecretError('pureFlashArray', { STORAGE_HOSTNAME: b64('h'), STORAGE_TOKEN: b64('t'), PURE_CLUSTER_PREFIX: b64('px') }),
    ).toBeUndefined();
  });

  it('a missing vendor key fails the populate pod with the populator message', async () => {
    const { kinds, deps } = setup();
    const pvc = volume(kinds, 'no-svm', XCOPY_DISK, 'ontap', { ...LOGIN });
    await expect(run(deps, pvc)).rejects.toThrow(PopulatorFailed);
    const pod = podOf(kinds, pvc);
    expect((pod.status as { phase: string }).phase).toBe('Failed');
    expect(podLogText(pod)).toMatch(/"copy-offload failed" err="ontap: missing required secret key ONTAP_SVM"/);
    expect(kinds.get('pvc', NS, 'no-svm')?.status).toEqual({ phase: 'Pending' });
  });

  it('an unknown vendor is refused', () => {
    expect(vendorSecretError('netapp', LOGIN)).toMatch(/unsupported storage vendor product "netapp"/);
  });
});

describe('copy-offload populator: XCOPY or fallback', () => {
  const lastXcopy = (text: string) => [...text.matchAll(/xcopyUsed=(\d+)/g)].pop()?.[1];

  it('XCOPY on an XCOPY datastore: xcopyUsed 1 in the CR and the last log line, the PVC bound', async () => {
    const { kinds, deps } = setup();
    const pvc = volume(kinds, 'thin', XCOPY_DISK);
    await expect(run(deps, pvc)).resolves.toEqual({ xcopyUsed: 1 });
    expect(kinds.get('populator', NS, 'thin')?.status).toMatchObject({ progress: '100', xcopyUsed: '1', result: 'success' });
    const pod = podOf(kinds, pvc);
    expect(pod.metadata.labels).toMatchObject({ migration: 'm-1', sourceHost: 'host-10', pvcName: 'thin' });
    expect((pod.status as { phase: string }).phase).toBe('Succeeded');
    const log = podLogText(pod);
    expect(lastXcopy(log)).toBe('1');
    expect(log).toContain('source_vmdk="[mtv-datastore1] vm1/vm1.vmdk"');
    expect((kinds.get('pvc', NS, 'thin')?.status as { phase: string }).phase).toBe('Bound');
  });

  it.each([
    ['a non-XCOPY datastore', NFS_DISK, false, [] as string[]],
    ['a VM with snapshots', XCOPY_DISK, true, [] as string[]],
    ['fault copy-offload-fallback', XCOPY_DISK, false, ['copy-offload-fallback']],
  ])('%s: host-based copy, xcopyUsed 0', async (_what, vmdk, snapshots, faults) => {
    const { kinds, deps } = setup(faults);
    const pvc = volume(kinds, 'fb', vmdk);
    await expect(run(deps, pvc, snapshots)).resolves.toEqual({ xcopyUsed: 0 });
    expect(kinds.get('populator', NS, 'fb')?.status).toMatchObject({ xcopyUsed: '0', result: 'success' });
    expect(lastXcopy(podLogText(podOf(kinds, pvc)))).toBe('0');
  });
});

describe('copy-offload populator: bytes', () => {
  const data = { partitions: [{ fsType: 'xfs' as const, label: 'data', files: { 'marker.txt': 'written before migration\n' } }] };

  it("the PVC holds the VMDK's bytes (a snapshot delta's base disk)", async () => {
    const { kinds, disks, deps } = setup();
    disks.set(vmdkKey(XCOPY_DISK), data);
    await run(deps, volume(kinds, 'bytes', '[mtv-datastore1] vm1/vm1-000002.vmdk'), true);
    expect(disks.get(pvcKey(NS, 'bytes'))).toEqual(data);
  });

  it('fault disk-data-corrupted: the PVC bytes differ', async () => {
    const { kinds, disks, deps } = setup(['disk-data-corrupted']);
    disks.set(vmdkKey(XCOPY_DISK), data);
    await run(deps, volume(kinds, 'bad', XCOPY_DISK));
    expect(disks.get(pvcKey(NS, 'bad'))?.partitions[0]?.files['marker.txt']).not.toBe('written before migration\n');
  });
});

describe('copy-offload populator: a data marker end to end', () => {
  /** Writes the marker in the source guest (guest operations), populates its boot disk's PVC, reads it in the migrated guest. */
  async function markerAfterMigration(on: string[]): Promise<string | undefined> {
    const { kinds, disks, deps } = setup(on);
    const vm = deps.model.vm('xcopy-template-test');
    const boot = vm?.disks[0]?.fileName ?? '';
    if (!vm) throw new Error('the lab seed has no xcopy-template-test');
    const run1 = runGuestProgram(vm, disks, '/bin/bash', `-c "echo 'copy-offload marker 1' | tee /root/data-marker.txt > /dev/null"`);
    expect(run1.exitCode).toBe(0);
    await run(deps, volume(kinds, 'boot', boot));
    const guest = new GuestStorage([{ target: 'vda', key: pvcKey(NS, 'boot') }], disks, false);
    return guest.cat('/root/data-marker.txt')?.stdout;
  }

  it('the marker written in the source guest is read in the migrated guest', async () => {
    await expect(markerAfterMigration([])).resolves.toBe('copy-offload marker 1\n');
  });

  it('fault disk-data-corrupted: the migrated guest reads other bytes', async () => {
    const got = await markerAfterMigration(['disk-data-corrupted']);
    expect(got).toBeDefined();
    expect(got).not.toBe('copy-offload marker 1\n');
  });
});

describe('copy-offload populator: in-flight limit per host', () => {
  /** Runs `n` populations at once and records the most populate pods Running at one time. */
  async function peak(on: string[], limit: number, n: number) {
    const env = setup(on, limit);
    let max = 0;
    const unsubscribe = env.store.subscribe(() => {
      const running = env.kinds.list('pod', NS).filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
      max = Math.max(max, running.length);
    });
    const pvcs = Array.from({ length: n }, (_, i) => volume(env.kinds, `d${i}`, XCOPY_DISK));
    await Promise.all(pvcs.map((p) => run(env.deps, p)));
    unsubscribe();
    const throttled = env.kinds.list('event', NS).filter((e) => (e as { reason?: string }).reason === 'PopulatorThrottled');
    return { max, throttled: throttled.map((e) => (e as unknown as { involvedObject: { name: string } }).involvedObject.name) };
  }

  it('never runs more than controller_max_populator_inflight pods on a host; the waiting PVCs get PopulatorThrottled', async () => {
    const { max, throttled } = await peak([], 2, 5);
    expect(max).toBe(2);
    expect(new Set(throttled).size).toBeGreaterThanOrEqual(3);
  });

  it('fault populator-throttling-ignored: all run at once, no event', async () => {
    const { max, throttled } = await peak(['populator-throttling-ignored'], 2, 5);
    expect(max).toBe(5);
    expect(throttled).toEqual([]);
  });
});
