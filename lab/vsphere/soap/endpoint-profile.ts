/**
 * What kind of endpoint a VimService answers as: vCenter (the whole model) or one ESXi host's
 * own hostd (lab/vsphere/esxi). The profile decides what the client sees — ServiceContent, the
 * inventory objects, the well-known collector and session manager MoRefs — and which methods
 * that kind of endpoint does not offer.
 */
import type { VSphereModelSnapshot } from '../model';
import { inventoryObjects, type Props } from './inventory-objects';
import { serviceContent } from './service-content';
import type { DataV, MoRefV } from './values';

export interface EndpointProfile {
  /** The model as this endpoint shows it. */
  view(snap: VSphereModelSnapshot): VSphereModelSnapshot;
  serviceContent(view: VSphereModelSnapshot): DataV;
  inventory(view: VSphereModelSnapshot): Map<string, { ref: MoRefV; props: Props }>;
  propertyCollector: string;
  sessionManager: string;
  /** Methods this endpoint answers with NotSupported (ESXi cannot clone: that is vCenter's job). */
  notSupported: ReadonlySet<string>;
  /** Only the objects of the view exist: a call on any other VM answers ManagedObjectNotFound. */
  scoped: boolean;
}

export const VCENTER_PROFILE: EndpointProfile = {
  view: (snap) => snap,
  serviceContent,
  inventory: inventoryObjects,
  propertyCollector: 'propertyCollector',
  sessionManager: 'SessionManager',
  notSupported: new Set(),
  scoped: false,
};
