/**
 * The RBAC and SecurityContextConstraints objects the MTV operator installs (kubev2v/forklift
 * operator/config/rbac/*_role.y*ml and operator/roles/forkliftcontroller/templates/controller/
 * controller-scc.yml.j2): forklift-migrator-role (what a user needs to migrate into a namespace
 * without cluster-admin), the ForkliftController editor/viewer roles, the forklift-controller
 * ServiceAccount, and forklift-controller-scc for it.
 */
import { clusterRole } from '../apiserver/authz/bootstrap-policy';
import type { PolicyRule } from '../apiserver/authz/rules';
import type { KubeObject } from '../apiserver/contract';
import { MTV_NAMESPACE } from './cluster-objects';

const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];
const LABELS = { app: 'forklift' };
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

const MIGRATOR_RULES: PolicyRule[] = [
  rule([''], ['events'], READ),
  rule(['batch'], ['jobs'], ALL),
  rule([''], ['pods', 'secrets', 'configmaps', 'services', 'namespaces', 'persistentvolumes', 'persistentvolumeclaims'], ALL),
  rule(['k8s.cni.cncf.io'], ['network-attachment-definitions'], READ),
  rule(['storage.k8s.io'], ['storageclasses'], READ),
  rule(['snapshot.storage.k8s.io'], ['volumesnapshots', 'volumesnapshotcontents'], ALL),
  rule(['kubevirt.io'], ['virtualmachines', 'virtualmachines/finalizers', 'virtualmachineinstancemigrations'], ALL),
  rule(['kubevirt.io'], ['kubevirts', 'virtualmachineinstances'], READ),
  rule(['subresources.kubevirt.io'], ['virtualmachineinstances/console'], ['get']),
  rule(['cdi.kubevirt.io'], ['datavolumes', 'datavolumes/finalizers'], ALL),
  rule(['export.kubevirt.io'], ['virtualmachineexports'], ALL),
  rule(['instancetype.kubevirt.io'], ['virtualmachineclusterpreferences', 'virtualmachineclusterinstancetypes'], READ),
  rule(['instancetype.kubevirt.io'], ['virtualmachinepreferences', 'virtualmachineinstancetypes'], ALL),
  rule(['multicluster.x-k8s.io'], ['serviceexports'], ALL),
];

const CONTROLLER_ROLE_RULES = (verbs: string[]): PolicyRule[] => [
  rule(['forklift.konveyor.io'], ['forkliftcontrollers'], verbs),
  rule(['forklift.konveyor.io'], ['forkliftcontrollers/status'], ['get']),
];

export const FORKLIFT_CONTROLLER_SA = 'forklift-controller';
export const FORKLIFT_CONTROLLER_SCC = 'forklift-controller-scc';

export function forkliftClusterRoles(): KubeObject[] {
  return [
    clusterRole('forklift-migrator-role', MIGRATOR_RULES, LABELS),
    clusterRole(
      'forkliftcontroller-editor-role',
      CONTROLLER_ROLE_RULES(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
      LABELS,
    ),
    clusterRole('forkliftcontroller-viewer-role', CONTROLLER_ROLE_RULES(READ), LABELS),
  ];
}

export function forkliftControllerServiceAccount(): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: FORKLIFT_CONTROLLER_SA, namespace: MTV_NAMESPACE, labels: LABELS } };
}

export function forkliftControllerScc(): KubeObject {
  return {
    apiVersion: 'security.openshift.io/v1',
    kind: 'SecurityContextConstraints',
    metadata: { name: FORKLIFT_CONTROLLER_SCC },
    users: [`system:serviceaccount:${MTV_NAMESPACE}:${FORKLIFT_CONTROLLER_SA}`],
    runAsUser: { type: 'RunAsAny' },
    seLinuxContext: { type: 'RunAsAny' },
    allowPrivilegedContainer: false,
    seccompProfiles: ['runtime/default'],
  };
}
