/**
 * How Forklift fills the vSphere fields of PVCNameTemplateData (adapter/vsphere builder.go and
 * utils.go, plan/util GetBootDiskNumber), so the lab renders the same .FileName and
 * .RootDiskIndex as the controller.
 */

/** Warm migrations name the base disk: "-000015.vmdk" snapshot suffixes become ".vmdk". */
export function baseVolume(fileName: string, warm: boolean): string {
  return warm ? fileName.replace(/-\d\d\d\d\d\d[^\n]vmdk/g, '.vmdk') : fileName;
}

/** extractDiskFileName: "[datastore1] folder/vm-disk.vmdk" -> "vm-disk.vmdk" ("" for a directory). */
export function extractDiskFileName(diskPath: string): string {
  if (diskPath === '') return '';
  let path = diskPath;
  const m = /^\[([^\]]+)\]\s*([^]*)$/.exec(diskPath);
  if (m && !(m[2] as string).includes('\n')) path = (m[2] as string).trim();
  if (path.endsWith('/') || path.endsWith('\\')) return '';
  return /[^/\\]*$/.exec(path)?.[0] ?? '';
}

/** .FileName of a vSphere disk, as the builder computes it. */
export const forkliftDiskFileName = (diskFile: string, warm: boolean): string => extractDiskFileName(baseVolume(diskFile, warm));

/**
 * .RootDiskIndex from plan.spec.vms[].rootDisk ("/dev/sdb" -> 1): GetBootDiskNumber, including
 * its byte arithmetic (an upper-case letter wraps around as Go's uint8 does).
 */
export function rootDiskIndex(rootDisk: string | undefined): number {
  const prefix = '/dev/sd';
  if (!rootDisk || !rootDisk.startsWith(prefix) || rootDisk.length <= prefix.length) return 0;
  const bytes = Buffer.from(rootDisk, 'utf8');
  for (let i = prefix.length; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (/^\p{L}$/u.test(String.fromCharCode(b))) {
      const deviceNumber = ((b - 0x61 + 1) % 256 + 256) % 256;
      return deviceNumber === 0 ? 0 : deviceNumber - 1;
    }
  }
  return 0;
}
