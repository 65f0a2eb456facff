/**
 * The lab copy-offload populator's ESXi clone method in process (lab/forklift/populator/clone-method.ts):
 * vib by default; with ESXI_CLONE_METHOD ssh it reaches the ESXi host only when root's
 * authorized_keys lets the provider's key in through the restricted wrapper (else the populate pod
 * fails as Forklift's populator does); status.cloneMethod names the method, and fault
 * populator-clone-method-wrong makes it name the other one.
 */
import type { KubeObject } from '../../../lab/apiserver/contract';
import { PodLogs } from '../../../lab/apiserver/pod-logs';
import { MemoryStore } from '../../../lab/apiserver/store';
import type { LabFaults } from '../../../lab/faults-catalog';
import { Kinds, secretData } from '../../../lab/forklift/kinds';
import { LabClock } from '../../../lab/forklift/lab-clock';
import { SshKeySecrets, sshKeySecretNames } from '../../../lab/forklift/offload-ssh';
import { utils } from 'ssh2';
import { populate, PopulatorFailed, type PopulatorDeps } from '../../../lab/forklift/populator/populate';
import { POPULATE_CONTAINER } from '../../../lab/forklift/populator/populate-pod';
import type { ForkliftSettings } from '../../../lab/forklift/settings';
import { EsxiSshHost } from '../../../lab/vsphere/esxi/ssh-host';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { seedInventory } from '../../../lab/vsphere/seed';

const NS = 'pop-ssh';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const SECRET = { STORAGE_HOSTNAME: b64('array.lab'), STORAGE_USERNAME: b64('admin'), STORAGE_PASSWORD: b64('pw'), ONTAP_SVM: b64('svm') };
const PROVIDER = { name: 'vsphere', namespace: NS };
const podLogs = new PodLogs();

/** Makes the provider's key Secrets as the provider controller does (off the event loop); resolves to the public key once they exist. */
function makeKeys(kinds: Kinds, provider: KubeObject): Promise<string> {
  const names = sshKeySecretNames(provider.metadata.name ?? '');
  return new Promise((resolve) => {
    new SshKeySecrets(kinds, () =>
      resolve(secretData(kinds.get('secret', provider.metadata.namespace, names.public))['public-key']!),
    ).ensure(provider);
  });
}

async function setup(on: string[] = []) {
  const faults: LabFaults = { isOn: (n) => on.includes(n), value: () => undefined };
  const kinds = new Kinds(new MemoryStore(), (ns, pod, container, line) => podLogs.append(ns, pod, container, line));
  kinds.store.create(kinds.rt('namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const model = new LabVSphereModel(seedInventory());
  const esxi = new EsxiSshHost('esxi-01.mtv.lab', () => model.snapshot().datastores.map((d) => d.name), faults);
  const provider = kinds.store.create(kinds.rt('provider'), {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: PROVIDER.name, namespace: NS },
    spec: { type: 'vsphere', secret: { name: 's', namespace: NS }, settings: { esxiCloneMethod: 'ssh' } },
  });
  const publicKey = await makeKeys(kinds, provider);
  const deps: PopulatorDeps = {
    kinds,
    model,
    faults,
    clock: new LabClock(2),
    settings: () => ({ maxPopulatorInFlight: 10 }) as ForkliftSettings,
    esxi,
  };
  return { kinds, deps, esxi, publicKey };
}

function volume(kinds: Kinds, name: string, method: 'vib' | 'ssh' | undefined): KubeObject {
  const data = { ...SECRET, ...(method ? { ESXI_CLONE_METHOD: b64(method) } : {}) };
  kinds.store.create(kinds.rt('secret'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${name}-secret`, namespace: NS }, data });
  const pvc = kinds.store.create(kinds.rt('pvc'), {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS, labels: { sourceHost: 'host-10' }, annotations: { 'copy-offload': '[mtv-datastore1] vm1/vm1.vmdk' } },
    spec: {
      storageClassName: 'mtv-block',
      volumeMode: 'Block',
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '1024' } },
    },
  });
  kinds.store.create(kinds.rt('populator'), {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'VSphereXcopyVolumePopulator',
    metadata: { name, namespace: NS },
    spec: { vmId: 'vm-1', vmdkPath: '[mtv-datastore1] vm1/vm1.vmdk', secretName: `${name}-secret`, storageVendorProduct: 'ontap' },
  });
  return pvc;
}

const run = (deps: PopulatorDeps, pvc: KubeObject) =>
  populate(deps, {
    pvc,
    source: PROVIDER,
    migrationUid: 'm-1',
    vmHasSnapshots: false,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });

const cloneMethod = (kinds: Kinds, name: string) =>
  (kinds.get('populator', NS, name)?.status as { cloneMethod?: string } | undefined)?.cloneMethod;
const restricted = (key: string) =>
  `command="python /vmfs/volumes/mtv-datastore1/secure-vmkfstools-wrapper.py",no-port-forwarding,no-agent-forwarding,no-X11-forwarding ${key}\n`;

describe('copy-offload populator: ESXi clone method', () => {
  it('vib when the secret names none (and when it names vib): status.cloneMethod vib', async () => {
    const { kinds, deps } = await setup();
    await run(deps, volume(kinds, 'unset', undefined));
    await run(deps, volume(kinds, 'vib', 'vib'));
    expect([cloneMethod(kinds, 'unset'), cloneMethod(kinds, 'vib')]).toEqual(['vib', 'vib']);
  });

  it('ssh without the key on the ESXi host: the populate pod fails authenticating', async () => {
    const { kinds, deps } = await setup();
    const pvc = volume(kinds, 'no-key', 'ssh');
    await expect(run(deps, pvc)).rejects.toThrow(PopulatorFailed);
    const pod = kinds.get('pod', NS, `populate-${pvc.metadata.uid ?? ''}`)!;
    expect(podLogs.read(NS, pod.metadata.name ?? '', POPULATE_CONTAINER)).toMatch(
      /failed to run vmkfstools on ESXi host esxi-01\.mtv\.lab over SSH: ssh: unable to authenticate/,
    );
    expect(cloneMethod(kinds, 'no-key')).toBeUndefined();
  });

  it('ssh with the provider key restricted to the wrapper: succeeds, status.cloneMethod ssh', async () => {
    const { kinds, deps, esxi, publicKey } = await setup();
    esxi.write(restricted(publicKey));
    await expect(run(deps, volume(kinds, 'keyed', 'ssh'))).resolves.toEqual({ xcopyUsed: 1 });
    expect(cloneMethod(kinds, 'keyed')).toBe('ssh');
  });

  it('ssh with the key unrestricted, or rejected by the host (fault esxi-ssh-key-rejected): fails', async () => {
    const plain = await setup();
    plain.esxi.write(`${plain.publicKey}\n`);
    await expect(run(plain.deps, volume(plain.kinds, 'plain', 'ssh'))).rejects.toThrow(/not restricted to the secure-vmkfstools-wrapper/);
    const rejected = await setup(['esxi-ssh-key-rejected']);
    rejected.esxi.write(restricted(rejected.publicKey));
    await expect(run(rejected.deps, volume(rejected.kinds, 'rejected', 'ssh'))).rejects.toThrow(/unable to authenticate/);
  });

  it('fault populator-clone-method-wrong: the status names the other method', async () => {
    const { kinds, deps, esxi, publicKey } = await setup(['populator-clone-method-wrong']);
    esxi.write(restricted(publicKey));
    await run(deps, volume(kinds, 'vib', 'vib'));
    await run(deps, volume(kinds, 'ssh', 'ssh'));
    expect([cloneMethod(kinds, 'vib'), cloneMethod(kinds, 'ssh')]).toEqual(['ssh', 'vib']);
  });

  it('the provider key Secrets are made once and kept', async () => {
    const { kinds } = await setup();
    const provider = kinds.get('provider', NS, 'vsphere')!;
    const before = secretData(kinds.get('secret', NS, 'offload-ssh-keys-vsphere-public'))['public-key'];
    const generate = jest.spyOn(utils, 'generateKeyPair');
    try {
      new SshKeySecrets(kinds, () => {
        throw new Error('not requeued: nothing was made');
      }).ensure(provider);
      expect(generate).not.toHaveBeenCalled();
    } finally {
      generate.mockRestore();
    }
    expect(secretData(kinds.get('secret', NS, 'offload-ssh-keys-vsphere-public'))['public-key']).toBe(before);
    const long = kinds.store.create(kinds.rt('provider'), {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Provider',
      metadata: { name: `p${'x'.repeat(240)}`, namespace: NS },
      spec: { type: 'vsphere', secret: { name: 's', namespace: NS } },
    });
    await makeKeys(kinds, long);
    expect(kinds.get('secret', NS, `offload-ssh-keys-p${'x'.repeat(227)}-private`)).toBeDefined();
  });
});
