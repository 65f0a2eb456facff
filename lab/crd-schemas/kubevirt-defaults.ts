/**
 * Defaults the KubeVirt CRDs declare that the swagger document does not carry (its own `default`
 * keywords are openapi-gen's zero values, which the CRDs do not have). Read from kubevirt/kubevirt
 * pkg/virt-operator/resource/generate/components/validations_generated.go (main, August 2026): in
 * the VirtualMachine and VirtualMachineInstance schemas, object references to Secrets and
 * ConfigMaps default their name to the empty string, and a VirtualMachine's printable status
 * defaults to Stopped. (The containerPath volume's readOnly=true default belongs to a volume type
 * newer than the swagger document @kubev2v/types ships, so it has no place to go here.)
 *
 * CDI's DataVolume CRD (containerized-data-importer pkg/operator/resources/crds_generated.go)
 * declares no defaults.
 */
import type { DefaultsOverlay } from './convert';

export const KUBEVIRT_DEFAULTS: DefaultsOverlay = {
  'k8s.io.api.core.v1.LocalObjectReference': { name: '' },
  'v1.ConfigMapVolumeSource': { name: '' },
  'v1.VirtualMachineStatus': { printableStatus: 'Stopped' },
};
