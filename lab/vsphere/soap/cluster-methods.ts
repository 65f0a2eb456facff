/**
 * ReconfigureComputeResource_Task on a ClusterComputeResource (ClusterConfigSpecEx): the lab
 * applies DRS on/off (drsConfig.enabled) and per-VM DRS overrides (drsVmConfigSpec: add / edit
 * with info {key, enabled, behavior}, remove with removeKey) — what a suite uses to keep its cloned
 * VMs on the host it cloned them to. Other parts of the spec are accepted and ignored.
 */
import type { ClusterReconfigure } from '../lab-model-types';
import type { LabVSphereModel } from '../lab-model';
import { fault } from './faults';
import { moRefOf } from './property-collector';
import { bool, required } from './request-args';
import { response, type CallResult } from './service-types';
import type { TaskManager } from './tasks';
import type { MoRefV } from './values';
import { child, children, moRefEl, textOf, type XmlNode } from './xml';

type DrsVm = NonNullable<ClusterReconfigure['drsVm']>[number];

function drsVmSpec(s: XmlNode): DrsVm {
  const operation = (textOf(s, 'operation') ?? 'add') as DrsVm['operation'];
  if (!['add', 'edit', 'remove'].includes(operation))
    throw fault('InvalidArgument', `operation ${operation}`, { invalidProperty: 'operation' });
  if (operation === 'remove') return { operation, vm: moRefOf(required(s, 'removeKey'), 'removeKey').value };
  const info = required(s, 'info');
  const enabled = bool(info, 'enabled');
  const behavior = textOf(info, 'behavior');
  return {
    operation,
    vm: moRefOf(required(info, 'key'), 'key').value,
    ...(enabled !== undefined ? { enabled } : {}),
    ...(behavior ? { behavior } : {}),
  };
}

export function reconfigureComputeResource(
  m: XmlNode,
  self: MoRefV,
  model: LabVSphereModel,
  tasks: TaskManager,
  userName: string,
): CallResult {
  const cluster = model.snapshot().clusters.find((c) => c.moref === self.value);
  if (self.type !== 'ClusterComputeResource' || !cluster)
    throw fault(
      'ManagedObjectNotFound',
      `The object '${self.type}:${self.value}' has already been deleted or has not been completely created`,
      {
        obj: self,
      },
    );
  const spec = required(m, 'spec');
  const drsEnabled = bool(child(spec, 'drsConfig'), 'enabled');
  const change: ClusterReconfigure = {
    ...(drsEnabled !== undefined ? { drsEnabled } : {}),
    drsVm: children(spec, 'drsVmConfigSpec').map(drsVmSpec),
  };
  const ref = tasks.start(
    {
      name: 'ReconfigureComputeResource_Task',
      descriptionId: 'ClusterComputeResource.reconfigureEx',
      entity: self,
      entityName: cluster.name,
      userName,
      weight: 1,
    },
    () => {
      model.reconfigureCluster(self.value, change);
      return undefined;
    },
  );
  return response(m.name, moRefEl('returnval', ref));
}
