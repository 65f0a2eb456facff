/**
 * LabComponent 'forklift-inventory': the inventory service (collectors + HTTPS API) published as
 * Route/Service forklift-inventory in the MTV namespace. Provides 'forklift.inventory' (the
 * InventoryService the Forklift controller starts collectors on) and 'forklift.inventory.url'.
 */
import type { LabComponent } from '../component';
import type { VSphereModel } from '../vsphere/model';
import type { LabEsxiEndpoint } from '../vsphere/esxi/endpoint';
import { MTV_NAMESPACE } from '../forklift/settings';
import { providedExports } from '../ova/component';
import { InventoryAuth } from './auth';
import { publishInventoryEndpoint } from './exposure';
import { InventoryRoutes } from './routes';
import { startInventoryServer } from './server';
import { defaultInventoryLagMs, defaultRemotePollMs, InventoryService } from './service';

export const forkliftInventoryComponent: LabComponent = {
  name: 'forklift-inventory',
  async start(ctx) {
    const model = ctx.need<VSphereModel>('vsphere.model');
    const vsphereUrl = ctx.need<string>('vsphere.url');
    const esxi = ctx.need<LabEsxiEndpoint>('vsphere.esxi');
    const service = new InventoryService(
      model,
      vsphereUrl,
      ctx.faults,
      defaultInventoryLagMs(ctx.msPerMinute),
      [esxi],
      defaultRemotePollMs(ctx.msPerMinute),
    );
    service.serveNfsExports(providedExports(ctx));
    const routes = new InventoryRoutes(service, ctx.store);
    const auth = new InventoryAuth(ctx.apiServerUrl, ctx.tls.caCertPem);
    const server = await startInventoryServer(ctx.tls, routes, auth, (m) => ctx.log('forklift-inventory', m));
    // A deleted Provider's collector stops; a modified one keeps serving the latest CR.
    const unsubscribe = ctx.store.subscribe((e) => {
      if (e.resource.group !== 'forklift.konveyor.io' || e.resource.plural !== 'providers') return;
      const uid = e.object.metadata.uid ?? '';
      if (e.type === 'DELETED') service.stopCollector(uid);
      else if (service.collector(uid)) service.startCollector(e.object);
    });
    try {
      const host = publishInventoryEndpoint(ctx.store, MTV_NAMESPACE, server.port);
      ctx.log('forklift-inventory', `serving https://${host} (route ${MTV_NAMESPACE}/forklift-inventory)`);
    } catch (e) {
      unsubscribe();
      service.close();
      await server.close();
      throw e;
    }
    ctx.provide('forklift.inventory', service);
    ctx.provide('forklift.inventory.url', `https://127.0.0.1:${server.port}`);
    return {
      async stop() {
        unsubscribe();
        service.close();
        await server.close();
      },
    };
  },
};
