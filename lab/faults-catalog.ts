/**
 * The named defects the lab can be told to commit (issue #3). Each entry says what it breaks and
 * which suite check must catch it. The API server keeps the on/off state (/lab/faults and the lab
 * CLI's --fault flag); lab components read it through LabFaults.
 *
 * Pure data without imports: the suite's CLI reads it through lab/launch.ts, so it must stay
 * cheap to load and free of lab internals.
 */
export interface FaultSpec {
  name: string;
  takesValue: 'none' | 'number';
  effect: string;
  caughtBy: string;
}

export const FAULT_CATALOG: readonly FaultSpec[] = [
  { name: 'drop-target-labels', takesValue: 'none', effect: 'targetLabels are not put on the VM template', caughtBy: 'labels' },
  { name: 'cpu-mismatch', takesValue: 'none', effect: 'target VM gets one socket more than the source', caughtBy: 'cpu' },
  { name: 'memory-mismatch', takesValue: 'none', effect: 'target VM gets 512 MiB less memory', caughtBy: 'memory' },
  {
    name: 'wrong-power-state',
    takesValue: 'none',
    effect: 'runStrategy is the opposite of the resolved target power state',
    caughtBy: 'power-state',
  },
  {
    name: 'ignore-pvc-template',
    takesValue: 'none',
    effect: 'pvcNameTemplate is ignored; the default name is used',
    caughtBy: 'pvc-names',
  },
  {
    name: 'wrong-storage-class',
    takesValue: 'none',
    effect: 'PVCs use a storage class other than the StorageMap destination',
    caughtBy: 'storage',
  },
  {
    name: 'wrong-network-mapping',
    takesValue: 'none',
    effect: 'the first NIC goes to a multus network instead of the mapped one',
    caughtBy: 'network',
  },
  {
    name: 'nad-pool-ignored',
    takesValue: 'none',
    effect:
      'NetworkMap rows are read as one per source network (the last row wins): NICs sharing a network share one destination, so a per-NIC map gets VMDuplicateNADMappings',
    caughtBy: 'Plan Ready wait',
  },
  { name: 'mac-changed', takesValue: 'none', effect: 'target NICs get new MAC addresses', caughtBy: 'network' },
  {
    name: 'drop-node-selector',
    takesValue: 'none',
    effect: 'targetNodeSelector is ignored; the VMI lands on another node',
    caughtBy: 'node-placement',
  },
  { name: 'drop-affinity', takesValue: 'none', effect: 'targetAffinity is not put on the VM template', caughtBy: 'affinity' },
  { name: 'no-guest-agent', takesValue: 'none', effect: 'VMIs never report AgentConnected', caughtBy: 'guest-agent' },
  { name: 'ssh-down', takesValue: 'none', effect: 'guests refuse SSH through port-forward', caughtBy: 'ssh' },
  {
    name: 'static-ip-lost',
    takesValue: 'none',
    effect: 'guests come up with DHCP addresses instead of their static IPs',
    caughtBy: 'static-ip',
  },
  {
    name: 'ovirt-hard-power-off',
    takesValue: 'none',
    effect: 'Forklift powers a running oVirt source VM off with a hard stop (engine event 33 USER_STOP_VM) instead of a shutdown',
    caughtBy: 'false-power-off',
  },
  { name: 'serial-changed', takesValue: 'none', effect: 'firmware.serial is a new random UUID', caughtBy: 'serial' },
  { name: 'source-snapshots-removed', takesValue: 'none', effect: 'the migration deletes the source VM snapshots', caughtBy: 'snapshots' },
  {
    name: 'nested-virt-not-disabled',
    takesValue: 'none',
    effect: 'enableNestedVirtualization false still gives the vmx/svm CPU features policy optional instead of disable',
    caughtBy: 'nested-virtualization',
  },
  {
    name: 'firmware-misdetected',
    takesValue: 'none',
    effect: 'the target boots the other firmware than the source (bios <-> efi; Secure Boot lost)',
    caughtBy: 'boot-firmware',
  },
  {
    name: 'provider-secret-tls-disabled',
    takesValue: 'none',
    effect: 'Forklift writes insecureSkipVerify "true" into a vSphere provider Secret that asked for verified TLS',
    caughtBy: 'provider-ssl',
  },
  {
    name: 'aap-job-fails',
    takesValue: 'none',
    effect: 'every job the lab AAP launches ends failed, so an AAP hook fails its step',
    caughtBy: 'migration outcome (AAP hook step error)',
  },
  {
    name: 'ca-crt-renamed',
    takesValue: 'none',
    effect: "Forklift rewrites a provider Secret's ca.crt under the deprecated key cacert (the provider stays Ready)",
    caughtBy: 'ca-crt',
  },
  {
    name: 'luks-lost',
    takesValue: 'none',
    effect: 'the migrated disks hold the decrypted filesystem: the LUKS container is gone in the guest',
    caughtBy: 'luks-encryption',
  },
  {
    name: 'xfs-upgraded',
    takesValue: 'none',
    effect: 'the migrated guest finds its XFS v4 (crc=0) filesystems as XFS v5 (crc=1)',
    caughtBy: 'xfs-version',
  },
  {
    name: 'hook-fails-at-wrong-step',
    takesValue: 'none',
    effect: 'a failing PostHook is reported at PreHook instead',
    caughtBy: 'hook-step',
  },
  {
    name: 'nic-renamed',
    takesValue: 'none',
    effect: 'migrated guests name their interfaces as a fresh virtio NIC (enp1s0, "Ethernet 2") instead of the source names',
    caughtBy: 'nic-name',
  },
  {
    name: 'vbs-enabled',
    takesValue: 'none',
    effect: 'migrated Windows guests run virtualization-based security (Win32_DeviceGuard VirtualizationBasedSecurityStatus 2)',
    caughtBy: 'vbs',
  },
  {
    name: 'shared-disk-not-shared',
    takesValue: 'none',
    effect: 'a VM with migrateSharedDisks false gets its own empty copy of the shared disk instead of the shared PVC',
    caughtBy: 'verify shared disk data',
  },
  {
    name: 'copy-offload-fallback',
    takesValue: 'none',
    effect: 'every copy-offload populator copies through the ESXi host instead of XCOPY (xcopyUsed 0), reporting nothing else wrong',
    caughtBy: 'check xcopy used',
  },
  {
    name: 'esxi-ssh-key-rejected',
    takesValue: 'none',
    effect:
      "the lab ESXi host's sshd lets no key in (authorized_keys is ignored): a provider with esxiCloneMethod ssh stays SSHNotReady and ssh-method populators fail to authenticate",
    caughtBy: 'create StorageMap',
  },
  {
    name: 'populator-clone-method-wrong',
    takesValue: 'none',
    effect: 'copy-offload populators report the other ESXi clone method in status.cloneMethod (ssh for vib, vib for ssh)',
    caughtBy: 'check clone method',
  },
  {
    name: 'vm-name-mis-sanitized',
    takesValue: 'none',
    effect:
      'a source VM name that is not DNS-1123 becomes the lowercased name with every other character dropped (XCopy_Test -> xcopytest) instead of ChangeVmName',
    caughtBy: 'target-vm-name',
  },
  {
    name: 'rdm-lun-as-disk',
    takesValue: 'none',
    effect: 'RDM disks of a plan with rdmAsLun are attached to the target VM as virtio disks instead of SCSI LUN devices',
    caughtBy: 'rdm-disk-bus-types',
  },
  {
    name: 'disk-data-corrupted',
    takesValue: 'none',
    effect: 'bytes change in transfer: the first file of every partition of each copied disk differs from the source',
    caughtBy: 'check data integrity',
  },
  {
    name: 'populator-throttling-ignored',
    takesValue: 'none',
    effect:
      'ForkliftController controller_max_populator_inflight is ignored: every populate pod of a host runs at once, no PopulatorThrottled events',
    caughtBy: 'verify populator throttling',
  },
  {
    name: 'vm-inflight-limit-ignored',
    takesValue: 'none',
    effect: 'ForkliftController controller_max_vm_inflight is ignored: every VM of a plan starts at once, none waits Pending',
    caughtBy: 'verify VM in-flight throttling',
  },
  {
    name: 'remote-destination-ignored',
    takesValue: 'none',
    effect: "a plan whose destination provider is a remote cluster migrates into the lab's own cluster instead",
    caughtBy: 'check VMs',
  },
  {
    name: 'remote-rbac-ignored',
    takesValue: 'none',
    effect: "Forklift acts on a remote destination as its admin: the provider token's RBAC and the conversion pod's SCC are not checked",
    caughtBy: 'migrate VMs',
  },
  { name: 'disk-missing', takesValue: 'none', effect: 'the last source disk gets no DataVolume/PVC', caughtBy: 'storage, disk-count' },
  { name: 'inventory-lag', takesValue: 'number', effect: 'inventory follows the simulator N ms late', caughtBy: 'inventory waits' },
  { name: 'provider-connection-failed', takesValue: 'none', effect: 'provider connection tests fail', caughtBy: 'provider Ready wait' },
  {
    name: 'map-destination-invalid',
    takesValue: 'none',
    effect: 'StorageMap destination storage classes count as missing: DestinationStorageNotValid (Critical)',
    caughtBy: 'StorageMap Ready wait',
  },
  {
    name: 'plan-never-ready',
    takesValue: 'none',
    effect: 'plans stay without Ready (a blocker condition is set)',
    caughtBy: 'plan Ready wait',
  },
  {
    name: 'forklift-crds-missing',
    takesValue: 'none',
    effect: 'API discovery of forklift.konveyor.io/v1beta1 lists no migrations (as if the Migration CRD were not installed)',
    caughtBy: 'pre-flight (Forklift CRDs)',
  },
  { name: 'migration-stuck', takesValue: 'none', effect: 'migrations never leave their first step', caughtBy: 'migration wait' },
  { name: 'api-error-rate', takesValue: 'number', effect: 'fraction p (0..1) of API requests answer 500', caughtBy: 'client retries' },
  {
    name: 'api-429-rate',
    takesValue: 'number',
    effect: 'fraction p (0..1) of API requests answer 429 with Retry-After',
    caughtBy: 'client retries',
  },
  { name: 'api-latency', takesValue: 'number', effect: 'every API request is delayed N ms', caughtBy: 'benchmark / timeouts' },
  {
    name: 'conversion-fails-pending',
    takesValue: 'none',
    effect: 'a DeepInspection Conversion fails in Pending (ConnectionSecretNotSet, Critical) and never runs',
    caughtBy: 'wait for Conversion running',
  },
  {
    name: 'conversion-pod-fails',
    takesValue: 'none',
    effect: 'the deep-inspection pod fails before its results are fetched: the Conversion ends Failed (ConversionFailed)',
    caughtBy: 'wait for Conversion completion',
  },
  {
    name: 'di-results-incomplete',
    takesValue: 'none',
    effect: 'the stored inspectionResult has no filesystems (and no mount points)',
    caughtBy: 'verify deep inspection results',
  },
  {
    name: 'di-snapshot-not-created',
    takesValue: 'none',
    effect: 'deep inspection takes no forklift-deep-inspection snapshot of the source VM',
    caughtBy: 'cancel Conversion',
  },
  {
    name: 'conversion-cancel-keeps-pod',
    takesValue: 'none',
    effect: 'a canceled Conversion keeps its deep-inspection pod',
    caughtBy: 'verify cancel cleanup',
  },
  {
    name: 'conversion-cancel-keeps-snapshot',
    takesValue: 'none',
    effect: 'a canceled Conversion leaves its forklift-deep-inspection snapshot on the source VM',
    caughtBy: 'verify snapshot cleanup',
  },
  {
    name: 'conversion-vddk-not-validated',
    takesValue: 'none',
    effect: 'a DeepInspection Conversion without vddkImage gets no VDDKImageNotSet condition (it fails later, at its pod)',
    caughtBy: 'verify Conversion validation error',
  },
  {
    name: 'olm-csv-install-fails',
    takesValue: 'none',
    effect: "an MTV upgrade's new ClusterServiceVersion ends Failed (InstallComponentFailed) and its InstallPlan Failed",
    caughtBy: 'upgrade MTV',
  },
  {
    name: 'olm-upgrade-keeps-pods',
    takesValue: 'none',
    effect: 'an MTV upgrade completes without replacing the forklift-* pods (the Deployments do not roll)',
    caughtBy: 'verify post upgrade',
  },
  {
    name: 'cloud-init-never-finishes',
    takesValue: 'none',
    effect: "cloud-init never finishes in the lab's vSphere source guests (cloud-init status --wait keeps running)",
    caughtBy: 'create StorageMap',
  },
  {
    name: 'clone-ignores-host',
    takesValue: 'none',
    effect: "the lab vCenter does not honour a CloneVM_Task RelocateSpec's host: the clone lands on another host of that host's cluster",
    caughtBy: 'create StorageMap',
  },
  {
    name: 'drs-override-ignored',
    takesValue: 'none',
    effect: "ReconfigureComputeResource_Task succeeds but the lab cluster stores none of the spec's per-VM DRS overrides",
    caughtBy: 'create StorageMap',
  },
];

/** Read side used by lab components. */
export interface LabFaults {
  isOn(name: string): boolean;
  value(name: string): number | undefined;
}
