/**
 * The sensitivity matrix: for every post-migration check, the lab fault that must make it fail,
 * the cheapest scenario whose plan makes that check run, and the exact set of checks the failure
 * may blame. A fault that breaks several checks lists all of them with the reason; a check with no
 * fault says why.
 */

export interface FaultRow {
  /** The check the fault exists for (utilities/post-migration/README.md). */
  readonly check: string;
  readonly fault: string;
  readonly scenario: string;
  /** Every check the failure must blame, and no other. */
  readonly blamed: readonly string[];
  /** Why more than one check is blamed. */
  readonly why?: string;
  /** The failure names the source provider instead of a VM (provider-ssl runs once, not per VM). */
  readonly providerLevel?: boolean;
  /** The providers-file entry the run migrates from when not the default vsphere (a check of one source type). */
  readonly sourceProvider?: string;
}

export interface UncoveredRow {
  readonly check: string;
  readonly reason: string;
}

/** Scenario files of the sensitivity matrix that are not part of the catalog. */
export const SENSITIVITY_SCENARIOS_DIR = 'test/sensitivity/scenarios';

/** Scenarios that live in SENSITIVITY_SCENARIOS_DIR instead of scenarios/. */
export const LOCAL_SCENARIOS: ReadonlySet<string> = new Set(['snapshots-cold']);

/** The VM each scenario migrates (the failure message must name it). */
export const SCENARIO_VM: Readonly<Record<string, string>> = {
  'comprehensive-cold': 'mtv-win2019-3disks',
  'snapshots-cold': 'mtv-tests-rhel8',
  'sanity-warm': 'mtv-tests-rhel8',
  'sanity-cold': 'mtv-tests-rhel8',
  'ova-cold-migration': 'mtv-win2019-3disks',
  'copyoffload-rdm-virtual': 'xcopy-template-test',
  'copyoffload-nonconforming-name': 'XCopy_Test_VM_CAPS',
};

/** Scenarios of one source type: their clean run migrates from this providers-file entry too. */
export const SCENARIO_SOURCE: Readonly<Record<string, string>> = { 'ova-cold-migration': 'ova' };

const CC = 'comprehensive-cold';
const OVA = 'ova-cold-migration';

export const FAULT_ROWS: readonly FaultRow[] = [
  { check: 'provider-ssl', fault: 'provider-secret-tls-disabled', scenario: CC, blamed: ['provider-ssl'], providerLevel: true },
  { check: 'power-state', fault: 'wrong-power-state', scenario: CC, blamed: ['power-state'] },
  { check: 'guest-agent', fault: 'no-guest-agent', scenario: CC, blamed: ['guest-agent'] },
  {
    check: 'ssh',
    fault: 'ssh-down',
    scenario: CC,
    blamed: ['ssh', 'static-ip', 'vbs'],
    why: 'the static IPs and the Windows VBS status are read in the guest over SSH, so without a session static-ip and vbs cannot pass either (they say "no session (see the ssh check)")',
  },
  { check: 'static-ip', fault: 'static-ip-lost', scenario: CC, blamed: ['static-ip'] },
  { check: 'node-placement', fault: 'drop-node-selector', scenario: CC, blamed: ['node-placement'] },
  { check: 'labels', fault: 'drop-target-labels', scenario: CC, blamed: ['labels'] },
  { check: 'affinity', fault: 'drop-affinity', scenario: CC, blamed: ['affinity'] },
  { check: 'nested-virtualization', fault: 'nested-virt-not-disabled', scenario: CC, blamed: ['nested-virtualization'] },
  { check: 'vbs', fault: 'vbs-enabled', scenario: CC, blamed: ['vbs'] },
  { check: 'cpu', fault: 'cpu-mismatch', scenario: CC, blamed: ['cpu'] },
  { check: 'memory', fault: 'memory-mismatch', scenario: CC, blamed: ['memory'] },
  { check: 'network', fault: 'wrong-network-mapping', scenario: CC, blamed: ['network'] },
  {
    check: 'network',
    fault: 'mac-changed',
    scenario: CC,
    blamed: ['network', 'static-ip', 'nic-name'],
    why: 'NICs are matched by MAC: network finds no NIC with the source MAC, the guest, seeing a new adapter, comes up with DHCP so static-ip fails, and nic-name finds no NIC with the MAC whose guest name it recorded',
  },
  { check: 'storage', fault: 'wrong-storage-class', scenario: CC, blamed: ['storage'] },
  { check: 'false-power-off', fault: 'ovirt-hard-power-off', scenario: CC, blamed: ['false-power-off'], sourceProvider: 'ovirt' },
  // The OpenShift source's KubeVirt-to-KubeVirt path honours the fault too: the copy of a KubeVirt VM is checked like any other.
  { check: 'cpu', fault: 'cpu-mismatch', scenario: 'sanity-cold', blamed: ['cpu'], sourceProvider: 'openshift' },
  {
    check: 'storage',
    fault: 'disk-missing',
    scenario: CC,
    blamed: ['storage', 'pvc-names'],
    why: 'the missing disk changes the disk count (storage) and its templated PVC name is absent (pvc-names)',
  },
  { check: 'pvc-names', fault: 'ignore-pvc-template', scenario: CC, blamed: ['pvc-names'] },
  { check: 'snapshots', fault: 'source-snapshots-removed', scenario: 'snapshots-cold', blamed: ['snapshots'] },
  { check: 'serial', fault: 'serial-changed', scenario: CC, blamed: ['serial'] },
  { check: 'target-vm-name', fault: 'vm-name-mis-sanitized', scenario: 'copyoffload-nonconforming-name', blamed: ['target-vm-name'] },
  { check: 'rdm-disk-bus-types', fault: 'rdm-lun-as-disk', scenario: 'copyoffload-rdm-virtual', blamed: ['rdm-disk-bus-types'] },
  // Source guest NIC names are read by guest operations on VMs whose plan preserves static IPs:
  // `ip -j link show` on Linux (sanity-warm's RHEL 8, as the Python suite does) and Get-NetAdapter
  // on Windows (comprehensive-cold, beyond the Python suite).
  { check: 'nic-name', fault: 'nic-renamed', scenario: 'sanity-warm', blamed: ['nic-name'] },
  { check: 'nic-name', fault: 'nic-renamed', scenario: CC, blamed: ['nic-name'] },
  { check: 'boot-firmware', fault: 'firmware-misdetected', scenario: CC, blamed: ['boot-firmware'] },
  // test_ova_cold_migration: the checks it newly runs on an OVA source, the faults applied on the
  // lab's OVA path (virt-v2v from the share). cpu, memory, disk-count and boot-firmware compare
  // with the OVF (beyond the Python suite, which skips group 2 for OVA).
  ...(
    [
      ['power-state', 'wrong-power-state'],
      ['guest-agent', 'no-guest-agent'],
      ['ssh', 'ssh-down'],
      ['labels', 'drop-target-labels'],
      ['affinity', 'drop-affinity'],
      ['cpu', 'cpu-mismatch'],
      ['memory', 'memory-mismatch'],
      ['disk-count', 'disk-missing'],
      ['boot-firmware', 'firmware-misdetected'],
    ] as const
  ).map(([check, fault]) => ({ check, fault, scenario: OVA, blamed: [check], sourceProvider: 'ova' })),
];

export const UNCOVERED: readonly UncoveredRow[] = [
  {
    check: 'copy-offload-disk-count',
    reason:
      "no row: the fault that would show it, disk-missing (the last disk gets no populator PVC on the copy-offload path too), is caught first by 'check xcopy used', which runs before 'check VMs' in every copy-offload scenario as in the Python suite (no VSphereXcopyVolumePopulator for that disk), so the later steps are skipped and no run reaches the disk-count check with a disk missing.",
  },
  {
    check: 'destination-vm',
    reason:
      "no fault yet. The VM is created by the migration, so a defect that leaves it out fails the migrate step first (migration-stuck); the defect this check exists for is a VM that never settles (a VMI the scheduler cannot place, printableStatus ErrorUnschedulable), which the lab models only when no node fits, and a fault forcing it would also break the guest checks and, for Windows guests, the lab pipeline's wait for the guest reboot. Not added in this round.",
  },
];

/**
 * A fault a step before "check VMs" must catch: the step fails with `error` naming `condition` on
 * the `kind` object (a wait that ended on the condition, not at its timeout), and every later step
 * is skipped. Run by step-faults.test.ts.
 */
export interface StepFaultRow {
  readonly fault: string;
  readonly scenario: string;
  /** The step that must fail (its title without the scenario's parameter suffix). */
  readonly step: string;
  /** The Forklift object whose condition ends the step's wait. */
  readonly kind: string;
  /** The error class the step fails with. */
  readonly error: string;
  /** The condition the failure must name. */
  readonly condition: string;
}

export const STEP_FAULT_ROWS: readonly StepFaultRow[] = [
  {
    fault: 'map-destination-invalid',
    scenario: 'sanity-cold',
    step: 'create StorageMap',
    kind: 'StorageMap',
    error: 'ForkliftCriticalConditionError',
    condition: 'DestinationStorageNotValid',
  },
  {
    fault: 'nad-pool-ignored',
    scenario: 'cold-dual-nic-same-network',
    step: 'create Plan',
    kind: 'Plan',
    error: 'ForkliftCriticalConditionError',
    condition: 'VMDuplicateNADMappings',
  },
];

/**
 * Faults that make a migration fail other than the way the scenario expects (expectedMigrationResult
 * "fail"): the migrate step must fail with `error`, naming the VM, the step the scenario expects
 * and the step the VMs actually failed at; the steps before it pass, check VMs is skipped, and the
 * same scenario without the fault passes. Run by expected-failure-faults.test.ts.
 */
export interface ExpectedFailureFaultRow {
  readonly fault: string;
  readonly scenario: string;
  /** The step that must fail (its title without the scenario's parameter suffix). */
  readonly step: string;
  readonly error: string;
  /** The pipeline step the scenario expects every VM to fail at. */
  readonly expectedStep: string;
  /** The pipeline step the fault makes the VMs fail at. */
  readonly actualStep: string;
}

export const EXPECTED_FAILURE_FAULT_ROWS: readonly ExpectedFailureFaultRow[] = [
  {
    fault: 'hook-fails-at-wrong-step',
    scenario: 'post-hook-retain-failed-vm',
    step: 'migrate VMs',
    error: 'MigrationFailedAtWrongStepError',
    expectedStep: 'PostHook',
    actualStep: 'PreHook',
  },
];

/**
 * A fault a verification step (a step the Python class adds besides the five standard ones) must
 * catch: the step fails with the finding of `check` naming `subject` (the VM, or the source
 * provider), and every later step is skipped. Run by verify-step-faults.test.ts.
 */
export interface VerifyStepFaultRow {
  readonly fault: string;
  readonly scenario: string;
  readonly step: string;
  readonly check: string;
  /** What the finding must name: the source VM, or `source provider "`. */
  readonly subject: string;
  /** The expected value the finding must state, and the actual it must report. */
  readonly expected: string;
  readonly actual: RegExp;
}

export const VERIFY_STEP_FAULT_ROWS: readonly VerifyStepFaultRow[] = [
  {
    fault: 'disk-data-corrupted',
    scenario: 'copyoffload-thin-snapshots',
    step: 'check data integrity',
    check: 'check data integrity',
    subject: 'xcopy-template-test',
    expected: 'mtv-tests copy-offload data marker ',
    actual: /actual: {3}[%#]tv-tests copy-offload data marker /,
  },
  {
    fault: 'copy-offload-fallback',
    scenario: 'copyoffload-thin',
    step: 'check xcopy used',
    check: 'check xcopy used',
    subject: 'xcopy-template-test',
    expected: 'xcopyUsed=1 (copied by the storage array)',
    actual: /xcopyUsed=0 \(fallback host copy\)/,
  },
  {
    fault: 'populator-clone-method-wrong',
    scenario: 'copyoffload-thin',
    step: 'check xcopy used',
    check: 'check clone method',
    subject: 'xcopy-template-test',
    expected: 'cloneMethod vib (esxi_clone_method)',
    actual: /actual: {3}cloneMethod ssh/,
  },
  {
    fault: 'populator-throttling-ignored',
    scenario: 'copyoffload-populator-throttling',
    step: 'verify populator throttling',
    check: 'verify populator throttling',
    subject: 'populations in flight on host',
    expected: 'at most 2 (controller_max_populator_inflight)',
    actual: /[3-9] at once/,
  },
  {
    fault: 'vm-inflight-limit-ignored',
    scenario: 'copyoffload-vm-populator-throttling',
    step: 'verify VM in-flight throttling',
    check: 'verify VM in-flight throttling',
    subject: 'VMs in flight in plan',
    expected: 'at most 1 (controller_max_vm_inflight)',
    actual: /2 at once/,
  },
  {
    fault: 'luks-lost',
    scenario: 'luks-cold-migration',
    step: 'verify LUKS encryption',
    check: 'luks-encryption',
    subject: 'mtv-tests-rhel9-luks',
    expected: 'at least one device with fstype crypto_LUKS',
    actual: /vda3: xfs on \//,
  },
  {
    fault: 'xfs-upgraded',
    scenario: 'cold-migration-xfs',
    step: 'verify XFS version',
    check: 'xfs-version',
    subject: 'mtv-feature-rhel8-2xfs',
    expected: 'crc=0',
    actual: /crc=1 \(\/dev\/vdb1\)/,
  },
  {
    fault: 'ca-crt-renamed',
    scenario: 'ca-crt-cold-migration',
    step: 'verify CA certificate secret',
    check: 'ca-crt',
    subject: 'source provider "',
    expected: 'present',
    actual: /absent; keys: cacert, /,
  },
];

/**
 * A fault a cluster-side step (standalone deep inspection, MTV upgrade) or a fixture the scenario
 * starts with (its first step fails with the fixture's error) must catch: the step fails with the
 * typed `error` whose message contains every string of `names` (the object, the expected and the
 * actual), every step before it passed and every later one is skipped. Run by
 * cluster-step-faults.test.ts.
 */
export interface ClusterStepFaultRow {
  readonly fault: string;
  readonly scenario: string;
  /** The providers-file entry the run migrates from when not the scenario's default. */
  readonly sourceProvider?: string;
  readonly step: string;
  readonly error: string;
  readonly names: readonly string[];
}

const DI = 'standalone-di-vsphere';
const DI_CANCEL = 'standalone-di-cancel-vsphere';

export const CLUSTER_STEP_FAULT_ROWS: readonly ClusterStepFaultRow[] = [
  {
    fault: 'conversion-fails-pending',
    scenario: DI_CANCEL,
    step: 'wait for Conversion running',
    error: 'ConversionError',
    names: ["reached phase 'Failed'", "before target phase 'Running'"],
  },
  {
    fault: 'conversion-pod-fails',
    scenario: DI,
    step: 'wait for Conversion completion',
    error: 'ConversionError',
    names: ["reached phase 'Failed'", 'The conversion has failed', 'conversion pod failed'],
  },
  {
    fault: 'di-results-incomplete',
    scenario: DI,
    step: 'verify deep inspection results',
    error: 'ConversionVerificationError',
    names: ["VM 'mtv-tests-di-rhel8'", 'inspectionResult missing filesystems (expected at least one, found none)'],
  },
  {
    fault: 'di-snapshot-not-created',
    scenario: DI_CANCEL,
    step: 'cancel Conversion',
    error: 'ConversionVerificationError',
    names: ["VM 'mtv-tests-di-rhel8'", "DI snapshot 'forklift-deep-inspection' not found on the source VM"],
  },
  {
    fault: 'conversion-cancel-keeps-pod',
    scenario: DI_CANCEL,
    step: 'verify cancel cleanup',
    error: 'ConversionVerificationError',
    names: ["VM 'mtv-tests-di-rhel8'", 'Conversion pods still present', '(expected none)'],
  },
  {
    fault: 'conversion-cancel-keeps-snapshot',
    scenario: DI_CANCEL,
    step: 'verify snapshot cleanup',
    error: 'ConversionVerificationError',
    names: ["VM 'mtv-tests-di-rhel8'", "DI snapshot 'forklift-deep-inspection' still present", '(expected absent)'],
  },
  {
    fault: 'conversion-vddk-not-validated',
    scenario: 'standalone-di-validation-vsphere',
    step: 'verify Conversion validation error',
    error: 'ConversionVerificationError',
    names: ['expected VDDKImageNotSet condition, got: [ConversionFailed]'],
  },
  {
    fault: 'cloud-init-never-finishes',
    scenario: 'copyoffload-thin',
    step: 'create StorageMap',
    error: 'CloudInitNotReadyError',
    names: ['"vmwareCloudInitReady"', 'xcopy-template-test', 'cloud-init expected done within 15 s', 'actual still running after 15 s'],
  },
  {
    // The ESXi host lets no key in: the Provider stays SSHNotReady after the key is installed.
    fault: 'esxi-ssh-key-rejected',
    scenario: 'copyoffload-thin',
    sourceProvider: 'vsphere-copy-offload-ssh',
    step: 'create StorageMap',
    error: 'EsxiSshNotReadyError',
    names: ['expected condition SSHReady', 'actual SSHNotReady', 'unable to authenticate'],
  },
  {
    fault: 'clone-ignores-host',
    scenario: 'copyoffload-vm-populator-throttling',
    step: 'create StorageMap',
    error: 'CloneHostMismatchError',
    names: ['xcopy-template-test', 'host expected host-10', 'actual host-11'],
  },
  {
    fault: 'drs-override-ignored',
    scenario: 'copyoffload-vm-populator-throttling',
    step: 'create StorageMap',
    error: 'DrsOverrideMissingError',
    names: ['xcopy-template-test', 'DRS override on cluster domain-c8 expected enabled false', 'actual no override'],
  },
  {
    fault: 'olm-csv-install-fails',
    scenario: 'upgrade-cold-migration',
    step: 'upgrade MTV',
    error: 'MtvUpgradeError',
    names: ['mtv-operator.v2.11.2', 'is Failed (InstallComponentFailed)'],
  },
  {
    fault: 'olm-upgrade-keeps-pods',
    scenario: 'upgrade-cold-migration',
    step: 'verify post upgrade',
    error: 'MtvPostUpgradeError',
    names: ['MTV in openshift-mtv after the upgrade', 'forklift pods not replaced by the upgrade', 'forklift-controller-'],
  },
  {
    // The VM lands on the lab's own cluster: check VMs reads the remote one and finds no VM.
    fault: 'remote-destination-ignored',
    scenario: 'warm-remote-ocp',
    step: 'check VMs',
    error: 'VmValidationError',
    names: ['mtv-tests-rhel8', 'destination-vm', 'last observed state: VirtualMachine does not exist'],
  },
  {
    // The ServiceAccount token's RBAC and SCC are not applied: the migration without the SCC grant succeeds.
    fault: 'remote-rbac-ignored',
    scenario: 'clusterrole-warm-migration',
    step: 'migrate VMs',
    error: 'UnexpectedMigrationSuccessError',
    names: ['mtv-tests-rhel8', 'expected failed step ImageConversion', 'actual: none (succeeded)'],
  },
];

/** Scenarios run clean to show the matrix scenarios do not fail without a fault. */
export function cleanScenarios(): string[] {
  return [...new Set(FAULT_ROWS.map((row) => row.scenario))];
}

/**
 * A catalog fault with no matrix row, and why: either it is by nature not a check fault (it breaks
 * the API transport or a wait, which tests of that mechanism prove), or no suite scenario reaches
 * its check yet. `coveredBy` names the test files that prove the fault does what it says; each of
 * them must name the fault. test/unit/packaging/sensitivity-coverage.test.ts enforces this list.
 */
export interface FaultOutsideMatrix {
  readonly fault: string;
  readonly reason: string;
  readonly coveredBy: readonly string[];
}

export const FAULTS_OUTSIDE_MATRIX: readonly FaultOutsideMatrix[] = [
  {
    fault: 'aap-job-fails',
    reason:
      'not a check fault: it fails the lab AAP jobs so that an AAP hook fails its step; the migrate step reports it like any failed migration (aap-hook-migration fails at PreHook under it)',
    coveredBy: ['test/lab/aap/aap.test.ts'],
  },
  {
    fault: 'forklift-crds-missing',
    reason: 'caught by the pre-flight before anything is created (one line, exit 2), not by a step of a scenario',
    coveredBy: ['test/e2e/preflight.test.ts'],
  },
  {
    fault: 'api-error-rate',
    reason:
      'not a check fault: it makes the API server answer 500 at a rate, which the client retries absorb; no check result depends on it',
    coveredBy: ['test/lab/apiserver/lab-ops.test.ts'],
  },
  {
    fault: 'api-429-rate',
    reason: 'not a check fault: 429 with Retry-After at a rate, absorbed by the client retries',
    coveredBy: ['test/lab/apiserver/lab-ops.test.ts'],
  },
  {
    fault: 'api-latency',
    reason: 'not a check fault: every API request is delayed; it exists for the benchmark and for timeout behaviour',
    coveredBy: ['test/lab/apiserver/lab-ops.test.ts', 'test/lab/apiserver/lab-process.test.ts'],
  },
  {
    fault: 'inventory-lag',
    reason: "not a check fault: the inventory follows the simulator late; the suite's inventory waits must absorb it",
    coveredBy: ['test/lab/inventory/inventory.test.ts'],
  },
  {
    fault: 'provider-connection-failed',
    reason: 'caught by the Provider Ready wait before any step runs (session setup), not by a step of the matrix',
    coveredBy: ['test/e2e/faults.test.ts', 'test/lab/forklift/providers.test.ts'],
  },
  {
    fault: 'plan-never-ready',
    reason: 'caught by the Plan Ready wait at its timeout (no terminal condition to stop at), so it is no STEP_FAULT_ROWS row',
    coveredBy: ['test/e2e/faults.test.ts', 'test/lab/forklift/faults.test.ts'],
  },
  {
    fault: 'migration-stuck',
    reason: 'not a check fault: it holds a migration in its first step so that interrupts (SIGINT, SIGKILL) land mid-migration',
    coveredBy: ['test/e2e/interrupts.test.ts', 'test/lab/forklift/faults.test.ts'],
  },
  {
    fault: 'shared-disk-not-shared',
    reason:
      "a step fault: under it shared-disk-rhel-migration and shared-disk-windows-migration fail at 'verify shared disk data' naming the second VM (no PVC in common with the first) and skip 'check VMs'; STEP_FAULT_ROWS holds only Forklift-condition waits, so the lab side and the step's utilities are proven by tests",
    coveredBy: ['test/lab/forklift/shared-disks.test.ts'],
  },
];
