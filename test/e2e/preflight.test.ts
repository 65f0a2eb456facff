/**
 * Pre-flight (issue #16): each bad input is ONE line on stderr naming the fix, exit 2, no stack
 * trace, Jest never starts and nothing is created — no tracked-resources file, and (where the lab
 * outlives the run) no namespace. Cases run on both targets: a running lab driven as a named
 * cluster (--kubeconfig + --providers-json of its state folder, as a user would) and the embedded
 * lab target (the CLI starts the lab, checks it, and stops it again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { useLab } from '../support/lab';
import { runBin, type BinResult } from '../unit/cli/run-bin';

const lab = useLab();
let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-preflight-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A self-signed CA that signs nothing the lab serves. */
function otherCaPem(): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: 'Some other CA' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

type Entries = Record<string, Record<string, unknown>>;
const labEntries = (): Entries => JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as Entries;

/** A providers file in the scratch folder (0600, as it holds passwords). */
function providersFile(name: string, content: string | Entries): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return file;
}

async function namespaces(): Promise<string[]> {
  // A fresh connection: runBin blocks this process for seconds, long enough for the lab to close a kept-alive one.
  const res = await lab().request('GET', '/api/v1/namespaces', { headers: { Connection: 'close' } });
  return res
    .json<{ items: Array<{ metadata: { name: string } }> }>()
    .items.map((n) => n.metadata.name)
    .sort();
}

/** sanity-cold against the running lab as a named cluster; `extra` changes one input. */
function asCluster(extra: string[], providers = path.join(lab().stateDir, 'providers.json')): BinResult {
  return runBin([
    '--scenario',
    'sanity-cold',
    '--kubeconfig',
    lab().kubeconfig,
    '--providers-json',
    providers,
    '--tc',
    'source_provider:vsphere',
    '--tc',
    'storage_class:mtv-block',
    ...extra,
  ]);
}

/** Exit 2, one line naming the fix, no stack trace, Jest never started, no tracked-resources file. */
function expectRefused(r: BinResult, pattern: RegExp): void {
  const problem = { code: r.code, stderr: r.stderr };
  expect(problem).toEqual({ code: 2, stderr: expect.stringMatching(/^mtv-tests: [^\n]+\n$/) });
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).not.toMatch(/Test Suites:|session auto-/);
  expect(fs.existsSync(path.join(r.cwd, '.data-collector', 'resources.json'))).toBe(false);
}

describe('a running lab driven as a cluster', () => {
  let before: string[];
  beforeAll(async () => {
    before = await namespaces();
  });
  afterEach(async () => expect(await namespaces()).toEqual(before));

  test('source_provider not in the providers file: lists the keys it has', () => {
    expectRefused(
      asCluster(['--tc', 'source_provider:nosuch']),
      /source_provider "nosuch" is not in .*providers\.json; available: vsphere, vsphere-copy-offload, openshift, .*; pass --tc source_provider:/,
    );
  });

  test('a storage class the cluster does not have: names the classes that exist', () => {
    expectRefused(
      asCluster(['--tc', 'storage_class:nosuch-sc']),
      /storage class "nosuch-sc" does not exist on https:\/\/127\.0\.0\.1:\d+; existing: mtv-block, nfs; pass --tc storage_class:/,
    );
  });

  test('an MTV namespace the cluster does not have', () => {
    expectRefused(asCluster(['--tc', 'mtv_namespace:no-mtv-here']), /MTV namespace "no-mtv-here" does not exist .*--tc mtv_namespace:/);
  });

  test('a vCenter whose certificate is not trusted: names ca_cert_file and source_provider_insecure_skip_verify', () => {
    const entries = labEntries();
    delete entries.vsphere!.ca_cert_file;
    const r = asCluster([], providersFile('no-ca.json', entries));
    expectRefused(
      r,
      /source provider "vsphere" endpoint https:\/\/127\.0\.0\.1:\d+\/sdk presents a certificate that is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*\): add "ca_cert_file": .* to entry "vsphere" in .*no-ca\.json, or pass --tc source_provider_insecure_skip_verify:true$/m,
    );
  });

  test('the CA in ca_cert_file does not sign the vCenter certificate', () => {
    const entries = labEntries();
    const otherCa = path.join(scratch, 'other-ca.pem');
    fs.writeFileSync(otherCa, otherCaPem());
    entries.vsphere!.ca_cert_file = otherCa;
    expectRefused(asCluster([], providersFile('other-ca.json', entries)), /the CA in its ca_cert_file .*other-ca\.pem does not sign it/);
  });

  test('a ca_cert_file that cannot be read', () => {
    const entries = labEntries();
    entries.vsphere!.ca_cert_file = path.join(scratch, 'missing-ca.pem');
    expectRefused(
      asCluster([], providersFile('missing-ca.json', entries)),
      /ca_cert_file .*missing-ca\.pem of providers entry "vsphere" .* cannot be read \(ENOENT\)/,
    );
  });

  test('a source endpoint that does not answer', () => {
    const entries = labEntries();
    entries.vsphere!.api_url = 'https://127.0.0.1:1/sdk';
    expectRefused(
      asCluster([], providersFile('dead-endpoint.json', entries)),
      /source provider "vsphere" endpoint https:\/\/127\.0\.0\.1:1\/sdk does not answer \(ECONNREFUSED.*check api_url \/ fqdn of entry "vsphere"/,
    );
  });

  test('an OVA share that is neither on this machine nor mounted here: names ova_mount_path', () => {
    const entries = labEntries();
    entries.ova = { ...entries.ova, api_url: 'nfs.example.com:/exports/ova' };
    expectRefused(
      asCluster(['--tc', 'source_provider:ova'], providersFile('remote-ova.json', entries)),
      /providers entry "ova" in .*remote-ova\.json: OVA share nfs\.example\.com:\/exports\/ova: .*give its mount point as ova_mount_path/,
    );
  });

  test('a commented providers file says that comments are not allowed', () => {
    const text = `// my vCenters\n${JSON.stringify(labEntries(), null, 2)}`;
    expectRefused(asCluster([], providersFile('commented.json', text)), /commented\.json: invalid JSON .*no comments/);
  });

  test('an empty providers file', () => {
    expectRefused(asCluster([], providersFile('empty.json', '')), /empty\.json/);
  });

  test('a timeout that is not a positive integer (--tc range)', () => {
    expectRefused(asCluster(['--tc', 'plan_wait_timeout:-5']), /plan_wait_timeout/);
  });

  test('a boolean that is not true/false (--tc type)', () => {
    expectRefused(asCluster(['--tc', 'source_provider_insecure_skip_verify:maybe']), /source_provider_insecure_skip_verify/);
  });
});

describe('the embedded lab target (the CLI starts the lab, checks it like a cluster, stops it)', () => {
  test('source_provider not in the lab providers file: lists the lab keys (was: a failed test, exit 1)', () => {
    const r = runBin(['--scenario', 'sanity-cold', '--tc', 'source_provider:nosuch'], { timeoutMs: 120_000 });
    expectRefused(r, /source_provider "nosuch" is not in .*lab-providers\.json; available: vsphere, vsphere-copy-offload, openshift/);
    expect(r.stdout).toMatch(/embedded lab running at/); // the lab was checked, then stopped
  });

  test('a storage class the lab does not have (was: objects created, then a 2-minute wait)', () => {
    const r = runBin(['--scenario', 'sanity-cold', '--tc', 'storage_class:nosuch-sc'], { timeoutMs: 120_000 });
    expectRefused(r, /storage class "nosuch-sc" does not exist on https:\/\/127\.0\.0\.1:\d+; existing: mtv-block, nfs/);
  });

  test('a cluster without a Forklift CRD (lab fault forklift-crds-missing): names the missing CRD', () => {
    const r = runBin(['--scenario', 'sanity-cold', '--lab-fault', 'forklift-crds-missing'], { timeoutMs: 120_000 });
    expectRefused(
      r,
      /the cluster at https:\/\/127\.0\.0\.1:\d+ lacks the Forklift CRD\(s\) migrations\.forklift\.konveyor\.io \(Migration\): install or repair MTV/,
    );
  });

  test.each([
    ['a commented file', '// mine\n{}'],
    ['an empty file', ''],
    ['a valid file', JSON.stringify({ vsphere: { type: 'vsphere' } })],
  ])('--providers-json is refused, never ignored: %s', (_, content) => {
    const file = providersFile(`lab-${content.length}.json`, content);
    const r = runBin(['--scenario', 'sanity-cold', '--providers-json', file]);
    expectRefused(
      r,
      /--providers-json .* does not apply to the embedded lab.*--kubeconfig <state>\/kubeconfig --providers-json <state>\/providers\.json/,
    );
    expect(r.stdout).not.toMatch(/embedded lab running/); // refused before the lab starts
  });
});
