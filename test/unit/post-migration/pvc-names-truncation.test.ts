import { checkPvcNames } from '../../../utilities/post-migration/checks/pvc-names';
import { expectedPvcNamePrefix } from '../../../utilities/naming';
import { buildDestinationVmFacts } from '../../../utilities/post-migration/destination-facts';
import { destinationPvcs, destinationVm, destinationVmi, sourceVm } from './samples';

// 57 ASCII characters then a character outside the BMP (two UTF-16 units): Python, counting code
// points, keeps it whole in a 58-character prefix; a UTF-16 slice would cut it in half.
const RENDERED = `${'x'.repeat(57)}\u{1F600}tail`;
const EXPECTED_PREFIX = `${'x'.repeat(57)}\u{1F600}`;

test('the pvc-names check cuts the rendered template like utilities/naming (code points, as Python)', () => {
  expect(expectedPvcNamePrefix({ template: '{{.VmName}}', data: { VmName: RENDERED }, useGenerateName: true })).toEqual({
    expected: EXPECTED_PREFIX,
    match: 'prefix',
  });
  const dest = buildDestinationVmFacts(
    destinationVm((vm) => {
      vm.spec.template.spec!.volumes![0]!.dataVolume!.name = `${EXPECTED_PREFIX}k2x7p`;
      vm.spec.template.spec!.volumes![1]!.dataVolume!.name = `${EXPECTED_PREFIX}abcde`;
    }),
    destinationVmi(),
    destinationPvcs(),
  );
  const context = { template: 'fixed', useGenerateName: true, planName: 'p', render: () => RENDERED };
  expect(checkPvcNames(sourceVm(), dest, context)).toEqual([]);
  // A PVC that only shares the half-cut prefix is not accepted.
  const broken = buildDestinationVmFacts(
    destinationVm((vm) => {
      vm.spec.template.spec!.volumes![0]!.dataVolume!.name = `${'x'.repeat(57)}\uD83Dk2x7p`;
      vm.spec.template.spec!.volumes![1]!.dataVolume!.name = `${EXPECTED_PREFIX}abcde`;
    }),
    destinationVmi(),
    destinationPvcs(),
  );
  // (A UTF-16 cut leaves a lone high surrogate as the prefix, which this name starts with.)
  const failures = checkPvcNames(sourceVm(), broken, context);
  expect(failures.map((f) => f.subject)).toEqual([expect.stringContaining('disk 0'), expect.stringContaining('disk 1')]);
});
