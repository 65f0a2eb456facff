/**
 * The KubeVirt VMs the suite creates as OpenShift-source VMs (the Python suite's
 * create_source_cnv_vms): u1.small-sized (1 vCPU, 2 GiB), a 30Gi root DataVolume cloned from the
 * `rhel9` DataSource of openshift-virtualization-os-images, cloud-init setting the guest login
 * from the providers file, the pod network plus one NIC on the source NAD, fixed locally
 * administered MACs (so the facts name them before the VM ever ran), and the guest agent the
 * RHEL image runs. runStrategy Always for a VM the scenario wants on (or does not say), Halted for off.
 */
import crypto from 'node:crypto';
import type { V1NetworkAttachmentDefinition, V1VirtualMachine } from '@kubev2v/types';

export const ROOT_DISK_SIZE = '30Gi';
const OS_IMAGES = 'openshift-virtualization-os-images';

/** The namespace the session's source VMs live in (the Python suite's source_vms_namespace). */
export function sourceVmsNamespace(sessionId: string): string {
  return `${sessionId}-source-vms`.slice(0, 63).replace(/-+$/, '');
}

/** The bridge NAD the source VMs' second NIC is on (multus_cni_config). */
export function sourceNad(name: string, namespace: string): V1NetworkAttachmentDefinition {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name, namespace },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', type: 'cnv-bridge', bridge: 'cnv-bridge' }) },
  };
}

/** A locally administered unicast MAC (02:xx:...). */
export function localMac(): string {
  return ['02', ...[...crypto.randomBytes(5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

export interface SourceVmSpec {
  name: string;
  namespace: string;
  /** `<namespace>/<name>` of the NAD the second NIC is on. */
  nad: string;
  power: 'on' | 'off';
  storageClass?: string;
  login: { user: string; password: string };
}

export function sourceVmManifest(s: SourceVmSpec): V1VirtualMachine {
  const root = `${s.name}-rootdisk`.slice(0, 63);
  const userData = `#cloud-config\nuser: ${s.login.user}\npassword: ${s.login.password}\nchpasswd: { expire: false }\n`;
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: s.name, namespace: s.namespace, labels: { app: s.name } },
    spec: {
      runStrategy: s.power === 'off' ? 'Halted' : 'Always',
      dataVolumeTemplates: [
        {
          metadata: { name: root },
          spec: {
            sourceRef: { kind: 'DataSource', name: 'rhel9', namespace: OS_IMAGES },
            storage: {
              resources: { requests: { storage: ROOT_DISK_SIZE } },
              ...(s.storageClass ? { storageClassName: s.storageClass } : {}),
            },
          },
        },
      ],
      template: {
        metadata: { labels: { 'kubevirt.io/domain': s.name }, annotations: { 'vm.kubevirt.io/os': 'rhel9' } },
        spec: {
          domain: {
            cpu: { sockets: 1, cores: 1, threads: 1 },
            memory: { guest: '2Gi' },
            devices: {
              disks: [
                { name: 'rootdisk', disk: { bus: 'virtio' } },
                { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
              ],
              interfaces: [
                { name: 'default', masquerade: {}, macAddress: localMac() },
                { name: 'nad', bridge: {}, macAddress: localMac() },
              ],
            },
          },
          networks: [
            { name: 'default', pod: {} },
            { name: 'nad', multus: { networkName: s.nad } },
          ],
          volumes: [
            { name: 'rootdisk', dataVolume: { name: root } },
            { name: 'cloudinitdisk', cloudInitNoCloud: { userData } },
          ],
        },
      },
    },
  };
}
