/**
 * Go struct definitions of the data Forklift passes to its name templates
 * (pkg/apis/forklift/v1beta1/plan.go), so field access behaves as in the controller: unknown
 * fields are exec errors and unset fields render as Go zero values.
 */
import { type GoValue, type StructDef, goStruct } from './values';

export const PVC_NAME_TEMPLATE_DATA: StructDef = {
  name: 'v1beta1.PVCNameTemplateData',
  fields: [
    { name: 'VmName', type: 'string' },
    { name: 'TargetVmName', type: 'string' },
    { name: 'PlanName', type: 'string' },
    { name: 'DiskIndex', type: 'int' },
    { name: 'VmId', type: 'string' },
    { name: 'WinDriveLetter', type: 'string' },
    { name: 'RootDiskIndex', type: 'int' },
    { name: 'Shared', type: 'bool' },
    { name: 'FileName', type: 'string' },
    { name: 'SourcePVCName', type: 'string' },
    { name: 'SourcePVCNamespace', type: 'string' },
    { name: 'VolumeID', type: 'string' },
    { name: 'SnapshotID', type: 'string' },
    { name: 'DiskId', type: 'string' },
  ],
};

export const VOLUME_NAME_TEMPLATE_DATA: StructDef = {
  name: 'v1beta1.VolumeNameTemplateData',
  fields: [
    { name: 'PVCName', type: 'string' },
    { name: 'VolumeIndex', type: 'int' },
  ],
};

export const NETWORK_NAME_TEMPLATE_DATA: StructDef = {
  name: 'v1beta1.NetworkNameTemplateData',
  fields: [
    { name: 'NetworkName', type: 'string' },
    { name: 'NetworkNamespace', type: 'string' },
    { name: 'NetworkType', type: 'string' },
    { name: 'NetworkIndex', type: 'int' },
  ],
};

export interface PvcNameTemplateFields {
  VmName?: string;
  TargetVmName?: string;
  PlanName?: string;
  DiskIndex?: number;
  VmId?: string;
  WinDriveLetter?: string;
  RootDiskIndex?: number;
  Shared?: boolean;
  FileName?: string;
  SourcePVCName?: string;
  SourcePVCNamespace?: string;
  VolumeID?: string;
  SnapshotID?: string;
  DiskId?: string;
}

export interface VolumeNameTemplateFields {
  PVCName?: string;
  VolumeIndex?: number;
}

export interface NetworkNameTemplateFields {
  NetworkName?: string;
  NetworkNamespace?: string;
  NetworkType?: string;
  NetworkIndex?: number;
}

/** &v1beta1.PVCNameTemplateData{...}, as the controller passes it. */
export const pvcNameTemplateData = (fields: PvcNameTemplateFields): GoValue => goStruct(PVC_NAME_TEMPLATE_DATA, { ...fields });
export const volumeNameTemplateData = (fields: VolumeNameTemplateFields): GoValue => goStruct(VOLUME_NAME_TEMPLATE_DATA, { ...fields });
export const networkNameTemplateData = (fields: NetworkNameTemplateFields): GoValue => goStruct(NETWORK_NAME_TEMPLATE_DATA, { ...fields });
