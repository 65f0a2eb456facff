/**
 * Lab test data for the lab cluster as an OpenShift source: a KubeVirt VM with one 30Gi blank
 * DataVolume root disk on `nfs`, 2 cores, 2 GiB, the pod network and one bridge NIC on a NAD
 * (`<namespace>/<name>`), optionally with fixed MACs.
 */
export function kubevirtSourceVm(name: string, opts: { runStrategy: string; nad: string; macs?: [string, string] }): object {
  const mac = (i: 0 | 1) => (opts.macs ? { macAddress: opts.macs[i] } : {});
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name },
    spec: {
      runStrategy: opts.runStrategy,
      dataVolumeTemplates: [
        {
          metadata: { name: `${name}-root` },
          spec: { source: { blank: {} }, storage: { storageClassName: 'nfs', resources: { requests: { storage: '30Gi' } } } },
        },
      ],
      template: {
        spec: {
          domain: {
            cpu: { sockets: 1, cores: 2, threads: 1 },
            memory: { guest: '2Gi' },
            devices: {
              disks: [{ name: 'root', disk: { bus: 'virtio' } }],
              interfaces: [
                { name: 'default', masquerade: {}, ...mac(0) },
                { name: 'br', bridge: {}, ...mac(1) },
              ],
            },
          },
          networks: [
            { name: 'default', pod: {} },
            { name: 'br', multus: { networkName: opts.nad } },
          ],
          volumes: [{ name: 'root', dataVolume: { name: `${name}-root` } }],
        },
      },
    },
  };
}

/** A bridge NetworkAttachmentDefinition body. */
export function bridgeNad(name: string, type = 'cnv-bridge'): object {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', type, bridge: type === 'cnv-bridge' ? 'cnv-bridge' : name }) },
  };
}
