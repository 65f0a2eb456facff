/**
 * What an MTV upgrade writes, as pure builders: the InstallPlan OLM makes for a Subscription, the
 * new ClusterServiceVersion (the old one with the new name, version, `replaces` and images), and
 * the operator's pods after its Deployments roll to the new images (new ReplicaSet hash, new names).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../apiserver/contract';
import { versionOf } from './catalog';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
function suffix(seed: string, n: number): string {
  const h = createHash('sha256').update(seed).digest();
  return Array.from({ length: n }, (_, i) => ALPHABET[(h[i] ?? 0) % ALPHABET.length]).join('');
}

/** An MTV image of another release: same repository, the digest that release pins. */
export function reimage(image: string, version: string): string {
  const at = image.indexOf('@sha256:');
  if (at < 0) return image;
  const repo = image.slice(0, at);
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  return `${repo}@sha256:${createHash('sha256')
    .update(name + version)
    .digest('hex')}`;
}

function reimageAll(value: unknown, version: string): unknown {
  if (typeof value === 'string') return reimage(value, version);
  if (Array.isArray(value)) return value.map((v) => reimageAll(v, version));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reimageAll(v, version)]));
  return value;
}

export function installPlanObject(namespace: string, csv: string, approval: string, subscription: KubeObject): KubeObject {
  return {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'InstallPlan',
    metadata: {
      name: `install-${suffix(`${namespace}/${csv}`, 5)}`,
      namespace,
      labels: { [`operators.coreos.com/mtv-operator.${namespace}`]: '' },
      ownerReferences: [
        {
          apiVersion: 'operators.coreos.com/v1alpha1',
          kind: 'Subscription',
          name: subscription.metadata.name ?? '',
          uid: subscription.metadata.uid ?? '',
        },
      ],
    },
    spec: { approval, approved: approval === 'Automatic', clusterServiceVersionNames: [csv], generation: 2 },
  };
}

/** The new CSV: the installed one renamed to `csv`, its version, `replaces` the old one, images of the new release. */
export function upgradedCsv(old: KubeObject, csv: string): KubeObject {
  const version = versionOf(csv);
  const spec = reimageAll(structuredClone(old.spec ?? {}), version) as Record<string, unknown>;
  const annotations = reimageAll({ ...(old.metadata.annotations ?? {}) }, version) as Record<string, string>;
  return {
    apiVersion: old.apiVersion,
    kind: old.kind,
    metadata: { name: csv, namespace: old.metadata.namespace, labels: { ...(old.metadata.labels ?? {}) }, annotations },
    spec: { ...spec, version, replaces: old.metadata.name },
    status: { phase: 'Pending', reason: 'RequirementsUnknown', message: 'requirements not yet checked' },
  };
}

/** An operator pod after the rollout: the new ReplicaSet's name and images, not yet started. */
export function upgradedPod(old: KubeObject, version: string, startedAt: string): KubeObject {
  const labels = { ...(old.metadata.labels ?? {}) } as Record<string, string>;
  const oldHash = labels['pod-template-hash'] ?? '';
  const deployment = (old.metadata.name ?? '').slice(0, -(oldHash.length + 7));
  const hash = suffix(`${deployment}/${version}/rs`, 10);
  labels['pod-template-hash'] = hash;
  const pod = structuredClone(old);
  pod.metadata = {
    name: `${deployment}-${hash}-${suffix(`${deployment}/${version}/pod`, 5)}`,
    namespace: old.metadata.namespace,
    generateName: `${deployment}-${hash}-`,
    labels,
    ...(old.metadata.annotations ? { annotations: { ...old.metadata.annotations } } : {}),
  };
  pod.spec = reimageAll(pod.spec, version) as Record<string, unknown>;
  pod.status = { ...((pod.status ?? {}) as object), startTime: startedAt };
  return pod;
}
