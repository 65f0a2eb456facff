/**
 * The lab's resource table. Adding a kind to the lab is adding one row here: discovery, routing,
 * the store and kubectl all read it. Short names follow the ones Kubernetes / the operators define.
 */
import { AUTHZ_ROWS } from './authz/resource-rows';
import { OLM_ROWS } from './olm-resource-rows';
import type { ResourceType } from './contract';
import { AGE, col, cond, type Row } from './resource-row';

const S: Array<'status'> = ['status'];
const READY_AGE = [cond('Ready'), AGE];

const ROWS: Row[] = [
  // core v1
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    printerColumns: [col('Status', '.status.phase'), AGE],
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: S,
    selectableFields: ['status.phase'],
  },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true, selectableFields: ['type'] },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    printerColumns: [
      col('Status', '.status.phase'),
      AGE,
      col('IP', '.status.podIP', 'string', 1),
      col('Node', '.spec.nodeName', 'string', 1),
    ],
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: ['status', 'log', 'exec', 'portforward'],
    categories: ['all'],
    selectableFields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  },
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: S,
    selectableFields: ['spec.unschedulable'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    printerColumns: [col('Type', '.spec.type'), col('Cluster-IP', '.spec.clusterIP'), AGE],
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    subresources: S,
    categories: ['all'],
  },
  // serviceaccounts/token is the TokenRequest subresource (kubectl create token).
  {
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
    subresources: ['token'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'events',
    printerColumns: [
      col('Last Seen', '.lastTimestamp', 'date'),
      col('Type', '.type'),
      col('Reason', '.reason'),
      col('Object', '.involvedObject.name'),
      col('Message', '.message'),
    ],
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    printerColumns: [
      col('Status', '.status.phase'),
      col('Volume', '.spec.volumeName'),
      col('Capacity', '.status.capacity.storage'),
      col('StorageClass', '.spec.storageClassName'),
      AGE,
    ],
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: S,
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumes',
    printerColumns: [
      col('Capacity', '.spec.capacity.storage'),
      col('Reclaim Policy', '.spec.persistentVolumeReclaimPolicy'),
      col('Status', '.status.phase'),
      col('Claim', '.spec.claimRef.name'),
      col('StorageClass', '.spec.storageClassName'),
      AGE,
    ],
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    subresources: S,
  },
  ...AUTHZ_ROWS,
  // storage, batch, multus
  {
    group: 'storage.k8s.io',
    version: 'v1',
    plural: 'storageclasses',
    printerColumns: [col('Provisioner', '.provisioner'), AGE],
    kind: 'StorageClass',
    namespaced: false,
    shortNames: ['sc'],
  },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, subresources: S, categories: ['all'] },
  {
    group: 'k8s.cni.cncf.io',
    version: 'v1',
    plural: 'network-attachment-definitions',
    singular: 'network-attachment-definition',
    kind: 'NetworkAttachmentDefinition',
    namespaced: true,
    shortNames: ['net-attach-def'],
  },
  // KubeVirt, CDI
  {
    group: 'kubevirt.io',
    version: 'v1',
    plural: 'virtualmachines',
    printerColumns: [AGE, col('Status', '.status.printableStatus'), cond('Ready')],
    kind: 'VirtualMachine',
    namespaced: true,
    shortNames: ['vm', 'vms'],
    subresources: S,
    categories: ['all'],
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    plural: 'virtualmachineinstances',
    printerColumns: [
      AGE,
      col('Phase', '.status.phase'),
      col('IP', '.status.interfaces[0].ipAddress'),
      col('NodeName', '.status.nodeName'),
      cond('Ready'),
    ],
    kind: 'VirtualMachineInstance',
    namespaced: true,
    shortNames: ['vmi', 'vmis'],
    subresources: S,
    categories: ['all'],
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    plural: 'datavolumes',
    printerColumns: [
      col('Phase', '.status.phase'),
      col('Progress', '.status.progress'),
      col('Restarts', '.status.restartCount', 'integer'),
      AGE,
    ],
    kind: 'DataVolume',
    namespaced: true,
    shortNames: ['dv', 'dvs'],
    subresources: S,
    categories: ['all'],
  },
  // KubeVirt's export API: what Forklift's OpenShift source reads the source disks through.
  {
    group: 'export.kubevirt.io',
    version: 'v1alpha1',
    plural: 'virtualmachineexports',
    printerColumns: [col('SourceKind', '.spec.source.kind'), col('SourceName', '.spec.source.name'), col('Phase', '.status.phase')],
    kind: 'VirtualMachineExport',
    namespaced: true,
    shortNames: ['vmexport', 'vmexports'],
    subresources: S,
  },
  { group: 'cdi.kubevirt.io', version: 'v1beta1', plural: 'storageprofiles', kind: 'StorageProfile', namespaced: false, subresources: S },
  // Forklift
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'providers',
    printerColumns: [
      col('Type', '.spec.type'),
      col('Status', '.status.phase'),
      cond('Ready'),
      cond('Connected', 'ConnectionTestSucceeded'),
      cond('Inventory', 'InventoryCreated'),
      col('URL', '.spec.url'),
      AGE,
    ],
    kind: 'Provider',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'plans',
    printerColumns: [cond('Ready'), cond('Executing'), cond('Succeeded'), cond('Failed'), AGE],
    kind: 'Plan',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'migrations',
    printerColumns: [cond('Ready'), cond('Running'), cond('Succeeded'), cond('Failed'), AGE],
    kind: 'Migration',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'storagemaps',
    printerColumns: READY_AGE,
    kind: 'StorageMap',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'networkmaps',
    printerColumns: READY_AGE,
    kind: 'NetworkMap',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'hooks',
    printerColumns: [cond('Ready'), col('Image', '.spec.image'), AGE],
    kind: 'Hook',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'hosts',
    printerColumns: [cond('Ready'), cond('Connected', 'ConnectionTestSucceeded'), AGE],
    kind: 'Host',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'forkliftcontrollers',
    kind: 'ForkliftController',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'conversions',
    printerColumns: [col('Type', '.spec.type'), col('Phase', '.status.phase'), col('Stage', '.status.stage'), cond('Ready'), AGE],
    kind: 'Conversion',
    namespaced: true,
    subresources: S,
  },
  {
    group: 'forklift.konveyor.io',
    version: 'v1beta1',
    plural: 'vspherexcopyvolumepopulators',
    kind: 'VSphereXcopyVolumePopulator',
    namespaced: true,
    subresources: S,
  },
  // OpenShift
  {
    group: 'route.openshift.io',
    version: 'v1',
    plural: 'routes',
    printerColumns: [col('Host', '.spec.host'), col('Path', '.spec.path'), col('Services', '.spec.to.name'), AGE],
    kind: 'Route',
    namespaced: true,
    subresources: S,
  },
  { group: 'console.openshift.io', version: 'v1', plural: 'consoleclidownloads', kind: 'ConsoleCLIDownload', namespaced: false },
  {
    group: 'config.openshift.io',
    version: 'v1',
    plural: 'clusterversions',
    printerColumns: [col('Version', '.status.desired.version'), AGE],
    kind: 'ClusterVersion',
    namespaced: false,
    subresources: S,
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    plural: 'imagedigestmirrorsets',
    kind: 'ImageDigestMirrorSet',
    namespaced: false,
    shortNames: ['idms'],
    subresources: S,
  },
  ...OLM_ROWS,
];

/** Groups that are CustomResourceDefinitions on OpenShift (route.openshift.io is a built-in API). */
const CRD_GROUPS = new Set([
  'k8s.cni.cncf.io',
  'kubevirt.io',
  'cdi.kubevirt.io',
  'export.kubevirt.io',
  'forklift.konveyor.io',
  'console.openshift.io',
  'config.openshift.io',
  'operators.coreos.com',
]);

export const RESOURCE_TYPES: readonly ResourceType[] = ROWS.map((r) =>
  Object.freeze({ ...r, singular: r.singular ?? r.kind.toLowerCase(), ...(CRD_GROUPS.has(r.group) ? { custom: true } : {}) }),
);

/** Groups that only carry subresources of other groups' kinds (discovery only; served through upgrade handlers). */
export interface SubresourceOnlyGroup {
  group: string;
  version: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }>;
}
export const SUBRESOURCE_ONLY_GROUPS: readonly SubresourceOnlyGroup[] = [
  {
    group: 'subresources.kubevirt.io',
    version: 'v1',
    resources: [
      { name: 'virtualmachines/portforward', kind: 'VirtualMachine', namespaced: true, verbs: ['get'] },
      { name: 'virtualmachineinstances/portforward', kind: 'VirtualMachineInstance', namespaced: true, verbs: ['get'] },
    ],
  },
];

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Lookup indexes over a resource table (the store and the router share one). */
export class ResourceIndex {
  private readonly byPlural = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();

  constructor(readonly all: readonly ResourceType[] = RESOURCE_TYPES) {
    for (const rt of all) {
      this.byPlural.set(`${rt.group}/${rt.plural}`, rt);
      this.byKind.set(`${apiVersionOf(rt)}/${rt.kind}`, rt);
    }
  }

  byGroupPlural(group: string, plural: string): ResourceType | undefined {
    return this.byPlural.get(`${group}/${plural}`);
  }

  byApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Group/version pairs in table order (first appearance), for discovery. */
  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Set<string>();
    const out: Array<{ group: string; version: string }> = [];
    for (const rt of this.all) {
      const k = `${rt.group}/${rt.version}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ group: rt.group, version: rt.version });
      }
    }
    return out;
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all.filter((rt) => rt.group === group && rt.version === version);
  }
}
