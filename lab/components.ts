/**
 * The parts of the lab that run inside the lab process, started in this order by startLab with a
 * LabContext and stopped in reverse. Helpers append their components here (controllers,
 * inventory, simulators, guests); the API server itself is not a component.
 */
import type { LabComponent } from './component';

export const LAB_COMPONENTS: LabComponent[] = [];
