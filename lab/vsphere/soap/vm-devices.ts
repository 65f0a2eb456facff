/**
 * VirtualMachine.config.hardware: the device list a vCenter reports (PCI/IDE controllers, video
 * card, SCSI/SATA controllers, disks with their flat or RDM backing, NICs, TPM), as vim25 data.
 */
import { createHash } from 'node:crypto';
import type { SimDisk, SimVm, VSphereModelSnapshot } from '../model';
import { ref } from './managed-types';
import { lunDevicePath, lunUuid } from './rdm-backing';
import { arr, data, long, poly, type Val } from './values';

/**
 * A disk's backing UUID as vSphere prints it (VirtualDiskFlatVer2BackingInfo.uuid, e.g.
 * "6000C29a-...-..."): stable per VMDK file, so every VM sharing a VMDK reports the same one.
 * Windows sees it, dashes dropped, as Win32_DiskDrive.SerialNumber (disk.EnableUUID).
 */
export function diskUuid(fileName: string): string {
  const h = createHash('sha256').update(fileName).digest('hex');
  return `6000C29${h.slice(0, 1)}-${h.slice(1, 5)}-${h.slice(5, 9)}-${h.slice(9, 13)}-${h.slice(13, 25)}`;
}

function description(label: string, summary: string): Val {
  return poly('Description', { label, summary });
}

function diskDevice(d: SimDisk, vm: SimVm): Val {
  const backing = d.rdm
    ? poly('VirtualDiskRawDiskMappingVer1BackingInfo', {
        fileName: d.fileName,
        datastore: ref(d.datastore),
        backingObjectId: undefined,
        lunUuid: d.lun ? lunUuid(d.lun) : `0200000000${diskUuid(d.fileName).replace(/[ -]/g, '').slice(0, 32)}`,
        deviceName: d.lun ? lunDevicePath(d.lun) : `vml.0200000000${d.key}`,
        compatibilityMode: d.rdm === 'physical' ? 'physicalMode' : 'virtualMode',
        diskMode: d.mode,
        uuid: diskUuid(d.fileName),
        sharing: d.shared ? 'sharingMultiWriter' : 'sharingNone',
      })
    : poly('VirtualDiskFlatVer2BackingInfo', {
        fileName: d.fileName,
        datastore: ref(d.datastore),
        diskMode: d.mode,
        split: false,
        writeThrough: false,
        thinProvisioned: d.provisioning === 'thin',
        eagerlyScrub: d.provisioning === 'thick-eager',
        uuid: diskUuid(d.fileName),
        contentId: createHash('md5').update(`${vm.moref}/${d.fileName}`).digest('hex'),
        digestEnabled: false,
        sharing: d.shared ? 'sharingMultiWriter' : 'sharingNone',
      });
  return poly('VirtualDisk', {
    key: d.key,
    deviceInfo: description(d.label, `${(d.capacityBytes / 1024).toLocaleString('en-US')} KB`),
    backing,
    controllerKey: d.controllerKey,
    unitNumber: d.unitNumber,
    capacityInKB: long(Math.floor(d.capacityBytes / 1024)),
    capacityInBytes: long(d.capacityBytes),
  });
}

function controllers(vm: SimVm): Val[] {
  const keys = [...new Set(vm.disks.map((d) => d.controllerKey))].sort((a, b) => a - b);
  if (!keys.includes(1000)) keys.unshift(1000);
  return keys.map((key) => {
    if (key >= 15000) {
      return poly('VirtualAHCIController', {
        key,
        deviceInfo: description(`SATA controller ${key - 15000}`, 'AHCI'),
        controllerKey: 100,
        unitNumber: 24,
        busNumber: key - 15000,
        device: arr(
          'xsd:int',
          vm.disks.filter((d) => d.controllerKey === key).map((d) => d.key),
        ),
      });
    }
    const bus = key - 1000;
    const type = vm.guestFamily === 'windowsGuest' ? 'VirtualLsiLogicSASController' : 'ParaVirtualSCSIController';
    return poly(type, {
      key,
      deviceInfo: description(`SCSI controller ${bus}`, type === 'ParaVirtualSCSIController' ? 'VMware paravirtual SCSI' : 'LSI Logic SAS'),
      slotInfo: poly('VirtualDevicePciBusSlotInfo', { pciSlotNumber: 160 + bus * 64 }),
      controllerKey: 100,
      unitNumber: 3 + bus,
      busNumber: bus,
      device: arr(
        'xsd:int',
        vm.disks.filter((d) => d.controllerKey === key).map((d) => d.key),
      ),
      hotAddRemove: true,
      sharedBus: vm.disks.some((d) => d.controllerKey === key && d.shared) ? 'physicalSharing' : 'noSharing',
      scsiCtlrUnitNumber: 7,
    });
  });
}

function nicDevices(vm: SimVm, snap: VSphereModelSnapshot): Val[] {
  return vm.nics.map((n, i) => {
    const network = snap.networks.find((x) => x.moref === n.network);
    const dvs = network?.dvSwitch ? snap.dvSwitches?.find((s) => s.moref === network.dvSwitch) : undefined;
    const backing =
      network?.variant === 'DvPortGroup'
        ? poly('VirtualEthernetCardDistributedVirtualPortBackingInfo', {
            port: data('DistributedVirtualSwitchPortConnection', { switchUuid: dvs?.uuid ?? '', portgroupKey: n.network }),
          })
        : poly('VirtualEthernetCardNetworkBackingInfo', {
            deviceName: network?.name ?? n.network,
            useAutoDetect: false,
            network: ref(n.network),
          });
    const type = vm.guestFamily === 'windowsGuest' ? 'VirtualE1000e' : 'VirtualVmxnet3';
    return poly(type, {
      key: n.key,
      deviceInfo: description(n.label, network?.name ?? n.network),
      backing,
      connectable: data('VirtualDeviceConnectInfo', {
        migrateConnect: 'unset',
        startConnected: true,
        allowGuestControl: true,
        connected: vm.powerState === 'poweredOn',
        status: 'ok',
      }),
      slotInfo: poly('VirtualDevicePciBusSlotInfo', { pciSlotNumber: 192 + i * 64 }),
      controllerKey: 100,
      unitNumber: 7 + i,
      addressType: 'assigned',
      macAddress: n.mac,
      wakeOnLanEnabled: true,
      uptCompatibilityEnabled: type === 'VirtualVmxnet3' ? true : undefined,
    });
  });
}

export function hardware(vm: SimVm, snap: VSphereModelSnapshot): Val {
  const fixed: Val[] = [
    poly('VirtualIDEController', { key: 200, deviceInfo: description('IDE 0', 'IDE 0'), busNumber: 0 }),
    poly('VirtualIDEController', { key: 201, deviceInfo: description('IDE 1', 'IDE 1'), busNumber: 1 }),
    poly('VirtualPCIController', { key: 100, deviceInfo: description('PCI controller 0', 'PCI controller 0'), busNumber: 0 }),
    poly('VirtualMachineVideoCard', {
      key: 500,
      deviceInfo: description('Video card ', 'Video card'),
      controllerKey: 100,
      unitNumber: 0,
      videoRamSizeInKB: 4096,
      numDisplays: 1,
    }),
  ];
  const tpm = vm.tpmPresent
    ? [poly('VirtualTPM', { key: 11000, deviceInfo: description('Virtual TPM', 'Virtual TPM'), controllerKey: 100, unitNumber: 24 })]
    : [];
  return data('VirtualHardware', {
    numCPU: vm.numCPU,
    numCoresPerSocket: vm.numCoresPerSocket,
    autoCoresPerSocket: false,
    memoryMB: vm.memoryMB,
    virtualICH7MPresent: false,
    virtualSMCPresent: false,
    device: arr('VirtualDevice', [
      ...fixed,
      ...controllers(vm),
      ...vm.disks.map((d) => diskDevice(d, vm)),
      ...nicDevices(vm, snap),
      ...tpm,
    ]),
  });
}
