/** The lab fills .FileName and .RootDiskIndex of PVC name templates as Forklift's vSphere builder does (lab/forklift/naming.ts). */
import { pvcNames, type TargetInput } from '../../../lab/forklift/target-vm';
import type { LabFaults } from '../../../lab/faults-catalog';
import type { InvDisk, InvVm } from '../../../lab/inventory/types';

const disk = (file: string): InvDisk => ({ file, shared: false, datastore: { id: 'ds-1' } }) as unknown as InvDisk;

function input(spec: Record<string, unknown>, planVm: Record<string, unknown> = {}): TargetInput {
  return {
    plan: { apiVersion: 'forklift.konveyor.io/v1beta1', kind: 'Plan', metadata: { name: 'p1', namespace: 'ns' }, spec },
    planVm: { id: 'vm-1', ...planVm },
    status: {},
    inv: { id: 'vm-1', name: 'rhel8' } as InvVm,
    faults: { isOn: () => false } as unknown as LabFaults,
  } as unknown as TargetInput;
}

const names = (i: TargetInput, files: string[]): string[] => pvcNames(i, files.map(disk)).map((n) => n.name ?? n.generateName ?? '');

describe('lab PVC template data', () => {
  const files = ['[datastore1] rhel8/rhel8-000002.vmdk', '[datastore1] rhel8/rhel8_1.vmdk'];
  const spec = {
    pvcNameTemplate: '{{.FileName | trimSuffix ".vmdk" | replace "_" "-"}}-{{.RootDiskIndex}}',
    pvcNameTemplateUseGenerateName: false,
  };

  test('warm plans name the base disk (snapshot delta suffix dropped); cold plans keep the file as is', () => {
    expect(names(input({ ...spec, type: 'warm' }), files)).toEqual(['rhel8-0', 'rhel8-1-0']);
    expect(names(input({ ...spec, type: 'cold' }), files)).toEqual(['rhel8-000002-0', 'rhel8-1-0']);
  });

  test('.RootDiskIndex follows the plan VM rootDisk', () => {
    expect(names(input(spec, { rootDisk: '/dev/sdb' }), files.slice(1))).toEqual(['rhel8-1-1']);
  });
});
