/**
 * tools/clean-cluster.ts removes the populator key line a run added to an ESXi host's root
 * authorized_keys (esxi_clone_method ssh), with the rest of what the run kept. The run keeps
 * everything (--skip-teardown) against a lab that outlives it; the file is read back over SSH from
 * the lab's ESXi host with a client of this test's own (ssh2), not the suite's ESXi shell. A second
 * clean-cluster has nothing to do.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ssh2';
import { readTrackedFile, type TrackedEsxiKey } from '../../lib/resources/tracker';
import { useLab } from '../support/lab';
import { REGISTER_TS, REPO_ROOT, exitOf, namedClusterArgs, startCli } from './support/cli';

const lab = useLab();
const AUTHORIZED_KEYS = '/etc/ssh/keys-root/authorized_keys';

interface EsxiLogin {
  host: string;
  port: number;
  username: string;
  password: string;
}

/** The ESXi login of the providers entry (copyoffload.esxi_host is host:port on the lab). */
function esxiLogin(providersJson: string, key: string): EsxiLogin {
  const entries = JSON.parse(fs.readFileSync(providersJson, 'utf8')) as Record<string, { copyoffload?: Record<string, string> }>;
  const c = entries[key]?.copyoffload ?? {};
  const [host, port] = (c.esxi_host ?? '').split(':');
  return { host: host!, port: Number(port ?? 22), username: c.esxi_user ?? 'root', password: c.esxi_password ?? '' };
}

/** root's authorized_keys on the host, through one SSH exec of `cat`. */
function readAuthorizedKeys(login: EsxiLogin): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.exec(`cat ${AUTHORIZED_KEYS}`, (error, stream) => {
          if (error) return reject(error);
          let out = '';
          stream.on('data', (d: Buffer) => (out += d.toString()));
          stream.stderr.resume();
          stream.on('close', () => {
            client.end();
            resolve(out);
          });
        });
      })
      .on('error', reject)
      .connect({ ...login, readyTimeout: 20_000 });
  });
}

const cleanCluster = (tracked: string, cwd: string) =>
  promisify(execFile)(process.execPath, ['-r', REGISTER_TS, path.join(REPO_ROOT, 'tools/clean-cluster.ts'), tracked], {
    cwd,
    timeout: 120_000,
  });

describe('tools/clean-cluster.ts after a copy-offload ssh run kept with --skip-teardown', () => {
  const SOURCE = 'vsphere-copy-offload-ssh';
  let cwd: string;
  let providersJson: string;
  let tracked: string;
  let key: TrackedEsxiKey;
  let login: EsxiLogin;

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-e2e-esxi-key-'));
    providersJson = path.join(cwd, 'providers.json');
    tracked = path.join(cwd, 'dc', 'resources.json');
    const cli = startCli(
      ['--scenario', 'copyoffload-thin', '--skip-teardown', ...namedClusterArgs(lab(), cwd, [`source_provider:${SOURCE}`])],
      {
        cwd,
      },
    );
    const exit = await exitOf(cli, 240_000);
    if (exit.code !== 0) throw new Error(`the run failed (exit ${String(exit.code)}):\n${cli.lines.slice(-30).join('\n')}`);
    const keys = readTrackedFile(tracked).entries.filter((e): e is TrackedEsxiKey => e.kind === 'EsxiAuthorizedKey');
    expect(keys).toHaveLength(1);
    key = keys[0]!;
    login = esxiLogin(providersJson, SOURCE);
  }, 300_000);
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('the kept run left its key line on the ESXi host', async () => {
    expect(key.name).toBe(`${login.host}:${login.port}`);
    expect((await readAuthorizedKeys(login)).split('\n')).toContain(key.line);
  });

  it('clean-cluster removes the line and the rest; a second clean-cluster has nothing to do', async () => {
    const first = await cleanCluster(tracked, cwd);
    expect(first.stdout).toMatch(/teardown: EsxiAuthorizedKey vsphere-copy-offload-ssh\/\S+ \(key \.\.\..+\) deleted/);
    expect(first.stdout).toMatch(/clean-cluster: removed \d+ object\(s\) listed in/);
    expect((await readAuthorizedKeys(login)).split('\n')).not.toContain(key.line);
    const second = await cleanCluster(tracked, cwd);
    expect(second.stdout).toMatch(/nothing to do/);
  }, 180_000);
});
