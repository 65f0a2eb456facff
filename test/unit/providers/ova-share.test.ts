/**
 * lib/providers/ova: the source facts of an OVA VM, read from an archive built here with the
 * system tar from a hand-written OVF 1.0 descriptor (memory in GB units, IDE + SCSI disks, an EFI
 * firmware config) and an OVF 2.0 one (StorageItem / EthernetPortItem); and the share errors.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OvaShareError, OvaVmNotFoundError } from '../../../exceptions';
import { SourceEndpointError } from '../../../exceptions/preflight';
import type { ProviderEntry } from '../../../lib/config/providers-file';
import { probeSourceEndpoint } from '../../../lib/preflight/source';
import { OvaShare, shareDirectory } from '../../../lib/providers/ova/share';

const V1 = `<?xml version="1.0"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References><File ovf:href="a-1.vmdk" ovf:id="f1"/><File ovf:href="a-2.vmdk" ovf:id="f2"/></References>
  <DiskSection><Info>d</Info>
    <Disk ovf:capacity="20" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="d1" ovf:fileRef="f1"/>
    <Disk ovf:capacity="512" ovf:capacityAllocationUnits="byte * 2^20" ovf:diskId="d2" ovf:fileRef="f2"/>
  </DiskSection>
  <VirtualSystem ovf:id="vm-a"><Info>x</Info><Name>vm-a</Name>
    <OperatingSystemSection ovf:id="80" vmw:osType="rhel8_64Guest"><Info>os</Info></OperatingSystemSection>
    <VirtualHardwareSection><Info>hw</Info>
      <Item><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>6</rasd:VirtualQuantity><vmw:CoresPerSocket>3</vmw:CoresPerSocket></Item>
      <Item><rasd:AllocationUnits>byte * 2^30</rasd:AllocationUnits><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></Item>
      <Item><rasd:HostResource>ovf:/disk/d2</rasd:HostResource><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:HostResource>ovf:/disk/d1</rasd:HostResource><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:Address>00:50:56:AA:BB:CC</rasd:Address><rasd:Connection>LAN</rasd:Connection><rasd:ResourceSubType>E1000</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>`;

const V2 = `<?xml version="1.0"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/2" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/2"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
  xmlns:sasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_StorageAllocationSettingData"
  xmlns:epasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_EthernetPortAllocationSettingData">
  <References><File ovf:href="b.vmdk" ovf:id="f1"/></References>
  <DiskSection><Info>d</Info><Disk ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^40" ovf:diskId="d1" ovf:fileRef="f1"/></DiskSection>
  <VirtualSystem ovf:id="b"><Info>x</Info><Name>vm-b</Name>
    <VirtualHardwareSection><Info>hw</Info>
      <Item><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></Item>
      <StorageItem><sasd:HostResource>ovf:/disk/d1</sasd:HostResource><sasd:ResourceType>17</sasd:ResourceType></StorageItem>
      <EthernetPortItem><epasd:Address>52:54:00:00:00:01</epasd:Address><epasd:Connection>VM Network</epasd:Connection><epasd:ResourceType>10</epasd:ResourceType></EthernetPortItem>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>`;

let dir: string;

function ova(name: string, ovf: string, disks: string[]): void {
  const stage = fs.mkdtempSync(path.join(dir, '.stage-'));
  const ovfName = `${path.basename(name)}.ovf`;
  fs.writeFileSync(path.join(stage, ovfName), ovf);
  for (const d of disks) fs.writeFileSync(path.join(stage, d), 'x');
  execFileSync('tar', ['-cf', path.join(dir, `${name}.ova`), '-C', stage, ovfName, ...disks]);
  fs.rmSync(stage, { recursive: true });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ova-share-'));
  ova('a', V1, ['a-1.vmdk', 'a-2.vmdk']);
  fs.mkdirSync(path.join(dir, 'sub'));
  ova('sub/b', V2, ['b.vmdk']);
  fs.writeFileSync(path.join(dir, 'broken.ova'), 'not a tar');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('OVF 1.0: CPU, cores per socket, memory in GB units, disks in HostResource order with their capacities, NIC, EFI', async () => {
  const facts = await new OvaShare(`127.0.0.1:${dir}`).vmFacts('vm-a');
  expect(facts).toEqual({
    name: 'vm-a',
    cpuCount: 6,
    coresPerSocket: 3,
    memoryMB: 4096,
    firmware: 'efi',
    secureBoot: false,
    osType: 'rhel8_64Guest',
    disks: [
      { file: 'a-2.vmdk', capacityBytes: 512 * 1024 ** 2 },
      { file: 'a-1.vmdk', capacityBytes: 20 * 1024 ** 3 },
    ],
    nics: [{ mac: '00:50:56:aa:bb:cc', network: 'LAN', model: 'E1000' }],
  });
});

test('OVF 2.0 in a sub-folder: StorageItem disks and EthernetPortItem NICs; BIOS when no firmware config', async () => {
  const facts = await new OvaShare(`localhost:${dir}`).vmFacts('vm-b');
  expect(facts).toMatchObject({ cpuCount: 1, coresPerSocket: 1, memoryMB: 2048, firmware: 'bios' });
  expect(facts.disks).toEqual([{ file: 'b.vmdk', capacityBytes: 1024 ** 4 }]);
  expect(facts.nics).toEqual([{ mac: '52:54:00:00:00:01', network: 'VM Network', model: '' }]);
});

test('a VM no OVA describes: the error names the VM, the share and what the share holds (an unreadable file too)', async () => {
  const err = await new OvaShare(`127.0.0.1:${dir}`).vmFacts('vm-x').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OvaVmNotFoundError);
  expect((err as Error).message).toMatch(/^VM vm-x: no OVA on 127\.0\.0\.1:.* found: vm-a, broken\.ova \(.+\), vm-b\)$/);
});

test('share errors: not server:/path, a remote server without a mount point, a missing directory', () => {
  expect(() => shareDirectory('nfs://host/exports')).toThrow(OvaShareError);
  expect(() => shareDirectory('nfs.example.com:/exports/ova')).toThrow(
    /mount the share on this machine and give its mount point as ova_mount_path/,
  );
  expect(shareDirectory('nfs.example.com:/exports/ova', dir)).toBe(dir);
  expect(() => shareDirectory(`127.0.0.1:${dir}/nope`)).toThrow(/is not a readable directory/);
});

test('pre-flight of an OVA entry: the share must be readable here, else one line naming the entry and ova_mount_path', async () => {
  const probe = (entry: Partial<ProviderEntry>) =>
    probeSourceEndpoint({ key: 'ova', providersPath: '/p.json', insecure: false, entry: { type: 'ova', ...entry } as ProviderEntry });
  await expect(probe({ api_url: `127.0.0.1:${dir}` })).resolves.toBeUndefined();
  await expect(probe({ api_url: 'nfs.example.com:/exports/ova', ova_mount_path: dir })).resolves.toBeUndefined();
  const err = await probe({ api_url: 'nfs.example.com:/exports/ova' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SourceEndpointError);
  expect((err as Error).message).toBe(
    'providers entry "ova" in /p.json: OVA share nfs.example.com:/exports/ova: the suite reads the OVA files: mount the share on this machine and give its mount point as ova_mount_path',
  );
});
