/**
 * LabComponent 'forklift-controller': Forklift's controllers in the lab process. It watches the
 * store (and the inventory) and reconciles Providers, NetworkMaps, StorageMaps, Hooks, Plans and
 * Migrations through one work queue, as the controller-runtime reconcilers do. Needs
 * 'forklift.inventory' (forklift-inventory component) and 'vsphere.model' (vsphere component).
 */
import { REMOTE_CLUSTER_KEY, type RemoteCluster } from '../remote/cluster';
import type { DiskDataStore } from '../disk-data';
import type { StoreEvent } from '../apiserver/contract';
import type { LabComponent, LabContext } from '../component';
import type { InventoryService } from '../inventory/service';
import type { VSphereModel } from '../vsphere/model';
import type { EsxiSshHost } from '../vsphere/esxi/ssh-host';
import { ConversionController } from './conversion/controller';
import { HookController } from './hook-controller';
import { Kinds, type KindName } from './kinds';
import { LabClock } from './lab-clock';
import { MapController } from './map-controller';
import { MigrationController } from './migration-controller';
import { PlanController } from './plan-controller';
import { ProviderController } from './provider-controller';
import { planAdmission } from './plan-webhook';
import { admitProvider } from './provider-webhook';
import { MTV_NAMESPACE, readSettings } from './settings';
import { WorkQueue } from './work-queue';

type Reconciled = 'provider' | 'networkMap' | 'storageMap' | 'hook' | 'plan' | 'migration' | 'conversion';
const RECONCILED: readonly Reconciled[] = ['provider', 'networkMap', 'storageMap', 'hook', 'plan', 'migration', 'conversion'];

type StartContext = Parameters<LabComponent['start']>[0];

/** The disk data the vCenter simulator keeps (absent when the lab runs without it). */
function optionalDisks(ctx: StartContext): DiskDataStore | undefined {
  try {
    return ctx.need<DiskDataStore>('disks.data');
  } catch {
    return undefined;
  }
}

/** The lab ESXi host's sshd side (absent when the lab runs without the vSphere simulator). */
function optionalEsxiSsh(ctx: StartContext): EsxiSshHost | undefined {
  try {
    return ctx.need<EsxiSshHost>('vsphere.esxi.ssh');
  } catch {
    return undefined;
  }
}

/** The remote destination cluster (absent when the lab runs without it). */
function optionalRemotes(ctx: StartContext): RemoteCluster[] {
  try {
    return [ctx.need<RemoteCluster>(REMOTE_CLUSTER_KEY)];
  } catch {
    return [];
  }
}

/** The controllers and the one work queue they share; store events become queue keys. */
class ForkliftReconcilers {
  private readonly kinds: Kinds;
  private readonly providers: ProviderController;
  private readonly maps: MapController;
  private readonly hooks: HookController;
  private readonly conversions: ConversionController;
  private readonly migrations: MigrationController;
  private readonly plans: PlanController;
  /** Undefined only while the constructor builds the controllers: what they enqueue then is dropped, as before the queue exists. */
  private readonly queue: WorkQueue | undefined;

  constructor(ctx: StartContext, inventory: InventoryService, model: VSphereModel, log: (m: string) => void) {
    const kinds = new Kinds(ctx.store, (ns, pod, container, line) => ctx.podLog(ns, pod, container, line));
    const clock = new LabClock(ctx.msPerMinute);
    const enqueue = (kind: Reconciled, ns: string, name: string) => this.enqueue(kind, ns, name);
    this.kinds = kinds;
    const esxi = optionalEsxiSsh(ctx);
    this.providers = new ProviderController(kinds, inventory, ctx.faults, (ns, name) => enqueue('provider', ns, name), esxi);
    this.maps = new MapController(kinds, inventory, ctx.faults);
    this.hooks = new HookController(kinds);
    this.conversions = new ConversionController(kinds, model, ctx.faults, ctx.msPerMinute);
    this.migrations = new MigrationController(kinds, inventory);
    this.plans = new PlanController(
      kinds,
      inventory,
      ctx.faults,
      {
        kinds,
        inventory,
        model,
        faults: ctx.faults,
        clock,
        settings: () => readSettings(ctx.store),
        log,
        disks: optionalDisks(ctx),
        remotes: optionalRemotes(ctx),
        ...(esxi ? { esxi } : {}),
      },
      enqueue,
    );
    this.queue = new WorkQueue('forklift-controller', (key) => this.reconcile(key), log);
  }

  enqueue(kind: Reconciled, ns: string, name: string): void {
    this.queue?.add(`${kind}/${ns}/${name}`);
  }

  enqueueAll(...only: Reconciled[]): void {
    for (const kind of only.length ? only : RECONCILED)
      for (const o of this.kinds.list(kind as KindName)) this.enqueue(kind, o.metadata.namespace ?? '', o.metadata.name ?? '');
  }

  stop(): void {
    this.plans.stopAll();
    this.queue?.stop();
  }

  private async reconcile(key: string): Promise<number | undefined> {
    const [kind, ns, name] = key.split('/') as [Reconciled, string, string];
    switch (kind) {
      case 'provider':
        return this.providers.reconcile(ns, name);
      case 'networkMap':
      case 'storageMap':
        return this.maps.reconcile(kind, ns, name);
      case 'hook':
        return this.hooks.reconcile(ns, name);
      case 'conversion':
        return this.conversions.reconcile(ns, name);
      case 'plan':
        return this.plans.reconcile(ns, name);
      case 'migration': {
        const plan = this.migrations.reconcile(ns, name);
        if (plan) this.enqueue('plan', plan.planNs, plan.planName);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** A store event: its own object is reconciled, and the kinds that depend on it are requeued. */
  onStoreEvent(e: StoreEvent): void {
    const kind = RECONCILED.find((k) => this.kinds.is(k, e.resource));
    if (!kind) return this.onDependencyEvent(e);
    if (kind === 'conversion') return this.conversionChanged(e);
    this.enqueue(kind, e.object.metadata.namespace ?? '', e.object.metadata.name ?? '');
    const uid = e.object.metadata.uid ?? '';
    const deleted = e.type === 'DELETED';
    switch (kind) {
      case 'migration':
        return this.migrationChanged(uid, deleted);
      case 'provider':
        if (deleted) this.providers.forget(uid);
        return this.enqueueAll('networkMap', 'storageMap', 'plan');
      case 'networkMap':
      case 'storageMap':
      case 'hook':
        return this.enqueueAll('plan');
      case 'plan':
        if (deleted) this.plans.planDeleted(e.object);
        return this.enqueueAll('migration');
      default:
        return undefined;
    }
  }

  /** Conversions follow Forklift's ConversionPredicate: status-only updates wait for the next poll. */
  private conversionChanged(e: StoreEvent): void {
    if (e.type === 'DELETED') this.conversions.forget(e.object.metadata.uid ?? '');
    else if (ConversionController.wants(e.type, e.object))
      this.enqueue('conversion', e.object.metadata.namespace ?? '', e.object.metadata.name ?? '');
  }

  private migrationChanged(uid: string, deleted: boolean): void {
    const run = this.plans.runFor(uid);
    if (run && deleted) this.plans.markDeleted(uid);
    else if (run) run.runner.migrationChanged();
  }

  /** Secrets, NADs, StorageClasses, VMs and namespaces are not reconciled but feed the kinds that are. */
  private onDependencyEvent(e: StoreEvent): void {
    if (this.kinds.is('secret', e.resource)) this.enqueueAll('provider');
    else if (this.kinds.is('nad', e.resource) || this.kinds.is('storageClass', e.resource)) this.enqueueAll('networkMap', 'storageMap');
    else if (this.kinds.is('vm', e.resource) || this.kinds.is('namespace', e.resource)) this.enqueueAll('plan');
  }
}

/**
 * The controller's lines also go to the log of the forklift-controller pod's `main` container (as
 * `oc logs deploy/forklift-controller -c main` shows them on a cluster). The pod is looked up by
 * its Deployment's labels the first time it is needed.
 */
function controllerPodLog(ctx: LabContext): (line: string) => void {
  let pod: string | undefined;
  return (line) => {
    const pods = ctx.store.resourceType('', 'pods');
    pod ??= pods && ctx.store.list(pods, MTV_NAMESPACE, { labelSelector: 'service=forklift-controller' })[0]?.metadata.name;
    if (pod) ctx.podLog(MTV_NAMESPACE, pod, 'main', `${new Date().toISOString()} INFO ${line}`);
  };
}

export const forkliftControllerComponent: LabComponent = {
  name: 'forklift-controller',
  async start(ctx) {
    const inventory = ctx.need<InventoryService>('forklift.inventory');
    const model = ctx.need<VSphereModel>('vsphere.model');
    const removeProviderWebhook = ctx.store.addAdmission(admitProvider);
    const removePlanWebhook = ctx.store.addAdmission(planAdmission(ctx.store));
    const podLog = controllerPodLog(ctx);
    const log = (m: string) => {
      ctx.log('forklift-controller', m);
      podLog(m);
    };
    const reconcilers = new ForkliftReconcilers(ctx, inventory, model, log);
    const unsubscribe = ctx.store.subscribe((e) => reconcilers.onStoreEvent(e));
    const unsubscribeInventory = inventory.onChange(() => reconcilers.enqueueAll('provider', 'networkMap', 'storageMap', 'plan'));
    // SSHReady follows the ESXi host's authorized_keys.
    const unsubscribeEsxi = optionalEsxiSsh(ctx)?.onChange(() => reconcilers.enqueueAll('provider')) ?? (() => undefined);
    reconcilers.enqueueAll();
    log(`started (1 MTV minute = ${ctx.msPerMinute} ms)`);
    return {
      async stop() {
        removeProviderWebhook();
        removePlanWebhook();
        unsubscribe();
        unsubscribeInventory();
        unsubscribeEsxi();
        reconcilers.stop();
      },
    };
  },
};
