/**
 * Windows shared-disk commands, as the Python suite's test_label_shared_disk and
 * verify_shared_disk_data_windows use them. Before migration the owner VM (migrateSharedDisks
 * true) gets, through vSphere guest operations, a unique NTFS volume label on the shared disk,
 * found by the disk serial Windows shows for the VMDK (its backing UUID without dashes). After
 * migration both guests find the volume by that label (no device paths on Windows) over SSH.
 * Every script is PowerShell; labels and serials are validated before they reach a script.
 */
import { InputError } from '../../exceptions';
import { encodedPowerShell, psCommand } from '../powershell';

export const SHARED_LABEL_PREFIX = 'SHARED';
const SAFE_LABEL = /^[A-Za-z0-9_-]+$/;
const HEX_SERIAL = /^[0-9a-fA-F]+$/;

/** The label for this session's shared volume: SHARED-<session id>. */
export function sharedVolumeLabel(sessionId: string): string {
  const label = `${SHARED_LABEL_PREFIX}-${sessionId}`;
  if (!SAFE_LABEL.test(label)) throw new InputError(`shared-disk volume label "${label}" must be letters, digits, "-" or "_"`);
  return label;
}

/** The Windows serial of a VMDK: its backing UUID ("6000C29a-...") without dashes, lower case. */
export function windowsSerialOfBackingUuid(uuid: string): string {
  const serial = uuid.replace(/-/g, '').toLowerCase();
  if (!HEX_SERIAL.test(serial)) throw new InputError(`disk backing UUID "${uuid}" is not hexadecimal`);
  return serial;
}

function assertSafe(serial: string, label: string): void {
  if (!HEX_SERIAL.test(serial)) throw new InputError(`disk serial "${serial}" must be hexadecimal`);
  if (!SAFE_LABEL.test(label)) throw new InputError(`volume label "${label}" must be letters, digits, "-" or "_"`);
}

/** The PowerShell that labels the NTFS volume of the disk with `serial`, then checks the label. */
export function sharedDiskLabelScript(serial: string, label: string): string {
  assertSafe(serial, label);
  return [
    "$ErrorActionPreference = 'Stop'",
    `$drive = Get-CimInstance Win32_DiskDrive | Where-Object { $_.SerialNumber -eq '${serial}' }`,
    `if (-not $drive) { throw 'No disk with serial ${serial}' }`,
    '$number = $drive.Index',
    'Set-Disk -Number $number -IsOffline $false -ErrorAction SilentlyContinue',
    'Set-Disk -Number $number -IsReadOnly $false -ErrorAction SilentlyContinue',
    "$volume = Get-Partition -DiskNumber $number | Get-Volume | Where-Object { $_.FileSystemType -eq 'NTFS' -and $_.DriveLetter }",
    "if (-not $volume) { throw ('No NTFS volume with drive letter on disk ' + $number) }",
    `$volume | ForEach-Object { Set-Volume -DriveLetter $_.DriveLetter -NewFileSystemLabel '${label}' }`,
    `$labeled = Get-Volume -FileSystemLabel '${label}' -ErrorAction SilentlyContinue`,
    "if (-not $labeled) { throw 'Label verification failed' }",
    `Write-Output ('Labeled disk ' + $number + ' drive ' + $labeled.DriveLetter + ': as ${label}')`,
  ].join('\n');
}

/** The guest-operations command line that labels the shared volume. */
export function sharedDiskLabelCommand(serial: string, label: string): string {
  return encodedPowerShell(sharedDiskLabelScript(serial, label));
}

/** Disables Fast Startup (hybrid shutdown leaves hiberfil.sys, which fails virt-v2v's customization). */
export const DISABLE_FAST_STARTUP = 'powershell -Command powercfg /h off';

const quoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Post-migration (SSH) scripts on the shared volume, found by its label. */
export const windowsSharedDisk = {
  /** SAN policy leaves new disks offline and read-only: bring them online and writable. */
  bringOnline: psCommand(
    "Get-Disk | Where-Object { $_.OperationalStatus -eq 'Offline' } | Set-Disk -IsOffline $false; " +
      'Get-Disk | Where-Object { $_.IsReadOnly -eq $true -and $_.Number -ne 0 } | Set-Disk -IsReadOnly $false',
  ),
  driveLetter: (label: string): string =>
    psCommand(`(Get-Volume -FileSystemLabel ${quoted(label)} -ErrorAction SilentlyContinue).DriveLetter`),
  diskNumber: (label: string): string => psCommand(`(Get-Volume -FileSystemLabel ${quoted(label)} | Get-Partition).DiskNumber`),
  /** An offline/online cycle drops NTFS's cached view (what blockdev --flushbufs is on Linux). */
  offline: (disk: number): string => psCommand(`Set-Disk -Number ${disk} -IsOffline $true`),
  online: (disk: number): string => psCommand(`Set-Disk -Number ${disk} -IsOffline $false`),
  write: (drive: string, file: string, content: string): string =>
    psCommand(`Set-Content -Path ${quoted(`${drive}:\\${file}`)} -Value ${quoted(content)}`),
  read: (drive: string, file: string): string => psCommand(`Get-Content -Path ${quoted(`${drive}:\\${file}`)}`),
};
