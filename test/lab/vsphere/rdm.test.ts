/**
 * RDM disks on the lab vCenter: a VirtualDiskRawDiskMappingVer1BackingInfo in a reconfigure names
 * a LUN the hosts see (by device path or LUN uuid) in virtual or physical compatibility mode; an
 * unknown LUN is refused with InvalidDeviceBacking; the VM's device list reports the mapping.
 */
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { SEED_IDS, seedInventory } from '../../../lab/vsphere/seed';
import { knownLuns, lunDevicePath, lunUuid, rdmOf } from '../../../lab/vsphere/soap/rdm-backing';
import { parseXml } from '../../../lab/vsphere/soap/xml';

const LUN = SEED_IDS.rdmLuns[0];
const backing = (inner: string) =>
  parseXml(
    `<backing xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="VirtualDiskRawDiskMappingVer1BackingInfo">${inner}</backing>`,
  );

describe('RDM backings', () => {
  const luns = knownLuns(seedInventory());

  it.each([
    ['virtualMode', 'virtual'],
    ['physicalMode', 'physical'],
  ])('%s by device path', (mode, want) => {
    expect(rdmOf(backing(`<deviceName>${lunDevicePath(LUN)}</deviceName><compatibilityMode>${mode}</compatibilityMode>`), luns)).toEqual({
      mode: want,
      lun: LUN,
    });
  });

  it('by LUN uuid', () => {
    expect(rdmOf(backing(`<lunUuid>${lunUuid(LUN)}</lunUuid><compatibilityMode>virtualMode</compatibilityMode>`), luns)).toEqual({
      mode: 'virtual',
      lun: LUN,
    });
  });

  it('a LUN the hosts do not see is refused', () => {
    expect(() => rdmOf(backing('<deviceName>/vmfs/devices/disks/naa.6000000000000000000000000000dead</deviceName>'), luns)).toThrow(
      /no LUN \/vmfs\/devices\/disks\/naa\.6000000000000000000000000000dead/,
    );
  });

  it('a flat backing is no RDM', () => {
    expect(rdmOf(parseXml('<backing><fileName>[ds] a.vmdk</fileName></backing>'), luns)).toBeUndefined();
  });

  it('the model keeps the mapping: mode and LUN on the new disk', () => {
    const model = new LabVSphereModel(seedInventory());
    const vm = model.vm('xcopy-template-test');
    if (!vm) throw new Error('no xcopy-template-test in the seed');
    model.reconfigureVm(vm.moref, {
      addDisks: [
        {
          capacityBytes: 20 * 1024 ** 3,
          datastore: SEED_IDS.datastores.primary,
          provisioning: 'thin',
          mode: 'independent_persistent',
          rdm: { mode: 'physical', lun: LUN },
        },
      ],
    });
    expect(model.vm(vm.moref)?.disks[1]).toMatchObject({ rdm: 'physical', lun: LUN, mode: 'independent_persistent' });
  });
});
