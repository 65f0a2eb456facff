/**
 * openstacksdk (Debian's python3-openstacksdk, the Python suite's client) running the suite's
 * OpenStack provider calls (openstacksdk-flow.py) against the running lab with the providers
 * file's credentials and the lab CA. Without the SDK the test skips with the reason, except when
 * CI=true, where it fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useLab } from '../../support/lab';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'openstacksdk-flow.py');
const CI = process.env['CI'] === 'true';

function sdkMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import openstack'], { stdio: 'pipe', timeout: 30_000 });
    return undefined;
  } catch (e) {
    return `${PYTHON} cannot import openstack (install the Debian package python3-openstackclient, which brings python3-openstacksdk): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

const missing = sdkMissing();
const lab = useLab();
const describeSdk = missing && !CI ? describe.skip : describe;
if (missing && !CI) process.stderr.write(`openstacksdk contract skipped: ${missing}\n`);

describeSdk('openstacksdk (the Python suite flow) against the lab OpenStack', () => {
  test('mtv-tests-rhel8: CPU from the boot volume, memory from the flavor, disks, NICs, snapshots, power, clone', async () => {
    if (missing) throw new Error(`CI=true and ${missing}`);
    const entry = (
      JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Record<string, Record<string, string>>
    )['openstack'];
    if (!entry) throw new Error('the lab providers file has no openstack entry');
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      OS_AUTH_URL: entry['api_url'],
      OS_USERNAME: entry['username'],
      OS_PASSWORD: entry['password'],
      OS_PROJECT_NAME: entry['project_name'],
      OS_USER_DOMAIN_NAME: entry['user_domain_name'],
      OS_USER_DOMAIN_ID: entry['user_domain_id'],
      OS_PROJECT_DOMAIN_ID: entry['project_domain_id'],
      OS_REGION_NAME: entry['region_name'],
      OS_CACERT: path.join(lab().stateDir, 'ca.crt'),
    };
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, [SCRIPT, 'mtv-tests-rhel8'], { env, timeout: 120_000 }, (err, out, stderr) =>
        err ? reject(new Error(`${SCRIPT} failed: ${String(stderr).trim().split('\n').slice(-8).join('\n')}`)) : resolve(String(out)),
      );
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({
      status: 'SHUTOFF',
      flavor: 'mtv.2c4g',
      ram: 4096,
      vcpus: 2,
      cpu: { sockets: 2, cores: 1, threads: 1 },
      disks: [{ name: 'mtv-tests-rhel8-boot', size: 20, zone: 'nova' }],
      nics: [{ mac: expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/), network: 'mtv-vm-net', ips: ['10.10.0.21'] }],
      snapshots: 0,
      power: ['ACTIVE', 'SHUTOFF'],
      clone: { status: 'SHUTOFF', volumes: 1, cores: '1' },
    });
  });
});
