/**
 * The API resources the suite touches: where each lives (group/version/plural, namespaced or not)
 * and the TypeScript shape of its objects. Shapes come from @kubev2v/types (Forklift, KubeVirt, CDI
 * and core Kubernetes models as plain JSON interfaces); the few objects it has no model for get a
 * minimal local shape with the fields the suite reads.
 */
import type {
  IoK8sApiCoreV1Namespace,
  IoK8sApiCoreV1Node,
  IoK8sApiCoreV1PersistentVolume,
  IoK8sApiCoreV1PersistentVolumeClaim,
  IoK8sApiCoreV1Pod,
  IoK8sApiCoreV1Event,
  IoK8sApiCoreV1Secret,
  IoK8sApiCoreV1ServiceAccount,
  IoK8sApiRbacV1ClusterRole,
  IoK8sApiRbacV1ClusterRoleBinding,
  IoK8sApiRbacV1RoleBinding,
  IoK8sApimachineryPkgApisMetaV1ObjectMeta,
  V1beta1DataVolume,
  V1beta1ForkliftController,
  V1beta1Hook,
  V1beta1VSphereXcopyVolumePopulator,
  V1beta1Host,
  V1beta1Migration,
  V1beta1NetworkMap,
  V1beta1Plan,
  V1beta1Provider,
  V1beta1StorageMap,
  V1NetworkAttachmentDefinition,
  V1VirtualMachine,
  V1VirtualMachineInstance,
} from '@kubev2v/types';
import { NamespaceRequiredError } from '../../exceptions/k8s';

export type ObjectMeta = IoK8sApimachineryPkgApisMetaV1ObjectMeta;

/** The least every API object has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** OpenShift Route (route.openshift.io/v1): only what the inventory client needs. */
export interface RouteObject extends KubeObject {
  spec?: { host?: string; path?: string; to?: { kind?: string; name?: string }; tls?: { termination?: string } };
  status?: { ingress?: Array<{ host?: string }> };
}

/** OLM Subscription (operators.coreos.com/v1alpha1): existence and the installed CSV. */
export interface SubscriptionObject extends KubeObject {
  spec?: { name?: string; channel?: string; source?: string; sourceNamespace?: string; startingCSV?: string; installPlanApproval?: string };
  status?: {
    installedCSV?: string;
    currentCSV?: string;
    state?: string;
    installPlanRef?: { name?: string; namespace?: string };
  };
}

/** OLM ClusterServiceVersion (operators.coreos.com/v1alpha1): the installed operator's version. */
export interface ClusterServiceVersionObject extends KubeObject {
  spec?: { version?: string; displayName?: string };
  status?: { phase?: string };
}

/**
 * Forklift's copy-offload populator CR. @kubev2v/types models only status.progress; the populator
 * also reports whether the array copied the disk (xcopyUsed, "1"/"0") and how (reference §9).
 */
export type XcopyPopulatorObject = Omit<V1beta1VSphereXcopyVolumePopulator, 'status'> & {
  status?: { progress?: string; xcopyUsed?: string; result?: string; storageVendor?: string; cloneMethod?: string };
};
/** Forklift Conversion (forklift.konveyor.io/v1beta1), the standalone deep inspection CR: no model in @kubev2v/types 0.0.24. */
export interface ConversionObject extends KubeObject {
  spec?: {
    type?: string;
    vm?: { id?: string; name?: string; type?: string };
    connection?: { secret?: { name?: string; namespace?: string } };
    vddkImage?: string;
    targetNamespace?: string;
    settings?: Record<string, string>;
  };
  status?: {
    phase?: string;
    stage?: string;
    message?: string;
    conditions?: Array<{ type?: string; status?: string; category?: string; reason?: string; message?: string }>;
    pod?: { name?: string; namespace?: string };
    snapshot?: { moref?: string; owned?: boolean };
    inspectionResult?: {
      allChecksPassed?: unknown;
      osInfo?: { name?: string; distro?: string; version?: string; arch?: string };
      filesystems?: Array<{ device?: string; type?: string; uuid?: string }>;
      mountpoints?: Array<{ device?: string; mountPoint?: string }>;
      concerns?: Array<{ id?: string; category?: string; label?: string; message?: string }>;
    };
  };
}

/** OLM InstallPlan (operators.coreos.com/v1alpha1): the CSVs an upgrade installs and its approval. */
export interface InstallPlanObject extends KubeObject {
  spec?: { approval?: string; approved?: boolean; clusterServiceVersionNames?: string[] };
  status?: { phase?: string };
}

/** OpenShift ClusterVersion (config.openshift.io/v1): the installed OpenShift version. */
export interface ClusterVersionObject extends KubeObject {
  status?: { desired?: { version?: string }; history?: Array<{ state?: string; version?: string }> };
}

export interface KindMap {
  Namespace: IoK8sApiCoreV1Namespace;
  Secret: IoK8sApiCoreV1Secret;
  ServiceAccount: IoK8sApiCoreV1ServiceAccount;
  ClusterRole: IoK8sApiRbacV1ClusterRole;
  ClusterRoleBinding: IoK8sApiRbacV1ClusterRoleBinding;
  RoleBinding: IoK8sApiRbacV1RoleBinding;
  Pod: IoK8sApiCoreV1Pod;
  Event: IoK8sApiCoreV1Event;
  Node: IoK8sApiCoreV1Node;
  PersistentVolumeClaim: IoK8sApiCoreV1PersistentVolumeClaim;
  PersistentVolume: IoK8sApiCoreV1PersistentVolume;
  NetworkAttachmentDefinition: V1NetworkAttachmentDefinition;
  VirtualMachine: V1VirtualMachine;
  VirtualMachineInstance: V1VirtualMachineInstance;
  DataVolume: V1beta1DataVolume;
  Provider: V1beta1Provider;
  Plan: V1beta1Plan;
  Migration: V1beta1Migration;
  NetworkMap: V1beta1NetworkMap;
  StorageMap: V1beta1StorageMap;
  Hook: V1beta1Hook;
  Host: V1beta1Host;
  ForkliftController: V1beta1ForkliftController;
  VSphereXcopyVolumePopulator: XcopyPopulatorObject;
  Route: RouteObject;
  Subscription: SubscriptionObject;
  ClusterServiceVersion: ClusterServiceVersionObject;
  ClusterVersion: ClusterVersionObject;
  Conversion: ConversionObject;
  InstallPlan: InstallPlanObject;
}

export type Kind = keyof KindMap;
export type ObjectOf<K extends Kind> = KindMap[K];

export interface ResourceInfo {
  kind: Kind;
  group: string; // '' for the core group
  version: string;
  plural: string;
  namespaced: boolean;
}

const FORKLIFT = 'forklift.konveyor.io';

export const RESOURCES: { readonly [K in Kind]: ResourceInfo & { kind: K } } = {
  Namespace: { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  Secret: { kind: 'Secret', group: '', version: 'v1', plural: 'secrets', namespaced: true },
  ServiceAccount: { kind: 'ServiceAccount', group: '', version: 'v1', plural: 'serviceaccounts', namespaced: true },
  ClusterRole: { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: {
    kind: 'ClusterRoleBinding',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  RoleBinding: { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', namespaced: true },
  Pod: { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true },
  Event: { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true },
  Node: { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false },
  PersistentVolumeClaim: { kind: 'PersistentVolumeClaim', group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true },
  PersistentVolume: { kind: 'PersistentVolume', group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false },
  NetworkAttachmentDefinition: {
    kind: 'NetworkAttachmentDefinition',
    group: 'k8s.cni.cncf.io',
    version: 'v1',
    plural: 'network-attachment-definitions',
    namespaced: true,
  },
  VirtualMachine: { kind: 'VirtualMachine', group: 'kubevirt.io', version: 'v1', plural: 'virtualmachines', namespaced: true },
  VirtualMachineInstance: {
    kind: 'VirtualMachineInstance',
    group: 'kubevirt.io',
    version: 'v1',
    plural: 'virtualmachineinstances',
    namespaced: true,
  },
  DataVolume: { kind: 'DataVolume', group: 'cdi.kubevirt.io', version: 'v1beta1', plural: 'datavolumes', namespaced: true },
  Provider: { kind: 'Provider', group: FORKLIFT, version: 'v1beta1', plural: 'providers', namespaced: true },
  Plan: { kind: 'Plan', group: FORKLIFT, version: 'v1beta1', plural: 'plans', namespaced: true },
  Migration: { kind: 'Migration', group: FORKLIFT, version: 'v1beta1', plural: 'migrations', namespaced: true },
  NetworkMap: { kind: 'NetworkMap', group: FORKLIFT, version: 'v1beta1', plural: 'networkmaps', namespaced: true },
  StorageMap: { kind: 'StorageMap', group: FORKLIFT, version: 'v1beta1', plural: 'storagemaps', namespaced: true },
  Hook: { kind: 'Hook', group: FORKLIFT, version: 'v1beta1', plural: 'hooks', namespaced: true },
  Host: { kind: 'Host', group: FORKLIFT, version: 'v1beta1', plural: 'hosts', namespaced: true },
  ForkliftController: { kind: 'ForkliftController', group: FORKLIFT, version: 'v1beta1', plural: 'forkliftcontrollers', namespaced: true },
  VSphereXcopyVolumePopulator: {
    kind: 'VSphereXcopyVolumePopulator',
    group: FORKLIFT,
    version: 'v1beta1',
    plural: 'vspherexcopyvolumepopulators',
    namespaced: true,
  },
  Route: { kind: 'Route', group: 'route.openshift.io', version: 'v1', plural: 'routes', namespaced: true },
  Subscription: { kind: 'Subscription', group: 'operators.coreos.com', version: 'v1alpha1', plural: 'subscriptions', namespaced: true },
  ClusterServiceVersion: {
    kind: 'ClusterServiceVersion',
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    plural: 'clusterserviceversions',
    namespaced: true,
  },
  ClusterVersion: { kind: 'ClusterVersion', group: 'config.openshift.io', version: 'v1', plural: 'clusterversions', namespaced: false },
  Conversion: { kind: 'Conversion', group: FORKLIFT, version: 'v1beta1', plural: 'conversions', namespaced: true },
  InstallPlan: { kind: 'InstallPlan', group: 'operators.coreos.com', version: 'v1alpha1', plural: 'installplans', namespaced: true },
};

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function isKind(value: string): value is Kind {
  return Object.prototype.hasOwnProperty.call(RESOURCES, value);
}

/** Collection path, e.g. /apis/forklift.konveyor.io/v1beta1/namespaces/ns/plans or /api/v1/namespaces. */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && namespace) return `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`;
  return `${base}/${info.plural}`;
}

export function objectPath(info: ResourceInfo, name: string, namespace?: string): string {
  if (info.namespaced && !namespace) throw new NamespaceRequiredError(info.kind, name);
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}
