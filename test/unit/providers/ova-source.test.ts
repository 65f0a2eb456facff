/**
 * The OVA session source (fixtures/sources/ova.ts) and its naming: the Provider CR as the Python
 * suite's create_source_provider makes it for OVA, the OVF facts in the checks' shape, the unique
 * targetName (sanitize_kubernetes_name of "<session>-<vm>"), and the refusal of what a file cannot do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidVmNameError, OvaUnsupportedFeatureError } from '../../../exceptions';
import { OvaSource, ovaProviderCr, ovaSourceFacts } from '../../../fixtures/sources/ova';
import type { SourcePrepareRequest } from '../../../fixtures/sources/types';
import type { ProviderEntry } from '../../../lib/config/providers-file';
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
    expect(err).toBeInstanceOf(OvaUnsupportedFeatureError);
    expect((err as Error).message).toContain('VM vm asks for addDisks, which an OVA source cannot do');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
