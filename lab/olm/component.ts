/**
 * LabComponent 'olm': Operator Lifecycle Manager for the MTV operator, as far as an upgrade needs
 * it. When a Subscription's channel resolves (catalog.ts) to a CSV other than the installed one,
 * OLM makes an InstallPlan (approved at once for installPlanApproval Automatic, else waiting in
 * RequiresApproval until spec.approved is set), then installs: the new ClusterServiceVersion goes
 * Pending → InstallReady → Installing → Succeeded while the operator's Deployments roll (the
 * forklift-* pods are replaced by pods of the new ReplicaSets), the old CSV is Replacing and then
 * deleted, the InstallPlan is Complete and the Subscription reports the new installedCSV
 * (AtLatestKnown). Forklift's CRs are untouched: an upgrade keeps them. Each phase takes one MTV
 * minute of lab time.
 */
import { nowTimestamp } from '../apiserver/objects';
import type { KubeObject, ResourceType, Store, StoreEvent } from '../apiserver/contract';
import type { LabComponent } from '../component';
import type { LabFaults } from '../faults-catalog';
import { requireType } from '../bootstrap/store-helpers';
import { channelHead, PACKAGE, versionOf } from './catalog';
import { installPlanObject, upgradedCsv, upgradedPod } from './upgrade-objects';

interface Types {
  sub: ResourceType;
  csv: ResourceType;
  ip: ResourceType;
  pod: ResourceType;
}

class Olm {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly installing = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly t: Types,
    private readonly faults: LabFaults,
    private readonly minuteMs: number,
    private readonly log: (m: string) => void,
  ) {}

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  onEvent(e: StoreEvent): void {
    if (e.type === 'DELETED') return;
    const is = (rt: ResourceType) => e.resource.group === rt.group && e.resource.plural === rt.plural;
    if (is(this.t.sub)) this.resolve(e.object);
    else if (is(this.t.ip)) this.maybeInstall(e.object);
  }

  /** A Subscription whose channel head is not installed gets an InstallPlan for it. */
  private resolve(sub: KubeObject): void {
    const spec = (sub.spec ?? {}) as { channel?: string; name?: string; installPlanApproval?: string };
    const status = (sub.status ?? {}) as { installedCSV?: string; currentCSV?: string };
    const head = spec.name === PACKAGE ? channelHead(spec.channel ?? '') : undefined;
    if (!head || head === status.installedCSV || head === status.currentCSV) return;
    const ns = sub.metadata.namespace ?? '';
    const ip = installPlanObject(ns, head, spec.installPlanApproval ?? 'Automatic', sub);
    const created = this.store.get(this.t.ip, ns, ip.metadata.name ?? '') ?? this.store.create(this.t.ip, ip);
    const ipName = created.metadata.name ?? '';
    this.store.mutate(
      this.t.sub,
      ns,
      sub.metadata.name ?? '',
      (o) => {
        o.status = {
          ...((o.status ?? {}) as object),
          currentCSV: head,
          state: 'UpgradePending',
          installPlanRef: { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: ipName, namespace: ns },
          installplan: { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: ipName, uuid: created.metadata.uid },
          lastUpdated: nowTimestamp(),
        };
      },
      { status: true },
    );
    this.log(`Subscription ${ns}/${sub.metadata.name}: channel ${spec.channel} resolves to ${head}; InstallPlan ${ipName}`);
    this.setPhase(this.t.ip, ns, ipName, { phase: (created.spec as { approved?: boolean }).approved ? 'Installing' : 'RequiresApproval' });
  }

  private maybeInstall(ip: KubeObject): void {
    const spec = (ip.spec ?? {}) as { approved?: boolean; clusterServiceVersionNames?: string[] };
    const phase = (ip.status as { phase?: string } | undefined)?.phase;
    const key = `${ip.metadata.namespace}/${ip.metadata.name}`;
    if (!spec.approved || this.installing.has(key) || (phase !== 'Installing' && phase !== 'RequiresApproval')) return;
    const csv = spec.clusterServiceVersionNames?.[0];
    if (!csv) return;
    this.installing.add(key);
    this.setPhase(this.t.ip, ip.metadata.namespace, ip.metadata.name ?? '', { phase: 'Installing' });
    this.install(ip.metadata.namespace ?? '', ip.metadata.name ?? '', csv);
  }

  private later(minutes: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, minutes * this.minuteMs);
    this.timers.add(timer);
  }

  private setPhase(rt: ResourceType, ns: string | undefined, name: string, status: Record<string, unknown>): void {
    this.store.mutate(rt, ns, name, (o) => (o.status = { ...((o.status ?? {}) as object), ...status }), { status: true });
  }

  /** The install strategy: new CSV, rolled pods, old CSV replaced, InstallPlan and Subscription done. */
  private install(ns: string, ipName: string, csv: string): void {
    const sub = this.store.list(this.t.sub, ns).find((s) => (s.spec as { name?: string }).name === PACKAGE);
    const oldName = (sub?.status as { installedCSV?: string } | undefined)?.installedCSV ?? '';
    const old = this.store.get(this.t.csv, ns, oldName);
    if (!sub || !old) return this.log(`InstallPlan ${ns}/${ipName}: no installed ${PACKAGE} CSV to upgrade from`);
    if (!this.store.get(this.t.csv, ns, csv)) this.store.create(this.t.csv, upgradedCsv(old, csv));
    const csvPhase = (phase: string, reason: string, message: string) => this.setPhase(this.t.csv, ns, csv, { phase, reason, message });
    this.later(1, () => csvPhase('InstallReady', 'InstallWaiting', 'installing: waiting for deployment forklift-operator to become ready'));
    this.later(2, () => {
      csvPhase('Installing', 'InstallWaiting', 'installing: waiting for deployment forklift-operator to become ready');
      this.setPhase(this.t.csv, ns, oldName, { phase: 'Replacing', reason: 'BeingReplaced', message: `being replaced by csv: ${csv}` });
      if (!this.faults.isOn('olm-upgrade-keeps-pods')) this.rollPods(ns, versionOf(csv));
    });
    this.later(3, () => {
      if (this.faults.isOn('olm-csv-install-fails')) {
        csvPhase('Failed', 'InstallComponentFailed', 'install strategy failed: deployment forklift-operator not ready before timeout');
        this.setPhase(this.t.ip, ns, ipName, { phase: 'Failed' });
        return;
      }
      csvPhase('Succeeded', 'InstallSucceeded', 'install strategy completed with no errors');
      this.store.delete(this.t.csv, ns, oldName);
      this.setPhase(this.t.ip, ns, ipName, { phase: 'Complete' });
      this.setPhase(this.t.sub, ns, sub.metadata.name ?? '', {
        installedCSV: csv,
        currentCSV: csv,
        state: 'AtLatestKnown',
        lastUpdated: nowTimestamp(),
      });
      this.log(`${PACKAGE} upgraded ${oldName} -> ${csv}`);
    });
  }

  /** The Deployments roll: each forklift-* pod is replaced by one of the new ReplicaSet, Running a minute later. */
  private rollPods(ns: string, version: string): void {
    const old = this.store.list(this.t.pod, ns).filter((p) => (p.metadata.name ?? '').startsWith('forklift-'));
    for (const pod of old) {
      const next = upgradedPod(pod, version, nowTimestamp());
      if (!this.store.get(this.t.pod, ns, next.metadata.name ?? '')) this.store.create(this.t.pod, next);
      this.store.delete(this.t.pod, ns, pod.metadata.name ?? '');
    }
  }
}

export const olmComponent: LabComponent = {
  name: 'olm',
  async start(ctx) {
    const t: Types = {
      sub: requireType(ctx.store, 'operators.coreos.com', 'subscriptions'),
      csv: requireType(ctx.store, 'operators.coreos.com', 'clusterserviceversions'),
      ip: requireType(ctx.store, 'operators.coreos.com', 'installplans'),
      pod: requireType(ctx.store, '', 'pods'),
    };
    const olm = new Olm(ctx.store, t, ctx.faults, ctx.msPerMinute, (m) => ctx.log('olm', m));
    const unsubscribe = ctx.store.subscribe((e) => olm.onEvent(e));
    return {
      async stop() {
        unsubscribe();
        olm.stop();
      },
    };
  },
};
