/** vim25 spec fragments the client sends: a clone's RelocateSpec, extraConfig, disk backings. */
import type { CloneOptions, DiskProvisioning } from './client';
import { child, el, path, textOf, type XmlNode } from './xml';

/** A clone's RelocateSpec, fields in WSDL order: datastore, pool, host, disk[]. */
export function relocateSpecXml(opts: CloneOptions, pool: string | undefined, disks: XmlNode[]): string {
  const locators = opts.diskProvisioning || opts.datastore ? disks.map((d) => diskLocatorXml(opts, d)) : [];
  return el('location', [
    ...(opts.datastore ? [el('datastore', opts.datastore, { type: 'Datastore' })] : []),
    ...(pool ? [el('pool', pool, { type: 'ResourcePool' })] : []),
    ...(opts.host ? [el('host', opts.host, { type: 'HostSystem' })] : []),
    ...locators,
  ]);
}

function diskLocatorXml(opts: CloneOptions, disk: XmlNode): string {
  const backing = opts.diskProvisioning
    ? [
        el(
          'diskBackingInfo',
          backingXml(opts.diskProvisioning, [
            el('fileName', ''),
            el('diskMode', textOf(child(disk, 'backing'), 'diskMode') ?? 'persistent'),
          ]),
          {
            'xsi:type': 'VirtualDiskFlatVer2BackingInfo',
          },
        ),
      ]
    : [];
  return el('disk', [
    el('diskId', textOf(disk, 'key') ?? ''),
    el('datastore', opts.datastore ?? path(disk, 'backing.datastore')?.text.trim() ?? '', { type: 'Datastore' }),
    ...backing,
  ]);
}

export function extraConfigXml(extraConfig: Record<string, string>): string[] {
  const extra = Object.entries(extraConfig);
  if (extra.length === 0) return [];
  return [
    el(
      'config',
      extra.map(([k, v]) => el('extraConfig', [el('key', k), el('value', v, { 'xsi:type': 'xsd:string' })], { 'xsi:type': 'OptionValue' })),
    ),
  ];
}

export function backingXml(p: DiskProvisioning, extra: string[] = []): string[] {
  return [...extra, el('thinProvisioned', p === 'thin'), el('eagerlyScrub', p === 'thick-eager')];
}
