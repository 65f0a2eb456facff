/**
 * The Conversion kind (forklift.konveyor.io/v1beta1), which @kubev2v/types 0.0.24 predates: the
 * standalone deep inspection / virt-v2v workload CR. Written from reading Forklift's CRD
 * operator/config/crd/bases/forklift.konveyor.io_conversions.yaml and pkg/apis/forklift/v1beta1/
 * conversion.go (main, commit d42511b, August 2026; read only, nothing copied). Pod-level
 * passthroughs (affinity, extra volumes and mounts) are core/v1 shapes the lab does not
 * validate further: they are kept as given (x-kubernetes-preserve-unknown-fields).
 */
import type { Schema } from './convert';

const str: Schema = { type: 'string' };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const open: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

const OBJECT_REFERENCE: Schema = {
  type: 'object',
  'x-kubernetes-map-type': 'atomic',
  properties: Object.fromEntries(['apiVersion', 'fieldPath', 'kind', 'name', 'namespace', 'resourceVersion', 'uid'].map((f) => [f, str])),
};

const SPEC: Schema = {
  type: 'object',
  required: ['connection', 'type', 'vm'],
  properties: {
    connection: { type: 'object', required: ['secret'], properties: { secret: OBJECT_REFERENCE } },
    destination: OBJECT_REFERENCE,
    diskEncryption: {
      type: 'object',
      required: ['type'],
      properties: { secret: OBJECT_REFERENCE, type: { type: 'string', enum: ['LUKS', 'Clevis'] } },
    },
    disks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { devicePath: str, mountPath: str, name: str, namespace: str, volumeMode: str },
      },
    },
    extraMounts: { type: 'array', items: open },
    extraVolumes: { type: 'array', items: open },
    image: str,
    localMigration: { type: 'boolean' },
    podSettings: {
      type: 'object',
      properties: {
        affinity: open,
        generateName: str,
        nodeSelector: stringMap,
        requestKVM: { type: 'boolean', default: true },
        serviceAccount: str,
        transferNetworkAnnotations: stringMap,
      },
    },
    settings: stringMap,
    targetNamespace: str,
    type: { type: 'string', enum: ['DeepInspection', 'Inspection', 'InPlace', 'Remote'] },
    vddkImage: str,
    vm: { type: 'object', properties: { id: str, name: str, namespace: str, type: str } },
    xfsCompatibility: { type: 'boolean', default: false },
  },
};

const CONDITION: Schema = {
  type: 'object',
  required: ['category', 'lastTransitionTime', 'status', 'type'],
  properties: {
    category: str,
    durable: { type: 'boolean' },
    items: { type: 'array', items: str },
    lastTransitionTime: { type: 'string', format: 'date-time' },
    message: str,
    reason: str,
    status: str,
    suggestion: str,
    type: str,
  },
};

const INSPECTION_RESULT: Schema = {
  type: 'object',
  properties: {
    allChecksPassed: { type: 'boolean' },
    concerns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['category', 'id', 'label', 'message'],
        properties: { category: str, id: str, label: str, message: str },
      },
    },
    filesystems: {
      type: 'array',
      items: { type: 'object', required: ['device', 'type'], properties: { device: str, type: str, uuid: str } },
    },
    mountpoints: {
      type: 'array',
      items: { type: 'object', required: ['device', 'mountPoint'], properties: { device: str, mountPoint: str } },
    },
    osInfo: { type: 'object', properties: { arch: str, distro: str, name: str, version: str } },
  },
};

const STATUS: Schema = {
  type: 'object',
  properties: {
    completionTime: { type: 'string', format: 'date-time' },
    conditions: { type: 'array', items: CONDITION },
    inspectionResult: INSPECTION_RESULT,
    message: str,
    observedGeneration: { type: 'integer', format: 'int64' },
    phase: { type: 'string', enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Canceled'] },
    pod: OBJECT_REFERENCE,
    snapshot: { type: 'object', properties: { createTaskId: str, moref: str, owned: { type: 'boolean' }, removeTaskId: str } },
    stage: {
      type: 'string',
      enum: [
        'CreatingPod',
        'PodRunning',
        'CreatingSnapshot',
        'WaitingForSnapshot',
        'RemovingSnapshot',
        'WaitingForSnapshotRemoval',
        'FetchingResults',
        'Finished',
      ],
    },
    startTime: { type: 'string', format: 'date-time' },
  },
};

/** The openAPIV3Schema body of Conversion (rootSchema adds apiVersion, kind and metadata). */
export const CONVERSION_SCHEMA: Schema = { type: 'object', properties: { spec: SPEC, status: STATUS } };
