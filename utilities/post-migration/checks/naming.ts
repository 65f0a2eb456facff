/**
 * target-vm-name (TestCopyoffloadNonconformingNameMigration's test_check_vms): a source VM whose
 * name is not a DNS-1123 subdomain is migrated under the name Forklift's ChangeVmName makes of it.
 */
import { expectedTargetVmName, isDns1123Subdomain } from '../../naming/target-vm-name';
import { compare, failure, type CheckFailure } from './failure';

export function checkTargetVmName(sourceName: string, destinationName: string): CheckFailure[] {
  const expected = expectedTargetVmName(sourceName);
  const subject = `target VM name of source VM '${sourceName}'`;
  if (expected !== undefined) return compare('target-vm-name', subject, expected, destinationName);
  return isDns1123Subdomain(destinationName) ? [] : [failure('target-vm-name', subject, 'a DNS-1123 name (vm-<random>)', destinationName)];
}
