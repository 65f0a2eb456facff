/**
 * The per-VM plan validation conditions: each problem kind the VM checks record (notFound,
 * unmappedNetwork, missingCbt, ...) becomes one condition listing the VMs that have it, with
 * Forklift's type, category, reason and message, in Forklift's order.
 */
import type { ConditionStage } from './conditions';

/** One condition per problem kind, listing the VMs that have it, in Forklift's order. */
export function setVmConditions(stage: ConditionStage, items: Map<string, string[]>): void {
  const set = (key: string, type: string, category: 'Critical' | 'Warn', reason: string, message: string) => {
    const list = items.get(key);
    if (list?.length) stage.set({ type, category, reason, message, items: list });
  };
  set('notFound', 'VMNotFound', 'Critical', 'NotFound', 'VM not found.');
  set('notUnique', 'DuplicateVM', 'Critical', 'NotUnique', 'Duplicate (source) VM.');
  set('alreadyExists', 'VMAlreadyExists', 'Critical', 'NotUnique', 'Target VM already exists.');
  set(
    'nameNotValid',
    'TargetNameNotValid',
    'Warn',
    'NotValid',
    'Target VM name does not comply with DNS1123 RFC, will be automatically changed.',
  );
  set('ambiguous', 'DuplicateVM', 'Critical', 'Ambiguous', 'VM reference is ambiguous.');
  set('unmappedNetwork', 'VMNetworksNotMapped', 'Critical', 'NotValid', 'VM has unmapped networks.');
  set('unmappedStorage', 'VMStorageNotMapped', 'Critical', 'NotValid', 'VM has unmapped storage.');
  set('multiplePod', 'VMMultiplePodNetworkMappings', 'Critical', 'NotValid', 'VM has more than one interface mapped to the pod network.');
  set(
    'duplicateNad',
    'VMDuplicateNADMappings',
    'Critical',
    'NotValid',
    'Multiple VM NICs use the same Multus NAD name (OVN-Kubernetes uses NAD names as map keys).',
  );
  set(
    'missingStaticIPs',
    'VMMissingGuestIPs',
    'Warn',
    'MissingGuestInformation',
    'Guest information on vNICs is missing, cannot preserve static IPs. Make sure VMware Tools is installed and the VM is running.',
  );
  set(
    'missingCbt',
    'VMMissingChangedBlockTracking',
    'Critical',
    'MissingChangedBlockTracking',
    'Changed Block Tracking (CBT) has not been enabled on some VM. This feature is a prerequisite for VM warm migration.',
  );
  set('snapshots', 'VMHasSnapshots', 'Critical', 'NotValid', 'VM has pre-existing snapshots which are incompatible with warm migration');
  set(
    'mixedOffload',
    'VDDKAndOffloadMixedUsage',
    'Critical',
    'NotSupported',
    'Copy offload is enabled. MTV does not support mixed copy methods. Each migration plan can use one migration strategy, either VDDK or copy offload. Check your storage map and VMs to ensure they are using the same migration strategy.',
  );
  set('pvcTemplate', 'NotValid', 'Critical', 'NotValid', 'VM PVC name template is invalid.');
  set('targetNameInvalid', 'NotValid', 'Critical', 'NotValid', 'TargetName is invalid.');
  set('targetNameNotUnique', 'DuplicateVM', 'Critical', 'NotUnique', 'Duplicate targetName.');
  set(
    'guestTools',
    'GuestToolsIssue',
    'Critical',
    'NotValid',
    'VMware Tools issues detected. This may impact migration performance, guest OS detection, and network configuration. Ensure VMware Tools are properly installed and running before migration. If this is an encrypted VM, please turn the VM off manually before migration.',
  );
  set(
    'rdm',
    'RDMDiskWarning',
    'Warn',
    'NotSupported',
    'VM has RDM disks which are not supported with VDDK transfer. Enable copy-offload (XCOPY) in the storage mapping to migrate RDM disks.',
  );
  set(
    'independent',
    'IndependentDiskWarning',
    'Warn',
    'NotSupported',
    "VM has independent disks which are not supported with VDDK transfer. Enable copy-offload (XCOPY) in the storage mapping to migrate independent disks, or change them to 'Dependent' mode in VMware.",
  );
}
