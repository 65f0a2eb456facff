/**
 * Secrets never reach an artefact of a run. One real run (comprehensive-cold: Windows guest over
 * SSH, static IPs, the provider-ssl check that reads the provider Secret) against its embedded lab,
 * whose state directory holds the run's recognisable secrets: vCenter password (Mtv-…), Linux and
 * Windows guest passwords (Rh-…, Win-…), the storage array password of the copy-offload provider
 * entry (Ontap-…), the cluster's bearer token (sha256~…) and the kubeadmin password. Every file the
 * run leaves (log, lab log, JUnit XML, jest-results.json, resources.json, run options, JUnit
 * properties, …) and its console output are searched for each value, its base64 and base64url.
 * The run has lab fault cpu-mismatch, so that its check step fails with the CPU finding only (every
 * other check, the SSH ones included, passed) and the failure artefacts exist too: the gather
 * (must-gather) of the failed step, the step's log in the JUnit system-out, the HTML run report.
 * The credential stores themselves (the lab state and the providers file the run uses) must hold
 * them, and only with mode 0600.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readStepRecords } from '../../lib/report/step-records';
import { junitCases } from './support/junit';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

interface Secret {
  name: string;
  value: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The lab's secrets, read from its state directory (the run leaves it in the data collector). */
function labSecrets(stateDir: string): Secret[] {
  const vsphere = readJson<{ password: string }>(path.join(stateDir, 'vsphere-credentials.json'));
  const guests = readJson<{ linux: { password: string }; windows: { password: string } }>(path.join(stateDir, 'guests/credentials.json'));
  const storage = readJson<{ password: string }>(path.join(stateDir, 'storage-array-credentials.json'));
  const config = readJson<{ adminToken: string; users: Array<{ name: string; password: string }> }>(path.join(stateDir, 'lab-config.json'));
  return [
    { name: 'vCenter password', value: vsphere.password },
    { name: 'Linux guest password', value: guests.linux.password },
    { name: 'Windows guest password', value: guests.windows.password },
    { name: 'storage array password', value: storage.password },
    { name: 'cluster bearer token', value: config.adminToken },
    ...config.users.map((u) => ({ name: `${u.name} password`, value: u.password })),
  ];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Each form a secret can take in a file: as is, base64 (Secret data, basic auth) and base64url. */
function forms(value: string): string[] {
  const b = Buffer.from(value, 'utf8');
  return [value, b.toString('base64'), b.toString('base64url')];
}

describe('no secret in any artefact of a run', () => {
  let run: ObservedRun | undefined;
  let stateDir = '';
  let secrets: Secret[] = [];
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'comprehensive-cold', '--lab-fault', 'cpu-mismatch']);
    stateDir =
      /embedded lab running at \S+ \(state (.+)\)$/.exec(
        run.output.split('\n').find((l) => l.includes('embedded lab running at')) ?? '',
      )?.[1] ?? '';
    secrets = stateDir ? labSecrets(stateDir) : [];
  }, 300_000);
  afterAll(() => cleanup(run));

  it('ran the scenario to the end with every secret in use; only the CPU check failed', () => {
    expect(run!.exit).toEqual({ code: 1, signal: null });
    const failed = junitCases(path.join(run!.cwd, 'junit-report.xml')).filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c['@_name'])).toEqual([expect.stringMatching(/^check VMs-/)]);
    const findings = readStepRecords(run!.dataCollector).flatMap((r) => r.findings ?? []);
    expect({ checks: [...new Set(findings.map((f) => f.check))], log: findings.length ? '' : failureContext(run!) }).toEqual({
      checks: ['cpu'],
      log: '',
    });
    expect(secrets.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'vCenter password',
        'Linux guest password',
        'Windows guest password',
        'storage array password',
        'cluster bearer token',
      ]),
    );
    // Long enough that a match is the secret, not a coincidence. Only the CPU check failing means the SSH checks logged in.
    for (const s of secrets) expect({ name: s.name, long: s.value.length >= 12 }).toEqual({ name: s.name, long: true });
  });

  it('the credential stores hold them, mode 0600', () => {
    const providers = path.join(run!.dataCollector, 'lab-providers.json');
    const text = fs.readFileSync(providers, 'utf8');
    const inProviders = new Set(['vCenter password', 'Linux guest password', 'Windows guest password', 'storage array password']);
    for (const s of secrets.filter((x) => inProviders.has(x.name)))
      expect({ name: s.name, inProvidersFile: text.includes(s.value) }).toEqual({ name: s.name, inProvidersFile: true });
    const stores = [providers, ...filesUnder(stateDir)].filter((f) => secrets.some((s) => fs.readFileSync(f).includes(s.value)));
    expect(stores.length).toBeGreaterThan(3);
    for (const f of stores)
      expect({ file: path.relative(run!.cwd, f), mode: (fs.statSync(f).mode & 0o777).toString(8) }).toEqual({
        file: path.relative(run!.cwd, f),
        mode: '600',
      });
  });

  it('no other file of the run and not its console output contains a secret, in any encoding', () => {
    const stores = new Set([path.join(run!.dataCollector, 'lab-providers.json')]);
    const artefacts = filesUnder(run!.cwd).filter((f) => !stores.has(f) && !f.startsWith(`${stateDir}${path.sep}`));
    const names = artefacts.map((f) => path.relative(run!.cwd, f));
    expect(names).toEqual(
      expect.arrayContaining([
        'junit-report.xml',
        'dc/mtv-tests.log',
        'dc/lab.log',
        'dc/jest-results.json',
        'dc/resources.json',
        'dc/report.html',
      ]),
    );
    // The failure artefacts are among them: the gather's objects (the provider Secret included), its pod logs, the step's JUnit system-out.
    expect(names.filter((n) => n.startsWith('dc/must-gather/')).length).toBeGreaterThan(5);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dc\/must-gather\/[^/]+\/Secret\//),
        expect.stringMatching(/^dc\/must-gather\/[^/]+\/logs\/.+\.log$/),
      ]),
    );
    expect(fs.readFileSync(path.join(run!.cwd, 'junit-report.xml'), 'utf8')).toContain('<system-out>');
    const leaks: string[] = [];
    const contents: Array<[string, Buffer]> = [
      ...artefacts.map((f) => [path.relative(run!.cwd, f), fs.readFileSync(f)] as [string, Buffer]),
      ['console', Buffer.from(run!.output)],
    ];
    for (const [name, content] of contents) {
      for (const s of secrets)
        for (const form of forms(s.value))
          if (content.includes(form)) leaks.push(`${name}: ${s.name}${form === s.value ? '' : ' (encoded)'}`);
    }
    expect(leaks).toEqual([]);
  });
});
