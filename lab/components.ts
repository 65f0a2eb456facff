/**
 * The parts of the lab that run inside the lab process, started in this order by startLab with a
 * LabContext and stopped in reverse. Helpers append their components here (controllers,
 * inventory, simulators, guests); the API server itself is not a component.
 */
import { aapComponent } from './aap/component';
import { bootstrapComponent } from './bootstrap/component';
import { cdiComponent } from './cdi/controller';
import { forkliftControllerComponent } from './forklift/component';
import { forkliftInventoryComponent } from './inventory/component';
import type { LabComponent } from './component';
import { guestsComponent } from './guests/component';
import { olmComponent } from './olm/component';
import { kubevirtComponent } from './kubevirt/controller';
import { ovirtComponent } from './ovirt/component';
import { openstackComponent } from './openstack/component';
import { ovaComponent } from './ova/component';
import { remoteClusterComponent } from './remote/cluster';
import { vsphereComponent } from './vsphere/component';

export const LAB_COMPONENTS: LabComponent[] = [
  // vsphere first: kubevirt and guests read vsphere.model / vsphere.url / vsphere.credentials.
  vsphereComponent,
  ovirtComponent, // the RHV engine; the guests component writes its providers.json entry
  openstackComponent,
  ovaComponent, // the NFS export of OVA files; the inventory's OVA provider servers mount it
  aapComponent, // AAP (AWX API) for AAP hooks; the lab's Forklift calls it
  bootstrapComponent,
  olmComponent, // after bootstrap: upgrades the MTV operator it installed
  kubevirtComponent,
  cdiComponent,
  // A second cluster (own API server, KubeVirt, CDI, guests) as a remote migration destination.
  remoteClusterComponent,
  // Forklift: the inventory first (the controller starts collectors on it and reads it).
  forkliftInventoryComponent,
  forkliftControllerComponent,
  guestsComponent,
];
