/** check clone method (utilities/copyoffload/clone-method.ts): each populator reports the configured esxi_clone_method. */
import { formatVmValidationMessage } from '../../../exceptions/post-migration';
import { CLONE_METHOD_CHECK, cloneMethodFindings } from '../../../utilities/copyoffload/clone-method';

const disk = (vm: string, n: number, reported: string | undefined) => ({
  vm,
  disk: `[ds1] ${vm}/${vm}_${n}.vmdk`,
  pvc: `ns/pvc-0000000${n}`,
  reported,
});

describe('check clone method', () => {
  it('passes when every populator reports the configured method', () => {
    expect(cloneMethodFindings('ssh', [disk('a', 1, 'ssh'), disk('a', 2, 'ssh')])).toEqual([]);
    expect(cloneMethodFindings('vib', [disk('a', 1, 'vib')])).toEqual([]);
  });

  it('names the VM, the disk and its PVC, expected and actual, per VM', () => {
    const findings = cloneMethodFindings('vib', [disk('a', 1, 'ssh'), disk('a', 2, 'vib'), disk('b', 3, undefined)]);
    expect(findings).toEqual([
      {
        vm: 'a',
        failures: [
          {
            check: CLONE_METHOD_CHECK,
            subject: 'disk [ds1] a/a_1.vmdk (PVC ns/pvc-00000001)',
            expected: 'cloneMethod vib (esxi_clone_method)',
            actual: 'cloneMethod ssh',
          },
        ],
      },
      {
        vm: 'b',
        failures: [
          {
            check: CLONE_METHOD_CHECK,
            subject: 'disk [ds1] b/b_3.vmdk (PVC ns/pvc-00000003)',
            expected: 'cloneMethod vib (esxi_clone_method)',
            actual: 'cloneMethod not reported by its VSphereXcopyVolumePopulator',
          },
        ],
      },
    ]);
    expect(formatVmValidationMessage('p', findings, 2)).toMatch(/- check clone method: disk \[ds1\] a\/a_1\.vmdk \(PVC ns\/pvc-00000001\)/);
  });
});
