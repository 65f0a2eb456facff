/**
 * The suite's expectation of Forklift's target VM name for a source name that is not DNS-1123
 * (ChangeVmName, reference/forklift.md §4), the target-vm-name check, and the clone names a
 * scenario's cloneName / preserveNameFormat make.
 */
import { cloneNameOf } from '../../../fixtures/scenario';
import { expectedTargetVmName, isDns1123Subdomain } from '../../../utilities/naming';
import { checkTargetVmName } from '../../../utilities/post-migration/checks/naming';

describe('expected target VM name', () => {
  it.each([
    ['my-vm.prod', 'my-vm.prod'],
    ['My_VM.Prod', 'my-vm.prod'],
    ['VM (1)', 'vm-1'],
    ['XCopy_Test_VM_CAPS-auto-ab12-x9y8', 'xcopy-test-vm-caps-auto-ab12-x9y8'],
    ['--A__B..c--', 'a-b.c'],
    ['a+b*c/d\\e f', 'a-b-c-d-e-f'],
    ['Ünïcødé', 'ncd'],
    [`${'A'.repeat(70)}_x`, 'a'.repeat(63)],
  ])('%s -> %s', (source, expected) => {
    expect(expectedTargetVmName(source)).toBe(expected);
  });

  it('is unpredictable (undefined) when nothing is left, and DNS-1123 names stay as they are', () => {
    expect(expectedTargetVmName('___')).toBeUndefined();
    expect(isDns1123Subdomain('xcopy-template-test')).toBe(true);
    expect(isDns1123Subdomain('XCopy_Test')).toBe(false);
    expect(isDns1123Subdomain(`${'a.'.repeat(127)}a`)).toBe(false);
  });
});

describe('target-vm-name check', () => {
  it('passes the changed name and fails another one with expected and actual', () => {
    expect(checkTargetVmName('XCopy_Test_VM_CAPS-s', 'xcopy-test-vm-caps-s')).toEqual([]);
    expect(checkTargetVmName('XCopy_Test_VM_CAPS-s', 'xcopytestvmcaps-s')).toEqual([
      {
        check: 'target-vm-name',
        subject: "target VM name of source VM 'XCopy_Test_VM_CAPS-s'",
        expected: 'xcopy-test-vm-caps-s',
        actual: 'xcopytestvmcaps-s',
      },
    ]);
  });

  it('accepts any DNS-1123 name when Forklift has to pick vm-<random>', () => {
    expect(checkTargetVmName('___', 'vm-a1b2')).toEqual([]);
    expect(checkTargetVmName('___', 'VM_')).toHaveLength(1);
  });
});

describe('clone names', () => {
  const vm = { name: 'xcopy-template-test' };
  it('derive from the VM name, or a sanitized cloneName, with the session and a random part', () => {
    expect(cloneNameOf(vm, 'auto-ab12', '-mtv-block-cold')).toMatch(/^auto-ab12-xcopy-template-test-mtv-block-cold-[a-z0-9]{4}$/);
    expect(cloneNameOf({ ...vm, cloneName: 'My_Clone' }, 'auto-ab12', '-cold')).toMatch(/^auto-ab12-my-clone-cold-[a-z0-9]{4}$/);
  });
  it('keep capitals and underscores with preserveNameFormat: a name that is not DNS-1123', () => {
    const name = cloneNameOf({ ...vm, cloneName: 'XCopy_Test_VM_CAPS', preserveNameFormat: true }, 'auto-ab12', '-cold');
    expect(name).toMatch(/^XCopy_Test_VM_CAPS-auto-ab12-[a-z0-9]{4}$/);
    expect(isDns1123Subdomain(name)).toBe(false);
  });
});

describe("the suite's expectation and the lab's ChangeVmName agree (two implementations of one rule)", () => {
  it('on 2000 random names of letters, digits and the characters the rule treats specially', async () => {
    const { changeVmName } = await import('../../../lab/forklift/naming');
    const alphabet = 'aZ9_.-+* /\\(é';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i += 1) {
      const name = Array.from({ length: 1 + (next() % 80) }, () => alphabet[next() % alphabet.length]).join('');
      if (isDns1123Subdomain(name)) continue;
      const expected = expectedTargetVmName(name);
      expect({ name, lab: changeVmName(name, () => 'rand') }).toEqual({ name, lab: expected ?? 'vm-rand' });
    }
  });
});
