/**
 * The deep-inspection pod of a Conversion (Forklift pkg/controller/conversion/ensurer.go and
 * builder.go GetDeepInspectionPodSpec): generateName `<conversion>-`, the Conversion's labels plus
 * `conversion=<name>`, a `vddk-side-car` init container running spec.vddkImage, the
 * `deep-inspection` container, and the connection Secret mounted. Forklift sets no owner reference
 * on it. The lab runs no containers: the Conversion controller moves the pod's phase as the kubelet
 * would (Pending, Running with a pod IP, then Succeeded once results are fetched, or Failed).
 */
import type { KubeObject } from '../../apiserver/contract';
import type { Kinds } from '../kinds';
import type { ConversionSpec } from './validation';

/** The image Forklift's settings give DEEP_INSPECTION_IMAGE when the Conversion names none. */
export const DEEP_INSPECTION_IMAGE = 'registry.redhat.io/migration-toolkit-virtualization/mtv-deep-inspection-rhel9:2.10';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export function podNamespace(conv: KubeObject): string {
  return (conv.spec as ConversionSpec | undefined)?.targetNamespace || (conv.metadata.namespace ?? '');
}

export function conversionPods(kinds: Kinds, conv: KubeObject): KubeObject[] {
  return kinds.list('pod', podNamespace(conv), `conversion=${conv.metadata.name ?? ''}`);
}

function podObject(conv: KubeObject): KubeObject {
  const spec = (conv.spec ?? {}) as ConversionSpec & { image?: string };
  const name = conv.metadata.name ?? '';
  const env = [
    ...Object.entries(spec.settings ?? {})
      .filter(([k]) => k !== 'SNAPSHOT_MOREF')
      .map(([k, value]) => ({ name: k, value })),
    ...(spec.vm?.id ? [{ name: 'VM_MOREF', value: spec.vm.id }] : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: podNamespace(conv),
      labels: { ...(conv.metadata.labels ?? {}), conversion: name },
      ...(conv.metadata.annotations ? { annotations: { ...conv.metadata.annotations } } : {}),
    },
    spec: {
      restartPolicy: 'Never',
      securityContext: { runAsUser: 1001, fsGroup: 1001, runAsNonRoot: true },
      initContainers: [
        { name: 'vddk-side-car', image: spec.vddkImage ?? '', volumeMounts: [{ name: 'vddk-vol-mount', mountPath: '/opt' }] },
      ],
      containers: [
        {
          name: 'deep-inspection',
          image: spec.image || DEEP_INSPECTION_IMAGE,
          env,
          volumeMounts: [
            { name: 'vddk-vol-mount', mountPath: '/opt' },
            { name: 'connection-secret', mountPath: '/etc/secret', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: 'vddk-vol-mount', emptyDir: {} },
        { name: 'connection-secret', secret: { secretName: spec.connection?.secret?.name ?? '' } },
      ],
    },
    status: { phase: 'Pending' },
  };
}

/** The Conversion's pod, created when there is none (EnsurePod). */
export function ensurePod(kinds: Kinds, conv: KubeObject): KubeObject {
  const existing = conversionPods(kinds, conv)[0];
  if (existing) return existing;
  return kinds.store.create(kinds.rt('pod'), podObject(conv));
}

/** The kubelet's side: the pod's phase, with a pod IP while it runs. */
export function setPodPhase(kinds: Kinds, pod: KubeObject, phase: PodPhase, podIp: string): void {
  const now = new Date().toISOString();
  kinds.writeStatus('pod', pod, {
    ...((pod.status ?? {}) as object),
    phase,
    ...(phase === 'Running' ? { podIP: podIp, startTime: now } : {}),
    ...(phase === 'Succeeded' || phase === 'Failed' ? { podIP: undefined } : {}),
  });
}

export function deletePods(kinds: Kinds, conv: KubeObject): void {
  for (const pod of conversionPods(kinds, conv)) kinds.store.delete(kinds.rt('pod'), pod.metadata.namespace, pod.metadata.name ?? '');
}
