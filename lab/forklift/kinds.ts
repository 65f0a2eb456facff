/**
 * Typed access to the store for the kinds the Forklift controllers touch. The lab's resource
 * table owns the rows; a missing row is a lab wiring error and is reported by name.
 */
import type { KubeObject, ResourceType, Store } from '../apiserver/contract';

export const KINDS = {
  provider: ['forklift.konveyor.io', 'providers'],
  plan: ['forklift.konveyor.io', 'plans'],
  migration: ['forklift.konveyor.io', 'migrations'],
  networkMap: ['forklift.konveyor.io', 'networkmaps'],
  storageMap: ['forklift.konveyor.io', 'storagemaps'],
  hook: ['forklift.konveyor.io', 'hooks'],
  conversion: ['forklift.konveyor.io', 'conversions'],
  secret: ['', 'secrets'],
  pod: ['', 'pods'],
  event: ['', 'events'],
  namespace: ['', 'namespaces'],
  configMap: ['', 'configmaps'],
  job: ['batch', 'jobs'],
  nad: ['k8s.cni.cncf.io', 'network-attachment-definitions'],
  storageClass: ['storage.k8s.io', 'storageclasses'],
  vm: ['kubevirt.io', 'virtualmachines'],
  vmExport: ['export.kubevirt.io', 'virtualmachineexports'],
  dataVolume: ['cdi.kubevirt.io', 'datavolumes'],
  pvc: ['', 'persistentvolumeclaims'],
  pv: ['', 'persistentvolumes'],
  populator: ['forklift.konveyor.io', 'vspherexcopyvolumepopulators'],
  clusterVersion: ['config.openshift.io', 'clusterversions'],
} as const;

export type KindName = keyof typeof KINDS;

/** Where a lab pod's container writes a log line (the lab's pods/log; LabContext.podLog). */
export type PodLogSink = (namespace: string, pod: string, container: string, line: string) => void;

export class Kinds {
  private readonly cache = new Map<KindName, ResourceType>();
  constructor(
    readonly store: Store,
    readonly podLog: PodLogSink = () => undefined,
  ) {}

  rt(kind: KindName): ResourceType {
    const hit = this.cache.get(kind);
    if (hit) return hit;
    const [group, plural] = KINDS[kind];
    const rt = this.store.resourceType(group, plural);
    if (!rt) throw new Error(`forklift-controller: the lab API server has no resource ${plural}${group ? '.' + group : ''}`);
    this.cache.set(kind, rt);
    return rt;
  }

  get<T = KubeObject>(kind: KindName, namespace: string | undefined, name: string): T | undefined {
    return this.store.get(this.rt(kind), namespace, name) as T | undefined;
  }

  list<T = KubeObject>(kind: KindName, namespace?: string, labelSelector?: string): T[] {
    return this.store.list(this.rt(kind), namespace, labelSelector ? { labelSelector } : undefined) as T[];
  }

  /** Status write that skips no-op updates (an identical write would wake every watcher again). */
  writeStatus(kind: KindName, obj: KubeObject, status: unknown): KubeObject | undefined {
    if (JSON.stringify(obj.status ?? null) === JSON.stringify(status ?? null)) return obj;
    return this.store.mutate(this.rt(kind), obj.metadata.namespace, obj.metadata.name ?? '', (o) => (o.status = status), { status: true });
  }

  /** Read-modify-write of an object's status (conflicts retried by the store); undefined if it is gone. */
  mutateStatus<S extends object>(
    kind: KindName,
    namespace: string | undefined,
    name: string,
    fn: (status: S) => void,
  ): KubeObject | undefined {
    return this.store.mutate(
      this.rt(kind),
      namespace,
      name,
      (o) => {
        const status = (o.status ?? {}) as S;
        fn(status);
        o.status = status;
      },
      { status: true },
    );
  }

  is(kind: KindName, rt: ResourceType): boolean {
    const [group, plural] = KINDS[kind];
    return rt.group === group && rt.plural === plural;
  }
}

/** Decoded secret data (data is base64 as the API stores it; stringData is honoured too). */
export function secretData(secret: KubeObject | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const data = (secret?.data ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(data)) out[k] = Buffer.from(v, 'base64').toString('utf8');
  const sd = (secret?.stringData ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(sd)) out[k] = v;
  return out;
}
