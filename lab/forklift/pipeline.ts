/**
 * Itineraries and pipelines (pkg/controller/plan/migrator/base/migrator.go): which phases a VM
 * goes through, in order, and the pipeline steps they are shown under (reference §2.4). Pure.
 */
import type { SourceVm } from './source-vm';
import type { Step, Task } from './plan-types';

export interface PipelineFlags {
  warm: boolean;
  hasPreHook: boolean;
  hasPostHook: boolean;
  /** Source needs guest conversion (vSphere/OVA/HyperV/EC2) and skipGuestConversion is off. */
  requiresConversion: boolean;
  /** ShouldUseV2vForTransfer: vSphere cold to the host cluster, migrateSharedDisks, no offload, ... */
  useV2vForTransfer: boolean;
  runPreflightInspection: boolean;
  windowsWaitForReboot: boolean; // feature on, VM is Windows, target power state not off
  waitForFinalSnapshotConsolidation: boolean;
  vsphere: boolean;
  /** OpenStack source: the ConvertOpenstackSnapshot phase and step. */
  openstack: boolean;
}

export const PRECOPY_LOOP = [
  'CopyDisks',
  'CopyingPaused',
  'RemovePreviousSnapshot',
  'WaitForPreviousSnapshotRemoval',
  'CreateSnapshot',
  'WaitForSnapshot',
  'StoreSnapshotDeltas',
  'AddCheckpoint',
] as const;

/** A phase that is in the itinerary only when its flag holds. */
type Flag = (f: PipelineFlags) => boolean;
type Entry = string | readonly [string, Flag];

const preHook: Flag = (f) => f.hasPreHook;
const postHook: Flag = (f) => f.hasPostHook;
const vsphere: Flag = (f) => f.vsphere;
const conversion: Flag = (f) => f.requiresConversion;
const guestReboots: Flag = (f) => f.windowsWaitForReboot;

const WARM_ITINERARY: readonly Entry[] = [
  'Started',
  ['PreHook', preHook],
  'CreateInitialSnapshot',
  'WaitForInitialSnapshot',
  ['StoreInitialSnapshotDeltas', vsphere],
  ['PreflightInspection', (f) => f.runPreflightInspection],
  'CreateDataVolumes',
  'CopyDisks',
  'CopyingPaused',
  ['RemovePreviousSnapshot', vsphere],
  ['WaitForPreviousSnapshotRemoval', vsphere],
  'CreateSnapshot',
  'WaitForSnapshot',
  ['StoreSnapshotDeltas', vsphere],
  'AddCheckpoint',
  'StorePowerState',
  'PowerOffSource',
  'WaitForPowerOff',
  ['RemovePenultimateSnapshot', vsphere],
  ['WaitForPenultimateSnapshotRemoval', vsphere],
  'CreateFinalSnapshot',
  'WaitForFinalSnapshot',
  'AddFinalCheckpoint',
  'Finalize',
  ['RemoveFinalSnapshot', vsphere],
  ['CreateGuestConversionPod', conversion],
  ['ConvertGuest', conversion],
  'CreateVM',
  ['WaitForGuestReboots', guestReboots],
  ['PostHook', postHook],
  ['WaitForFinalSnapshotRemoval', (f) => f.vsphere && f.waitForFinalSnapshotConsolidation],
  'Completed',
];

const COLD_ITINERARY: readonly Entry[] = [
  'Started',
  ['PreHook', preHook],
  'StorePowerState',
  'PowerOffSource',
  'WaitForPowerOff',
  'CreateDataVolumes',
  ['CopyDisks', (f) => !f.useV2vForTransfer],
  ['AllocateDisks', (f) => f.useV2vForTransfer],
  ['CreateGuestConversionPod', conversion],
  ['ConvertGuest', conversion],
  ['CopyDisksVirtV2V', (f) => f.requiresConversion && f.useV2vForTransfer],
  ['ConvertOpenstackSnapshot', (f) => f.openstack],
  'CreateVM',
  ['WaitForGuestReboots', guestReboots],
  ['PostHook', postHook],
  'Completed',
];

/** The VM phases in order, conditional ones resolved. Terminal phase Completed is last. */
export function itinerary(f: PipelineFlags): string[] {
  const out: string[] = [];
  for (const entry of f.warm ? WARM_ITINERARY : COLD_ITINERARY) {
    if (typeof entry === 'string') out.push(entry);
    else if (entry[1](f)) out.push(entry[0]);
  }
  return out;
}

type StepFlags = Pick<PipelineFlags, 'warm' | 'runPreflightInspection'>;
type StepRule = string | ((f: StepFlags) => string);

/** Phases grouped by the step they are shown under; a function when the step depends on the flags. */
const STEP_GROUPS: ReadonlyArray<readonly [StepRule, readonly string[]]> = [
  ['Initialize', ['Started', 'CreateInitialSnapshot', 'WaitForInitialSnapshot', 'StoreInitialSnapshotDeltas']],
  ['DiskAllocation', ['AllocateDisks']],
  [(f) => (f.warm && f.runPreflightInspection ? 'DiskTransfer' : 'Initialize'), ['CreateDataVolumes']],
  [(f) => (f.warm ? 'Cutover' : 'Initialize'), ['StorePowerState', 'PowerOffSource', 'WaitForPowerOff']],
  ['ImageConversion', ['CreateGuestConversionPod', 'ConvertGuest']],
  ['DiskTransferV2v', ['CopyDisksVirtV2V']],
  ['VirtualMachineCreation', ['CreateVM']],
  ['PreHook', ['PreHook']],
  ['PostHook', ['PostHook']],
  ['WaitForGuestReboots', ['WaitForGuestReboots']],
  ['PreflightInspection', ['PreflightInspection']],
  ['WaitForFinalSnapshotConsolidation', ['WaitForFinalSnapshotRemoval']],
  [
    'Cutover',
    [
      'RemovePenultimateSnapshot',
      'WaitForPenultimateSnapshotRemoval',
      'CreateFinalSnapshot',
      'WaitForFinalSnapshot',
      'AddFinalCheckpoint',
      'Finalize',
      'RemoveFinalSnapshot',
    ],
  ],
  ['DiskTransfer', [...PRECOPY_LOOP, 'ConvertOpenstackSnapshot']],
];

const STEP_OF_PHASE = new Map<string, StepRule>(STEP_GROUPS.flatMap(([rule, phases]) => phases.map((p) => [p, rule] as const)));

/** The pipeline step a phase is shown under (BaseMigrator.Step). */
export function stepOf(phase: string, f: StepFlags): string {
  const rule = STEP_OF_PHASE.get(phase);
  if (rule === undefined) return 'Unknown';
  return typeof rule === 'string' ? rule : rule(f);
}

const MiB = 1024 * 1024;

/** One task per disk: vSphere the disk file (warm: the base file), oVirt the disk id, OpenStack the volume id; capacity in MiB as total. */
export function diskTasks(vm: SourceVm, warm: boolean): Task[] {
  return vm.disks.map((d) => ({
    name: vm.type === 'vsphere' && warm ? d.id.replace(/-\d{6}\.vmdk$/, '.vmdk') : d.id,
    progress: { total: Math.ceil(d.capacityBytes / MiB), completed: 0 },
    phase: 'Pending',
    annotations: { unit: 'MB' },
  }));
}

const DESCRIPTIONS: Record<string, string> = {
  Initialize: 'Initialize migration.',
  PreHook: 'Run pre-migration hook.',
  PreflightInspection: 'Inspect VM before migration.',
  DiskAllocation: 'Allocate disks.',
  DiskTransfer: 'Transfer disks.',
  Cutover: 'Finalize disk transfer.',
  ImageConversion: 'Convert image to kubevirt.',
  DiskTransferV2v: 'Copy disks.',
  VirtualMachineCreation: 'Create VM.',
  WaitForGuestReboots: 'Wait for Windows guest reboot after conversion.',
  PostHook: 'Run post-migration hook.',
  WaitForFinalSnapshotConsolidation: 'Waiting for final snapshot removal and consolidation',
  ConvertOpenstackSnapshot: 'Convert OpenStack snapshot.',
};

const DISK_STEPS = new Set(['DiskAllocation', 'DiskTransfer', 'DiskTransferV2v', 'Cutover']);

/** The pipeline: one step per distinct step name, in itinerary order (BaseMigrator.Pipeline). */
export function buildPipeline(f: PipelineFlags, vm: SourceVm): Step[] {
  const steps: Step[] = [];
  for (const phase of itinerary(f)) {
    if (phase === 'Completed') continue;
    const name = stepOf(phase, f);
    // Steps are only created by their "owning" phases, as in Forklift: CreateDataVolumes and the
    // power phases never add a step of their own.
    const owning = [
      'Started',
      'PreHook',
      'PreflightInspection',
      'AllocateDisks',
      'CopyDisks',
      'CopyDisksVirtV2V',
      'Finalize',
      'ConvertGuest',
      'CreateVM',
      'WaitForGuestReboots',
      'PostHook',
      'WaitForFinalSnapshotRemoval',
    ];
    if (!owning.includes(phase) || steps.some((s) => s.name === name)) continue;
    const step: Step = { name, description: DESCRIPTIONS[name] ?? name, progress: { total: 1, completed: 0 }, phase: 'Pending' };
    if (DISK_STEPS.has(name)) {
      const tasks = diskTasks(vm, f.warm);
      step.tasks = tasks;
      step.progress = { total: tasks.reduce((s, t) => s + t.progress.total, 0), completed: 0 };
      step.annotations = { unit: 'MB' };
    }
    steps.push(step);
  }
  // OpenStack: the ConvertOpenstackSnapshot step follows DiskTransfer (its phase is shown under DiskTransfer).
  if (f.openstack) {
    const at = steps.findIndex((s) => s.name === 'DiskTransfer') + 1;
    const name = 'ConvertOpenstackSnapshot';
    steps.splice(at, 0, { name, description: DESCRIPTIONS[name] ?? name, progress: { total: 1, completed: 0 }, phase: 'Pending' });
  }
  return steps;
}
