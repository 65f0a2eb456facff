/**
 * The SMBIOS serial Forklift puts on a vSphere VM (firmware.serial): with
 * feature_vmware_system_serial_number on OpenShift >= 4.20 the VMware form
 * "VMware-XX XX XX XX XX XX XX XX-XX XX XX XX XX XX XX XX" of the BIOS UUID's 16 bytes, otherwise
 * the plain config UUID (reference §4, forklift PR #2188).
 */
export function vmwareSerial(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toUpperCase();
  if (!/^[0-9A-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  const bytes = hex.match(/.{2}/g) as string[];
  return `VMware-${bytes.slice(0, 8).join(' ')}-${bytes.slice(8).join(' ')}`;
}

/** True when an OpenShift version string (e.g. "4.20.3", "4.21.0-rc.1") is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}

export function firmwareSerial(uuid: string, clusterVersion: string | undefined, featureOn: boolean): string {
  return featureOn && clusterVersion && versionAtLeast(clusterVersion, 4, 20) ? vmwareSerial(uuid) : uuid;
}
