/**
 * The target VirtualMachine of an OpenShift (KubeVirt) source VM (pkg/controller/plan/adapter/ocp
 * builder.go VirtualMachine): the source VM's template, copied; its networks mapped through the
 * NetworkMap (mapNetworks: a multus network by NAD name and namespace, the pod network by type;
 * each may become pod, multus or be ignored, the interface keeping its name and MAC); its
 * PVC/DataVolume volumes pointed at the target DataVolumes by their disk-source annotation
 * (mapVolumes). Forklift's common VM code adds the migration labels, targetLabels + app on the
 * template, targetNodeSelector, targetAffinity and the run strategy. Pure; the lab faults that
 * corrupt a VM apply as for the other sources.
 */
import type { KubeObject } from '../apiserver/contract';
import type { PlanSpec } from './plan-types';
import { randomMac, targetVmName, vmLabels } from './target-vm';
import { runStrategyOf, type SourceTargetInput } from './target-vm-sources';

type Json = Record<string, unknown>;

interface OcpNetwork {
  name?: string;
  pod?: Json;
  multus?: { networkName?: string };
}

interface OcpInterface {
  name?: string;
  macAddress?: string;
  [k: string]: unknown;
}

interface OcpVolume {
  name?: string;
  dataVolume?: { name?: string };
  persistentVolumeClaim?: { claimName?: string };
  [k: string]: unknown;
}

interface OcpTemplateSpec {
  domain?: {
    cpu?: { sockets?: number; cores?: number; threads?: number };
    memory?: { guest?: string };
    devices?: { interfaces?: OcpInterface[] };
  };
  networks?: OcpNetwork[];
  volumes?: OcpVolume[];
  nodeSelector?: Record<string, string>;
  affinity?: unknown;
  [k: string]: unknown;
}

interface OcpTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: OcpTemplateSpec;
}

/** The NetworkMap destination of one source network, or undefined when it is unmapped or ignored. */
function destinationOf(input: SourceTargetInput, network: OcpNetwork, vmNamespace: string): Json | undefined {
  const entry = input.maps.network.find((e) => {
    const s = e.source as { type?: string; name?: string; namespace?: string } | undefined;
    if (network.pod) return s?.type === 'pod';
    const full = network.multus?.networkName ?? '';
    const [ns, name] = full.includes('/') ? full.split('/') : [vmNamespace, full];
    return s?.name === name && (s?.namespace ?? vmNamespace) === ns;
  });
  const dest = entry?.destination;
  if (!dest || dest.type === 'ignored') return undefined;
  return dest.type === 'pod' ? { pod: {} } : { multus: { networkName: `${dest.namespace ?? ''}/${dest.name ?? ''}` } };
}

/** mapNetworks: the networks the map keeps, with their interfaces (MAC kept; fault mac-changed: a new one). */
function mapNetworks(input: SourceTargetInput, spec: OcpTemplateSpec, vmNamespace: string): void {
  const interfaces: OcpInterface[] = [];
  const networks: OcpNetwork[] = [];
  for (const n of spec.networks ?? []) {
    const ifc = spec.domain?.devices?.interfaces?.find((i) => i.name === n.name);
    const dest = destinationOf(input, n, vmNamespace);
    if (!ifc || !dest) continue;
    networks.push({ name: n.name, ...dest });
    interfaces.push(input.faults.isOn('mac-changed') ? { ...ifc, macAddress: randomMac() } : ifc);
  }
  spec.networks = networks;
  spec.domain = { ...(spec.domain ?? {}), devices: { ...(spec.domain?.devices ?? {}), interfaces } };
}

/** mapVolumes: each PVC/DataVolume volume names the target DataVolume made from it (disk-source `<ns>/<pvc>`). */
function mapVolumes(spec: OcpTemplateSpec, vmNamespace: string, targetBySource: Map<string, string>): void {
  spec.volumes = (spec.volumes ?? []).map((v) => {
    const src = v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName;
    const target = src ? targetBySource.get(`${vmNamespace}/${src}`) : undefined;
    if (!target) return v;
    return v.dataVolume ? { ...v, dataVolume: { ...v.dataVolume, name: target } } : { ...v, persistentVolumeClaim: { claimName: target } };
  });
}

/** Faults cpu-mismatch (one more socket) and memory-mismatch (512 MiB less). */
function cpuMemoryFaults(input: SourceTargetInput, spec: OcpTemplateSpec): void {
  const domain = spec.domain;
  if (!domain) return;
  if (input.faults.isOn('cpu-mismatch')) domain.cpu = { ...domain.cpu, sockets: (domain.cpu?.sockets ?? 1) + 1 };
  const guest = /^(\d+)(Mi|Gi)$/.exec(domain.memory?.guest ?? '');
  if (input.faults.isOn('memory-mismatch') && guest) {
    const mib = Number(guest[1]) * (guest[2] === 'Gi' ? 1024 : 1);
    domain.memory = { ...domain.memory, guest: `${mib - 512}Mi` };
  }
}

/** Fault disk-missing: the disk that got no DataVolume is not attached either. */
function dropDisksWithoutDataVolume(input: SourceTargetInput, spec: OcpTemplateSpec, targetBySource: Map<string, string>): void {
  if (!input.faults.isOn('disk-missing')) return;
  const targets = new Set(targetBySource.values());
  spec.volumes = (spec.volumes ?? []).filter((v) => {
    const name = v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName;
    return !name || targets.has(name);
  });
}

/** Kubevirt.go: targetLabels + app on the template (fault drop-target-labels), targetNodeSelector, targetAffinity (fault drop-affinity). */
function placeTemplate(input: SourceTargetInput, template: OcpTemplate, name: string): void {
  const { faults } = input;
  const plan = (input.plan.spec ?? {}) as PlanSpec;
  const spec = (template.spec ??= {});
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  if (!faults.isOn('drop-target-labels')) Object.assign(labels, plan.targetLabels ?? {});
  labels.app = name;
  template.metadata = { ...(template.metadata ?? {}), labels };
  if (plan.targetNodeSelector && Object.keys(plan.targetNodeSelector).length > 0)
    spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...plan.targetNodeSelector };
  if (plan.targetAffinity && !faults.isOn('drop-affinity')) spec.affinity = plan.targetAffinity;
}

/** The VirtualMachine; `dataVolumes` are the target DataVolumes (disk-source annotation = `<ns>/<pvc>`). */
export function buildOpenshiftVm(input: SourceTargetInput, source: KubeObject, dataVolumes: KubeObject[]): KubeObject {
  const { src, status } = input;
  const vmNamespace = source.metadata.namespace ?? '';
  const template = JSON.parse(JSON.stringify((source.spec as { template?: OcpTemplate } | undefined)?.template ?? {})) as OcpTemplate;
  const spec = (template.spec ??= {});
  const targetBySource = new Map(
    dataVolumes.map((dv) => [dv.metadata.annotations?.['forklift.konveyor.io/disk-source'] ?? '', dv.metadata.name ?? '']),
  );
  mapNetworks(input, spec, vmNamespace);
  mapVolumes(spec, vmNamespace, targetBySource);
  cpuMemoryFaults(input, spec);
  dropDisksWithoutDataVolume(input, spec, targetBySource);
  const name = targetVmName(input.planVm, status, src);
  placeTemplate(input, template, name);
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      name,
      namespace: ((input.plan.spec ?? {}) as PlanSpec).targetNamespace ?? '',
      labels: { ...vmLabels(input.plan, input.migrationUid, src.id), resource: 'vm-config' },
      annotations: status.newName ? { 'openshift.io/display-name': src.name, 'original-ID': src.id } : {},
    },
    spec: { runStrategy: runStrategyOf(input), template },
  };
}
