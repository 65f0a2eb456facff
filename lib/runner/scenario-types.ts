// GENERATED from scenarios/scenario.schema.json by lib/runner/scenario-types-gen.ts: do not edit.
// After changing the schema run: npx tsx lib/runner/scenario-types-gen.ts

/** One migration scenario: its steps (default: create StorageMap, create NetworkMap, create Plan, migrate VMs, check VMs) run against the plan described here, or against several named plans. Keys that become Plan CR fields use Forklift's spelling. */
export interface Scenario {
  $schema?: string;
  /** Scenario name; must equal the file name without .scenario.json. Used by --scenario. */
  name: string;
  description: string;
  /** The Python suite's tests_params key this scenario reproduces (traceability). */
  origin?: string;
  /** Labels for -m selection (pytest markers of the Python suite). */
  markers: ScenarioMarker[];
  gates?: ScenarioGates;
  /** Scenario-scoped fixtures set up when the scenario starts, before its first step (pytest usefixtures), e.g. cleanupMigratedVms. */
  fixtures?: string[];
  /** The destination OpenShift provider of the scenario's plans. local (default): the host cluster (Provider url "", no secret). remote: the cluster remote_ocp_cluster names, through a Provider with its API url and a token Secret (destination_ocp_provider). clusterrole: the same, with the token of a fresh ServiceAccount bound only to the ClusterRole forklift-migrator-role (clusterrole_destination_ocp_provider). Checks read the migrated VMs on that cluster. */
  destination?: 'local' | 'remote' | 'clusterrole';
  /** With destination clusterrole: before the first step, grant the default ServiceAccount of the target namespace the SCC forklift-controller-scc on the destination cluster (a ClusterRole of the session's own, <session>-forklift-scc-use, and a RoleBinding; forklift_scc_binding), removed at scenario end. */
  forkliftSccBinding?: boolean;
  /** The scenario's one plan (its name in steps and titles is "plan"). Exactly one of plan and plans. */
  plan?: ScenarioPlan;
  /** Several named plans (2 or more), created, migrated together and checked each; steps name the plan they act on. Exactly one of plan and plans. */
  plans?: Record<string, ScenarioPlan>;
  /** The steps, in order (default: the five standard steps). An entry is a step kind, or { step, plan } naming the plan it acts on (required in a multi-plan scenario, except "migrate VMs" alone, which migrates every plan at the same time). */
  steps?: ScenarioStep[];
}

export type ScenarioMarker = 'tier0' | 'tier1' | 'remote' | 'warm' | 'copyoffload' | 'copyoffload_sanity' | 'copyoffload_snapshots' | 'shared_disk' | 'ova' | 'vsphere' | 'esxi' | 'rhv' | 'openstack' | 'openshift' | 'deep_inspection' | 'ca_crt' | 'aap' | 'upgrade';

/** A step the suite registers a body for (lib/runner/step-names.ts). */
export type ScenarioStepKind = 'create StorageMap' | 'create NetworkMap' | 'create Plan' | 'migrate VMs' | 'check VMs' | 'label shared disk' | 'verify CA certificate secret' | 'verify shared disk data' | 'verify LUKS encryption' | 'verify XFS version' | 'check xcopy used' | 'verify populator throttling' | 'verify VM in-flight throttling' | 'create snapshots and data marker' | 'check data integrity' | 'create Conversion' | 'wait for Conversion completion' | 'verify deep inspection results' | 'wait for Conversion running' | 'cancel Conversion' | 'verify cancel cleanup' | 'verify snapshot cleanup' | 'rerun Conversion after cancel' | 'wait for rerun completion' | 'verify rerun results' | 'create invalid Conversion' | 'verify Conversion validation error' | 'upgrade MTV' | 'verify post upgrade';

/** A step kind, or a step kind and the plan it acts on. */
export type ScenarioStep = ScenarioStepKind | {
  step: ScenarioStepKind;
  /** A key of plans (or "plan"). */
  plan: string;
};

export type ScenarioProviderType = 'vsphere' | 'ovirt' | 'openstack' | 'openshift' | 'ova';

/** Conditions under which the scenario is skipped; the skip reason names the gate. */
export interface ScenarioGates {
  /** Skip when source_provider_insecure_skip_verify is true: the scenario checks the CA certificate in the provider Secret (Python ca_crt skipif). */
  needsSourceTlsVerify?: boolean;
  /** Source provider types this scenario cannot run with (e.g. warm: openstack, openshift, ova). */
  unsupportedSourceTypes?: ScenarioProviderType[];
  /** Skip unless remote_ocp_cluster is set. */
  needsRemoteCluster?: boolean;
  /** Skip when the installed MTV is older (x.y or x.y.z). */
  minMtvVersion?: string;
  /** Known open issues that block the scenario (pytest-jira run=False): skipped for the listed source types, or always when none are listed. */
  jira?: {
    issue: string;
    sourceTypes?: ScenarioProviderType[];
  }[];
}

/** Label key to value; null means the session id. */
export type ScenarioLabelMap = Record<string, string | null>;

/** A migration hook (Forklift Hook CR): exactly one of expectedResult (built-in succeeding/failing playbook), playbookBase64, aapJobTemplateId, aapJobTemplateName. */
export interface ScenarioHook {
  /** succeed or fail: the suite's built-in playbook that succeeds or fails. */
  expectedResult?: 'succeed' | 'fail';
  /** A custom Ansible playbook, base64 of UTF-8 YAML holding a non-empty list of plays. */
  playbookBase64?: string;
  /** An AAP job template id (spec.aap.jobTemplateId). */
  aapJobTemplateId?: number;
  /** An AAP job template name, looked up on the AAP server the run config names (aap_url, aap_token). */
  aapJobTemplateName?: string;
}

export interface ScenarioDisk {
  sizeGb?: number;
  diskMode?: 'persistent' | 'independent_persistent' | 'independent_nonpersistent';
  provisionType?: 'thin' | 'thick-lazy' | 'thick-eager';
  datastoreId?: string;
  datastorePath?: string;
  rdmType?: 'virtual' | 'physical';
}

export interface ScenarioVirtualMachine {
  /** Source VM (or template, with clone) name. */
  name: string;
  /** The VM has LUKS-encrypted disks: the Plan VM references a Secret holding the passphrase (Python luks). */
  luks?: boolean;
  /** The LUKS passphrase put into that Secret (Python luks_passphrase); unset: the provider entry's luks_passphrase. */
  luksPassphrase?: string;
  /** Power the source VM on/off before migrating; unset leaves it as it is. */
  sourceVmPower?: 'on' | 'off';
  /** Wait for the destination guest agent and check it runs. */
  guestAgent?: boolean;
  /** Migrate a per-session clone of the VM instead of the VM itself. */
  clone?: boolean;
  /** Name of the clone (default: derived from name and the session). */
  cloneName?: string;
  /** Keep cloneName's capitals and underscores (a source name that is not DNS-1123, so Forklift must change it); without it cloneName is lowercased with _ and . turned into -. */
  preserveNameFormat?: boolean;
  diskType?: 'thin' | 'thick-lazy' | 'thick-eager';
  addDisks?: ScenarioDisk[];
  /** Snapshots to take on the source VM before migrating. */
  snapshots?: number;
  /** Plan spec.vms[].targetName (Forklift). */
  targetName?: string;
  targetDatastoreId?: string;
  migrateSharedDisks?: boolean;
}

export interface ScenarioPlan {
  virtualMachines: ScenarioVirtualMachine[];
  /** Plan spec.warm (Forklift). Do not combine with type. */
  warm?: boolean;
  /** Plan spec.type (Forklift): cold, warm, live or conversion. Do not combine with warm. */
  type?: 'cold' | 'warm' | 'live' | 'conversion';
  /** Plan spec.targetPowerState (Forklift). */
  targetPowerState?: 'on' | 'off' | 'auto';
  /** Plan spec.preserveStaticIPs (Forklift); needs every VM with sourceVmPower on. */
  preserveStaticIPs?: boolean;
  /** Plan spec.pvcNameTemplate (Forklift, Go template). */
  pvcNameTemplate?: string;
  /** Plan spec.pvcNameTemplateUseGenerateName (Forklift). */
  pvcNameTemplateUseGenerateName?: boolean;
  /** Plan spec.targetLabels (Forklift); null values mean the session id. */
  targetLabels?: ScenarioLabelMap;
  /** Plan spec.targetNodeSelector (Forklift); null values mean the session id (a worker node gets that label). */
  targetNodeSelector?: ScenarioLabelMap;
  /** Plan spec.targetAffinity (Forklift): a Kubernetes Affinity. */
  targetAffinity?: Record<string, unknown>;
  /** Plan spec.targetNamespace (Forklift): namespace for the migrated VMs, made unique per session by the suite; default the session's target namespace. */
  targetNamespace?: string;
  /** Plan spec.migrateSharedDisks (Forklift). */
  migrateSharedDisks?: boolean;
  /** Plan spec.runPreflightInspection (Forklift). */
  runPreflightInspection?: boolean;
  /** Plan spec.rdmAsLun (Forklift): RDM disks become SCSI LUN devices on the target VM (Python rdm_as_lun); set only when the Python test sets it. */
  rdmAsLun?: boolean;
  /** Plan spec.xfsCompatibility (Forklift): virt-v2v from the XFS-compatible image, for guests with XFS v4 filesystems (Python xfs_compatibility). */
  xfsCompatibility?: boolean;
  /** The 'verify XFS version' step (Python xfs_check): run `<command> <mountPoint>` in each migrated Linux guest and require expectedOutput in its stdout. */
  xfsCheck?: {
    command: string;
    mountPoint: string;
    expectedOutput: string;
  };
  preHook?: ScenarioHook;
  postHook?: ScenarioHook;
  /** fail: the migration is expected to fail, every VM at one pipeline step: PreHook when preHook.expectedResult is fail, else PostHook when postHook.expectedResult is fail, else expectedFailedStep. check VMs then checks the retained VMs after a PostHook failure and is skipped (with the reason) after an earlier one. */
  expectedMigrationResult?: 'succeed' | 'fail';
  /** With expectedMigrationResult fail and no failing hook: the Forklift pipeline step (status.migration.vms[].pipeline[].name) every VM must fail at. */
  expectedFailedStep?: 'Initialize' | 'PreHook' | 'PreflightInspection' | 'DiskAllocation' | 'DiskTransfer' | 'Cutover' | 'ImageConversion' | 'DiskTransferV2v' | 'ConvertOpenstackSnapshot' | 'VirtualMachineCreation' | 'WaitForGuestReboots' | 'PostHook' | 'WaitForFinalSnapshotConsolidation';
  /** Namespace for the scenario's NetworkAttachmentDefinitions (default: the target namespace). */
  multusNamespace?: string;
  /** Seconds to wait for the destination guest agent (overrides guest_agent_timeout). */
  guestAgentTimeout?: number;
  /** Seconds to wait for source VMs in the inventory (overrides inventory_timeout). */
  inventoryTimeout?: number;
  /** Python suite's enable_nested_virtualization. */
  enableNestedVirtualization?: boolean;
  perNicNetworkMap?: boolean;
  skipClone?: boolean;
  /** vSphere: clone every source VM of the plan to the ESXi host its template runs on (clone_to_same_host), and check the clone landed there. */
  cloneToSameHost?: boolean;
  /** vSphere: a cluster DRS override (enabled false, manual) for each cloned source VM so DRS never moves it (disable_drs_for_vms); removed when the scenario ends. */
  disableDrsForVms?: boolean;
  /** Use the vSphere XCOPY copy-offload plugin in the StorageMap. */
  copyoffload?: boolean;
}
