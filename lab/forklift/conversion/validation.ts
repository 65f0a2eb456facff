/**
 * Conversion validation (Forklift pkg/controller/conversion/validation.go): each missing field is
 * a Critical condition, and a Conversion with a blocker stays in phase Pending without running.
 * The messages are Forklift's.
 */
import type { LabFaults } from '../../faults-catalog';
import type { ConditionStage } from '../conditions';

export interface ConversionSpec {
  type?: string;
  vm?: { id?: string; name?: string; namespace?: string; type?: string };
  connection?: { secret?: { name?: string; namespace?: string } };
  disks?: unknown[];
  diskEncryption?: { type?: string; secret?: { name?: string } };
  targetNamespace?: string;
  vddkImage?: string;
  settings?: Record<string, string>;
}

const TYPES = ['DeepInspection', 'Inspection', 'InPlace', 'Remote'];

interface Rule {
  type: string;
  reason: 'NotSet' | 'NotValid';
  message: string;
  /** True when the spec breaks the rule. */
  broken: (spec: ConversionSpec, faults: LabFaults) => boolean;
}

/** In Forklift's order: type, targetNamespace, VM, disks, connection, VDDK image, disk encryption. */
const RULES: readonly Rule[] = [
  {
    type: 'TypeNotValid',
    reason: 'NotValid',
    message: 'The `Type` must be one of: DeepInspection, Inspection, InPlace, Remote.',
    broken: (s) => !TYPES.includes(s.type ?? ''),
  },
  {
    type: 'TargetNamespaceNotSet',
    reason: 'NotSet',
    message: 'The `targetNamespace` field is required.',
    broken: (s) => !s.targetNamespace,
  },
  { type: 'VMNotSet', reason: 'NotSet', message: 'The `VM` reference is not set.', broken: (s) => !s.vm?.id && !s.vm?.name },
  {
    type: 'DisksNotSet',
    reason: 'NotSet',
    message: 'The `Disks` field is required for this conversion type.',
    broken: (s) => (s.type === 'InPlace' || s.type === 'Remote') && !s.disks?.length,
  },
  {
    type: 'ConnectionNotSet',
    reason: 'NotSet',
    message: 'The `Connection.Secret` is required.',
    broken: (s) => !s.connection?.secret?.name,
  },
  {
    type: 'VDDKImageNotSet',
    reason: 'NotSet',
    message: 'The `vddkImage` field is required when `type` is DeepInspection.',
    broken: (s, faults) => s.type === 'DeepInspection' && !s.vddkImage && !faults.isOn('conversion-vddk-not-validated'),
  },
  {
    type: 'LUKSSecretNotSet',
    reason: 'NotSet',
    message: 'The `diskEncryption.secret` is required when `diskEncryption.type` is LUKS.',
    broken: (s) => s.diskEncryption?.type === 'LUKS' && !s.diskEncryption.secret?.name,
  },
];

export function validateConversion(spec: ConversionSpec, stage: ConditionStage, faults: LabFaults): void {
  for (const rule of RULES) {
    if (rule.broken(spec, faults)) stage.set({ type: rule.type, category: 'Critical', reason: rule.reason, message: rule.message });
  }
}
