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

export function validateConversion(spec: ConversionSpec, stage: ConditionStage, faults: LabFaults): void {
  const notSet = (type: string, message: string) => stage.set({ type, category: 'Critical', reason: 'NotSet', message });
  if (!TYPES.includes(spec.type ?? ''))
    stage.set({
      type: 'TypeNotValid',
      category: 'Critical',
      reason: 'NotValid',
      message: 'The `Type` must be one of: DeepInspection, Inspection, InPlace, Remote.',
    });
  if (!spec.targetNamespace) notSet('TargetNamespaceNotSet', 'The `targetNamespace` field is required.');
  if (!spec.vm?.id && !spec.vm?.name) notSet('VMNotSet', 'The `VM` reference is not set.');
  if ((spec.type === 'InPlace' || spec.type === 'Remote') && !spec.disks?.length)
    notSet('DisksNotSet', 'The `Disks` field is required for this conversion type.');
  if (!spec.connection?.secret?.name) notSet('ConnectionNotSet', 'The `Connection.Secret` is required.');
  if (spec.type === 'DeepInspection' && !spec.vddkImage && !faults.isOn('conversion-vddk-not-validated'))
    notSet('VDDKImageNotSet', 'The `vddkImage` field is required when `type` is DeepInspection.');
  if (spec.diskEncryption?.type === 'LUKS' && !spec.diskEncryption.secret?.name)
    notSet('LUKSSecretNotSet', 'The `diskEncryption.secret` is required when `diskEncryption.type` is LUKS.');
}
