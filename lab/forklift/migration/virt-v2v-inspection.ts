/**
 * What virt-v2v's inspection of the source guest decides before it converts (libguestfs opens
 * every LUKS container with the keys Forklift hands it from the Plan VM's `luks` Secret — each
 * value of the Secret is one `--key all:file:` — and mounts every filesystem). Two ways it fails,
 * each with the message virt-v2v prints:
 *  - a LUKS container no key opens ("could not find key to open LUKS encrypted ...");
 *  - an XFS v4 (crc=0) filesystem while the Plan does not ask for xfsCompatibility: the default
 *    virt-v2v image's RHEL 10 appliance kernel no longer mounts XFS v4; the XFS-compatible image
 *    (Plan spec.xfsCompatibility) does.
 * Pure: the conversion executor feeds it the source guest, the keys and the plan flag.
 */
import type { SimGuestDisk } from '../../vsphere/model';

export interface InspectionInput {
  storage: readonly SimGuestDisk[];
  /** The values of the Plan VM's LUKS Secret (none without a Secret). */
  luksKeys: readonly string[];
  xfsCompatibility: boolean;
}

/** The source disks as the virt-v2v appliance names them (SCSI: sda, sdb, ...). */
const applianceDevice = (disk: number, partition: number): string => `/dev/sd${String.fromCharCode(0x61 + disk)}${partition + 1}`;

/** virt-v2v's error for the first problem found, or undefined when the guest converts. */
export function inspectionError(input: InspectionInput): string | undefined {
  for (const [i, d] of input.storage.entries()) {
    for (const [j, p] of d.partitions.entries()) {
      const device = applianceDevice(i, j);
      if (p.luks && !input.luksKeys.includes(p.luks.passphrase)) {
        return (
          `virt-v2v: error: could not find key to open LUKS encrypted ${device}.  ` +
          `Try using --key on the command line.  ` +
          `Original error message: cryptsetup_open: cryptsetup exited with status 2: No key available with this passphrase.`
        );
      }
      const fs = p.filesystem;
      if (fs.fstype === 'xfs' && fs.xfsCrc === 0 && !input.xfsCompatibility) {
        const mounted = p.luks ? `/dev/mapper/luks-${p.luks.uuid}` : device;
        return (
          `virt-v2v: error: libguestfs error: mount_options: ${mounted} on ${fs.mountpoint ?? '/'} (options: 'ro'): ` +
          `mount: /sysroot${fs.mountpoint === '/' ? '' : (fs.mountpoint ?? '')}: wrong fs type, bad option, bad superblock on ${mounted}, ` +
          `missing codepage or helper program, or other error.`
        );
      }
    }
  }
  return undefined;
}
