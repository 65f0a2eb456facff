/**
 * Group 2 for OVA sources. The Python suite skips CPU, memory, network, storage and PVC names for
 * OVA ("no live source to compare against"); this suite reads the OVF descriptor Forklift's OVA
 * provider server reads (lib/providers/ova), so it compares the migrated VM with what the OVA
 * declares: CPU topology (vmw:CoresPerSocket), memory, the number of disks (one per OVF disk
 * file) and the boot firmware (vmw:Config firmware / Secure Boot). Network and storage classes stay
 * unchecked as in the Python suite: an OVA's networks and storages are names inside the archive.
 */
import type { DestinationVmFacts, SourceVmFacts } from '../facts';
import { checkCpu, checkMemory } from './compute';
import { compare, type CheckFailure } from './failure';
import { checkBootConfiguration } from './source-preservation';

/** One PVC-backed disk per disk file of the OVF. */
export function checkOvaDiskCount(ovf: SourceVmFacts, destination: DestinationVmFacts): CheckFailure[] {
  return compare(
    'disk-count',
    `number of disks (the OVF's disk files: ${ovf.disks.map((d) => d.fileName).join(', ')})`,
    ovf.disks.length,
    destination.disks.length,
  );
}

/** The OVA group's checks in order, by name: each compares the destination with the OVF's facts. */
export function ovaChecks(ovf: SourceVmFacts, destination: DestinationVmFacts): Array<[string, () => CheckFailure[]]> {
  return [
    ['cpu', () => checkCpu(ovf, destination)],
    ['memory', () => checkMemory(ovf, destination)],
    ['disk-count', () => checkOvaDiskCount(ovf, destination)],
    ['boot-firmware', () => checkBootConfiguration(ovf, destination)],
  ];
}
