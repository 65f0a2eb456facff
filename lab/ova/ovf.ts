/**
 * The OVF descriptor of a lab VM (DMTF DSP0243): Envelope with References, DiskSection,
 * NetworkSection and one VirtualSystem whose VirtualHardwareSection lists the CPU (ResourceType 3,
 * vmw:CoresPerSocket), memory (4), disk controllers (6 SCSI, 5 IDE, 20 SATA), disks (17,
 * HostResource ovf:/disk/<diskId>) and ethernet adapters (10, rasd:Address = MAC), plus the
 * firmware and secure boot as VMware's exporter writes them (vmw:Config firmware /
 * uefi.secureBoot.enabled). Version 1 uses the OVF 1.x namespace and rasd Items for everything;
 * version 2 the 2.x namespace with sasd StorageItem disks and epasd EthernetPortItem NICs.
 */
import type { OvaVmDef } from './seed';

export const OVF_NS = { 1: 'http://schemas.dmtf.org/ovf/envelope/1', 2: 'http://schemas.dmtf.org/ovf/envelope/2' } as const;
const CIM = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2';
export const VMDK_SPARSE_FORMAT = 'http://www.vmware.com/interfaces/specifications/vmdk.html#sparse';

const esc = (s: string | number): string =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What the descriptor references: each disk file's name and size on the share. */
export interface OvfFileRef {
  href: string;
  size: number;
}

const CONTROLLER_TYPE = { scsi: 6, ide: 5, sata: 20 } as const;
const CONTROLLER_SUBTYPE = { scsi: 'VirtualSCSI', ide: 'PIIX4', sata: 'vmware.sata.ahci' } as const;

function item(prefix: string, tag: string, fields: Array<[string, string | number]>, extra = ''): string {
  const body = fields.map(([k, v]) => `        <${prefix}:${k}>${esc(v)}</${prefix}:${k}>`).join('\n');
  return `      <${tag}>\n${body}${extra ? `\n${extra}` : ''}\n      </${tag}>`;
}

function hardware(vm: OvaVmDef): string[] {
  const v2 = vm.ovfVersion === 2;
  const out: string[] = [];
  let id = 1;
  out.push(
    item(
      'rasd',
      'Item',
      [
        ['AllocationUnits', 'hertz * 10^6'],
        ['Description', 'Number of Virtual CPUs'],
        ['ElementName', `${vm.cpuCount} virtual CPU(s)`],
        ['InstanceID', id++],
        ['ResourceType', 3],
        ['VirtualQuantity', vm.cpuCount],
      ],
      `        <vmw:CoresPerSocket ovf:required="false">${vm.coresPerSocket}</vmw:CoresPerSocket>`,
    ),
  );
  out.push(
    item('rasd', 'Item', [
      ['AllocationUnits', 'byte * 2^20'],
      ['Description', 'Memory Size'],
      ['ElementName', `${vm.memoryMB}MB of memory`],
      ['InstanceID', id++],
      ['ResourceType', 4],
      ['VirtualQuantity', vm.memoryMB],
    ]),
  );
  const controllers = new Map<string, number>();
  for (const c of new Set(vm.disks.map((d) => d.controller))) {
    controllers.set(c, id);
    out.push(
      item('rasd', 'Item', [
        ['Address', 0],
        ['Description', `${c.toUpperCase()} Controller`],
        ['ElementName', `${c.toUpperCase()} controller 0`],
        ['InstanceID', id++],
        ['ResourceSubType', CONTROLLER_SUBTYPE[c]],
        ['ResourceType', CONTROLLER_TYPE[c]],
      ]),
    );
  }
  vm.disks.forEach((d, i) => {
    const fields: Array<[string, string | number]> = [
      ['AddressOnParent', i],
      ['ElementName', `Hard disk ${i + 1}`],
      ['HostResource', `ovf:/disk/vmdisk${i + 1}`],
      ['InstanceID', id++],
      ['Parent', controllers.get(d.controller) ?? 0],
      ['ResourceType', 17],
    ];
    out.push(v2 ? item('sasd', 'StorageItem', fields) : item('rasd', 'Item', fields));
  });
  vm.nics.forEach((n, i) => {
    const fields: Array<[string, string | number]> = [
      ['Address', n.mac],
      ['AddressOnParent', 7 + i],
      ['AutomaticAllocation', 'true'],
      ['Connection', n.network],
      ['Description', `${n.model} ethernet adapter on "${n.network}"`],
      ['ElementName', `Network adapter ${i + 1}`],
      ['InstanceID', id++],
      ['ResourceSubType', n.model],
      ['ResourceType', 10],
    ];
    const config = '        <vmw:Config ovf:required="false" vmw:key="wakeOnLanEnabled" vmw:value="false"/>';
    out.push(v2 ? item('epasd', 'EthernetPortItem', fields, config) : item('rasd', 'Item', fields, config));
  });
  out.push(`      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="${vm.firmware}"/>`);
  if (vm.firmware === 'efi')
    out.push(`      <vmw:Config ovf:required="false" vmw:key="uefi.secureBoot.enabled" vmw:value="${vm.secureBoot}"/>`);
  return out;
}

/** The .ovf XML of `vm`, whose disk files are `files` (in disk order). */
export function renderOvf(vm: OvaVmDef, files: OvfFileRef[]): string {
  const ns = OVF_NS[vm.ovfVersion];
  const refs = files.map((f, i) => `    <File ovf:href="${esc(f.href)}" ovf:id="file${i + 1}" ovf:size="${f.size}"/>`);
  const disks = vm.disks.map(
    (d, i) =>
      `    <Disk ovf:capacity="${d.gb}" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="vmdisk${i + 1}" ` +
      `ovf:fileRef="file${i + 1}" ovf:format="${VMDK_SPARSE_FORMAT}" ovf:populatedSize="${files[i]?.size ?? 0}"/>`,
  );
  const networks = [...new Set(vm.nics.map((n) => n.network))].map(
    (n) => `    <Network ovf:name="${esc(n)}">\n      <Description>The ${esc(n)} network</Description>\n    </Network>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Envelope ${vm.ovfVersion === 2 ? 'ovf:version="2.0" ' : ''}xmlns="${ns}" xmlns:ovf="${ns}"` +
      ` xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common" xmlns:rasd="${CIM}/CIM_ResourceAllocationSettingData"` +
      ` xmlns:vssd="${CIM}/CIM_VirtualSystemSettingData" xmlns:sasd="${CIM}/CIM_StorageAllocationSettingData"` +
      ` xmlns:epasd="${CIM}/CIM_EthernetPortAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf"` +
      ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '  <References>',
    ...refs,
    '  </References>',
    '  <DiskSection>',
    '    <Info>Virtual disk information</Info>',
    ...disks,
    '  </DiskSection>',
    '  <NetworkSection>',
    '    <Info>The list of logical networks</Info>',
    ...networks,
    '  </NetworkSection>',
    `  <VirtualSystem ovf:id="${esc(vm.systemId)}">`,
    '    <Info>A virtual machine</Info>',
    `    <Name>${esc(vm.name)}</Name>`,
    `    <OperatingSystemSection ovf:id="${vm.osId}" vmw:osType="${esc(vm.osType)}">`,
    '      <Info>The kind of installed guest operating system</Info>',
    `      <Description>${esc(vm.osDescription)}</Description>`,
    '    </OperatingSystemSection>',
    '    <VirtualHardwareSection>',
    '      <Info>Virtual hardware requirements</Info>',
    '      <System>',
    '        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>',
    '        <vssd:InstanceID>0</vssd:InstanceID>',
    `        <vssd:VirtualSystemIdentifier>${esc(vm.name)}</vssd:VirtualSystemIdentifier>`,
    '        <vssd:VirtualSystemType>vmx-14</vssd:VirtualSystemType>',
    '      </System>',
    ...hardware(vm),
    '    </VirtualHardwareSection>',
    '  </VirtualSystem>',
    '</Envelope>',
    '',
  ].join('\n');
}
