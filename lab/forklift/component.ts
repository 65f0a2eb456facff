/**
 * LabComponent 'forklift-controller': Forklift's controllers in the lab process. It watches the
 * store (and the inventory) and reconciles Providers, NetworkMaps, StorageMaps, Hooks, Plans and
 * Migrations through one work queue, as the controller-runtime reconcilers do. Needs
 * 'forklift.inventory' (forklift-inventory component) and 'vsphere.model' (vsphere component).
 */
import type { StoreEvent } from '../apiserver/contract';
import type { LabComponent } from '../component';
import type { InventoryService } from '../inventory/service';
import type { VSphereModel } from '../vsphere/model';
import { HookController } from './hook-controller';
import { Kinds, type KindName } from './kinds';
import { LabClock } from './lab-clock';
import { MapController } from './map-controller';
import { MigrationController } from './migration-controller';
import { PlanController } from './plan-controller';
import { ProviderController } from './provider-controller';
import { admitProvider } from './provider-webhook';
import { readSettings } from './settings';
import { WorkQueue } from './work-queue';

type Reconciled = 'provider' | 'networkMap' | 'storageMap' | 'hook' | 'plan' | 'migration';
const RECONCILED: readonly Reconciled[] = ['provider', 'networkMap', 'storageMap', 'hook', 'plan', 'migration'];

export const forkliftControllerComponent: LabComponent = {
  name: 'forklift-controller',
  async start(ctx) {
    const inventory = ctx.need<InventoryService>('forklift.inventory');
    const model = ctx.need<VSphereModel>('vsphere.model');
    const kinds = new Kinds(ctx.store);
    const removeProviderWebhook = ctx.store.addAdmission(admitProvider);
    const log = (m: string) => ctx.log('forklift-controller', m);
    const clock = new LabClock(ctx.msPerMinute);
    const providers = new ProviderController(kinds, inventory, ctx.faults, (ns, name) => enqueue('provider', ns, name));
    const maps = new MapController(kinds, inventory, ctx.faults);
    const hooks = new HookController(kinds);
    const migrations = new MigrationController(kinds, inventory);
    let queue: WorkQueue | undefined;
    const enqueue = (kind: Reconciled, ns: string, name: string) => queue?.add(`${kind}/${ns}/${name}`);
    const plans = new PlanController(
      kinds,
      inventory,
      ctx.faults,
      { kinds, inventory, model, faults: ctx.faults, clock, settings: () => readSettings(ctx.store), log },
      (kind, ns, name) => enqueue(kind, ns, name),
    );

    queue = new WorkQueue(
      'forklift-controller',
      async (key) => {
        const [kind, ns, name] = key.split('/') as [Reconciled, string, string];
        switch (kind) {
          case 'provider':
            return providers.reconcile(ns, name);
          case 'networkMap':
          case 'storageMap':
            return maps.reconcile(kind, ns, name);
          case 'hook':
            return hooks.reconcile(ns, name);
          case 'plan':
            return plans.reconcile(ns, name);
          case 'migration': {
            const plan = migrations.reconcile(ns, name);
            if (plan) enqueue('plan', plan.planNs, plan.planName);
            return undefined;
          }
          default:
            return undefined;
        }
      },
      log,
    );

    const enqueueAll = (...only: Reconciled[]) => {
      for (const kind of only.length ? only : RECONCILED) for (const o of kinds.list(kind as KindName)) enqueue(kind, o.metadata.namespace ?? '', o.metadata.name ?? '');
    };
    const kindOf = (e: StoreEvent): Reconciled | undefined => RECONCILED.find((k) => kinds.is(k, e.resource));

    const unsubscribe = ctx.store.subscribe((e) => {
      const kind = kindOf(e);
      const ns = e.object.metadata.namespace ?? '';
      const name = e.object.metadata.name ?? '';
      if (kind) {
        enqueue(kind, ns, name);
        if (kind === 'migration') {
          const run = plans.runFor(e.object.metadata.uid ?? '');
          if (run && e.type === 'DELETED') plans.markDeleted(e.object.metadata.uid ?? '');
          else if (run) run.runner.migrationChanged();
        }
        if (kind === 'provider') {
          if (e.type === 'DELETED') providers.forget(e.object.metadata.uid ?? '');
          enqueueAll('networkMap', 'storageMap', 'plan');
        }
        if (kind === 'networkMap' || kind === 'storageMap' || kind === 'hook') enqueueAll('plan');
        if (kind === 'plan') {
          if (e.type === 'DELETED') plans.planDeleted(e.object);
          enqueueAll('migration');
        }
        return;
      }
      if (kinds.is('secret', e.resource)) enqueueAll('provider');
      else if (kinds.is('nad', e.resource) || kinds.is('storageClass', e.resource)) enqueueAll('networkMap', 'storageMap');
      else if (kinds.is('vm', e.resource) || kinds.is('namespace', e.resource)) enqueueAll('plan');
    });
    const unsubscribeInventory = inventory.onChange(() => enqueueAll('provider', 'networkMap', 'storageMap', 'plan'));
    enqueueAll();
    log(`started (1 MTV minute = ${ctx.msPerMinute} ms)`);
    return {
      async stop() {
        removeProviderWebhook();
        unsubscribe();
        unsubscribeInventory();
        plans.stopAll();
        queue?.stop();
      },
    };
  },
};
