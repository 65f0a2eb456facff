/** The endpoint profile of one ESXi host's own vim25 endpoint (hostd) over the lab vCenter's model. */
import type { EndpointProfile } from '../soap/endpoint-profile';
import { esxiInventoryObjects } from './host-objects';
import { esxiHostSnapshot } from './host-snapshot';
import { ESXI_PROPERTY_COLLECTOR, ESXI_SESSION_MANAGER, esxiServiceContent } from './service-content';

/** hostd's answer to CloneVM_Task is NotSupported: VMs are cloned through vCenter. */
const HOST_NOT_SUPPORTED = ['CloneVM_Task'];

export function esxiProfile(hostMoref: string): EndpointProfile {
  return {
    view: (snap) => esxiHostSnapshot(snap, hostMoref),
    serviceContent: esxiServiceContent,
    inventory: esxiInventoryObjects,
    propertyCollector: ESXI_PROPERTY_COLLECTOR,
    sessionManager: ESXI_SESSION_MANAGER,
    notSupported: new Set(HOST_NOT_SUPPORTED),
    scoped: true,
  };
}
