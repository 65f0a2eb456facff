/**
 * Watches a lab's API while the CLI runs against it and keeps, per resource, the set of objects
 * that exist right now. Because the CLI stops its embedded lab at the end, "what is left after the
 * run" is read from these watches: deletions made by teardown arrive as DELETED events before the
 * lab stops. Objects of a session are those whose name starts with the session id or that live in
 * one of its namespaces (PVs: bound to a claim there).
 */
import { connect } from '../../../lib/k8s/connect';
import type { K8sClient } from '../../../lib/k8s/client';
import { loadClientNode } from '../../../lib/k8s/client-node';
import { RESOURCES, collectionPath, type Kind } from '../../../lib/k8s/kinds';
import { silentLog } from '../../../lib/k8s/log';

export const OBSERVED_KINDS: readonly Kind[] = [
  'Namespace',
  'Secret',
  'Pod',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'NetworkAttachmentDefinition',
  'VirtualMachine',
  'VirtualMachineInstance',
  'DataVolume',
  'Provider',
  'Plan',
  'Migration',
  'NetworkMap',
  'StorageMap',
  'Hook',
  'Host',
];

interface Seen {
  kind: Kind;
  name: string;
  namespace?: string;
  claimNamespace?: string;
}

export class LabObserver {
  private live = new Map<string, Seen>();
  private everSeen = new Map<string, Seen>();
  private controllers: AbortController[] = [];
  private stopped = false;

  private constructor(readonly client: K8sClient) {}

  static async start(kubeconfig: string): Promise<LabObserver> {
    const obs = new LabObserver(await connect({ kind: 'kubeconfig', path: kubeconfig }, silentLog));
    await Promise.all(OBSERVED_KINDS.map((k) => obs.follow(k)));
    return obs;
  }

  private key(s: Seen): string {
    return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
  }

  private record(
    kind: Kind,
    type: string,
    obj: { metadata?: { name?: string; namespace?: string }; spec?: { claimRef?: { namespace?: string } } },
  ): void {
    const seen: Seen = {
      kind,
      name: obj.metadata?.name ?? '',
      namespace: obj.metadata?.namespace,
      claimNamespace: obj.spec?.claimRef?.namespace,
    };
    const k = this.key(seen);
    if (type === 'DELETED') this.live.delete(k);
    else {
      this.live.set(k, seen);
      this.everSeen.set(k, seen);
    }
  }

  private async follow(kind: Kind, fromVersion?: string): Promise<void> {
    if (this.stopped) return;
    let rv = fromVersion;
    if (rv === undefined) {
      const list = await this.client.list(kind);
      for (const item of list.items) this.record(kind, 'ADDED', item as never);
      rv = list.resourceVersion;
    }
    const k8s = loadClientNode();
    let last = rv;
    const ctl = await new k8s.Watch(this.client.kubeConfig).watch(
      collectionPath(RESOURCES[kind]),
      { resourceVersion: rv, allowWatchBookmarks: true },
      (type: string, obj: unknown) => {
        const o = obj as { metadata?: { resourceVersion?: string } };
        if (type === 'ERROR' || type === 'BOOKMARK') return;
        if (o.metadata?.resourceVersion) last = o.metadata.resourceVersion;
        this.record(kind, type, obj as never);
      },
      (err: unknown) => {
        // The lab stopping ends every stream; a server-side close is resumed.
        if (!this.stopped && !err) void this.follow(kind, last).catch(() => undefined);
      },
    );
    this.controllers.push(ctl);
  }

  private belongs(s: Seen, session: string): boolean {
    return s.name.startsWith(session) || (s.namespace ?? '').startsWith(session) || (s.claimNamespace ?? '').startsWith(session);
  }

  /** Objects of the session that exist now (or existed when the lab went away). */
  leftovers(session: string): string[] {
    return [...this.live.entries()].filter(([, s]) => this.belongs(s, session)).map(([k]) => k);
  }

  /** Everything of the session ever observed (proves the observer was watching). */
  observed(session: string): string[] {
    return [...this.everSeen.entries()].filter(([, s]) => this.belongs(s, session)).map(([k]) => k);
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.controllers) c.abort();
    this.client.close();
  }
}
