/**
 * The OVA files the lab's NFS export holds, read by independent peers: the system `tar` lists
 * each archive (descriptor first, then manifest and disks), and /usr/bin/python3 (tarfile,
 * xml.etree with the DMTF OVF namespaces, hashlib, struct) parses the OVF 1.x / 2.x descriptor,
 * checks the manifest digests and reads the VMDK sparse headers. What they find must be the lab
 * VM definitions (CPU, cores per socket, memory, disks, NICs, firmware). The files are written by
 * the same function the lab's `ova` component runs at start. The suite's own OVA reader
 * (lib/providers/ova) finds the same facts through the share url the providers file names.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { populateExport } from '../../../lab/ova/share';
import { OVA_VMS, ovaDiskFile } from '../../../lab/ova/seed';
import { OvaShare } from '../../../lib/providers/ova/share';

const PEER = path.join(__dirname, 'ovf-peer.py');
let dir: string;
let exportDir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ova-contract-'));
  exportDir = (await populateExport(dir)).dir;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface PeerFacts {
  entries: string[];
  ovfVersion: string;
  systemId: string;
  name: string;
  osType: string;
  cpu: number;
  coresPerSocket: number;
  memoryMB: number;
  memoryUnits: string;
  diskItems: string[];
  diskItemTags: string[];
  nics: Array<{ mac: string; network: string; model: string }>;
  networks: string[];
  firmware: string;
  secureBoot: string | null;
  disks: Array<{
    href: string;
    capacity: string;
    units: string;
    magic: string;
    vmdkVersion: number;
    capacitySectors: number;
    createType: string;
  }>;
  manifestOk: boolean;
}

describe.each(OVA_VMS.map((vm) => [vm.name, vm] as const))('%s.ova', (_name, vm) => {
  const file = () => path.join(exportDir, `${vm.name}.ova`);
  const disks = vm.disks.map((_d, i) => ovaDiskFile(vm, i));

  it('opens with the system tar: the OVF descriptor first, then the manifest and the disk images', () => {
    const listed = execFileSync('tar', ['-tf', file()], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual([`${vm.name}.ovf`, `${vm.name}.mf`, ...disks]);
  });

  it(`parses with python3 xml.etree as OVF ${vm.ovfVersion}.x, and states the VM's hardware`, () => {
    const facts = JSON.parse(execFileSync('/usr/bin/python3', [PEER, file()], { encoding: 'utf8' })) as PeerFacts;
    expect(facts).toMatchObject({
      ovfVersion: String(vm.ovfVersion),
      systemId: vm.systemId,
      name: vm.name,
      osType: vm.osType,
      cpu: vm.cpuCount,
      coresPerSocket: vm.coresPerSocket,
      memoryMB: vm.memoryMB,
      memoryUnits: 'byte * 2^20',
      firmware: vm.firmware,
      secureBoot: vm.firmware === 'efi' ? String(vm.secureBoot) : null,
      networks: [...new Set(vm.nics.map((n) => n.network))],
      manifestOk: true,
    });
    expect(facts.diskItems).toEqual(disks.map((_d, i) => `ovf:/disk/vmdisk${i + 1}`));
    expect(facts.diskItemTags).toEqual([vm.ovfVersion === 2 ? 'StorageItem' : 'Item']);
    expect(facts.nics).toEqual(vm.nics.map((n) => ({ mac: n.mac, network: n.network, model: n.model })));
    expect(facts.disks).toEqual(
      vm.disks.map((d, i) => ({
        href: disks[i],
        capacity: String(d.gb),
        units: 'byte * 2^30',
        magic: 'KDMV',
        vmdkVersion: 1,
        capacitySectors: (d.gb * 1024 ** 3) / 512,
        grainSectors: 128,
        createType: 'createType="monolithicSparse"',
      })),
    );
  });
});

it("the suite's OVA reader finds each lab VM's facts through the share url", async () => {
  const share = new OvaShare(`127.0.0.1:${exportDir}`);
  for (const vm of OVA_VMS) {
    expect(await share.vmFacts(vm.name)).toEqual({
      name: vm.name,
      cpuCount: vm.cpuCount,
      coresPerSocket: vm.coresPerSocket,
      memoryMB: vm.memoryMB,
      firmware: vm.firmware,
      secureBoot: vm.firmware === 'efi' && vm.secureBoot,
      osType: vm.osType,
      disks: vm.disks.map((d, i) => ({ file: ovaDiskFile(vm, i), capacityBytes: d.gb * 1024 ** 3 })),
      nics: vm.nics.map((n) => ({ mac: n.mac, network: n.network, model: n.model })),
    });
  }
});
