export {
  checkVms,
  destinationNameOf,
  type CheckVmsDeps,
  type CheckVmsInput,
  type DestinationAccess,
  type PlannedVm,
  type VmCheckReport,
} from './check-vms';
export { destinationAccessFor, waitForVmiConditionFor } from './cluster-access';
export { buildDestinationVmFacts, pvcNamesOf, DISK_SOURCE_ANNOTATION } from './destination-facts';
export type * from './facts';
export type { GuestShell, GuestShellProvider, GuestCommandResult } from './guest-shell';
export type { WaitForVmiCondition, StaticIpTiming } from './checks/guest';
export type { PvcTemplateRenderer } from './checks/pvc-names';
