/**
 * The built-in gather: what `oc adm must-gather` with MTV's targeted script would collect, read
 * over the API (works on the lab and on any cluster without `oc`). Targeted at a scenario's
 * objects: its Plans with their Migrations, maps, providers and hooks, the VMs, DataVolumes,
 * PVCs and pods Forklift made for the plan (label plan=<uid>), the events of all of them, and the
 * logs of the Forklift controller and the plan's pods. Full: every Forklift object, pod and event
 * of the namespaces named. One YAML file per object under <Kind>/; Secret data is never written
 * (keys only); everything written passes the log redaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as Yaml from 'yaml';
import { bundledPackage } from '../runtime/package-bundle';
import type { K8sClient } from '../k8s/client';
import { RESOURCES, type Kind, type KubeObject } from '../k8s/kinds';
import { redact, redactText } from '../log/redact';

const yaml = bundledPackage<typeof Yaml>('yaml');

interface Ref {
  name?: string;
  namespace?: string;
}

interface PlanLike extends KubeObject {
  spec?: {
    provider?: { source?: Ref; destination?: Ref };
    map?: { storage?: Ref; network?: Ref };
    targetNamespace?: string;
    vms?: Array<{ hooks?: Array<{ hook?: Ref }> }>;
  };
}

interface EventLike extends KubeObject {
  involvedObject?: { uid?: string; kind?: string; name?: string };
}

export type GatherScope =
  | {
      kind: 'plan';
      /** The scenario's objects, as the resource tracker recorded them. */ seeds: Array<{
        kind: string;
        name: string;
        namespace?: string;
      }>;
    }
  | { kind: 'full'; namespaces: string[] };

export interface CollectOptions {
  client: K8sClient;
  dir: string;
  mtvNamespace: string;
  scope: GatherScope;
  /** Lines per container log (the newest). */
  tailLines?: number;
}

const FORKLIFT_KINDS: Kind[] = ['Plan', 'Migration', 'StorageMap', 'NetworkMap', 'Provider', 'Hook', 'Host'];
const PLAN_OBJECT_KINDS: Kind[] = ['VirtualMachine', 'DataVolume', 'PersistentVolumeClaim', 'Pod'];
/** The Forklift controller's pods, by the labels of its Deployment. */
const CONTROLLER_SELECTOR = 'control-plane=controller-manager';

class Collection {
  readonly objects = new Map<string, KubeObject>();
  readonly problems: string[] = [];

  constructor(private readonly client: K8sClient) {}

  add(o: KubeObject | undefined): void {
    if (!o?.metadata?.name || !o.kind) return;
    this.objects.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  }

  async get(kind: Kind, ref: Ref | undefined, defaultNs?: string): Promise<KubeObject | undefined> {
    if (!ref?.name) return undefined;
    const ns = ref.namespace ?? defaultNs;
    const o = await this.attempt(`get ${kind} ${ns ? `${ns}/` : ''}${ref.name}`, () => this.client.tryGet(kind, ref.name!, ns));
    const full = o ? ({ kind, ...(o as KubeObject) } as KubeObject) : undefined;
    this.add(full);
    return full;
  }

  async list(kind: Kind, namespace: string, labelSelector?: string): Promise<KubeObject[]> {
    const r = await this.attempt(`list ${kind} in ${namespace}${labelSelector ? ` (${labelSelector})` : ''}`, () =>
      this.client.list(kind, { namespace, ...(labelSelector ? { labelSelector } : {}) }),
    );
    const items = (r?.items ?? []) as KubeObject[];
    for (const o of items) this.add(o);
    return items;
  }

  /** A failed read is a line in the gather's summary, never an error of the gather. */
  async attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      this.problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}

/** The providers, maps and hooks the Plan names. */
async function collectPlanRefs(c: Collection, plan: PlanLike, ns: string | undefined): Promise<void> {
  const spec = plan.spec ?? {};
  await c.get('Provider', spec.provider?.source, ns);
  await c.get('Provider', spec.provider?.destination, ns);
  await c.get('StorageMap', spec.map?.storage, ns);
  await c.get('NetworkMap', spec.map?.network, ns);
  const hooks = (spec.vms ?? []).flatMap((vm) => (vm.hooks ?? []).map((h) => h.hook));
  for (const hook of hooks) await c.get('Hook', hook, ns);
}

/** The Plan's Migrations (spec.plan names it). */
async function collectMigrations(c: Collection, plan: PlanLike, ns: string): Promise<void> {
  for (const m of await c.list('Migration', ns)) {
    const ref = (m as { spec?: { plan?: Ref } }).spec?.plan;
    if (ref?.name !== plan.metadata?.name) c.objects.delete(`Migration/${ns}/${m.metadata?.name ?? ''}`);
  }
}

/** Everything of one Plan; returns the namespaces involved (the Plan's and its target). */
async function collectPlan(c: Collection, plan: PlanLike): Promise<string[]> {
  const ns = plan.metadata?.namespace;
  await collectPlanRefs(c, plan, ns);
  if (ns) await collectMigrations(c, plan, ns);
  const target = plan.spec?.targetNamespace ?? ns;
  const uid = plan.metadata?.uid;
  if (target && uid) for (const kind of PLAN_OBJECT_KINDS) await c.list(kind, target, `plan=${uid}`);
  return [ns, target].filter((n): n is string => !!n);
}

async function collectScope(c: Collection, scope: GatherScope): Promise<Set<string>> {
  const namespaces = new Set<string>();
  if (scope.kind === 'full') {
    for (const ns of scope.namespaces) {
      namespaces.add(ns);
      for (const kind of [...FORKLIFT_KINDS, ...PLAN_OBJECT_KINDS]) await c.list(kind, ns);
    }
    return namespaces;
  }
  for (const seed of scope.seeds) {
    if (!(seed.kind in RESOURCES) || seed.kind === 'Namespace') continue;
    const o = await c.get(seed.kind as Kind, { name: seed.name, ...(seed.namespace ? { namespace: seed.namespace } : {}) });
    if (seed.namespace) namespaces.add(seed.namespace);
    if (o && seed.kind === 'Plan') for (const ns of await collectPlan(c, o as PlanLike)) namespaces.add(ns);
  }
  return namespaces;
}

/** Events of the gathered objects (full gather: every event of its namespaces). */
async function collectEvents(c: Collection, client: K8sClient, namespaces: Set<string>, all: boolean): Promise<KubeObject[]> {
  const uids = new Set([...c.objects.values()].map((o) => o.metadata?.uid).filter(Boolean));
  const events: KubeObject[] = [];
  for (const ns of namespaces) {
    const list = await c.attempt(`list events in ${ns}`, () =>
      client.rest.request<{ items?: EventLike[] }>({
        verb: 'list',
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(ns)}/events`,
      }),
    );
    for (const e of list?.items ?? []) if (all || uids.has(e.involvedObject?.uid)) events.push({ apiVersion: 'v1', kind: 'Event', ...e });
  }
  return events;
}

function containersOf(pod: KubeObject): string[] {
  return ((pod as { spec?: { containers?: Array<{ name?: string }> } }).spec?.containers ?? []).map((x) => x.name ?? '').filter(Boolean);
}

async function collectLogs(c: Collection, client: K8sClient, opts: CollectOptions): Promise<Map<string, string>> {
  const controller = await c.list('Pod', opts.mtvNamespace, CONTROLLER_SELECTOR);
  const pods = [...controller, ...[...c.objects.values()].filter((o) => o.kind === 'Pod' && !controller.includes(o))];
  const logs = new Map<string, string>();
  for (const pod of pods) {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    for (const container of containersOf(pod)) {
      const text = await c.attempt(`log of ${ns}/${name} container ${container}`, () =>
        client.rest.request<string>({
          verb: 'get',
          method: 'GET',
          path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/log`,
          query: { container, tailLines: opts.tailLines ?? 5000 },
          response: 'text',
        }),
      );
      if (text !== undefined) logs.set(`${ns}_${name}_${container}.log`, text);
    }
  }
  return logs;
}

/** What may be written: managedFields dropped (noise), Secret values replaced by a marker. */
function sanitized(o: KubeObject): KubeObject {
  const copy = structuredClone(o) as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  if (copy.metadata) delete copy.metadata.managedFields;
  if (copy.kind === 'Secret') {
    for (const key of ['data', 'stringData'] as const)
      if (copy[key]) copy[key] = Object.fromEntries(Object.keys(copy[key]).map((k) => [k, '<omitted>']));
  }
  return copy;
}

/** Text files (logs, the summary) are masked as text; YAML is masked as data before it is written (a masked YAML text may not parse). */
function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
}

const yamlOf = (value: unknown): string => yaml().stringify(redact(value));

/** Collects into opts.dir; returns the summary lines (what was written, what could not be read). */
export async function collectOverApi(opts: CollectOptions): Promise<string[]> {
  const c = new Collection(opts.client);
  const namespaces = await collectScope(c, opts.scope);
  const events = await collectEvents(c, opts.client, namespaces, opts.scope.kind === 'full');
  const logs = await collectLogs(c, opts.client, opts);
  for (const o of c.objects.values()) {
    const ns = o.metadata?.namespace;
    writeFile(path.join(opts.dir, o.kind ?? 'Object', `${ns ? `${ns}_` : ''}${o.metadata?.name ?? ''}.yaml`), yamlOf(sanitized(o)));
  }
  writeFile(path.join(opts.dir, 'events.yaml'), yamlOf({ apiVersion: 'v1', kind: 'EventList', items: events.map(sanitized) }));
  for (const [name, text] of logs) writeFile(path.join(opts.dir, 'logs', name), redactText(text));
  const summary = [
    `objects: ${c.objects.size} (${[...new Set([...c.objects.values()].map((o) => o.kind))].join(', ') || 'none'})`,
    `events: ${events.length}`,
    `pod logs: ${logs.size} (${[...logs.values()].filter((t) => t.length > 0).length} non-empty)`,
    ...c.problems.map((p) => `could not read: ${p}`),
  ];
  writeFile(path.join(opts.dir, 'gather.txt'), redactText(`${summary.join('\n')}\n`));
  return summary;
}
