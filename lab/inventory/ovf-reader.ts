/**
 * What Forklift's OVA provider server does with the share it mounts (pkg/provider/ova, reference
 * §5): find every `.ova` (and bare `.ovf`) under the mount, read the OVF descriptor out of each
 * archive (its first `.ovf` entry) and parse the Envelope: the VirtualSystem, its OS section, and
 * its VirtualHardwareSection (CPU ResourceType 3 with vmw:CoresPerSocket, memory 4, disks 17 linked
 * to the DiskSection through HostResource, ethernet adapters 10 with their Connection network and
 * MAC, vmw:Config firmware / secure boot), for OVF 1.x rasd Items and OVF 2.x
 * StorageItem / EthernetPortItem alike. A file that cannot be read is reported, not skipped silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import * as tar from 'tar';

export interface OvfDiskFacts {
  diskId: string;
  fileRef: string;
  /** The referenced file's name (References/File ovf:href). */
  href: string;
  capacity: string;
  capacityAllocationUnits: string;
  format: string;
  populatedSize: string;
}

export interface OvfNicFacts {
  name: string;
  mac: string;
  network: string;
  model: string;
  config: Array<{ Key: string; Value: string }>;
}

export interface OvfVmFacts {
  /** The .ova (or .ovf) path inside the share. */
  ovaPath: string;
  ovfVersion: string;
  systemId: string;
  name: string;
  osType: string;
  cpuCount: number;
  coresPerSocket: number;
  memoryMB: number;
  firmware: 'bios' | 'efi';
  secureBoot: boolean;
  disks: OvfDiskFacts[];
  nics: OvfNicFacts[];
  networks: Array<{ name: string; description: string }>;
}

export interface ShareRead {
  vms: OvfVmFacts[];
  /** Files that could not be read, with the reason. */
  errors: string[];
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['File', 'Disk', 'Network', 'Item', 'StorageItem', 'EthernetPortItem', 'Config', 'VirtualSystem']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

const text = (v: unknown): string => (v && typeof v === 'object' ? String((v as Node)['#text'] ?? '') : v === undefined ? '' : String(v));
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

/** Every .ova / .ovf file under `dir`, relative paths, sorted. */
export function findOvaFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (/\.(ova|ovf)$/i.test(e.name)) out.push(p);
    }
  };
  walk('');
  return out.sort();
}

/** The first .ovf entry of an OVA archive, as text. */
export async function readOvfFromOva(file: string): Promise<string> {
  let found: string | undefined;
  const chunks: Buffer[] = [];
  await tar.t({
    file,
    onReadEntry: (entry) => {
      if (found === undefined && /\.ovf$/i.test(entry.path)) {
        found = entry.path;
        entry.on('data', (c: Buffer) => chunks.push(c));
      } else entry.resume();
    },
  });
  if (found === undefined) throw new Error(`${path.basename(file)}: the archive holds no .ovf descriptor`);
  return Buffer.concat(chunks).toString('utf8');
}

function items(hw: Node): Node[] {
  return [...list(hw.Item), ...list(hw.StorageItem), ...list(hw.EthernetPortItem)];
}

function configs(node: Node): Array<{ Key: string; Value: string }> {
  return list(node.Config).map((c) => ({ Key: String(c['@key'] ?? ''), Value: String(c['@value'] ?? '') }));
}

function disksOf(env: Node, hw: Node): OvfDiskFacts[] {
  const files = list((env.References as Node | undefined)?.File);
  const declared = list((env.DiskSection as Node | undefined)?.Disk);
  return items(hw)
    .filter((i) => text(i.ResourceType) === '17')
    .map((i) => {
      const diskId = text(i.HostResource).replace(/^ovf:\/disk\//, '');
      const d = declared.find((x) => x['@diskId'] === diskId) ?? {};
      const fileRef = String(d['@fileRef'] ?? '');
      return {
        diskId,
        fileRef,
        href: String(files.find((f) => f['@id'] === fileRef)?.['@href'] ?? ''),
        capacity: String(d['@capacity'] ?? ''),
        capacityAllocationUnits: String(d['@capacityAllocationUnits'] ?? ''),
        format: String(d['@format'] ?? ''),
        populatedSize: String(d['@populatedSize'] ?? ''),
      };
    });
}

function nicsOf(hw: Node): OvfNicFacts[] {
  return items(hw)
    .filter((i) => text(i.ResourceType) === '10')
    .map((i) => ({
      name: text(i.ElementName),
      mac: text(i.Address).toLowerCase(),
      network: text(i.Connection),
      model: text(i.ResourceSubType),
      config: configs(i),
    }));
}

function hardwareSection(vs: Node, ovaPath: string): Node {
  const hw = (Array.isArray(vs.VirtualHardwareSection) ? vs.VirtualHardwareSection[0] : vs.VirtualHardwareSection) as Node | undefined;
  if (!hw) throw new Error(`${ovaPath}: VirtualSystem ${String(vs['@id'])} has no VirtualHardwareSection`);
  return hw;
}

/** CPU count and cores per socket (ResourceType 3), memory in MiB (ResourceType 4, MB or GB units). */
function computeOf(hw: Node): Pick<OvfVmFacts, 'cpuCount' | 'coresPerSocket' | 'memoryMB'> {
  const all = items(hw);
  const cpu = all.find((i) => text(i.ResourceType) === '3');
  const mem = all.find((i) => text(i.ResourceType) === '4');
  const memQty = Number(text(mem?.VirtualQuantity)) || 0;
  return {
    cpuCount: Number(text(cpu?.VirtualQuantity)) || 1,
    coresPerSocket: Number(text(cpu?.CoresPerSocket)) || 1,
    memoryMB: /2\^30/.test(text(mem?.AllocationUnits)) ? memQty * 1024 : memQty,
  };
}

/** The facts of the (first) VirtualSystem of an OVF descriptor. */
export function parseOvf(xml: string, ovaPath: string): OvfVmFacts {
  const doc = parser.parse(xml) as Node;
  const env = doc.Envelope as Node | undefined;
  if (!env) throw new Error(`${ovaPath}: the descriptor has no OVF Envelope`);
  const vs = list(env.VirtualSystem)[0];
  if (!vs) throw new Error(`${ovaPath}: the OVF Envelope has no VirtualSystem`);
  const hw = hardwareSection(vs, ovaPath);
  const hwConfig = configs(hw);
  const systemId = String(vs['@id'] ?? '');
  return {
    ovaPath,
    ovfVersion: String(env['@version'] ?? '1.0'),
    systemId,
    name: text(vs.Name) || systemId,
    osType: String((vs.OperatingSystemSection as Node | undefined)?.['@osType'] ?? ''),
    ...computeOf(hw),
    firmware: hwConfig.find((c) => c.Key === 'firmware')?.Value === 'efi' ? 'efi' : 'bios',
    secureBoot: hwConfig.some((c) => c.Key === 'uefi.secureBoot.enabled' && c.Value === 'true'),
    disks: disksOf(env, hw),
    nics: nicsOf(hw),
    networks: list((env.NetworkSection as Node | undefined)?.Network).map((n) => ({
      name: String(n['@name'] ?? ''),
      description: text(n.Description),
    })),
  };
}

/** Reads every OVA/OVF on the mounted share. */
export async function readShare(dir: string): Promise<ShareRead> {
  const out: ShareRead = { vms: [], errors: [] };
  for (const rel of findOvaFiles(dir)) {
    const file = path.join(dir, rel);
    try {
      const xml = rel.toLowerCase().endsWith('.ova') ? await readOvfFromOva(file) : fs.readFileSync(file, 'utf8');
      out.vms.push(parseOvf(xml, rel));
    } catch (e) {
      out.errors.push(`${rel}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/** A change signal of the share: every OVA's path, size and modification time. */
export function shareSignal(dir: string): string {
  return findOvaFiles(dir)
    .map((rel) => {
      const st = fs.statSync(path.join(dir, rel));
      return `${rel}:${st.size}:${st.mtimeMs}`;
    })
    .join('\n');
}
