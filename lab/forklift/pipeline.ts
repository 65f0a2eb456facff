/**
 * Itineraries and pipelines (pkg/controller/plan/migrator/base/migrator.go): which phases a VM
 * goes through, in order, and the pipeline steps they are shown under (reference §2.4). Pure.
 */
import type { InvVm } from '../inventory/types';
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
}

export const PRECOPY_LOOP = ['CopyDisks', 'CopyingPaused', 'RemovePreviousSnapshot', 'WaitForPreviousSnapshotRemoval', 'CreateSnapshot', 'WaitForSnapshot', 'StoreSnapshotDeltas', 'AddCheckpoint'] as const;

/** The VM phases in order, conditional ones resolved. Terminal phase Completed is last. */
export function itinerary(f: PipelineFlags): string[] {
  const out: Array<string | false> = f.warm
    ? [
        'Started',
        f.hasPreHook && 'PreHook',
        'CreateInitialSnapshot',
        'WaitForInitialSnapshot',
        f.vsphere && 'StoreInitialSnapshotDeltas',
        f.runPreflightInspection && 'PreflightInspection',
        'CreateDataVolumes',
        'CopyDisks',
        'CopyingPaused',
        f.vsphere && 'RemovePreviousSnapshot',
        f.vsphere && 'WaitForPreviousSnapshotRemoval',
        'CreateSnapshot',
        'WaitForSnapshot',
        f.vsphere && 'StoreSnapshotDeltas',
        'AddCheckpoint',
        'StorePowerState',
        'PowerOffSource',
        'WaitForPowerOff',
        f.vsphere && 'RemovePenultimateSnapshot',
        f.vsphere && 'WaitForPenultimateSnapshotRemoval',
        'CreateFinalSnapshot',
        'WaitForFinalSnapshot',
        'AddFinalCheckpoint',
        'Finalize',
        f.vsphere && 'RemoveFinalSnapshot',
        f.requiresConversion && 'CreateGuestConversionPod',
        f.requiresConversion && 'ConvertGuest',
        'CreateVM',
        f.windowsWaitForReboot && 'WaitForGuestReboots',
        f.hasPostHook && 'PostHook',
        f.vsphere && f.waitForFinalSnapshotConsolidation && 'WaitForFinalSnapshotRemoval',
        'Completed',
      ]
    : [
        'Started',
        f.hasPreHook && 'PreHook',
        'StorePowerState',
        'PowerOffSource',
        'WaitForPowerOff',
        'CreateDataVolumes',
        !f.useV2vForTransfer && 'CopyDisks',
        f.useV2vForTransfer && 'AllocateDisks',
        f.requiresConversion && 'CreateGuestConversionPod',
        f.requiresConversion && 'ConvertGuest',
        f.requiresConversion && f.useV2vForTransfer && 'CopyDisksVirtV2V',
        'CreateVM',
        f.windowsWaitForReboot && 'WaitForGuestReboots',
        f.hasPostHook && 'PostHook',
        'Completed',
      ];
  return out.filter((x): x is string => x !== false);
}

/** The pipeline step a phase is shown under (BaseMigrator.Step). */
export function stepOf(phase: string, f: Pick<PipelineFlags, 'warm' | 'runPreflightInspection'>): string {
  switch (phase) {
    case 'Started':
    case 'CreateInitialSnapshot':
    case 'WaitForInitialSnapshot':
    case 'StoreInitialSnapshotDeltas':
      return 'Initialize';
    case 'AllocateDisks':
      return 'DiskAllocation';
    case 'CreateDataVolumes':
      return f.warm && f.runPreflightInspection ? 'DiskTransfer' : 'Initialize';
    case 'StorePowerState':
    case 'PowerOffSource':
    case 'WaitForPowerOff':
      return f.warm ? 'Cutover' : 'Initialize';
    case 'CreateGuestConversionPod':
    case 'ConvertGuest':
      return 'ImageConversion';
    case 'CopyDisksVirtV2V':
      return 'DiskTransferV2v';
    case 'CreateVM':
      return 'VirtualMachineCreation';
    case 'PreHook':
    case 'PostHook':
    case 'WaitForGuestReboots':
      return phase;
    case 'PreflightInspection':
      return 'PreflightInspection';
    case 'WaitForFinalSnapshotRemoval':
      return 'WaitForFinalSnapshotConsolidation';
    case 'RemovePenultimateSnapshot':
    case 'WaitForPenultimateSnapshotRemoval':
    case 'CreateFinalSnapshot':
    case 'WaitForFinalSnapshot':
    case 'AddFinalCheckpoint':
    case 'Finalize':
    case 'RemoveFinalSnapshot':
      return 'Cutover';
    default:
      return (PRECOPY_LOOP as readonly string[]).includes(phase) ? 'DiskTransfer' : 'Unknown';
  }
}

const MiB = 1024 * 1024;

/** One task per disk: the disk file as name (warm: the base file), capacity in MiB as total. */
export function diskTasks(vm: InvVm, warm: boolean): Task[] {
  return vm.disks.map((d) => ({
    name: warm ? d.file.replace(/-\d{6}\.vmdk$/, '.vmdk') : d.file,
    progress: { total: Math.ceil(d.capacity / MiB), completed: 0 },
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
};

const DISK_STEPS = new Set(['DiskAllocation', 'DiskTransfer', 'DiskTransferV2v', 'Cutover']);

/** The pipeline: one step per distinct step name, in itinerary order (BaseMigrator.Pipeline). */
export function buildPipeline(f: PipelineFlags, vm: InvVm): Step[] {
  const steps: Step[] = [];
  for (const phase of itinerary(f)) {
    if (phase === 'Completed') continue;
    const name = stepOf(phase, f);
    // Steps are only created by their "owning" phases, as in Forklift: CreateDataVolumes and the
    // power phases never add a step of their own.
    const owning = ['Started', 'PreHook', 'PreflightInspection', 'AllocateDisks', 'CopyDisks', 'CopyDisksVirtV2V', 'Finalize', 'ConvertGuest', 'CreateVM', 'WaitForGuestReboots', 'PostHook', 'WaitForFinalSnapshotRemoval'];
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
  return steps;
}
