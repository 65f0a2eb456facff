/**
 * The suite's own PVC-name expectations (utilities/naming: mtv-api-tests check_pvc_names). Forklift's
 * naming itself is the lab's (lab/forklift/naming.ts, tested in test/lab/forklift/naming.test.ts).
 */
import {
  KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH,
  PvcNameExpectationError,
  expectedPvcNamePrefix,
  inventoryDiskFileName,
  matchPvcNames,
  orderVsphereDisks,
  pvcNameMatches,
} from '../../../utilities/naming';

describe('suite expectation (check_pvc_names)', () => {
  test('generateName: prefix, cut to 58', () => {
    const long = 'a-very-long-virtual-machine-name-that-keeps-going-and-going-on';
    const e = expectedPvcNamePrefix({
      template: '{{.VmName}}-disk-{{.DiskIndex}}',
      data: { VmName: long, DiskIndex: 0 },
      useGenerateName: true,
    });
    expect(e.match).toBe('prefix');
    expect(e.expected).toHaveLength(KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH);
    // What Forklift + the API server produce (prefix cut to 58, 5 random characters) starts with the expectation.
    const actual = `${long}-disk-0-`.slice(0, 58) + 'x7k2p';
    expect(pvcNameMatches(e, actual)).toBe(true);
    expect(pvcNameMatches(e, 'other-' + actual)).toBe(false);
  });
  test('exact name: cut to 63', () => {
    const e = expectedPvcNamePrefix({ template: '{{ repeat 70 "b" }}', data: {}, useGenerateName: false });
    expect(e).toEqual({ expected: 'b'.repeat(63), match: 'exact' });
    expect(pvcNameMatches(e, 'b'.repeat(63))).toBe(true);
    expect(pvcNameMatches(e, 'b'.repeat(63) + 'x')).toBe(false);
  });
  test('stripped; empty and failing templates raise', () => {
    expect(expectedPvcNamePrefix({ template: ' {{.VmName}} ', data: { VmName: 'vm1' }, useGenerateName: false }).expected).toBe('vm1');
    expect(() => expectedPvcNamePrefix({ template: '   ', data: {}, useGenerateName: false })).toThrow(PvcNameExpectationError);
    expect(() => expectedPvcNamePrefix({ template: '{{ .X }}', data: {}, useGenerateName: false })).toThrow(
      /Failed to render pvcNameTemplate/,
    );
  });
  test('inventory disk file names', () => {
    expect(inventoryDiskFileName('[datastore1] vm-name/vm-name_1.vmdk')).toBe('vm-name_1.vmdk');
    expect(inventoryDiskFileName('[ds] x.vmdk')).toBe('x.vmdk');
    expect(inventoryDiskFileName('plain.vmdk')).toBe('plain.vmdk');
  });
});

describe('suite matching (check_pvc_names loop)', () => {
  const template = '{{.VmName}}-disk-{{.DiskIndex}}';
  const exp = (i: number, gen: boolean) => expectedPvcNamePrefix({ template, data: { VmName: 'vm1', DiskIndex: i }, useGenerateName: gen });

  test('vSphere disks are ordered by controller key then unit number', () => {
    const disks = [
      { name: 'c', controllerKey: 1001, unitNumber: 0 },
      { name: 'b', controllerKey: 1000, unitNumber: 1 },
      { name: 'a', controllerKey: 1000, unitNumber: 0 },
    ];
    expect(orderVsphereDisks(disks).map((d) => d.name)).toEqual(['a', 'b', 'c']);
  });

  test('prefix matches consume PVCs in order; exact needs equality', () => {
    const r = matchPvcNames({
      template,
      expectations: [exp(0, true), exp(1, true)],
      sourceDiskNames: ['Hard disk 1', 'Hard disk 2'],
      destinations: [
        { name: 'vm1-disk-1-x7k2p', unitNumber: 1 },
        { name: 'vm1-disk-0-abcde', unitNumber: 0 },
      ],
      checkOrder: true,
    });
    expect(r.failures).toEqual([]);
    expect([...r.matched]).toEqual([
      [0, 'vm1-disk-0-abcde'],
      [1, 'vm1-disk-1-x7k2p'],
    ]);
    const exact = matchPvcNames({
      template,
      expectations: [exp(0, false)],
      sourceDiskNames: ['d'],
      destinations: [{ name: 'vm1-disk-0-abcde' }],
      checkOrder: false,
    });
    expect(exact.failures[0]).toMatch(/^No destination PVC found matching exact name 'vm1-disk-0' for source disk 0 \(d\)/);
  });

  test('a PVC at the wrong position is a disk order failure (vSphere)', () => {
    const r = matchPvcNames({
      template,
      expectations: [exp(0, false)],
      sourceDiskNames: ['d0'],
      destinations: [{ name: 'vm1-disk-0', unitNumber: 2 }],
      checkOrder: true,
    });
    expect(r.failures).toEqual([expect.stringContaining('Disk order mismatch for source disk 0 (d0)')]);
    expect(
      matchPvcNames({
        template,
        expectations: [exp(0, false)],
        sourceDiskNames: ['d0'],
        destinations: [{ name: 'vm1-disk-0', unitNumber: 2 }],
        checkOrder: false,
      }).failures,
    ).toEqual([]);
  });
});
