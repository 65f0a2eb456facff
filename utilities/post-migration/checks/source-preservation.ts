import type { DestinationVmFacts, SourceSnapshot, SourceVmFacts } from '../facts';
import { compare, failure, type CheckFailure } from './failure';

const minute = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
};
const describeSnapshot = (s: SourceSnapshot): string => `${s.name} (id ${s.id}, created ${minute(s.createTime)}, state ${s.state})`;

/**
 * The source VM's snapshots are what they were before migration: same count and, sorted by id,
 * the same id, name, state and creation time to the minute (warm migration creates and removes
 * its own snapshots; leftovers or losses are defects).
 */
export function checkSnapshots(before: readonly SourceSnapshot[], after: readonly SourceSnapshot[]): CheckFailure[] {
  const sort = (list: readonly SourceSnapshot[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  const a = sort(before);
  const b = sort(after);
  if (a.length !== b.length) {
    return [
      failure(
        'snapshots',
        'source VM snapshots after migration',
        a.map(describeSnapshot).join('\n') || '(no snapshots)',
        b.map(describeSnapshot).join('\n') || '(no snapshots)',
      ),
    ];
  }
  return a.flatMap((snapshot, index) => {
    const other = b[index]!;
    const same =
      snapshot.id === other.id &&
      snapshot.name === other.name &&
      snapshot.state === other.state &&
      minute(snapshot.createTime) === minute(other.createTime);
    return same ? [] : [failure('snapshots', `source snapshot ${snapshot.id}`, describeSnapshot(snapshot), describeSnapshot(other))];
  });
}

/** OpenShift version "4.20.3", "4.20.0-rc.1", "4.19" → [major, minor]. */
export function parseClusterVersion(version: string): [number, number] {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!match) throw new Error(`cluster version "${version}" is not X.Y[.Z]`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * From OpenShift 4.20 (with feature_vmware_system_serial_number, on by default) Forklift writes the
 * SMBIOS serial the way VMware shows it (kubev2v/forklift#2188, UUIDToVMwareSerial): "VMware-" +
 * the UUID's 16 bytes as lower-case hex pairs, two groups of 8 joined by "-"; a UUID that is not
 * 8-4-4-4-12 hex is used as is. Before 4.20 the serial is the plain UUID. Compared
 * case-insensitively, like the Python suite.
 */
export function expectedSerial(uuid: string, clusterVersion: string): string {
  const [major, minor] = parseClusterVersion(clusterVersion);
  if (major < 4 || (major === 4 && minor < 20)) return uuid;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(uuid)) return uuid;
  const pairs = uuid.replace(/-/g, '').toLowerCase().match(/../g)!;
  return `VMware-${pairs.slice(0, 8).join(' ')}-${pairs.slice(8).join(' ')}`;
}

export function checkSerialPreservation(source: SourceVmFacts, destination: DestinationVmFacts, clusterVersion: string): CheckFailure[] {
  if (source.uuid === undefined)
    return [failure('serial', 'SMBIOS serial', 'the source VM UUID to compare with', 'the source facts have no UUID')];
  let expected: string;
  try {
    expected = expectedSerial(source.uuid, clusterVersion);
  } catch (error) {
    return [failure('serial', 'SMBIOS serial', `a serial derived from UUID ${source.uuid}`, (error as Error).message)];
  }
  const actual = destination.serial;
  const subject = `SMBIOS serial (firmware.serial, OpenShift ${clusterVersion})`;
  if (actual === undefined || actual === '') return [failure('serial', subject, expected, actual)];
  return actual.toLowerCase() === expected.toLowerCase() ? [] : [failure('serial', subject, expected, actual)];
}

/** Boot firmware (bios/efi), Secure Boot and TPM presence are carried over. */
export function checkBootConfiguration(source: SourceVmFacts, destination: DestinationVmFacts): CheckFailure[] {
  if (source.firmware === undefined)
    return [failure('boot-firmware', 'boot firmware', 'source firmware facts', 'the source facts have no firmware')];
  return [
    ...compare('boot-firmware', 'boot firmware', source.firmware.bootFirmware, destination.firmware.bootFirmware),
    ...compare('boot-firmware', 'Secure Boot', source.firmware.secureBoot, destination.firmware.secureBoot),
    ...compare('boot-firmware', 'TPM present', source.firmware.tpm, destination.firmware.tpm),
  ];
}
