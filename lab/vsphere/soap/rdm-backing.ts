/**
 * Raw device mappings: the SAN LUNs the lab's hosts see (seed-ids rdmLuns, plus each VMFS
 * datastore's backing device) and the VirtualDiskRawDiskMappingVer1BackingInfo a reconfigure adds.
 * (The hosts' config.storageDevice.scsiLun list is not served: the names come from the providers
 * file's copyoffload.rdm_lun_uuid.)
 * A LUN is named by its canonical name (naa.*); its vim25 `uuid`/`lunUuid` is the SCSI page-83 id
 * form vSphere prints ("0200000000" + the NAA digits + the product id), its device path
 * /vmfs/devices/disks/<naa>. A mapping names its LUN by `deviceName` or `lunUuid`.
 */
import type { NewDisk } from '../lab-model-types';
import type { VSphereModelSnapshot } from '../model';
import { SEED_IDS } from '../seed-ids';
import { fault } from './faults';
import { textOf, type XmlNode } from './xml';

/** The size of each RDM LUN. */
export const RDM_LUN_BYTES = 20 * 1024 ** 3;

/** "LUN C-Mode" in hex: the product id the lab's array reports. */
const PRODUCT_HEX = '4c554e20432d4d6f6465';

export const lunUuid = (naa: string): string => `0200000000${naa.replace(/^naa\./, '')}${PRODUCT_HEX}`;
export const lunDevicePath = (naa: string): string => `/vmfs/devices/disks/${naa}`;

/** Every LUN the hosts see: the RDM LUNs and the datastores' devices. */
export function knownLuns(snap: VSphereModelSnapshot): string[] {
  return [...SEED_IDS.rdmLuns, ...snap.datastores.flatMap((d) => d.backingDevices)];
}

/** The LUN a mapping backing names, or a vim25 fault when the hosts do not see it. */
function lunOf(backing: XmlNode, luns: readonly string[]): string {
  const device = textOf(backing, 'deviceName')?.trim() ?? '';
  const uuid = textOf(backing, 'lunUuid')?.trim() ?? '';
  const naa = /naa\.[0-9a-fA-F]+/.exec(device)?.[0]?.toLowerCase() ?? luns.find((l) => uuid !== '' && lunUuid(l) === uuid.toLowerCase());
  if (!naa || !luns.includes(naa))
    throw fault(
      'InvalidDeviceBacking',
      `Incompatible device backing specified for device '0': no LUN ${device || uuid || '(none)'} on the host`,
      {
        property: 'device.backing',
        deviceIndex: 0,
      },
    );
  return naa;
}

/** The RDM of a VirtualDisk device spec, or undefined for a flat VMDK. */
export function rdmOf(backing: XmlNode | undefined, luns: readonly string[]): NewDisk['rdm'] {
  if (!backing || backing.xsiType?.replace(/^.*:/, '') !== 'VirtualDiskRawDiskMappingVer1BackingInfo') return undefined;
  const mode = textOf(backing, 'compatibilityMode')?.trim() === 'physicalMode' ? 'physical' : 'virtual';
  return { mode, lun: lunOf(backing, luns) };
}
