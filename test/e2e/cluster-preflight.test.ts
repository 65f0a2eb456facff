/**
 * Bad cluster input on a real-cluster run (issue #4 must-show 6): an unreachable API, a wrong
 * password, untrusted TLS and a missing storage_class each end in ONE line that names the fix,
 * exit 2, and no object created. The lab stands in for the cluster (API server only).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useLab } from '../support/lab';
import { runBin } from '../unit/cli/run-bin';

const lab = useLab({ components: false });
let providers: string;

beforeAll(() => {
  providers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-')), 'providers.json');
  fs.writeFileSync(
    providers,
    JSON.stringify({
      vsphere: { type: 'vsphere', version: '8.0', fqdn: 'vc.example', api_url: 'https://vc.example/sdk', username: 'u', password: 'p' },
    }),
  );
});

const base = (): string[] => [
  '--scenario',
  'sanity-cold',
  '--providers-json',
  providers,
  '--tc',
  'source_provider:vsphere',
  '--tc',
  'storage_class:mtv-block',
];

async function namespaces(): Promise<string[]> {
  // A fresh connection: runBin blocks this process for seconds, long enough for the lab to close a kept-alive one.
  const res = await lab().request('GET', '/api/v1/namespaces', { headers: { Connection: 'close' } });
  return res
    .json<{ items: Array<{ metadata: { name: string } }> }>()
    .items.map((n) => n.metadata.name)
    .sort();
}

function expectOneLineInputError(r: ReturnType<typeof runBin>, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('mtv-tests: '));
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(pattern);
  expect(r.stdout).not.toMatch(/Test Suites:/); // Jest never started
}

test('an unreachable cluster API', () => {
  const r = runBin([...base(), '--tc', 'cluster_host:https://127.0.0.1:1', '--tc', 'cluster_token:sha256~x']);
  expectOneLineInputError(r, /cannot reach the cluster API at https:\/\/127\.0\.0\.1:1 .*check cluster_host/);
});

test('a wrong cluster password', async () => {
  const before = await namespaces();
  const r = runBin([
    ...base(),
    '--tc',
    `cluster_host:${lab().url}`,
    '--tc',
    'cluster_username:kubeadmin',
    '--tc',
    'cluster_password:not-the-password',
  ]);
  expectOneLineInputError(r, /refused \(HTTP 401\).*cluster_username \/ cluster_password/);
  expect(r.stdout + r.stderr).not.toContain('not-the-password');
  expect(await namespaces()).toEqual(before);
});

test('a wrong cluster token', async () => {
  const r = runBin([
    ...base(),
    '--tc',
    `cluster_host:${lab().url}`,
    '--tc',
    'cluster_token:sha256~wrong',
    '--tc',
    'insecure_verify_skip:true',
  ]);
  expectOneLineInputError(r, /refused the credentials \(HTTP 401\): check cluster_token/);
});

test('TLS that cannot be verified', async () => {
  const before = await namespaces();
  const r = runBin([
    ...base(),
    '--tc',
    `cluster_host:${lab().url}`,
    '--tc',
    `cluster_token:${lab().adminToken}`,
    '--tc',
    'insecure_verify_skip:false',
  ]);
  expectOneLineInputError(r, /TLS verification of https:\/\/127\.0\.0\.1:\d+ failed .*insecure_verify_skip:true/);
  expect(r.stdout + r.stderr).not.toContain(lab().adminToken);
  expect(await namespaces()).toEqual(before);
});

test('a real cluster without storage_class', () => {
  const args = base().filter((a) => a !== 'storage_class:mtv-block');
  args.splice(args.lastIndexOf('--tc'), 1);
  const r = runBin([...args, '--tc', `cluster_host:${lab().url}`, '--tc', `cluster_token:${lab().adminToken}`]);
  expectOneLineInputError(r, /storage_class/);
});
