import {
  DEFAULT_PVC_NAME_TEMPLATE,
  KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH,
  PvcNameExpectationError,
  PvcNameTemplateError,
  TargetVmNameError,
  changeVmName,
  copyOffloadPvcName,
  dns1123LabelErrors,
  expectedPvcNamePrefix,
  forkliftDiskFileName,
  generateNameFromPrefix,
  inventoryDiskFileName,
  isDns1123Label,
  isDns1123Subdomain,
  matchPvcNames,
  newVmNameForMigration,
  orderVsphereDisks,
  pvcNameMatches,
  pvcNameWithFallback,
  randomNameSuffix,
  renderPvcName,
  resolvePvcNameTemplate,
  resolveTargetVmName,
  resolveUseGenerateName,
  rootDiskIndex,
} from '../../../utilities/naming';

const fixed = (s: string) => () => s;

describe('DNS-1123 validation', () => {
  test.each([
    ['vm-1', true, true],
    ['my-vm.prod', false, true],
    ['My-VM', false, false],
    ['-vm', false, false],
    ['vm-', false, false],
    ['', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false, false],
    ['a..b', false, false],
    ['vm_1', false, false],
  ])('%j label=%s subdomain=%s', (name, label, subdomain) => {
    expect(isDns1123Label(name)).toBe(label);
    expect(isDns1123Subdomain(name)).toBe(subdomain);
  });

  test('error strings are apimachinery\'s', () => {
    expect(dns1123LabelErrors('A'.repeat(64))).toEqual([
      'must be no more than 63 characters',
      expect.stringContaining("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"),
    ]);
  });
});

describe('changeVmName (util.ChangeVmName)', () => {
  test.each([
    ['My_VM.Prod', 'my-vm.prod'],
    ['VM (1)', 'vm-1'],
    ['web.server-01', 'web.server-01'],
    ['A__B--C', 'a-b-c'],
    ['-.Edge.-', 'edge'],
    ['a+b*c/d\\e f', 'a-b-c-d-e-f'],
    ['Ünïcödé VM', 'ncd-vm'],
    ['a..b', 'a.b'],
    ['x.-y-.z', 'x.y.z'],
    ['UPPER', 'upper'],
  ])('%j -> %j', (input, expected) => {
    expect(changeVmName(input, fixed('zzzz'))).toBe(expected);
  });

  test('a name with nothing usable becomes vm-<suffix>', () => {
    expect(changeVmName('___', fixed('ab12'))).toBe('vm-ab12');
    expect(changeVmName('日本語', fixed('q9q9'))).toBe('vm-q9q9');
  });

  test('parts and the whole are cut to 63 and re-trimmed', () => {
    const long = 'a'.repeat(62) + '_b' + 'c'.repeat(10);
    expect(changeVmName(long)).toBe('a'.repeat(62)); // cut at 63 leaves a trailing '-', trimmed
    const dotted = 'x'.repeat(70) + '.y';
    expect(changeVmName(dotted)).toBe('x'.repeat(63));
    const twoParts = 'a'.repeat(61) + '.bbbb';
    expect(changeVmName(twoParts)).toBe('a'.repeat(61) + '.b');
  });

  test('default suffixes are 4 characters of [a-z0-9]', () => {
    for (let i = 0; i < 20; i++) expect(randomNameSuffix()).toMatch(/^[a-z0-9]{4}$/);
  });
});

describe('newVmNameForMigration (migration.go Started phase)', () => {
  const none = () => false;
  test('a valid DNS-1123 subdomain is kept and newName stays unset', () => {
    expect(newVmNameForMigration({ name: 'web.server-01', exists: none })).toEqual({ targetVmName: 'web.server-01', newName: undefined });
  });
  test('an invalid name is changed', () => {
    expect(newVmNameForMigration({ name: 'My_VM.Prod', exists: none })).toEqual({ targetVmName: 'my-vm.prod', newName: 'my-vm.prod' });
  });
  test('a taken generated name is cut to 58 and suffixed', () => {
    expect(newVmNameForMigration({ name: 'VM (1)', exists: (n) => n === 'vm-1', suffix: fixed('k3k3') })).toEqual({ targetVmName: 'vm-1-k3k3', newName: 'vm-1-k3k3' });
    const long = 'Z'.repeat(70);
    const r = newVmNameForMigration({ name: long, exists: () => true, suffix: fixed('0000') });
    expect(r.targetVmName).toBe('z'.repeat(58) + '-0000');
    expect(r.targetVmName).toHaveLength(63);
  });
  test('targetName is verbatim, and must be valid and free', () => {
    expect(newVmNameForMigration({ name: 'x', targetName: 'custom-name', exists: none })).toEqual({ targetVmName: 'custom-name', newName: 'custom-name' });
    expect(() => newVmNameForMigration({ name: 'x', targetName: 'Bad_Name', exists: none })).toThrow(TargetVmNameError);
    expect(() => newVmNameForMigration({ name: 'x', targetName: 'taken', exists: () => true })).toThrow(/already exists/);
  });
});

describe('resolveTargetVmName (adapter/base)', () => {
  test('targetName, then newName, then a valid label, then ChangeVmName', () => {
    expect(resolveTargetVmName({ vmId: 'vm-1', vmName: 'My_VM', targetName: '  explicit  ', newName: 'nn' })).toBe('explicit');
    expect(resolveTargetVmName({ vmId: 'vm-1', vmName: 'My_VM', newName: 'nn' })).toBe('nn');
    expect(resolveTargetVmName({ vmId: 'vm-1', vmName: 'plain-vm' })).toBe('plain-vm');
    expect(resolveTargetVmName({ vmId: 'vm-1', vmName: 'VM (1)' })).toBe('vm-1');
  });
  test('a dotted name is not a label; ChangeVmName keeps the dots (as Forklift does)', () => {
    expect(resolveTargetVmName({ vmId: 'vm-1', vmName: 'web.server' })).toBe('web.server');
  });
  test('no letters or digits: the VM id, else vm-0000', () => {
    expect(resolveTargetVmName({ vmId: 'vm-42', vmName: '___' })).toBe('vm-42');
    expect(resolveTargetVmName({ vmId: '--', vmName: '___' })).toBe('vm-0000');
  });
});

describe('PVC names (SetPVCNameOnObject)', () => {
  const data = { VmName: 'mtv-win2019-3disks', TargetVmName: 'mtv-win2019-3disks', PlanName: 'comprehensive-cold-plan', DiskIndex: 2, VmId: 'vm-77', FileName: 'mtv_win2019_3disks_2.vmdk' };

  test('the hard default template with generateName', () => {
    expect(renderPvcName({ template: DEFAULT_PVC_NAME_TEMPLATE, data, useGenerateName: true })).toEqual({ generateName: 'comprehensive-c-mtv-win2019-3di-disk-2-' });
  });
  test('the Python suite\'s templates', () => {
    expect(renderPvcName({ template: '{{.VmName}}-disk-{{.DiskIndex}}', data, useGenerateName: false })).toEqual({ name: 'mtv-win2019-3disks-disk-2' });
    expect(renderPvcName({ template: '{{ .FileName | trimSuffix ".vmdk" | replace "_" "-" }}-{{.DiskIndex}}', data, useGenerateName: true })).toEqual({
      generateName: 'mtv-win2019-3disks-2-2-',
    });
    expect(renderPvcName({ template: 'pvc', data, useGenerateName: true })).toEqual({ generateName: 'pvc-' });
  });
  test('output is trimmed of whitespace before the label check', () => {
    expect(renderPvcName({ template: '  {{.VmName}}\n', data, useGenerateName: true })).toEqual({ generateName: 'mtv-win2019-3disks-' });
    expect(renderPvcName({ template: '\t{{.VmName}} ', data, useGenerateName: false })).toEqual({ name: 'mtv-win2019-3disks' });
  });
  test('a trailing "-" fails the label check (Forklift validates before adding or trimming "-")', () => {
    expect(() => renderPvcName({ template: '{{.VmName}}-', data, useGenerateName: true })).toThrow(/invalid k8s label \[mtv-win2019-3disks-\]/);
  });
  test('invalid output, empty output and template errors are PvcNameTemplateError', () => {
    expect(() => renderPvcName({ template: '{{.FileName}}', data, useGenerateName: false })).toThrow(/Template output is invalid k8s label \[mtv_win2019_3disks_2.vmdk\]/);
    expect(() => renderPvcName({ template: '{{ if false }}x{{ end }}  ', data, useGenerateName: false })).toThrow('Template output is empty');
    expect(() => renderPvcName({ template: '{{ .VmName', data, useGenerateName: false })).toThrow(/^Invalid template syntax: template: template:1: unclosed action/);
    expect(() => renderPvcName({ template: '{{ .Nope }}', data, useGenerateName: false })).toThrow(PvcNameTemplateError);
    expect(() => renderPvcName({ template: '{{ quote .VmName }}', data, useGenerateName: false })).toThrow(/function "quote" not defined/);
  });
  test('a label longer than 63 is rejected, not cut', () => {
    expect(() => renderPvcName({ template: '{{ repeat 64 "a" }}', data, useGenerateName: true })).toThrow(/must be no more than 63 characters/);
  });
  test('the generic DataVolume path falls back to <plan>-<vmID>-', () => {
    const r = pvcNameWithFallback({ template: '{{ .Nope }}', data, useGenerateName: false, planName: 'plan1', vmId: 'vm-77' });
    expect(r.generateName).toBe('plan1-vm-77-');
    expect(r.templateError).toBeInstanceOf(PvcNameTemplateError);
  });
  test('copy-offload names are deterministic', () => {
    expect(copyOffloadPvcName({ generateName: 'pvc-' }, 'abc123')).toBe('pvc-abc123');
    expect(copyOffloadPvcName({ name: 'fixed' }, 'abc123')).toBe('fixed');
  });
  test('template and generateName resolution order', () => {
    expect(resolvePvcNameTemplate({ vmTemplate: 'v', planTemplate: 'p', ocpSource: false })).toBe('v');
    expect(resolvePvcNameTemplate({ planTemplate: 'p', controllerTemplate: 'c', ocpSource: false })).toBe('p');
    expect(resolvePvcNameTemplate({ controllerTemplate: 'c', controllerOcpTemplate: 'o', ocpSource: true })).toBe('o');
    expect(resolvePvcNameTemplate({ controllerTemplate: 'c', ocpSource: true })).toBe('{{.SourcePVCName}}');
    expect(resolvePvcNameTemplate({ ocpSource: false })).toBe(DEFAULT_PVC_NAME_TEMPLATE);
    expect(resolveUseGenerateName(undefined, false)).toBe(true);
    expect(resolveUseGenerateName(undefined, true)).toBe(false);
    expect(resolveUseGenerateName(false, false)).toBe(false);
  });
  test('the API server keeps 58 characters of a generateName prefix', () => {
    expect(generateNameFromPrefix('plan-vm1-disk-0-', fixed('x7k2p'))).toBe('plan-vm1-disk-0-x7k2p');
    const name = generateNameFromPrefix('p'.repeat(70));
    expect(name).toHaveLength(63);
    expect(name.slice(0, 58)).toBe('p'.repeat(58));
    expect(name.slice(58)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('suite expectation (check_pvc_names)', () => {
  test('generateName: prefix, cut to 58', () => {
    const long = 'a-very-long-virtual-machine-name-that-keeps-going-and-going-on';
    const e = expectedPvcNamePrefix({ template: '{{.VmName}}-disk-{{.DiskIndex}}', data: { VmName: long, DiskIndex: 0 }, useGenerateName: true });
    expect(e.match).toBe('prefix');
    expect(e.expected).toHaveLength(KUBERNETES_MAX_GENERATE_NAME_PREFIX_LENGTH);
    // What Forklift + the API server produce starts with the expectation.
    const actual = generateNameFromPrefix(`${long}-disk-0-`);
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
    expect(() => expectedPvcNamePrefix({ template: '{{ .X }}', data: {}, useGenerateName: false })).toThrow(/Failed to render pvcNameTemplate/);
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
      destinations: [{ name: 'vm1-disk-1-x7k2p', unitNumber: 1 }, { name: 'vm1-disk-0-abcde', unitNumber: 0 }],
      checkOrder: true,
    });
    expect(r.failures).toEqual([]);
    expect([...r.matched]).toEqual([[0, 'vm1-disk-0-abcde'], [1, 'vm1-disk-1-x7k2p']]);
    const exact = matchPvcNames({ template, expectations: [exp(0, false)], sourceDiskNames: ['d'], destinations: [{ name: 'vm1-disk-0-abcde' }], checkOrder: false });
    expect(exact.failures[0]).toMatch(/^No destination PVC found matching exact name 'vm1-disk-0' for source disk 0 \(d\)/);
  });

  test('a PVC at the wrong position is a disk order failure (vSphere)', () => {
    const r = matchPvcNames({ template, expectations: [exp(0, false)], sourceDiskNames: ['d0'], destinations: [{ name: 'vm1-disk-0', unitNumber: 2 }], checkOrder: true });
    expect(r.failures).toEqual([expect.stringContaining('Disk order mismatch for source disk 0 (d0)')]);
    expect(matchPvcNames({ template, expectations: [exp(0, false)], sourceDiskNames: ['d0'], destinations: [{ name: 'vm1-disk-0', unitNumber: 2 }], checkOrder: false }).failures).toEqual([]);
  });
});

describe('vSphere template data (builder.go / utils.go)', () => {
  test('.FileName from the disk file, warm migrations use the base volume', () => {
    expect(forkliftDiskFileName('[datastore1] vm1/vm1_1.vmdk', false)).toBe('vm1_1.vmdk');
    expect(forkliftDiskFileName('[datastore1] vm1/vm1_1-000015.vmdk', false)).toBe('vm1_1-000015.vmdk');
    expect(forkliftDiskFileName('[datastore1] vm1/vm1_1-000015.vmdk', true)).toBe('vm1_1.vmdk');
    expect(forkliftDiskFileName('[ds]   a\\b\\c.vmdk', false)).toBe('c.vmdk');
    expect(forkliftDiskFileName('[ds] dir/', false)).toBe('');
    expect(forkliftDiskFileName('', true)).toBe('');
  });
  test('.RootDiskIndex from rootDisk', () => {
    expect(rootDiskIndex(undefined)).toBe(0);
    expect(rootDiskIndex('/dev/sda')).toBe(0);
    expect(rootDiskIndex('/dev/sdb')).toBe(1);
    expect(rootDiskIndex('/dev/sdc1')).toBe(2);
    expect(rootDiskIndex('/dev/nvme0n1')).toBe(0);
    expect(rootDiskIndex('/dev/sd')).toBe(0);
    // Go's uint8 arithmetic, kept on purpose (values checked against Go).
    expect(rootDiskIndex('/dev/sdB')).toBe(225);
    expect(rootDiskIndex('/dev/sd1c')).toBe(2);
    expect(rootDiskIndex('/dev/sdé')).toBe(98);
  });
});
