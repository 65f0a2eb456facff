/**
 * The inventory's state: one collector per Provider, as Forklift runs one per provider. The
 * Forklift controller starts a collector after a successful connection test (`startCollector`) and
 * waits for parity before it sets InventoryCreated. A vSphere collector follows the lab's vCenter
 * with a lag (default 300 ms; fault inventory-lag=<ms> overrides): every change of the model
 * becomes visible only `lag` ms later, so a fresh clone shows up after a while, as on a real
 * cluster. OpenShift collectors read the lab's API store directly.
 */
import { EventEmitter } from 'node:events';
import type { KubeObject } from '../apiserver/contract';
import type { LabFaults } from '../faults-catalog';
import type { VSphereModel, VSphereModelSnapshot } from '../vsphere/model';
import { esxiHostSnapshot } from '../vsphere/esxi/host-snapshot';
import { buildCollections, RevisionTracker, type VSphereCollections } from './vsphere-collections';
import type { InvDatastore, InvNetwork, InvVm } from './types';

/**
 * Forklift's vSphere collector follows vCenter through WaitForUpdatesEx and applies a change to
 * its database within a few seconds: 3 MTV seconds in lab time (5 ms at the default 100 ms per
 * MTV minute), with a floor so the lag stays observable. The fault inventory-lag sets it in ms.
 */
export function defaultInventoryLagMs(msPerMinute: number): number {
  return Math.max(20, Math.round((3 * msPerMinute) / 60));
}

export type ProviderKind = 'vsphere' | 'openshift' | 'ovirt' | 'openstack' | 'ova' | 'ec2' | 'hyperv';

export interface Collector {
  uid: string;
  type: string;
  provider: KubeObject; // the Provider CR as last seen
  /** Set once the first snapshot was published ("parity"); before that the API answers 206. */
  loaded: boolean;
  vsphere?: VSphereCollections;
}

export type FindResult<T> = { found: T } | { notFound: true } | { ambiguous: T[] };

/** Exact name match on the last path segment; with several matches a path-like name filters by suffix. */
export function matchByName<T extends { name: string; path?: string }>(items: readonly T[], name: string): T[] {
  const leaf = name.split('/').pop() ?? name;
  let hits = items.filter((i) => i.name === leaf);
  if (hits.length > 1 && name.includes('/')) hits = hits.filter((i) => (i.path ?? '').endsWith(name));
  return hits;
}

function findIn<T extends { id: string; name: string; path?: string }>(
  items: readonly T[],
  ref: { id?: string; name?: string },
): FindResult<T> {
  if (ref.id) {
    const hit = items.find((i) => i.id === ref.id);
    return hit ? { found: hit } : { notFound: true };
  }
  const hits = matchByName(items, ref.name ?? '');
  if (hits.length === 0) return { notFound: true };
  if (hits.length > 1) return { ambiguous: hits };
  return { found: hits[0] as T };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

export class InventoryService {
  private readonly collectors = new Map<string, Collector>();
  private readonly revisions = new RevisionTracker();
  private readonly esxiRevisions = new Map<string, RevisionTracker>();
  private readonly events = new EventEmitter();
  private readonly timers = new Set<NodeJS.Timeout>();
  private latest: VSphereCollections | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly model: VSphereModel,
    private readonly vsphereUrl: string,
    private readonly faults: LabFaults,
    private readonly defaultLagMs: number,
    /** ESXi host endpoints: a provider with one of these URLs sees only that host (lab/vsphere/esxi). */
    private readonly esxiEndpoints: ReadonlyArray<{ url: string; hostMoref: string }> = [],
  ) {
    this.events.setMaxListeners(0);
    this.unsubscribe = model.onChange(() => this.schedulePublish(model.snapshot()));
  }

  lagMs(): number {
    return this.faults.value('inventory-lag') ?? this.defaultLagMs;
  }

  /** Whether a provider URL points at the lab's vCenter (same origin). */
  servesVSphereUrl(url: string): boolean {
    return sameOrigin(url, this.vsphereUrl) || this.esxiHostOf(url) !== undefined;
  }

  /** The vCenter MoRef of the ESXi host whose own endpoint `url` is, if it is one. */
  private esxiHostOf(url: string): string | undefined {
    return this.esxiEndpoints.find((e) => sameOrigin(url, e.url))?.hostMoref;
  }

  /** The collections a provider sees: the whole vCenter, or (ESXi endpoint) its host's view. */
  private collectionsFor(c: Collector, snap: VSphereModelSnapshot, built: Map<string, VSphereCollections>): VSphereCollections | undefined {
    const host = this.esxiHostOf(String((c.provider.spec as { url?: string } | undefined)?.url ?? ''));
    if (host === undefined) return this.latest;
    let out = built.get(host);
    if (!out) {
      let revisions = this.esxiRevisions.get(host);
      if (!revisions) this.esxiRevisions.set(host, (revisions = new RevisionTracker()));
      out = buildCollections(esxiHostSnapshot(snap, host), revisions);
      built.set(host, out);
    }
    return out;
  }

  private schedulePublish(snap: VSphereModelSnapshot): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.publish(snap);
    }, this.lagMs());
    this.timers.add(t);
  }

  private publish(snap: VSphereModelSnapshot): void {
    this.latest = buildCollections(snap, this.revisions);
    const built = new Map<string, VSphereCollections>();
    for (const c of this.collectors.values()) {
      if (c.type !== 'vsphere') continue;
      c.vsphere = this.collectionsFor(c, snap, built);
      c.loaded = true;
    }
    this.events.emit('changed');
  }

  /** Starts (or refreshes) the collector for a Provider; idempotent. */
  startCollector(provider: KubeObject): Collector {
    const uid = provider.metadata.uid ?? '';
    const type = String((provider.spec as { type?: string } | undefined)?.type ?? '');
    const existing = this.collectors.get(uid);
    if (existing) {
      existing.provider = provider;
      return existing;
    }
    const c: Collector = { uid, type, provider, loaded: type !== 'vsphere' };
    this.collectors.set(uid, c);
    if (type === 'vsphere') this.schedulePublish(this.model.snapshot()); // initial load, after the lag
    this.events.emit('changed');
    return c;
  }

  stopCollector(uid: string): void {
    if (this.collectors.delete(uid)) this.events.emit('changed');
  }

  collector(uid: string): Collector | undefined {
    return this.collectors.get(uid);
  }

  allCollectors(): Collector[] {
    return [...this.collectors.values()];
  }

  /** Called whenever any collector's view changes (load, refresh, start, stop). */
  onChange(listener: () => void): () => void {
    this.events.on('changed', listener);
    return () => this.events.off('changed', listener);
  }

  findVm(uid: string, ref: { id?: string; name?: string }): FindResult<InvVm> | undefined {
    const v = this.collectors.get(uid)?.vsphere;
    if (!v) return undefined;
    return findIn(
      v.vms.filter((vm) => !vm.isTemplate),
      ref,
    );
  }

  findNetwork(uid: string, ref: { id?: string; name?: string }): FindResult<InvNetwork> | undefined {
    const v = this.collectors.get(uid)?.vsphere;
    return v ? findIn(v.networks, ref) : undefined;
  }

  findDatastore(uid: string, ref: { id?: string; name?: string }): FindResult<InvDatastore> | undefined {
    const v = this.collectors.get(uid)?.vsphere;
    return v ? findIn(v.datastores, ref) : undefined;
  }

  close(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.events.removeAllListeners();
  }
}
