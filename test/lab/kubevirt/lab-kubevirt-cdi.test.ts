/**
 * The lab's installed-cluster objects, KubeVirt and CDI, seen only through the public API of a
 * lab started as a child process.
 */
import { useLab } from '../../support/lab';
import { api, createNamespace, getOrUndefined, VM_PATH, VMI_PATH, vmManifest, waitFor, type Obj } from './support';

const lab = useLab({ extraArgs: ['--ms-per-minute', '200'] });
const NS = 'kv-selftest';
const running = (o: Obj | undefined): boolean => o?.status?.phase === 'Running';
const cond = (o: Obj | undefined, type: string): { status?: string } | undefined =>
  (o?.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === type);
const setFault = async (name: string, on: boolean): Promise<void> => {
  const res = await lab().request(on ? 'PUT' : 'DELETE', `/lab/faults/${name}`);
  if (res.status !== 200) throw new Error(`fault ${name}: ${res.status} ${res.text}`);
};

beforeAll(async () => {
  await createNamespace(lab(), NS);
});

describe('bootstrap: an installed OpenShift + Virtualization + MTV', () => {
  it('runs the forklift pods in openshift-mtv', async () => {
    const pods = (await api(lab(), 'GET', '/api/v1/namespaces/openshift-mtv/pods')).items as Obj[];
    const names = pods.map((p) => p.metadata.name);
    for (const prefix of [
      'forklift-controller-',
      'forklift-api-',
      'forklift-validation-',
      'forklift-ui-plugin-',
      'forklift-volume-populator-controller-',
    ]) {
      expect(names.some((n) => n.startsWith(prefix))).toBe(true);
    }
    for (const p of pods) {
      expect(p.status.phase).toBe('Running');
      expect(cond(p, 'Ready')?.status).toBe('True');
    }
    const controller = pods.find((p) => p.metadata.name.startsWith('forklift-controller-')) as Obj;
    expect(controller.metadata.name).toMatch(/^forklift-controller-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(controller.metadata.labels).toMatchObject({
      app: 'forklift',
      'control-plane': 'controller-manager',
      service: 'forklift-controller',
    });
  });

  it('has the MTV Subscription, CSV (with MUST_GATHER_IMAGE), mirror set and ForkliftController', async () => {
    const sub = await api(lab(), 'GET', '/apis/operators.coreos.com/v1alpha1/namespaces/openshift-mtv/subscriptions/mtv-operator');
    expect(sub.spec.channel).toBe('release-v2.10');
    const csv = await api(
      lab(),
      'GET',
      `/apis/operators.coreos.com/v1alpha1/namespaces/openshift-mtv/clusterserviceversions/${sub.status.installedCSV}`,
    );
    expect(csv.spec.version).toMatch(/^2\.10\.\d+$/);
    expect(csv.status.phase).toBe('Succeeded');
    const env = csv.spec.install.spec.deployments[0].spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>;
    expect(env.find((e) => e.name === 'MUST_GATHER_IMAGE')?.value).toMatch(/@sha256:[0-9a-f]{64}$/);
    const idms = await api(lab(), 'GET', '/apis/config.openshift.io/v1/imagedigestmirrorsets/devel-testing-for-2-10');
    expect((idms.spec.imageDigestMirrors as Array<{ source: string }>).some((m) => m.source.includes('must-gather'))).toBe(true);
    const fc = await api(
      lab(),
      'GET',
      '/apis/forklift.konveyor.io/v1beta1/namespaces/openshift-mtv/forkliftcontrollers/forklift-controller',
    );
    expect(fc.spec.controller_precopy_interval).toBe('60');
    expect(cond(fc, 'Successful')?.status).toBe('True');
    const host = await api(lab(), 'GET', '/apis/forklift.konveyor.io/v1beta1/namespaces/openshift-mtv/providers/host');
    expect(host.spec).toMatchObject({ type: 'openshift', url: '' });
  });

  it('reconciles a ForkliftController spec change: Running, then Successful again', async () => {
    const path = '/apis/forklift.konveyor.io/v1beta1/namespaces/openshift-mtv/forkliftcontrollers';
    const seen: string[] = [];
    const before = await api(lab(), 'GET', `${path}/forklift-controller`);
    const done = waitFor(
      lab(),
      path,
      'forklift-controller',
      (o) => {
        const running = (o?.status?.conditions as Array<{ type: string; reason: string }> | undefined)?.find((c) => c.type === 'Running');
        if (running) seen.push(running.reason);
        return seen.includes('Running') && cond(o, 'Successful')?.status === 'True';
      },
      10_000,
      before.metadata.resourceVersion,
    );
    await api(
      lab(),
      'PATCH',
      `${path}/forklift-controller`,
      { spec: { controller_precopy_interval: '2' } },
      'application/merge-patch+json',
    );
    const fc = await done;
    expect(fc?.spec.controller_precopy_interval).toBe('2');
  });

  it('reports OpenShift 4.20 with history, three Ready workers and storage with profiles', async () => {
    const cv = await api(lab(), 'GET', '/apis/config.openshift.io/v1/clusterversions/version');
    expect(cv.status.desired.version).toMatch(/^4\.20\.\d+$/);
    expect(cv.status.history[0].state).toBe('Completed');
    const nodes = (await api(lab(), 'GET', '/api/v1/nodes?labelSelector=node-role.kubernetes.io%2Fworker')).items as Obj[];
    expect(nodes).toHaveLength(3);
    for (const n of nodes) {
      expect(n.metadata.labels).toMatchObject({
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.metadata.name,
      });
      expect(n.metadata.labels?.['topology.kubernetes.io/zone']).toBeTruthy();
      expect(n.status.allocatable.memory).toMatch(/^\d+Ki$/);
      expect(cond(n, 'Ready')?.status).toBe('True');
    }
    const block = await api(lab(), 'GET', '/apis/storage.k8s.io/v1/storageclasses/mtv-block');
    expect(block.metadata.annotations).toMatchObject({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    const profile = await waitFor(
      lab(),
      '/apis/cdi.kubevirt.io/v1beta1/storageprofiles',
      'nfs',
      (o) => (o?.status?.claimPropertySets?.length ?? 0) > 0,
    );
    expect(profile?.status.claimPropertySets).toEqual([{ accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem' }]);
    // The suite's nfs_storage_profile fixture sets spec.claimPropertySets; CDI reports them.
    await api(
      lab(),
      'PATCH',
      '/apis/cdi.kubevirt.io/v1beta1/storageprofiles/nfs',
      { spec: { claimPropertySets: [{ accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }] } },
      'application/merge-patch+json',
    );
    await waitFor(
      lab(),
      '/apis/cdi.kubevirt.io/v1beta1/storageprofiles',
      'nfs',
      (o) => o?.status?.claimPropertySets?.[0]?.accessModes?.[0] === 'ReadWriteOnce',
    );
  });

  it('publishes the virtctl downloads in the ConsoleCLIDownload', async () => {
    const ccd = await api(lab(), 'GET', '/apis/console.openshift.io/v1/consoleclidownloads/virtctl-clidownloads-kubevirt-hyperconverged');
    const texts = (ccd.spec.links as Array<{ text: string; href: string }>).map((l) => l.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Download virtctl for Linux for x86_64',
        'Download virtctl for Linux for ARM 64',
        'Download virtctl for Mac for x86_64',
        'Download virtctl for Mac for ARM 64',
      ]),
    );
    for (const l of ccd.spec.links as Array<{ href: string }>)
      expect(l.href).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/(amd64|arm64)\/(linux|mac)\/virtctl\.(tar\.gz|zip)$/);
  });
});

describe('kubevirt: VM -> VMI', () => {
  it('runs a VM on the node its nodeSelector names, and Halted removes the VMI', async () => {
    const nodes = (await api(lab(), 'GET', '/api/v1/nodes')).items as Obj[];
    const target = nodes[2]?.metadata.name as string;
    await api(
      lab(),
      'PATCH',
      `/api/v1/nodes/${target}`,
      { metadata: { labels: { 'mtv-selftest': 'placed' } } },
      'application/merge-patch+json',
    );
    await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'vm-selector', { nodeSelector: { 'mtv-selftest': 'placed' } }));
    const vmi = await waitFor(lab(), VMI_PATH(NS), 'vm-selector', running);
    expect(vmi?.status.nodeName).toBe(target);
    expect(vmi?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'VirtualMachine', name: 'vm-selector' });
    expect(vmi?.status.interfaces[0]).toMatchObject({ name: 'net-0', mac: '02:00:00:00:00:01' });
    const vm = await waitFor(lab(), VM_PATH(NS), 'vm-selector', (o) => o?.status?.printableStatus === 'Running' && o.status.ready === true);
    expect(vm?.status.created).toBe(true);
    // virt-launcher pod: on the VMI's node, owned by the VMI, listed in status.activePods
    const pods = (
      await api(lab(), 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent('vm.kubevirt.io/name=vm-selector')}`)
    ).items as Obj[];
    expect(pods).toHaveLength(1);
    const launcher = pods[0] as Obj;
    expect(launcher.metadata.name).toMatch(/^virt-launcher-vm-selector-[a-z0-9]{5}$/);
    expect(launcher.spec.nodeName).toBe(target);
    expect(launcher.status.phase).toBe('Running');
    expect(Object.keys(vmi?.status.activePods ?? {})).toEqual([launcher.metadata.uid]);

    await api(lab(), 'PATCH', `${VM_PATH(NS)}/vm-selector`, { spec: { runStrategy: 'Halted' } }, 'application/merge-patch+json');
    await waitFor(lab(), VMI_PATH(NS), 'vm-selector', (o) => o === undefined);
    const stopped = await waitFor(lab(), VM_PATH(NS), 'vm-selector', (o) => o?.status?.printableStatus === 'Stopped');
    expect(stopped?.status.ready).toBeUndefined();
    await waitFor(lab(), `/api/v1/namespaces/${NS}/pods`, launcher.metadata.name, (o) => o === undefined);
  });

  it('honours required node affinity', async () => {
    const nodes = (await api(lab(), 'GET', '/api/v1/nodes')).items as Obj[];
    const target = nodes[0]?.metadata.name as string;
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [target] }] }],
        },
      },
    };
    await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'vm-affinity', { affinity }));
    const vmi = await waitFor(lab(), VMI_PATH(NS), 'vm-affinity', running);
    expect(vmi?.status.nodeName).toBe(target);
  });

  it('keeps an unschedulable VMI pending (ErrorUnschedulable) until a node fits', async () => {
    await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'vm-waits', { nodeSelector: { 'mtv-selftest-late': 'yes' } }));
    const pending = await waitFor(lab(), VMI_PATH(NS), 'vm-waits', (o) => cond(o, 'PodScheduled')?.status === 'False');
    expect(pending?.status.phase).toBe('Scheduling');
    await waitFor(lab(), VM_PATH(NS), 'vm-waits', (o) => o?.status?.printableStatus === 'ErrorUnschedulable');
    const nodes = (await api(lab(), 'GET', '/api/v1/nodes')).items as Obj[];
    const target = nodes[1]?.metadata.name as string;
    await api(
      lab(),
      'PATCH',
      `/api/v1/nodes/${target}`,
      { metadata: { labels: { 'mtv-selftest-late': 'yes' } } },
      'application/merge-patch+json',
    );
    const vmi = await waitFor(lab(), VMI_PATH(NS), 'vm-waits', running);
    expect(vmi?.status.nodeName).toBe(target);
  });

  it('fault drop-node-selector: the VMI lands on a node the selector does not name', async () => {
    await setFault('drop-node-selector', true);
    try {
      const nodes = (await api(lab(), 'GET', '/api/v1/nodes')).items as Obj[];
      await api(
        lab(),
        'PATCH',
        `/api/v1/nodes/${nodes[2]?.metadata.name as string}`,
        { metadata: { labels: { 'mtv-selftest-drop': 'here' } } },
        'application/merge-patch+json',
      );
      await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'vm-dropped', { nodeSelector: { 'mtv-selftest-drop': 'here' } }));
      const vmi = await waitFor(lab(), VMI_PATH(NS), 'vm-dropped', running);
      const node = await api(lab(), 'GET', `/api/v1/nodes/${vmi?.status.nodeName as string}`);
      expect(node.metadata.labels?.['mtv-selftest-drop']).toBeUndefined();
    } finally {
      await setFault('drop-node-selector', false);
    }
  });

  it('reports AgentConnected for a guest with tools; fault no-guest-agent withholds only that', async () => {
    const labels = { vmID: 'vm-100', 'plan-name': 'none', 'plan-namespace': NS };
    await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'vm-agent', { labels }));
    const withAgent = await waitFor(lab(), VMI_PATH(NS), 'vm-agent', (o) => cond(o, 'AgentConnected')?.status === 'True');
    expect(withAgent?.status.guestOSInfo.id).toBe('rhel');
    expect(withAgent?.status.interfaces[0].interfaceName).toBeTruthy();

    await setFault('no-guest-agent', true);
    try {
      await api(lab(), 'POST', VM_PATH(NS), vmManifest(NS, 'vm-noagent', { labels }));
      const vmi = await waitFor(
        lab(),
        VMI_PATH(NS),
        'vm-noagent',
        (o) => running(o) && (o?.status?.interfaces?.[0]?.interfaceName ?? '') !== '',
      );
      // The agent had its chance (it reports interface data), yet AgentConnected never appears.
      expect(cond(vmi, 'AgentConnected')).toBeUndefined();
      expect(cond(vmi, 'Ready')?.status).toBe('True');
    } finally {
      await setFault('no-guest-agent', false);
    }
  });
});

describe('cdi: DataVolume -> PVC -> PV', () => {
  it('imports a DataVolume into a bound PVC and removes DV, PVC and PV with the VM', async () => {
    const vm = await api(
      lab(),
      'POST',
      VM_PATH(NS),
      vmManifest(NS, 'vm-disks', { runStrategy: 'Halted', dataVolumes: ['vm-disks-disk-0'] }),
    );
    await api(lab(), 'POST', `/apis/cdi.kubevirt.io/v1beta1/namespaces/${NS}/datavolumes`, {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: {
        name: 'vm-disks-disk-0',
        namespace: NS,
        labels: { vmID: 'vm-100', 'plan-name': 'p1' },
        annotations: { 'forklift.konveyor.io/disk-source': '[mtv-datastore1] mtv-tests-rhel8/mtv-tests-rhel8.vmdk' },
        ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'vm-disks', uid: vm.metadata.uid as string }],
      },
      spec: {
        source: {
          vddk: {
            backingFile: '[mtv-datastore1] mtv-tests-rhel8/mtv-tests-rhel8.vmdk',
            url: 'https://127.0.0.1/sdk',
            uuid: 'x',
            thumbprint: 'y',
            secretRef: 's',
          },
        },
        storage: { storageClassName: 'mtv-block', resources: { requests: { storage: '20Gi' } } },
      },
    });
    const phases: string[] = [];
    const dv = await waitFor(lab(), `/apis/cdi.kubevirt.io/v1beta1/namespaces/${NS}/datavolumes`, 'vm-disks-disk-0', (o) => {
      if (o?.status?.phase && phases[phases.length - 1] !== o.status.phase) phases.push(o.status.phase as string);
      return o?.status?.phase === 'Succeeded';
    });
    expect(dv?.status.progress).toBe('100.0%');
    expect(phases).toEqual(expect.arrayContaining(['ImportScheduled', 'ImportInProgress', 'Succeeded']));
    const pvc = await api(lab(), 'GET', `/api/v1/namespaces/${NS}/persistentvolumeclaims/vm-disks-disk-0`);
    expect(pvc.status.phase).toBe('Bound');
    expect(pvc.metadata.labels).toMatchObject({ vmID: 'vm-100', 'plan-name': 'p1' });
    expect(pvc.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DataVolume', name: 'vm-disks-disk-0' });
    expect(pvc.spec).toMatchObject({
      storageClassName: 'mtv-block',
      accessModes: ['ReadWriteMany'],
      volumeMode: 'Block',
      resources: { requests: { storage: '20Gi' } },
    });
    const pvName = pvc.spec.volumeName as string;
    const pv = await api(lab(), 'GET', `/api/v1/persistentvolumes/${pvName}`);
    expect(pv.status.phase).toBe('Bound');
    expect(pv.spec.claimRef).toMatchObject({ namespace: NS, name: 'vm-disks-disk-0', uid: pvc.metadata.uid });

    await lab().request('DELETE', `${VM_PATH(NS)}/vm-disks`);
    await waitFor(lab(), `/apis/cdi.kubevirt.io/v1beta1/namespaces/${NS}/datavolumes`, 'vm-disks-disk-0', (o) => o === undefined);
    await waitFor(lab(), `/api/v1/namespaces/${NS}/persistentvolumeclaims`, 'vm-disks-disk-0', (o) => o === undefined);
    await waitFor(lab(), '/api/v1/persistentvolumes', pvName, (o) => o === undefined);
    expect(await getOrUndefined(lab(), `/api/v1/persistentvolumes/${pvName}`)).toBeUndefined();
  });

  it('pauses a multistage (warm) import after each checkpoint and finishes on the final one', async () => {
    const DV = `/apis/cdi.kubevirt.io/v1beta1/namespaces/${NS}/datavolumes`;
    await api(lab(), 'POST', DV, {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { name: 'warm-disk-0', namespace: NS },
      spec: {
        checkpoints: [{ previous: '', current: 'snapshot-1' }],
        finalCheckpoint: false,
        source: { vddk: { url: 'https://127.0.0.1/sdk', uuid: 'u', thumbprint: 't', secretRef: 's' } },
        storage: { storageClassName: 'nfs', resources: { requests: { storage: '10Gi' } } },
      },
    });
    await waitFor(lab(), DV, 'warm-disk-0', (o) => o?.status?.phase === 'Paused');
    const pvc = await api(lab(), 'GET', `/api/v1/namespaces/${NS}/persistentvolumeclaims/warm-disk-0`);
    expect(pvc.metadata.annotations?.['cdi.kubevirt.io/storage.checkpoint.copied']).toBe('snapshot-1');
    const paused = await api(lab(), 'GET', `${DV}/warm-disk-0`);
    await api(
      lab(),
      'PATCH',
      `${DV}/warm-disk-0`,
      {
        spec: {
          checkpoints: [
            { previous: '', current: 'snapshot-1' },
            { previous: 'snapshot-1', current: 'snapshot-2' },
          ],
          finalCheckpoint: true,
        },
      },
      'application/merge-patch+json',
    );
    const phases: string[] = [];
    await waitFor(
      lab(),
      DV,
      'warm-disk-0',
      (o) => {
        if (o?.status?.phase && phases[phases.length - 1] !== o.status.phase) phases.push(o.status.phase as string);
        return o?.status?.phase === 'Succeeded';
      },
      10_000,
      paused.metadata.resourceVersion,
    );
    expect(phases).toContain('ImportInProgress');
    await lab().request('DELETE', `${DV}/warm-disk-0`);
  });
});
