import { GuestOutputParseError } from '../../../exceptions/post-migration';
import { parseLsblkJson } from '../../../utilities/guest-parsers';
import { caCrtFindings, caCrtSkipReason } from '../../../utilities/post-migration/verify-ca-crt';
import { luksFindings, verifyLuksEncryption } from '../../../utilities/post-migration/verify-luks';
import { xfsFindings } from '../../../utilities/post-migration/verify-xfs';
import type { GuestShellProvider } from '../../../utilities/post-migration/guest-shell';

// util-linux 2.33 (RHEL 8) one-line objects with the older "mountpoint" key.
const LSBLK_233 =
  '{\n   "blockdevices": [\n      {"name": "sda", "fstype": null, "label": null, "uuid": null, "fsavail": null, "fsuse%": null, "mountpoint": null,\n         "children": [\n            {"name": "sda1", "fstype": "crypto_LUKS", "label": null, "uuid": "c4a7", "fsavail": null, "fsuse%": null, "mountpoint": null,\n               "children": [\n                  {"name": "luks-c4a7", "fstype": "xfs", "label": null, "uuid": "9e2d", "fsavail": "15G", "fsuse%": "9%", "mountpoint": "/"}\n               ]\n            }\n         ]\n      }\n   ]\n}\n';

describe('LUKS verdict', () => {
  it('finds crypto_LUKS at any depth, in both util-linux layouts', () => {
    expect(parseLsblkJson(LSBLK_233)[0]?.children[0]?.children[0]?.mountpoints).toEqual(['/']);
    expect(luksFindings(LSBLK_233)).toEqual([]);
  });
  it('an empty device list is definitive; unparsable output throws (the runner retries it)', () => {
    expect(luksFindings('{"blockdevices": []}')[0]?.actual).toBe('no block devices listed');
    expect(() => luksFindings('lsblk: unknown')).toThrow(GuestOutputParseError);
  });
  it('retries a guest that is not up yet, then reports what it saw', async () => {
    let calls = 0;
    const shells: GuestShellProvider = {
      connect: async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection refused');
        return {
          run: async () => ({ stdout: '{"blockdevices":[{"name":"vda","fstype":"xfs","mountpoints":["/"]}]}', stderr: '', exitCode: 0 }),
        };
      },
    };
    const f = await verifyLuksEncryption(shells, { vmName: 'vm', namespace: 'ns' }, { timeoutMs: 1000, intervalMs: 1 });
    expect(calls).toBe(2);
    expect(f).toEqual([expect.objectContaining({ check: 'luks-encryption', actual: 'vda: xfs on /' })]);
  });
  it('gives up after the timeout with the last error', async () => {
    const shells: GuestShellProvider = { connect: async () => Promise.reject(new Error('no route')) };
    const [f] = await verifyLuksEncryption(shells, { vmName: 'vm', namespace: 'ns' }, { timeoutMs: 5, intervalMs: 10 });
    expect(f?.actual).toContain('no route');
  });
});

describe('XFS verdict', () => {
  const check = { command: '/usr/sbin/xfs_info', mountPoint: '/', expectedOutput: 'crc=0' };
  it('passes on the expected text (Python: substring of stdout) and fails on a non-zero exit', () => {
    expect(xfsFindings(check, { stdout: '         =   crc=0        finobt=0\n', stderr: '', exitCode: 0 })).toEqual([]);
    expect(xfsFindings(check, { stdout: '', stderr: 'bash: /usr/sbin/xfs_info: No such file', exitCode: 127 })[0]?.actual).toContain(
      'exit 127',
    );
  });
});

describe('CA certificate secret', () => {
  it('wants ca.crt and no cacert, and never shows values', () => {
    expect(caCrtFindings('s', ['url', 'user', 'password', 'insecureSkipVerify', 'ca.crt'])).toEqual([]);
    const f = caCrtFindings('s', ['url', 'cacert']);
    expect(f.map((x) => x.subject)).toEqual(['Secret s key ca.crt', 'Secret s deprecated key cacert']);
    expect(f[0]?.actual).toBe('absent; keys: cacert, url');
  });
  it('is skipped, with the reason, when TLS verification is off', () => {
    expect(caCrtSkipReason(true)).toContain('source_provider_insecure_skip_verify');
    expect(caCrtSkipReason(false)).toBeUndefined();
  });
});
