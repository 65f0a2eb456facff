/**
 * The keys of the lab's providers.json and the source type of each (lab/providers-file.ts writes
 * them). The suite reads this through lab/launch.ts to apply its per-source-type gates before the
 * lab has written the file; test/contract/providers-file.contract.test.ts keeps the two in step.
 */
export const LAB_PROVIDER_TYPES = {
  vsphere: 'vsphere',
  'vsphere-copy-offload': 'vsphere',
  'vsphere-copy-offload-ssh': 'vsphere',
  esxi: 'vsphere',
  openshift: 'openshift',
  ovirt: 'ovirt',
  openstack: 'openstack',
  ova: 'ova',
} as const;
