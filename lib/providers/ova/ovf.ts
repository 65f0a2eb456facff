/**
 * The source facts of an OVA VM, read the way virt-v2v and Forklift read an OVA: the first `.ovf`
 * entry of the tar archive, parsed as an OVF Envelope (DSP0243 1.x or 2.x; element namespaces are
 * ignored so rasd Items and 2.x StorageItem / EthernetPortItem read alike). CPU = ResourceType 3
 * (vmw:CoresPerSocket), memory = 4 (AllocationUnits MB or GB), disks = 17 joined to DiskSection and
 * References, NICs = 10 (Address = MAC, Connection = network), firmware = vmw:Config `firmware`.
 */
import { XMLParser } from 'fast-xml-parser';
import type * as Tar from 'tar';
import { lazyModule } from '../../runtime/lazy-module';
import { OvfDescriptorError } from '../../../exceptions';

const tar = lazyModule<typeof Tar>('tar');

export interface OvaDiskFacts {
  file: string;
  capacityBytes: number;
}

export interface OvaNicFacts {
  mac: string;
  network: string;
  model: string;
}

export interface OvaVmFacts {
  name: string;
  cpuCount: number;
  coresPerSocket: number;
  memoryMB: number;
  firmware: 'bios' | 'efi';
  secureBoot: boolean;
  osType: string;
  disks: OvaDiskFacts[];
  nics: OvaNicFacts[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['File', 'Disk', 'Item', 'StorageItem', 'EthernetPortItem', 'Config', 'VirtualSystem'].includes(name),
});

const str = (v: unknown): string => (v && typeof v === 'object' ? String((v as Node)['#text'] ?? '') : v === undefined ? '' : String(v));
const nodes = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
const UNITS: Array<[RegExp, number]> = [
  [/2\^40|TB/i, 1024 ** 4],
  [/2\^30|GB/i, 1024 ** 3],
  [/2\^20|MB/i, 1024 ** 2],
  [/2\^10|KB/i, 1024],
];
const unitBytes = (units: string): number => UNITS.find(([re]) => re.test(units))?.[1] ?? 1;

/** The text of the first .ovf entry of an OVA archive. */
export async function ovfOfArchive(file: string): Promise<string> {
  let seen = false;
  const chunks: Buffer[] = [];
  await tar().t({
    file,
    onReadEntry: (e) => {
      if (!seen && /\.ovf$/i.test(e.path)) {
        seen = true;
        e.on('data', (c: Buffer) => chunks.push(c));
      } else e.resume();
    },
  });
  if (!seen) throw new OvfDescriptorError(file, 'the archive holds no .ovf descriptor');
  return Buffer.concat(chunks).toString('utf8');
}

function hardwareItems(hw: Node): Node[] {
  return [...nodes(hw.Item), ...nodes(hw.StorageItem), ...nodes(hw.EthernetPortItem)];
}

function disksOf(env: Node, items: Node[]): OvaDiskFacts[] {
  const files = nodes((env.References as Node | undefined)?.File);
  const declared = nodes((env.DiskSection as Node | undefined)?.Disk);
  return items
    .filter((i) => str(i.ResourceType) === '17')
    .map((i) => {
      const id = str(i.HostResource).replace(/^ovf:\/disk\//, '');
      const d = declared.find((x) => x['@diskId'] === id) ?? {};
      const file = files.find((f) => f['@id'] === d['@fileRef']);
      return {
        file: String(file?.['@href'] ?? ''),
        capacityBytes: Number(d['@capacity'] ?? 0) * unitBytes(String(d['@capacityAllocationUnits'] ?? '')),
      };
    });
}

/** CPU count and cores per socket (ResourceType 3), memory in MiB (ResourceType 4 in its allocation units). */
function computeOf(items: Node[]): Pick<OvaVmFacts, 'cpuCount' | 'coresPerSocket' | 'memoryMB'> {
  const cpu = items.find((i) => str(i.ResourceType) === '3');
  const mem = items.find((i) => str(i.ResourceType) === '4');
  return {
    cpuCount: Number(str(cpu?.VirtualQuantity)) || 0,
    coresPerSocket: Number(str(cpu?.CoresPerSocket)) || 1,
    memoryMB: ((Number(str(mem?.VirtualQuantity)) || 0) * unitBytes(str(mem?.AllocationUnits))) / 1024 ** 2,
  };
}

/** The facts of the first VirtualSystem of an OVF descriptor (`what` names it in errors). */
export function parseOvfFacts(xml: string, what: string): OvaVmFacts {
  const env = (parser.parse(xml) as Node).Envelope as Node | undefined;
  if (!env) throw new OvfDescriptorError(what, 'the descriptor is not an OVF Envelope');
  const vs = nodes(env.VirtualSystem)[0];
  const hw = vs?.VirtualHardwareSection as Node | undefined;
  if (!vs || !hw) throw new OvfDescriptorError(what, 'the OVF Envelope has no VirtualSystem with a VirtualHardwareSection');
  const items = hardwareItems(hw);
  const config = new Map(nodes(hw.Config).map((c) => [String(c['@key'] ?? ''), String(c['@value'] ?? '')]));
  return {
    name: str(vs.Name) || String(vs['@id'] ?? ''),
    ...computeOf(items),
    firmware: config.get('firmware') === 'efi' ? 'efi' : 'bios',
    secureBoot: config.get('uefi.secureBoot.enabled') === 'true',
    osType: String((vs.OperatingSystemSection as Node | undefined)?.['@osType'] ?? ''),
    disks: disksOf(env, items),
    nics: items
      .filter((i) => str(i.ResourceType) === '10')
      .map((i) => ({ mac: str(i.Address).toLowerCase(), network: str(i.Connection), model: str(i.ResourceSubType) })),
  };
}
