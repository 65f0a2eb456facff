/**
 * The lab Forklift's naming rules (lab/forklift/naming.ts), case by case from reference/forklift.md
 * §3-§4 and the templates of the Python suite's comprehensive classes (reference/mtv-api-tests.md).
 * Independent of the suite's utilities/naming on purpose: nothing here imports it.
 */
import {
  DEFAULT_OCP_TEMPLATE,
  DEFAULT_TEMPLATE,
  PvcTemplateError,
  TargetNameError,
  changeVmName,
  chooseTemplate,
  copyOffloadName,
  diskObjectName,
  isLabel,
  isSubdomain,
  labelProblems,
  startedPhaseVmName,
  templateFileName,
  templateRootDiskIndex,
  templateTargetVmName,
} from '../../../lab/forklift/naming';

const fixed = (s: string) => () => s;
const nothingTaken = () => false;

describe('DNS-1123 (IsDNS1123Label / IsDNS1123Subdomain)', () => {
  test.each([
    ['vm-1', true, true],
    ['my-vm.prod', false, true],
    ['My-VM', false, false],
    ['-vm', false, false],
    ['vm_1', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    ['a'.repeat(254), false, false],
  ])('%j: label %s, subdomain %s', (name, label, subdomain) => {
    expect(isLabel(name)).toBe(label);
    expect(isSubdomain(name)).toBe(subdomain);
  });

  test('a too long invalid label reports both problems, in apimachinery wording', () => {
    expect(labelProblems(`${'A'.repeat(64)}`)).toEqual([
      'must be no more than 63 characters',
      expect.stringMatching(/^a lowercase RFC 1123 label must consist of/),
    ]);
  });
});

describe('ChangeVmName (§4.3)', () => {
  test.each([
    ['My_VM.Prod', 'my-vm.prod'],
    ['VM (1)', 'vm-1'],
    ['.-Web Server-.', 'web-server'],
    ['a__b++c', 'a-b-c'],
    ['db/primary\\eu', 'db-primary-eu'],
    ['x..y', 'x.y'],
    ['Ünïcode', 'ncode'],
  ])('%j -> %j', (source, expected) => {
    expect(changeVmName(source, fixed('zzzz'))).toBe(expected);
  });

  test('each part and then the whole name are cut to 63 and re-trimmed', () => {
    expect(changeVmName(`${'a'.repeat(62)}-b${'c'.repeat(10)}`, fixed('zzzz'))).toBe('a'.repeat(62));
    expect(changeVmName(`${'a'.repeat(40)}.${'b'.repeat(40)}`, fixed('zzzz'))).toBe(`${'a'.repeat(40)}.${'b'.repeat(22)}`);
    expect(changeVmName(`${'a'.repeat(62)}.b`, fixed('zzzz'))).toBe('a'.repeat(62));
  });

  test('nothing usable left gives vm-<4 random [a-z0-9]>', () => {
    expect(changeVmName('___', fixed('k3x9'))).toBe('vm-k3x9');
    expect(changeVmName('()')).toMatch(/^vm-[a-z0-9]{4}$/);
  });
});

describe('the Started phase target VM name (§4.1-3)', () => {
  test('targetName is used verbatim and reported as newName', () => {
    expect(startedPhaseVmName({ sourceName: 'Web_1', targetName: 'web.one', taken: nothingTaken })).toEqual({
      name: 'web.one',
      newName: 'web.one',
    });
  });

  test('an invalid or taken targetName fails the VM', () => {
    expect(() => startedPhaseVmName({ sourceName: 'web', targetName: 'Web_1', taken: nothingTaken })).toThrow(TargetNameError);
    expect(() => startedPhaseVmName({ sourceName: 'web', targetName: 'web-1', taken: (n) => n === 'web-1' })).toThrow(
      "VM name 'web-1' already exists in the target namespace",
    );
  });

  test('a source name that is a DNS-1123 subdomain (dots allowed) is kept, without newName', () => {
    expect(startedPhaseVmName({ sourceName: 'mtv-tests-rhel8.lab', taken: nothingTaken })).toEqual({ name: 'mtv-tests-rhel8.lab' });
  });

  test('otherwise ChangeVmName, stored as newName', () => {
    expect(startedPhaseVmName({ sourceName: 'My_VM.Prod', taken: nothingTaken })).toEqual({ name: 'my-vm.prod', newName: 'my-vm.prod' });
  });

  test('a changed name already taken is cut to 58 and gets -<4 random>', () => {
    expect(startedPhaseVmName({ sourceName: 'VM (1)', taken: (n) => n === 'vm-1', suffix: fixed('ab12') })).toEqual({
      name: 'vm-1-ab12',
      newName: 'vm-1-ab12',
    });
    const long = `${'A'.repeat(63)}`;
    expect(startedPhaseVmName({ sourceName: long, taken: () => true, suffix: fixed('ab12') }).name).toBe(`${'a'.repeat(58)}-ab12`);
  });
});

describe('.TargetVmName of PVC templates (ResolveTargetVmName, §4.4)', () => {
  test('targetName, then newName, then the source name when a DNS-1123 label', () => {
    expect(templateTargetVmName({ vmId: 'vm-7', sourceName: 'Web_1', targetName: ' web-one ', newName: 'web-1' })).toBe('web-one');
    expect(templateTargetVmName({ vmId: 'vm-7', sourceName: 'Web_1', newName: 'web-1' })).toBe('web-1');
    expect(templateTargetVmName({ vmId: 'vm-7', sourceName: 'mtv-tests-rhel8' })).toBe('mtv-tests-rhel8');
  });

  test('otherwise ChangeVmName of the name, of the VM id when the name has no letter or digit, else vm-0000', () => {
    expect(templateTargetVmName({ vmId: 'vm-7', sourceName: 'VM (1)' })).toBe('vm-1');
    expect(templateTargetVmName({ vmId: 'vm-7', sourceName: '---' })).toBe('vm-7');
    expect(templateTargetVmName({ vmId: '--', sourceName: '___' })).toBe('vm-0000');
  });
});

describe('PVC template choice (§4 "PVC / DataVolume names")', () => {
  test('VM template, then Plan, then the ForkliftController setting, then the hard default', () => {
    expect(chooseTemplate({ vm: 'v', plan: 'p', controller: 'c', ocpSource: false }).template).toBe('v');
    expect(chooseTemplate({ plan: 'p', controller: 'c', ocpSource: false }).template).toBe('p');
    expect(chooseTemplate({ controller: 'c', controllerOcp: 'o', ocpSource: false }).template).toBe('c');
    expect(chooseTemplate({ ocpSource: false }).template).toBe('{{trunc 15 .PlanName}}-{{trunc 15 .TargetVmName}}-disk-{{.DiskIndex}}');
    expect(chooseTemplate({ controller: 'c', controllerOcp: 'o', ocpSource: true }).template).toBe('o');
    expect(chooseTemplate({ ocpSource: true }).template).toBe('{{.SourcePVCName}}');
  });

  test('pvcNameTemplateUseGenerateName unset: false for an OpenShift source, true otherwise; an explicit value wins', () => {
    expect(chooseTemplate({ ocpSource: false }).useGenerateName).toBe(true);
    expect(chooseTemplate({ ocpSource: true }).useGenerateName).toBe(false);
    expect(chooseTemplate({ ocpSource: false, useGenerateName: false }).useGenerateName).toBe(false);
    expect(chooseTemplate({ ocpSource: true, useGenerateName: true }).useGenerateName).toBe(true);
  });
});

describe('PVC names (§4, §9)', () => {
  const data = { PlanName: 'plan', TargetVmName: 'vm1', VmName: 'vm1', DiskIndex: 0, VmId: 'vm-42' };

  test('the default template with generateName: "plan-vm1-disk-0-" (the API server adds the suffix)', () => {
    expect(diskObjectName(DEFAULT_TEMPLATE, true, data)).toEqual({ generateName: 'plan-vm1-disk-0-' });
    expect(diskObjectName(DEFAULT_TEMPLATE, false, data)).toEqual({ name: 'plan-vm1-disk-0' });
  });

  test('trunc 15 applies to the plan and the VM name', () => {
    const long = { ...data, PlanName: 'comprehensive-cold-plan', TargetVmName: 'mtv-win2019-3disks', DiskIndex: 2 };
    expect(diskObjectName(DEFAULT_TEMPLATE, true, long)).toEqual({ generateName: 'comprehensive-c-mtv-win2019-3di-disk-2-' });
  });

  test('the output is trimmed of white space', () => {
    expect(diskObjectName('  {{.VmName}}-d{{.DiskIndex}}\n', false, data)).toEqual({ name: 'vm1-d0' });
  });

  test("the comprehensive classes' templates (reference/mtv-api-tests.md)", () => {
    const cold = '{{.VmName}}-disk-{{.DiskIndex}}';
    expect(diskObjectName(cold, false, { ...data, VmName: 'mtv-win2019-3disks', DiskIndex: 1 })).toEqual({
      name: 'mtv-win2019-3disks-disk-1',
    });
    const warm = '{{ .FileName | trimSuffix ".vmdk" | replace "_" "-" }}-{{.DiskIndex}}';
    expect(diskObjectName(warm, true, { ...data, FileName: 'mtv-win2022-ip-3disks_2.vmdk', DiskIndex: 2 })).toEqual({
      generateName: 'mtv-win2022-ip-3disks-2-2-',
    });
  });

  test('an output that is not a DNS-1123 label, an empty output, a parse or exec error: PvcTemplateError', () => {
    expect(() => diskObjectName('{{.FileName}}', false, { ...data, FileName: 'disk_1.vmdk' })).toThrow(
      /^Template output is invalid k8s label \[disk_1\.vmdk\]/,
    );
    expect(() => diskObjectName('{{.VmName}}-', true, data)).toThrow(PvcTemplateError);
    expect(() => diskObjectName('{{ if false }}x{{ end }} ', false, data)).toThrow('Template output is empty');
    expect(() => diskObjectName('{{ .VmName', false, data)).toThrow(/^Invalid template syntax: template: template:1: unclosed action/);
    expect(() => diskObjectName('{{ .Nope }}', false, data)).toThrow(/^Template execution failed: .*can't evaluate field Nope/);
  });

  test('the label check comes first: a trailing "-" or more than 63 characters is rejected, not trimmed or cut', () => {
    expect(() => diskObjectName('{{.VmName}}-', false, data)).toThrow(/invalid k8s label \[vm1-\]/);
    expect(() => diskObjectName('{{ repeat 64 "a" }}', true, data)).toThrow(/must be no more than 63 characters/);
  });

  test('the OpenShift default uses .SourcePVCName', () => {
    expect(diskObjectName(DEFAULT_OCP_TEMPLATE, false, { ...data, SourcePVCName: 'rootdisk' })).toEqual({ name: 'rootdisk' });
  });

  test('copy-offload PVCs never use generateName: the prefix plus a deterministic suffix', () => {
    expect(copyOffloadName({ generateName: 'plan-vm1-disk-0-' }, 'a1b2c')).toBe('plan-vm1-disk-0-a1b2c');
    expect(copyOffloadName({ name: 'vm1-disk-0' }, 'a1b2c')).toBe('vm1-disk-0');
  });
});

describe('vSphere template data (§3)', () => {
  test('.FileName is the disk file without the datastore and folder, .vmdk included', () => {
    expect(templateFileName('[datastore1] mtv-tests-rhel8/mtv-tests-rhel8_1.vmdk', false)).toBe('mtv-tests-rhel8_1.vmdk');
    expect(templateFileName('[datastore1]rhel8.vmdk', false)).toBe('rhel8.vmdk');
    expect(templateFileName('[datastore1] folder/', false)).toBe('');
    expect(templateFileName('[ds]   a\\b\\c.vmdk', false)).toBe('c.vmdk');
    expect(templateFileName('', true)).toBe('');
  });

  test('warm plans name the base disk, not the snapshot delta', () => {
    expect(templateFileName('[datastore1] rhel8/rhel8-000002.vmdk', true)).toBe('rhel8.vmdk');
    expect(templateFileName('[datastore1] rhel8/rhel8-000002.vmdk', false)).toBe('rhel8-000002.vmdk');
  });

  test('.RootDiskIndex counts the rootDisk letter from a', () => {
    expect(templateRootDiskIndex(undefined)).toBe(0);
    expect(templateRootDiskIndex('/dev/sda')).toBe(0);
    expect(templateRootDiskIndex('/dev/sdc')).toBe(2);
    expect(templateRootDiskIndex('/dev/vdb')).toBe(0);
    expect(templateRootDiskIndex('/dev/sd1c')).toBe(2);
  });

  test(".RootDiskIndex keeps Go's uint8 arithmetic on the first letter byte", () => {
    expect(templateRootDiskIndex('/dev/sdB')).toBe(225);
    expect(templateRootDiskIndex('/dev/sdé')).toBe(98);
  });
});
