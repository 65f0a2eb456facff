/**
 * A collector that follows a remote source over its API (oVirt engine, OpenStack, the OVA provider
 * server's NFS mount): an initial
 * load, then a poll of the source's change signal every `pollMs`; when the signal moves, the
 * collections are re-read and published. A failed poll is reported and retried on the next tick
 * (the last good collections stay served, as Forklift's inventory keeps its database).
 */
import { OpenStackApi, OvirtApi, openStackAuthFrom, tlsFrom } from './source-clients';
import { buildOvirtCollections, latestEventId, readEngine, type OvirtCollections } from './ovirt-collections';
import { buildOpenStackCollections, readCloud, type OpenStackCollections } from './openstack-collections';
import { RevisionTracker } from './vsphere-collections';
import { buildOvaCollections, type OvaCollections } from './ova-collections';
import { readShare, shareSignal } from './ovf-reader';

export interface RemoteSource<T> {
  /** A value that changes whenever the source's inventory does. */
  signal(): Promise<string>;
  load(): Promise<T>;
  close(): void;
}

export class RemoteCollector<T> {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private last: string | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly source: RemoteSource<T>,
    private readonly pollMs: number,
    private readonly publish: (data: T) => void,
    private readonly report: (message: string) => void,
  ) {}

  start(): void {
    void this.tick();
  }

  /** Polls now (e.g. after a change the caller made); resolves when that poll is done. */
  refresh(): Promise<void> {
    return this.running ?? this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.source.close();
  }

  private tick(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.running = this.poll().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.pollMs);
    });
    return this.running;
  }

  private async poll(): Promise<void> {
    try {
      const sig = await this.source.signal();
      if (sig === this.last || this.stopped) return;
      const data = await this.source.load();
      if (this.stopped) return;
      this.last = sig;
      this.publish(data);
    } catch (e) {
      if (!this.stopped) this.report(e instanceof Error ? e.message : String(e));
    }
  }
}

export type SelfLink = (collection: string, id: string) => string;

export function ovirtSource(url: string, secret: Record<string, string>, link: SelfLink): RemoteSource<OvirtCollections> {
  const api = new OvirtApi(url, secret.user ?? '', secret.password ?? '', tlsFrom(secret));
  const rev = new RevisionTracker();
  return {
    signal: () => latestEventId(api),
    load: async () => buildOvirtCollections(await readEngine(api), rev, link),
    close: () => api.close(),
  };
}

export function openStackSource(url: string, secret: Record<string, string>, link: SelfLink): RemoteSource<OpenStackCollections> {
  const api = new OpenStackApi(url, openStackAuthFrom(secret), tlsFrom(secret));
  const rev = new RevisionTracker();
  let read: Awaited<ReturnType<typeof readCloud>> | undefined;
  return {
    // OpenStack has no change feed Forklift follows: every poll reads the services and compares.
    signal: async () => {
      read = await readCloud(api, secret.regionName ?? '');
      return JSON.stringify(read);
    },
    load: async () => buildOpenStackCollections(read ?? (await readCloud(api, secret.regionName ?? '')), rev, link),
    close: () => api.close(),
  };
}

/**
 * The OVA provider server: the share mounted at `mount` (the NFS export's local directory); its
 * change signal is the OVA files' names, sizes and modification times.
 */
export function ovaSource(mount: () => string, link: SelfLink): RemoteSource<OvaCollections> {
  const rev = new RevisionTracker();
  return {
    signal: () => Promise.resolve(shareSignal(mount())),
    load: async () => buildOvaCollections(await readShare(mount()), rev, link),
    close: () => undefined,
  };
}
