/**
 * Discovery documents as kube-apiserver serves them (legacy, non-aggregated form: client-go falls
 * back to it when the response is not an apidiscovery.k8s.io document), plus /version and a minimal
 * OpenAPI v2 document so kubectl's client-side validation finds no schema and skips the check.
 */
import type { ResourceType } from './contract';
import { type ResourceIndex, SUBRESOURCE_ONLY_GROUPS } from './resource-types';

export const KUBERNETES_VERSION = { major: '1', minor: '31', gitVersion: 'v1.31.6-lab' };

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  log: ['get'],
  exec: ['create', 'get'],
  portforward: ['create', 'get'],
  token: ['create'],
};

export function versionInfo(): Record<string, string> {
  return {
    ...KUBERNETES_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.22.12',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

interface GroupEntry {
  name: string;
  versions: Array<{ groupVersion: string; version: string }>;
  preferredVersion: { groupVersion: string; version: string };
}

export class Discovery {
  readonly knownGroups: ReadonlySet<string>;
  private readonly groupEntries: GroupEntry[];

  constructor(private readonly index: ResourceIndex) {
    const byGroup = new Map<string, string[]>();
    for (const gv of index.groupVersions()) if (gv.group) byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv.version]);
    for (const g of SUBRESOURCE_ONLY_GROUPS) byGroup.set(g.group, [...(byGroup.get(g.group) ?? []), g.version]);
    this.groupEntries = [...byGroup].map(([name, versions]) => {
      const vs = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: vs, preferredVersion: vs[0] ?? { groupVersion: `${name}/v1`, version: 'v1' } };
    });
    const known = new Set<string>(byGroup.keys());
    for (const g of SUBRESOURCE_ONLY_GROUPS) known.add(`${g.group}/${g.version}`);
    this.knownGroups = known;
  }

  groupList(): Record<string, unknown> {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groupEntries };
  }

  group(name: string): Record<string, unknown> | undefined {
    const g = this.groupEntries.find((e) => e.name === name);
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : undefined;
  }

  resourceList(group: string, version: string): Record<string, unknown> | undefined {
    const resources: Array<Record<string, unknown>> = [];
    for (const rt of this.index.inGroupVersion(group, version)) {
      resources.push(resourceEntry(rt));
      for (const sub of rt.subresources ?? [])
        resources.push({
          name: `${rt.plural}/${sub}`,
          singularName: '',
          namespaced: rt.namespaced,
          kind: rt.kind,
          verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
        });
    }
    for (const g of SUBRESOURCE_ONLY_GROUPS) {
      if (g.group === group && g.version === version)
        for (const r of g.resources)
          resources.push({ name: r.name, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: r.verbs });
    }
    if (!resources.length) return undefined;
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }
}

function resourceEntry(rt: ResourceType): Record<string, unknown> {
  const e: Record<string, unknown> = {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: rt.verbs ?? VERBS,
  };
  if (rt.shortNames?.length) e.shortNames = rt.shortNames;
  if (rt.categories?.length) e.categories = rt.categories;
  return e;
}

/** A valid but empty OpenAPI v2 document: kubectl finds no schema for any kind and skips validation. */
export function openApiV2Json(): Record<string, unknown> {
  return { swagger: '2.0', info: { title: 'Kubernetes (MTV lab)', version: KUBERNETES_VERSION.gitVersion }, paths: {}, definitions: {} };
}

/**
 * The same document in the protobuf encoding client-go asks for
 * (application/com.github.proto-openapi.spec.v2@v1.0+protobuf): gnostic's openapi_v2.Document
 * with field 1 (swagger) and field 2 (info: title = 1, version = 2).
 */
export function openApiV2Protobuf(): Buffer {
  const str = (field: number, s: string): Buffer => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([Buffer.from([(field << 3) | 2]), varint(b.length), b]);
  };
  const info = Buffer.concat([str(1, 'Kubernetes (MTV lab)'), str(2, KUBERNETES_VERSION.gitVersion)]);
  return Buffer.concat([str(1, '2.0'), Buffer.from([(2 << 3) | 2]), varint(info.length), info]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}
