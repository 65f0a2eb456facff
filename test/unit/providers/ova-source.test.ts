/**
 * The OVA session source (fixtures/sources/ova.ts) and its naming: the Provider CR as the Python
 * suite's create_source_provider makes it for OVA, the OVF facts in the checks' shape, the unique
 * targetName (sanitize_kubernetes_name of "<session>-<vm>"), the refusal of what a file cannot be
 * given, and the OVA check group (the migrated VM against its OVF).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidVmNameError } from '../../../exceptions';
import { OvaSource, ovaProviderCr, ovaSourceFacts } from '../../../fixtures/sources/ova';
import type { SourcePrepareRequest } from '../../../fixtures/sources/types';
import type { ProviderEntry } from '../../../lib/config/providers-file';
import type { DestinationVmFacts } from '../../../utilities/post-migration';
import { checkOvaDiskCount, ovaChecks } from '../../../utilities/post-migration/checks/ova';
import type { OvaVmFacts } from '../../../lib/providers/ova/ovf';
import { sanitizeKubernetesName } from '../../../lib/resources/names';

const FACTS: OvaVmFacts = {
  name: 'mtv-win2019-3disks',
  cpuCount: 4,
  coresPerSocket: 2,
  memoryMB: 8192,
  firmware: 'bios',
  secureBoot: false,
  osType: 'windows2019srv_64Guest',
  disks: [
    { file: 'a-disk1.vmdk', capacityBytes: 1 },
    { file: 'a-disk2.vmdk', capacityBytes: 2 },
  ],
  nics: [{ mac: '00:50:56:a1:0c:51', network: 'VM Network', model: 'VmxNet3' }],
};

test('sanitize_kubernetes_name: lower-case, _ and . to -, other runs to one -, ends trimmed, first 63 kept', () => {
  expect(sanitizeKubernetesName('auto-ab12-mtv-win2019-3disks')).toBe('auto-ab12-mtv-win2019-3disks');
  expect(sanitizeKubernetesName('auto-ab12-Mtv_Func.RHEL8_8 _TE_ST _ _1 _2')).toBe('auto-ab12-mtv-func-rhel8-8--te-st----1--2');
  expect(sanitizeKubernetesName('--x--')).toBe('x');
  expect(sanitizeKubernetesName(`auto-ab12-${'v'.repeat(60)}-tail`)).toBe(`auto-ab12-${'v'.repeat(53)}`);
  expect(sanitizeKubernetesName(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
  expect(() => sanitizeKubernetesName('__..')).toThrow(InvalidVmNameError);
});

test('the Provider CR of an OVA source: url = the NFS share, Secret url + insecureSkipVerify only', () => {
  const entry = { type: 'ova', api_url: '10.0.0.5:/exports/ova' } as ProviderEntry;
  expect(ovaProviderCr(entry, false)).toEqual({
    url: '10.0.0.5:/exports/ova',
    secretData: { url: '10.0.0.5:/exports/ova', insecureSkipVerify: 'false' },
  });
  expect(ovaProviderCr(entry, true).secretData.insecureSkipVerify).toBe('true');
});

test('OVF facts in the checks shape: sockets of CoresPerSocket cores, off, Windows from osType, disks and NICs in order', () => {
  const f = ovaSourceFacts(FACTS);
  expect(f).toMatchObject({ providerType: 'ova', name: 'mtv-win2019-3disks', powerState: 'off', memoryMB: 8192, isWindows: true });
  expect(f.cpu).toEqual({ sockets: 2, coresPerSocket: 2 });
  expect(f.firmware).toEqual({ bootFirmware: 'bios', secureBoot: false, tpm: false });
  expect(f.disks.map((d) => d.fileName)).toEqual(['a-disk1.vmdk', 'a-disk2.vmdk']);
  expect(f.nics[0]).toMatchObject({ mac: '00:50:56:a1:0c:51', network: { name: 'VM Network' } });
  expect(ovaSourceFacts({ ...FACTS, cpuCount: 3, coresPerSocket: 2 }).cpu).toEqual({ sockets: 2, coresPerSocket: 2 });
});

test('a scenario asking an OVA for disks or snapshots is refused before the share is read (sourceVmPower is only not applied)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ova-source-'));
  try {
    const source = OvaSource.connect('ova', { type: 'ova', api_url: `127.0.0.1:${dir}` } as ProviderEntry, { debug: () => undefined });
    const err: unknown = await source
      .prepareVm({
        vm: { name: 'vm', sourceVmPower: 'on', addDisks: [{ sizeGb: 1 }] },
        scenarioName: 's',
        sessionId: 'auto-ab12',
        log: { info: () => undefined, debug: () => undefined },
      } as unknown as SourcePrepareRequest)
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('VM vm asks for addDisks, which the suite supports on vsphere sources only (source type ova)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the OVA group: the migrated VM against its OVF', () => {
  const ovf = ovaSourceFacts({ ...FACTS, firmware: 'efi', secureBoot: true });
  const destination = (disks: number, firmware: 'bios' | 'efi', secureBoot: boolean) =>
    ({
      cpu: { sockets: 2, cores: 2, threads: 1, features: [] },
      memoryMB: 8192,
      firmware: { bootFirmware: firmware, secureBoot, tpm: false },
      disks: Array.from({ length: disks }, (_, index) => ({ index })),
    }) as unknown as DestinationVmFacts;

  it('runs cpu, memory, disk-count and boot-firmware, all passing on a faithful copy', () => {
    const checks = ovaChecks(ovf, destination(2, 'efi', true));
    expect(checks.map(([name]) => name)).toEqual(['cpu', 'memory', 'disk-count', 'boot-firmware']);
    expect(checks.flatMap(([, body]) => body())).toEqual([]);
  });

  it('a disk short and the firmware flipped are blamed on disk-count and boot-firmware', () => {
    const failures = ovaChecks(ovf, destination(1, 'bios', false)).flatMap(([, body]) => body());
    expect(failures.map((f) => [f.check, f.expected, f.actual])).toEqual([
      ['disk-count', '2', '1'],
      ['boot-firmware', 'efi', 'bios'],
      ['boot-firmware', 'true', 'false'],
    ]);
    expect(checkOvaDiskCount(ovf, destination(1, 'efi', true))[0]?.subject).toContain('a-disk1.vmdk, a-disk2.vmdk');
  });
});
