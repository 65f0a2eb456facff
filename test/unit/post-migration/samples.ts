import type {
  IoK8sApiCoreV1PersistentVolumeClaim,
  V1beta1NetworkMap,
  V1beta1Plan,
  V1beta1StorageMap,
  V1VirtualMachine,
  V1VirtualMachineInstance,
} from '@kubev2v/types';
import type { SourceVmFacts } from '../../../utilities/post-migration/facts';

/** A vSphere Windows VM with 2 disks on 2 controllers and 2 NICs, as the vSphere provider reports it. */
export function sourceVm(overrides: Partial<SourceVmFacts> = {}): SourceVmFacts {
  return {
    providerType: 'vsphere',
    id: 'vm-1042',
    name: 'mtv-win2019-3disks',
    uuid: '421c5b5e-8a6f-4d3e-9b1a-0c2d3e4f5a6b',
    powerState: 'on',
    cpu: { sockets: 2, coresPerSocket: 2 },
    memoryMB: 4096,
    firmware: { bootFirmware: 'efi', secureBoot: true, tpm: false },
    guestAgentRunning: true,
    isWindows: true,
    disks: [
      {
        key: 2001,
        controllerKey: 1001,
        unitNumber: 0,
        fileName: '[datastore2] mtv-win2019-3disks/mtv-win2019-3disks_1.vmdk',
        datastore: { name: 'datastore2', id: 'datastore-12' },
      },
      {
        key: 2000,
        controllerKey: 1000,
        unitNumber: 0,
        fileName: '[datastore1] mtv-win2019-3disks/mtv-win2019-3disks.vmdk',
        datastore: { name: 'datastore1', id: 'datastore-11' },
      },
    ],
    nics: [
      {
        label: 'Network adapter 1',
        mac: '00:50:56:A1:B2:C3',
        network: { name: 'VM Network', id: 'network-7' },
        guestNicName: 'Ethernet0',
        ips: [{ address: '10.10.20.40', prefixLength: 24, gateway: '10.10.20.1', origin: 'manual', isStatic: true }],
      },
      { label: 'Network adapter 2', mac: '00:50:56:a1:00:09', network: { name: 'Mgmt Network', id: 'network-8' }, ips: [] },
    ],
    snapshots: [{ id: 'snapshot-1', name: 'before-upgrade', createTime: '2026-11-20T10:15:42.123Z', state: 'poweredOff' }],
    ...overrides,
  };
}

/** The VirtualMachine Forklift creates for sourceVm() (plan target namespace mtv-ns). */
export function destinationVm(mutate: (vm: V1VirtualMachine) => void = () => {}): V1VirtualMachine {
  const vm: V1VirtualMachine = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'mtv-win2019-3disks', namespace: 'mtv-ns', labels: { plan: 'uid-1', vmID: 'vm-1042' } },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: { labels: { app: 'mtv-win2019-3disks', 'mtv-comprehensive-label': 'auto-abcd', 'test-type': 'comprehensive' } },
        spec: {
          affinity: {
            podAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'test' } } } },
              ],
            },
          },
          nodeSelector: { 'mtv-comprehensive-node-auto-abcd': 'auto-abcd' },
          domain: {
            cpu: {
              sockets: 2,
              cores: 2,
              threads: 1,
              features: [
                { name: 'vmx', policy: 'disable' },
                { name: 'svm', policy: 'disable' },
              ],
            },
            memory: { guest: '4096Mi' },
            firmware: { serial: 'VMware-42 1c 5b 5e 8a 6f 4d 3e-9b 1a 0c 2d 3e 4f 5a 6b', bootloader: { efi: { secureBoot: true } } },
            devices: {
              disks: [
                { name: 'vol-0', disk: { bus: 'virtio' } },
                { name: 'vol-1', disk: { bus: 'virtio' } },
              ],
              interfaces: [
                { name: 'net-0', macAddress: '00:50:56:a1:b2:c3', masquerade: {} },
                { name: 'net-1', macAddress: '00:50:56:a1:00:09', bridge: {} },
              ],
            },
          },
          networks: [
            { name: 'net-0', pod: {} },
            { name: 'net-1', multus: { networkName: 'default/cb-1a2b3c-1' } },
          ],
          volumes: [
            { name: 'vol-0', dataVolume: { name: 'mtv-win2019-3disks-disk-0' } },
            { name: 'vol-1', dataVolume: { name: 'mtv-win2019-3disks-disk-1' } },
            { name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config' } },
          ],
        },
      },
    },
    status: { printableStatus: 'Running', ready: true },
  };
  mutate(vm);
  return vm;
}

export function destinationVmi(mutate: (vmi: V1VirtualMachineInstance) => void = () => {}): V1VirtualMachineInstance {
  const vmi: V1VirtualMachineInstance = {
    metadata: { name: 'mtv-win2019-3disks', namespace: 'mtv-ns' },
    spec: { domain: { devices: {} } },
    status: {
      phase: 'Running',
      nodeName: 'worker-1',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'AgentConnected', status: 'True' },
      ],
      interfaces: [
        { name: 'net-0', mac: '00:50:56:a1:b2:c3', interfaceName: 'Ethernet0', ipAddresses: ['10.10.20.40'] },
        { name: 'net-1', mac: '00:50:56:a1:00:09', interfaceName: 'Ethernet1', ipAddresses: [] },
      ],
    },
  };
  mutate(vmi);
  return vmi;
}

export function pvc(
  name: string,
  diskSource: string,
  storageClass = 'ocs-storagecluster-ceph-rbd',
  accessModes = ['ReadWriteMany'],
): IoK8sApiCoreV1PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'mtv-ns', annotations: { 'forklift.konveyor.io/disk-source': diskSource } },
    spec: { storageClassName: storageClass, accessModes, volumeMode: 'Block' },
  };
}

export function destinationPvcs(): IoK8sApiCoreV1PersistentVolumeClaim[] {
  return [
    pvc('mtv-win2019-3disks-disk-0', '[datastore1] mtv-win2019-3disks/mtv-win2019-3disks.vmdk'),
    pvc('mtv-win2019-3disks-disk-1', '[datastore2] mtv-win2019-3disks/mtv-win2019-3disks_1.vmdk'),
    pvc('unrelated-pvc', '[datastore1] other/other.vmdk', 'standard'),
  ];
}

export function networkMap(): V1beta1NetworkMap {
  return {
    metadata: { name: 'nm-1', namespace: 'mtv-ns' },
    spec: {
      provider: { source: { name: 'vsphere' }, destination: { name: 'host' } },
      map: [
        { source: { id: 'network-7' }, destination: { type: 'pod' } },
        {
          source: { name: '/Datacenter/network/Mgmt Network' },
          destination: { type: 'multus', name: 'cb-1a2b3c-1', namespace: 'default' },
        },
      ],
    },
  } as V1beta1NetworkMap;
}

export function storageMap(): V1beta1StorageMap {
  return {
    metadata: { name: 'sm-1', namespace: 'mtv-ns' },
    spec: {
      provider: { source: { name: 'vsphere' }, destination: { name: 'host' } },
      map: [
        { source: { id: 'datastore-11' }, destination: { storageClass: 'ocs-storagecluster-ceph-rbd' } },
        { source: { name: 'datastore2' }, destination: { storageClass: 'ocs-storagecluster-ceph-rbd' } },
      ],
    },
  } as V1beta1StorageMap;
}

export function plan(mutate: (plan: V1beta1Plan) => void = () => {}): V1beta1Plan {
  const value = {
    metadata: { name: 'comprehensive-plan', namespace: 'mtv-ns' },
    spec: {
      targetNamespace: 'mtv-ns',
      provider: { source: { name: 'vsphere' }, destination: { name: 'host' } },
      map: { network: { name: 'nm-1' }, storage: { name: 'sm-1' } },
      vms: [{ id: 'vm-1042', name: 'mtv-win2019-3disks' }],
      targetPowerState: 'on',
      preserveStaticIPs: true,
      enableNestedVirtualization: false,
      pvcNameTemplate: '{{.VmName}}-disk-{{.DiskIndex}}',
      pvcNameTemplateUseGenerateName: false,
      targetAffinity: {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { podAffinityTerm: { labelSelector: { matchLabels: { app: 'test' } }, topologyKey: 'kubernetes.io/hostname' }, weight: 50 },
          ],
        },
      },
    },
  } as unknown as V1beta1Plan;
  mutate(value);
  return value;
}
