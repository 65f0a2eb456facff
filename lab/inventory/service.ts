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
import type { OvirtCollections } from './ovirt-collections';
import type { OpenStackCollections } from './openstack-collections';
import { RemoteCollector, openStackSource, ovaSource, ovirtSource } from './remote-collector';
import type { OvaCollections } from './ova-collections';
import { resolveExport, type NfsExport } from '../ova/share';

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
  ovirt?: OvirtCollections;
  openstack?: OpenStackCollections;
  ova?: OvaCollections;
  /** oVirt / OpenStack / OVA: the collector that reads the source over its API, and what it was started with. */
  remote?: RemoteCollector<unknown>;
  remoteKey?: string;
  /** The last failed read of a remote source (cleared by the next good one). */
  lastError?: string;
}

/**
 * Forklift's oVirt collector follows the engine's events and its OpenStack collector polls the
 * services, both every few seconds: 10 MTV seconds in lab time, with a floor so the lab's
 * simulators are not flooded.
 */
export function defaultRemotePollMs(msPerMinute: number): number {
  return Math.max(150, Math.round((10 * msPerMinute) / 60));
}

const REMOTE_TYPES = ['ovirt', 'openstack', 'ova'];

/** What a remote collector reads with (URL + secret); without a secret the running collector's is kept. */
function remoteKeyFor(
  type: string,
  url: string,
  secret: Record<string, string> | undefined,
  existing: Collector | undefined,
): string | undefined {
  if (!REMOTE_TYPES.includes(type)) return undefined;
  return secret ? JSON.stringify([url, secret]) : existing?.remoteKey;
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
  /** What the lab's NFS server exports: OVA provider servers mount their url from these. */
  private nfsExports: readonly NfsExport[] = [];

  constructor(
    private readonly model: VSphereModel,
    private readonly vsphereUrl: string,
    private readonly faults: LabFaults,
    private readonly defaultLagMs: number,
    /** ESXi host endpoints: a provider with one of these URLs sees only that host (lab/vsphere/esxi). */
    private readonly esxiEndpoints: ReadonlyArray<{ url: string; hostMoref: string }> = [],
    /** How often oVirt / OpenStack collectors poll their source. */
    private readonly remotePollMs = 150,
  ) {
    this.events.setMaxListeners(0);
    this.unsubscribe = model.onChange(() => this.schedulePublish(model.snapshot()));
  }

  lagMs(): number {
    return this.faults.value('inventory-lag') ?? this.defaultLagMs;
  }

  /** The NFS exports OVA providers' urls are mounted from (lab/ova). */
  serveNfsExports(exports: readonly NfsExport[]): void {
    this.nfsExports = exports;
  }

  /** Mounts an OVA provider url: the local directory, or mount.nfs's refusal. */
  mountNfs(url: string): { dir: string } | { error: string } {
    return resolveExport(this.nfsExports, url);
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

  /**
   * Starts (or refreshes) the collector for a Provider; idempotent. oVirt and OpenStack collectors
   * read their source with the provider's secret (`secret`); a changed URL or secret restarts them.
   */
  startCollector(provider: KubeObject, secret?: Record<string, string>): Collector {
    const uid = provider.metadata.uid ?? '';
    const type = String((provider.spec as { type?: string } | undefined)?.type ?? '');
    const url = String((provider.spec as { url?: string } | undefined)?.url ?? '');
    const existing = this.collectors.get(uid);
    const remoteKey = remoteKeyFor(type, url, secret, existing);
    if (existing && existing.remoteKey === remoteKey) {
      existing.provider = provider;
      return existing;
    }
    if (existing) this.stopCollector(uid);
    const c: Collector = { uid, type, provider, loaded: type !== 'vsphere' && !remoteKey, ...(remoteKey ? { remoteKey } : {}) };
    this.collectors.set(uid, c);
    if (remoteKey) this.startRemote(c, url, secret ?? {});
    if (type === 'vsphere') this.schedulePublish(this.model.snapshot()); // initial load, after the lag
    this.events.emit('changed');
    return c;
  }

  private startRemote(c: Collector, url: string, secret: Record<string, string>): void {
    const publish = (data: unknown) => {
      if (this.collectors.get(c.uid) !== c) return;
      if (c.type === 'ovirt') c.ovirt = data as OvirtCollections;
      else if (c.type === 'ova') c.ova = data as OvaCollections;
      else c.openstack = data as OpenStackCollections;
      c.loaded = true;
      delete c.lastError;
      this.events.emit('changed');
    };
    const report = (message: string) => (c.lastError = message);
    const link = (collection: string, id: string) => `providers/${c.type}/${c.uid}/${collection}/${id}`;
    const source =
      c.type === 'ovirt'
        ? ovirtSource(url, secret, link)
        : c.type === 'ova'
          ? ovaSource(() => this.mountedDir(url), link)
          : openStackSource(url, secret, link);
    c.remote = new RemoteCollector<unknown>(source, this.remotePollMs, publish, report);
    c.remote.start();
  }

  private mountedDir(url: string): string {
    const m = this.mountNfs(url);
    if ('error' in m) throw new Error(m.error);
    return m.dir;
  }

  /** Re-reads a remote source now (after the controller changed it); resolves once the read is published. */
  async refresh(uid: string): Promise<void> {
    await this.collectors.get(uid)?.remote?.refresh();
  }

  stopCollector(uid: string): void {
    const c = this.collectors.get(uid);
    c?.remote?.stop();
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

  /** An oVirt object by id or name (networks, storage domains, VMs). */
  findOvirt<K extends 'networks' | 'storagedomains' | 'vms'>(
    uid: string,
    coll: K,
    ref: { id?: string; name?: string },
  ): FindResult<OvirtCollections[K][number]> | undefined {
    const v = this.collectors.get(uid)?.ovirt;
    return v ? findIn(v[coll] as Array<OvirtCollections[K][number]>, ref) : undefined;
  }

  /** An OpenStack object by id or name (networks, volume types, VMs). */
  findOpenStack<K extends 'networks' | 'volumetypes' | 'vms'>(
    uid: string,
    coll: K,
    ref: { id?: string; name?: string },
  ): FindResult<OpenStackCollections[K][number]> | undefined {
    const v = this.collectors.get(uid)?.openstack;
    return v ? findIn(v[coll] as Array<OpenStackCollections[K][number]>, ref) : undefined;
  }

  /** An OVA object by id or name (networks, storages, VMs). */
  findOva<K extends 'networks' | 'storages' | 'vms'>(
    uid: string,
    coll: K,
    ref: { id?: string; name?: string },
  ): FindResult<OvaCollections[K][number]> | undefined {
    const v = this.collectors.get(uid)?.ova;
    return v ? findIn(v[coll] as Array<OvaCollections[K][number]>, ref) : undefined;
  }

  close(): void {
    for (const c of this.collectors.values()) c.remote?.stop();
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.events.removeAllListeners();
  }
}
