/**
 * End to end on the OVA source of the embedded lab:
 * `mtv-tests --scenario ova-cold-migration,sanity-cold --tc source_provider:ova` uses the providers
 * file's `ova` entry (an NFS share of real OVA files). The Provider gets type ova and the share as
 * its url; nothing is cloned or powered on the source (OVA VMs are files); each migrated VM gets
 * the targetName `<session>-<vm>`; every step passes with nothing skipped, the OVA checks compare
 * the VM with its OVF, and nothing is left. Provider markers only select, as in the Python suite:
 * sanity-cold (no ova marker) runs on OVA.
 */
import path from 'node:path';
import { readTrackedFile } from '../../lib/resources/tracker';
import { junitCases } from './support/junit';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

let run: ObservedRun | undefined;
beforeAll(async () => {
  run = await runObserved(['--scenario', 'ova-cold-migration,sanity-cold', '--tc', 'source_provider:ova'], { timeoutMs: 300_000 });
}, 360_000);
afterAll(() => cleanup(run));

it('passes and exits 0', () => {
  expect({ exit: run!.exit, log: failureContext(run!) }).toEqual({ exit: { code: 0, signal: null }, log: '' });
});

it('creates the source Provider of type ova on the NFS share of the providers file', () => {
  expect(run!.output).toMatch(/source provider ova: ova at 127\.0\.0\.1:\/\S+\/nfs\/ova/);
});

it('neither clones nor powers a source VM, and migrates each under the targetName <session>-<vm>', () => {
  const s = run!.session;
  for (const vm of ['mtv-win2019-3disks', 'mtv-tests-rhel8']) {
    expect(run!.output).toContain(`OVA VM ${vm}: migrated from its file as it is (no clone, no power action), target name ${s}-${vm}`);
    expect(run!.output).toMatch(new RegExp(`checking VM ${vm} \\(migrated as \\S+/${s}-${vm}\\)`));
  }
  const sourceVms = readTrackedFile(path.join(run!.dataCollector, 'resources.json')).entries.filter(
    (e) => e.session === s && e.kind === 'SourceVm',
  );
  expect(sourceVms).toEqual([]);
});

it('writes junit-report.xml with every step of both scenarios passed and none skipped', () => {
  const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
  expect(cases).toHaveLength(10);
  for (const c of cases) {
    expect(c['@_name']).toMatch(/-ova-/);
    expect(c.failure).toBeUndefined();
    expect(c.skipped).toBeUndefined();
  }
});

it('checks the VMs against their OVF (cpu, memory, disk-count, boot-firmware) and no provider SSL, network or storage class', () => {
  const ran = run!.output.split('\n').filter((l) => /checkVms: \S+: ran /.test(l));
  expect(ran).toHaveLength(2);
  const win = ran.find((l) => l.includes('mtv-win2019-3disks:')) ?? '';
  expect(win).toMatch(/ran power-state, guest-agent, ssh, labels, affinity, cpu, memory, disk-count, boot-firmware; 0 failure/);
  for (const line of ran) expect(line).not.toMatch(/provider-ssl|network|storage|pvc-names|serial/);
});

it('leaves no object it created in the lab', () => {
  expect(run!.output).toContain('teardown complete, nothing left');
  expect(run!.observer.observed(run!.session).length).toBeGreaterThan(5);
  expect(run!.observer.leftovers(run!.session)).toEqual([]);
});
