/**
 * Debian's python-openstackclient (/usr/bin/openstack, 6.0 with openstacksdk 0.101, keystoneauth
 * and novaclient/cinderclient) against the running lab's OpenStack, logged in with the
 * credentials of the lab's providers file and verifying TLS with the lab CA. Without the CLI the
 * tests skip with the reason, except when CI=true, where they fail.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useLab } from '../../support/lab';

const CLI = '/usr/bin/openstack';
const CI = process.env['CI'] === 'true';
const missing = fs.existsSync(CLI) ? undefined : `${CLI} is missing (install the Debian package python3-openstackclient)`;

interface OpenStackEntry {
  type: string;
  api_url: string;
  username: string;
  password: string;
  project_name: string;
  user_domain_name: string;
  project_domain_name: string;
  project_domain_id: string;
  region_name: string;
}

/** The CLI's environment from the providers file's `openstack` entry; the password goes through env, never argv. */
function cliEnv(entry: OpenStackEntry, caFile: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    OS_AUTH_URL: entry.api_url,
    OS_IDENTITY_API_VERSION: '3',
    OS_USERNAME: entry.username,
    OS_PASSWORD: entry.password,
    OS_PROJECT_NAME: entry.project_name,
    OS_USER_DOMAIN_NAME: entry.user_domain_name,
    OS_PROJECT_DOMAIN_NAME: entry.project_domain_name,
    OS_REGION_NAME: entry.region_name,
    OS_CACERT: caFile,
  };
}

const lab = useLab();
let env: NodeJS.ProcessEnv;

function openstack<T>(...args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(CLI, [...args, '-f', 'json'], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(`openstack ${args.join(' ')} failed (${String(err.code)}): ${String(stderr).trim().split('\n').slice(-5).join('\n')}`),
        );
      else resolve(JSON.parse(String(stdout)) as T);
    });
  });
}

const describeCli = missing && !CI ? describe.skip : describe;
if (missing && !CI) process.stderr.write(`openstack CLI contract skipped: ${missing}\n`);

describeCli('python-openstackclient against the lab OpenStack', () => {
  beforeAll(() => {
    if (missing) throw new Error(`CI=true and ${missing}`);
    const file = JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Record<string, OpenStackEntry>;
    const entry = file['openstack'];
    if (!entry) throw new Error('the lab providers file has no openstack entry');
    expect(entry.type).toBe('openstack');
    env = cliEnv(entry, path.join(lab().stateDir, 'ca.crt'));
  });

  test('token issue: Keystone password auth scoped to the project', async () => {
    const token = await openstack<{ id: string; project_id: string; user_id: string; expires: string }>('token', 'issue');
    expect(token.id.length).toBeGreaterThan(20);
    expect(token.project_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(token.expires)).toBeGreaterThan(Date.now());
  });

  test('server list: the scenario VMs with their networks, flavors and boot-from-volume', async () => {
    const servers = await openstack<
      Array<{ Name: string; Status: string; Networks: Record<string, string[]>; Image: string; Flavor: string }>
    >('server', 'list');
    const rhel8 = servers.find((s) => s.Name === 'mtv-tests-rhel8');
    expect(rhel8).toEqual({
      ID: expect.any(String),
      Name: 'mtv-tests-rhel8',
      Status: 'SHUTOFF',
      Networks: { 'mtv-vm-net': ['10.10.0.21'] },
      Image: 'N/A (booted from volume)',
      Flavor: 'mtv.2c4g',
    });
    const twoNics = servers.find((s) => s.Name === 'mtv-rhel8-warm-2disks2nics');
    expect(twoNics?.Networks).toEqual({ 'mtv-vm-net': ['10.10.0.23'], 'mtv-mgmt-net': ['172.16.5.23'] });
  });

  test('server show mtv-tests-rhel8: found by name, with flavor, addresses and its boot volume', async () => {
    const s = await openstack<Record<string, unknown>>('server', 'show', 'mtv-tests-rhel8');
    expect(s['name']).toBe('mtv-tests-rhel8');
    expect(s['status']).toBe('SHUTOFF');
    expect(String(s['flavor'])).toMatch(/^mtv\.2c4g \(/);
    expect(s['addresses']).toEqual({ 'mtv-vm-net': ['10.10.0.21'] });
    const volumes = await openstack<Array<{ ID: string; Name: string }>>('volume', 'list');
    const boot = volumes.find((v) => v.Name === 'mtv-tests-rhel8-boot');
    expect(JSON.stringify(s['volumes_attached'])).toContain(boot?.ID ?? 'no boot volume');
  });

  test('flavor list: the CPU/memory shapes of the vSphere seed', async () => {
    const flavors = await openstack<Array<{ Name: string; RAM: number; VCPUs: number; Disk: number }>>('flavor', 'list');
    expect(flavors.find((f) => f.Name === 'mtv.2c4g')).toMatchObject({ RAM: 4096, VCPUs: 2, Disk: 20 });
    expect(flavors.find((f) => f.Name === 'mtv.4c8g')).toMatchObject({ RAM: 8192, VCPUs: 4, Disk: 60 });
  });

  test('volume list: one volume per source disk, attached to its server', async () => {
    const volumes = await openstack<
      Array<{ Name: string; Status: string; Size: number; 'Attached to': Array<{ server_id: string; device: string }> }>
    >('volume', 'list');
    const win = volumes
      .filter((v) => v.Name.startsWith('mtv-win2019-3disks-'))
      .map((v) => [v.Name, v.Size, v.Status])
      .sort();
    expect(win).toEqual([
      ['mtv-win2019-3disks-boot', 60, 'in-use'],
      ['mtv-win2019-3disks-data1', 10, 'in-use'],
      ['mtv-win2019-3disks-data2', 5, 'in-use'],
    ]);
    const servers = await openstack<Array<{ ID: string; Name: string }>>('server', 'list');
    const rhel8 = servers.find((s) => s.Name === 'mtv-tests-rhel8');
    expect(volumes.find((v) => v.Name === 'mtv-tests-rhel8-boot')?.['Attached to']).toEqual([
      expect.objectContaining({ server_id: rhel8?.ID, device: '/dev/vda' }),
    ]);
  });

  test('image list: the Glance images the boot volumes came from', async () => {
    const images = await openstack<Array<{ Name: string; Status: string }>>('image', 'list');
    expect(images.map((i) => [i.Name, i.Status]).sort()).toEqual([
      ['rhel-8.10-x86_64-cloud', 'active'],
      ['windows-server-2019', 'active'],
    ]);
  });

  test('network list: the Neutron networks with their subnets', async () => {
    const networks = await openstack<Array<{ ID: string; Name: string; Subnets: string[] }>>('network', 'list');
    expect(networks.map((n) => n.Name).sort()).toEqual(['mtv-mgmt-net', 'mtv-vm-net']);
    for (const n of networks) expect(n.Subnets).toHaveLength(1);
  });
});
